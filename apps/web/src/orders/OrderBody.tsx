import type { Order } from "../api/types";
import { countryName } from "../lib/countries";
import { formatDate } from "../lib/format";
import { formatMoney } from "../lib/money";
import { CartTotals } from "../pages/market/Cart";
import { Card } from "../ui";
import { StatusBadge } from "./StatusBadge";

/** Vendor orders with lines, shipping, tracking and the totals. */
export function OrderBody({ order: o, renderVendorExtra }: { order: Order; renderVendorExtra?: (vo: NonNullable<Order["vendor_orders"]>[number]) => React.ReactNode }) {
  return (
    <div className="two-col">
      <div className="stack">
        {(o.vendor_orders ?? []).map((vo) => (
          <Card key={vo.id} title={<>{vo.vendor_name} <span className="small muted">#{vo.number}</span></>} actions={<StatusBadge status={vo.status} />}>
            <div className="stack">
              <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                {(vo.lines ?? []).map((l) => (
                  <li key={l.id} className="line">
                    <div className="line-main">
                      <strong>{l.product_title}</strong>
                      {l.variant_title && <div className="small muted">{l.variant_title}</div>}
                      <div className="small muted">
                        {l.quantity} × {formatMoney(l.unit_price, vo.currency)}
                        {l.shipped_quantity > 0 && ` · ${l.shipped_quantity} shipped`}
                        {l.returned_quantity > 0 && ` · ${l.returned_quantity} returned`}
                      </div>
                    </div>
                    <strong>{formatMoney(l.subtotal, vo.currency)}</strong>
                  </li>
                ))}
              </ul>
              <p className="small muted" style={{ margin: 0 }}>
                Shipping: {vo.shipping_method.name} ({formatMoney(vo.shipping_total, vo.currency)})
              </p>
              {(vo.shipments ?? []).length > 0 && (
                <div>
                  <h3>Tracking</h3>
                  <ul className="timeline">
                    {(vo.shipments ?? []).map((s) => (
                      <li key={s.id} data-testid="tracking">
                        {s.carrier}:{" "}
                        {s.tracking_url ? (
                          <a href={s.tracking_url} target="_blank" rel="noreferrer noopener">
                            {s.tracking_number}
                          </a>
                        ) : (
                          <span className="mono">{s.tracking_number}</span>
                        )}{" "}
                        <span className="small muted">· {formatDate(s.created_at)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {renderVendorExtra?.(vo)}
            </div>
          </Card>
        ))}
      </div>
      <Card title="Summary">
        <div className="stack">
          <CartTotals currency={o.currency} subtotal={o.subtotal} shipping={o.shipping_total} tax={o.tax_total} taxInclusive={o.tax_inclusive} total={o.total} />
          {o.refunded_total > 0 && <p className="small">Refunded: {formatMoney(o.refunded_total, o.currency)}</p>}
          <div>
            <h3>Ship to</h3>
            <AddressSummary a={o.shipping_address} />
          </div>
        </div>
      </Card>
    </div>
  );
}

export function AddressSummary({ a }: { a: { name: string; line1: string; line2?: string; city: string; region?: string; postal_code?: string; country: string } }) {
  return (
    <address style={{ fontStyle: "normal" }}>
      <strong>{a.name}</strong>
      <div>{a.line1}</div>
      {a.line2 && <div>{a.line2}</div>}
      <div>{[a.city, a.region, a.postal_code].filter(Boolean).join(", ")}</div>
      <div>{countryName(a.country)}</div>
    </address>
  );
}
