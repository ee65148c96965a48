import type { Carrier } from "../api/types";

/** The carrier's name ("UPS") for a shipment's code ("ups"); the code when the list lacks it. */
export function carrierName(code: string, carriers: readonly Carrier[] | null | undefined): string {
  return (carriers ?? []).find((c) => c.code === code)?.name ?? code;
}

/**
 * The tracking page of a shipment: the URL the server stored, else one built from the carrier's
 * template (shipments made before a carrier had a template); null when there is none.
 */
export function trackingHref(s: { carrier: string; tracking_number: string; tracking_url?: string | null }, carriers: readonly Carrier[] | null | undefined): string | null {
  if (s.tracking_url) return s.tracking_url;
  const tpl = (carriers ?? []).find((c) => c.code === s.carrier)?.url_template;
  return tpl ? tpl.replace("{tracking}", encodeURIComponent(s.tracking_number)) : null;
}

type WithShipments = { vendor_orders: { shipments: { carrier: string; tracking_number: string; tracking_url: string }[] | null }[] | null };

/**
 * The order with each shipment's carrier code replaced by the carrier's name and a tracking link
 * filled in from the carrier's template when the shipment has none, for views that print
 * `carrier` as is.
 */
export function withCarrierNames<O extends WithShipments>(order: O, carriers: readonly Carrier[] | null | undefined): O {
  if (!carriers?.length) return order;
  return {
    ...order,
    vendor_orders: (order.vendor_orders ?? []).map((vo) => ({
      ...vo,
      shipments: (vo.shipments ?? []).map((s) => ({ ...s, carrier: carrierName(s.carrier, carriers), tracking_url: trackingHref(s, carriers) ?? "" })),
    })),
  };
}
