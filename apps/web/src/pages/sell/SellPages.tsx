import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Carrier, StockItem, StockLocation, VendorOrder } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { useSite } from "../../app/site";
import { carrierName, trackingHref } from "../../lib/carriers";
import { formatDate } from "../../lib/format";
import { HEX } from "../../lib/color";
import { formatMoney, parseMoney } from "../../lib/money";
import { Alert, Button, Card, Checkbox, EmptyState, Form, Icon, PageHeader, Select, SubmitButton, Table, TextArea, TextField, useToast, type Column } from "../../ui";
import { MessageThread } from "../account/Orders";
import { storefrontUrl } from "../market/catalog-ui";
import { taxLabel } from "../market/Cart";
import { StatusBadge } from "../market/Checkout";
import { ImageUploader } from "./ImageUploader";
import { locationName, MovementHistory, StockLocations, useLocations } from "./Locations";
import { RequireShop, useVendorCtx, VendorStatusBadge } from "./vendor";

export function SellOverview() {
  const { memberships, current, choose } = useVendorCtx();
  const { site } = useSite();
  if (!current) {
    return (
      <>
        <PageHeader title="Seller dashboard" description="Reach every buyer on this marketplace." />
        <RequireShop>{() => null}</RequireShop>
      </>
    );
  }
  const v = current.vendor;
  return (
    <>
      <PageHeader
        title={v.name}
        description={<>Shop status: <VendorStatusBadge status={v.status} /> · your role: {current.role}</>}
        actions={
          memberships.length > 1 ? (
            <Select label="Shop" name="shop" value={v.id} onChange={(e) => choose(e.target.value)} options={memberships.map((m) => ({ value: m.vendor.id, label: m.vendor.name }))} />
          ) : undefined
        }
      />
      {v.status === "approved" && site.tenant && (
        <Alert kind="success" title="Your shop is open">
          Storefront: <a href={storefrontUrl(v.slug, site.tenant.slug, site.base_domain)}>{`${v.slug}.${site.tenant.slug}.${site.base_domain}`}</a>
        </Alert>
      )}
      <RequireShop>{(m) => <OverviewStats vendorId={m.vendor.id} />}</RequireShop>
    </>
  );
}

function OverviewStats({ vendorId }: { vendorId: string }) {
  const orders = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders", { params: { path: { vendor_id: vendorId } } })), [vendorId]);
  const products = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/products", { params: { path: { vendor_id: vendorId }, query: { limit: 100 } } })), [vendorId]);
  const low = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/inventory", { params: { path: { vendor_id: vendorId }, query: { low: true, limit: 100 } } })), [vendorId]);
  const list = orders.data?.vendor_orders ?? [];
  const open = list.filter((o) => ["pending_payment", "paid", "processing", "partially_shipped"].includes(o.status)).length;
  const stats = [
    { label: "Open orders", value: orders.data ? String(open) : "…", to: "/sell/orders" },
    { label: "Products", value: products.data ? `${(products.data.items ?? []).length}${products.data.next_cursor ? "+" : ""}` : "…", to: "/sell/products" },
    { label: "Low stock", value: low.data ? String((low.data.items ?? []).length) : "…", to: "/sell/inventory?low=true" },
  ];
  return (
    <div className="grid-3">
      {stats.map((s) => (
        <Card key={s.label}>
          <p className="small muted" style={{ margin: 0 }}>{s.label}</p>
          <p className="stat">{s.value}</p>
          <Link to={s.to} className="small">View</Link>
        </Card>
      ))}
    </div>
  );
}

export function InventoryPage() {
  return <RequireShop>{(m) => <Inventory vendorId={m.vendor.id} />}</RequireShop>;
}

function Inventory({ vendorId }: { vendorId: string }) {
  const [params, setParams] = useSearchParams();
  const low = params.get("low") === "true";
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/inventory", { params: { path: { vendor_id: vendorId }, query: { low: low || undefined, limit: 100 } } })), [vendorId, low]);
  const locations = useLocations(vendorId);
  const locs = locations.data?.items ?? [];
  const skus = new Map((q.data?.items ?? []).map((s) => [s.variant_id, s.sku]));
  const saved = () => {
    q.reload();
    setChanges((n) => n + 1);
  };
  const showHistory = (variantId: string) => {
    setHistoryOf(variantId);
    // The history sits under a long table: bring it into view.
    document.getElementById("stock-history")?.scrollIntoView?.({ behavior: "smooth", block: "start" });
  };
  const columns: Column<StockItem>[] = [
    {
      key: "sku",
      header: "SKU",
      sortValue: (s) => s.sku,
      render: (s) => (
        <>
          <span className="mono">{s.sku}</span>
          <div>
            <button type="button" className="small" onClick={() => showHistory(s.variant_id)} aria-label={`History of ${s.sku}`} style={{ background: "none", border: 0, padding: 0, color: "var(--brand-ink)", cursor: "pointer", textDecoration: "underline" }}>
              History
            </button>
          </div>
        </>
      ),
    },
    { key: "available", header: "Available", sortValue: (s) => s.available, align: "right", render: (s) => <span style={{ color: s.available <= s.low_stock_threshold ? "var(--danger)" : undefined, fontWeight: 600 }}>{s.available}</span> },
    { key: "reserved", header: "Reserved", align: "right", render: (s) => (s.levels ?? []).reduce((n, l) => n + l.reserved, 0) },
    // With one warehouse the per-location split says nothing the totals don't.
    ...(locs.length > 1
      ? [
          {
            key: "levels",
            header: "On hand by location",
            render: (s: StockItem) => (
              <span className="small">
                {(s.levels ?? []).length === 0 ? "—" : (s.levels ?? []).map((l) => `${locationName(locs, l.location_id)}: ${l.on_hand}`).join(" · ")}
              </span>
            ),
          },
        ]
      : []),
    { key: "threshold", header: "Low-stock alert at", render: (s) => <ThresholdEditor vendorId={vendorId} item={s} onSaved={q.reload} /> },
    { key: "adjust", header: "Adjust", render: (s) => <AdjustStock vendorId={vendorId} item={s} locations={locs} onSaved={saved} /> },
  ];
  return (
    <>
      <PageHeader title="Inventory" description="Stock per variant and location. Every change is recorded with a reason." />
      <Checkbox label="Only low stock" name="low" checked={low} onChange={(e) => setParams(e.target.checked ? { low: "true" } : {})} />
      <Card bodyless>
        <QueryView query={q}>
          {(d) => <Table caption="Stock" rows={d.items} columns={columns} rowKey={(s) => s.variant_id} pageSize={25} empty={<EmptyState icon={<Icon name="box" />} title={low ? "Nothing is low on stock" : "No variants yet"} />} />}
        </QueryView>
      </Card>
      <div id="stock-history" />
      <MovementHistory vendorId={vendorId} variantId={historyOf} skus={skus} locations={locs} onClearVariant={() => setHistoryOf(null)} refreshKey={changes} />
      <StockLocations vendorId={vendorId} query={locations} />
    </>
  );
}

function ThresholdEditor({ vendorId, item, onSaved }: { vendorId: string; item: StockItem; onSaved(): void }) {
  const [v, setV] = useState(String(item.low_stock_threshold));
  const toast = useToast();
  return (
    <input
      className="input qty"
      type="number"
      min={0}
      aria-label={`Low-stock threshold for ${item.sku}`}
      value={v}
      onChange={(e) => setV(e.target.value)}
      onBlur={async () => {
        const n = Math.trunc(Number(v));
        if (!Number.isFinite(n) || n < 0 || n === item.low_stock_threshold) return;
        try {
          await unwrap(api.PUT("/api/v1/seller/vendors/{vendor_id}/inventory/{variant_id}/threshold", { params: { path: { vendor_id: vendorId, variant_id: item.variant_id } }, body: { low_stock_threshold: n } }));
          toast.success(`Alert for ${item.sku} at ${n}.`);
          onSaved();
        } catch (e) {
          toast.error(e instanceof ApiError ? e.summary : "Couldn't save.");
        }
      }}
    />
  );
}

function AdjustStock({ vendorId, item, locations, onSaved }: { vendorId: string; item: StockItem; locations: readonly StockLocation[]; onSaved(): void }) {
  const [delta, setDelta] = useState("");
  // "" is the shop's default location (the API's default when location_id is left out).
  const [location, setLocation] = useState("");
  const [reason, setReason] = useState<"restock" | "correction" | "damaged" | "lost" | "returned">("restock");
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  return (
    <form
      className="row"
      style={{ flexWrap: locations.length > 1 ? "wrap" : "nowrap", gap: 6, maxWidth: 420 }}
      onSubmit={async (e) => {
        e.preventDefault();
        const n = Math.trunc(Number(delta));
        if (!n) return;
        setBusy(true);
        try {
          await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/inventory/adjustments", { params: { path: { vendor_id: vendorId } }, body: { variant_id: item.variant_id, delta: n, reason, location_id: location || undefined } }));
          toast.success(`${item.sku}: ${n > 0 ? "+" : ""}${n}${location ? ` at ${locationName(locations, location)}` : ""}`);
          setDelta("");
          onSaved();
        } catch (err) {
          toast.error(err instanceof ApiError ? err.summary : "Couldn't adjust stock.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <input className="input qty" type="number" placeholder="±" aria-label={`Change stock of ${item.sku} by`} value={delta} onChange={(e) => setDelta(e.target.value)} />
      {locations.length > 1 && (
        <select className="select" aria-label={`Location for ${item.sku}`} value={location} onChange={(e) => setLocation(e.target.value)} style={{ width: 140 }}>
          {locations.map((l) => (
            <option key={l.id} value={l.is_default ? "" : l.id}>
              {l.name}
            </option>
          ))}
        </select>
      )}
      <select className="select" aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value as typeof reason)} style={{ width: 130 }}>
        <option value="restock">Restock</option>
        <option value="correction">Correction</option>
        <option value="damaged">Damaged</option>
        <option value="lost">Lost</option>
        <option value="returned">Returned</option>
      </select>
      <Button type="submit" size="sm" variant="secondary" loading={busy} disabled={!delta}>Apply</Button>
    </form>
  );
}

const ORDER_STATUSES = ["pending_payment", "paid", "processing", "partially_shipped", "shipped", "delivered", "completed", "cancelled", "partially_refunded", "refunded", "returned"] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];
export const STATUS_OPTIONS = [{ value: "", label: "Any status" }, ...ORDER_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, " ") }))];

function BuyerCell({ order: o }: { order: VendorOrder }) {
  if (!o.buyer_email && !o.buyer_name) return <>—</>;
  return (
    <div>
      {o.buyer_name && <div>{o.buyer_name}</div>}
      {o.buyer_email && <div className="small muted">{o.buyer_email}</div>}
    </div>
  );
}

/** Whether to offer "Mark paid": the API says so (single-seller orders waiting for payment). */
export function sellerMayMarkPaid(o: Pick<VendorOrder, "status" | "can_mark_paid">): boolean {
  return o.status === "pending_payment" && o.can_mark_paid === true;
}

export function SellOrdersPage() {
  return <RequireShop>{(m) => <SellerOrders vendorId={m.vendor.id} />}</RequireShop>;
}

function SellerOrders({ vendorId }: { vendorId: string }) {
  const [status, setStatus] = useState<OrderStatus | "">("");
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders", { params: { path: { vendor_id: vendorId }, query: { status: status || undefined } } })), [vendorId, status]);
  const columns: Column<VendorOrder>[] = [
    { key: "number", header: "Order", render: (o) => <Link to={`/sell/orders/${o.id}`}>#{o.number}</Link>, sortValue: (o) => o.number },
    { key: "created_at", header: "Placed", render: (o) => formatDate(o.created_at), sortValue: (o) => o.created_at },
    { key: "buyer", header: "Buyer", render: (o) => <BuyerCell order={o} />, sortValue: (o) => o.buyer_name || o.buyer_email },
    { key: "status", header: "Status", render: (o) => <StatusBadge status={o.status} />, sortValue: (o) => o.status },
    { key: "items", header: "Items", align: "right", render: (o) => o.item_count, sortValue: (o) => o.item_count },
    { key: "total", header: "Total", align: "right", render: (o) => formatMoney(o.total, o.currency), sortValue: (o) => o.total },
  ];
  return (
    <>
      <PageHeader title="Orders" description="Fulfil, ship, and handle returns." />
      <div style={{ maxWidth: 240 }}>
        <Select label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | "")} options={STATUS_OPTIONS} />
      </div>
      <Card bodyless>
        <QueryView query={q}>
          {(d) => <Table caption="Orders" rows={d.vendor_orders} columns={columns} rowKey={(o) => o.id} initialSort={{ key: "created_at", dir: "desc" }} empty={<EmptyState icon={<Icon name="receipt" />} title="No orders here yet" />} />}
        </QueryView>
      </Card>
    </>
  );
}

/** One shipment: the carrier's name and the tracking number, linked to the carrier's page. */
export function ShipmentItem({ shipment: s, carriers }: { shipment: NonNullable<VendorOrder["shipments"]>[number]; carriers: readonly Carrier[] | null | undefined }) {
  const href = trackingHref(s, carriers);
  return (
    <li>
      {carrierName(s.carrier, carriers)} ·{" "}
      {href ? (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {s.tracking_number}
        </a>
      ) : (
        <span className="mono">{s.tracking_number}</span>
      )}{" "}
      <span className="small muted">{formatDate(s.created_at, true)}</span>
    </li>
  );
}

export function SellOrderDetailPage() {
  const { id = "" } = useParams();
  return <RequireShop>{(m) => <SellerOrderDetail vendorId={m.vendor.id} id={id} />}</RequireShop>;
}

function SellerOrderDetail({ vendorId, id }: { vendorId: string; id: string }) {
  const toast = useToast();
  const path = { vendor_id: vendorId, vendor_order_id: id };
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}", { params: { path } })), [vendorId, id]);
  const carriers = useQuery(() => unwrap(api.GET("/api/v1/carriers")), []);

  async function act(f: () => Promise<VendorOrder>, ok: string) {
    try {
      q.setData(await f());
      toast.success(ok);
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "That didn't work.");
    }
  }

  return (
    <QueryView query={q}>
      {(o) => {
        const unshipped = (o.lines ?? []).filter((l) => l.quantity - l.shipped_quantity > 0);
        return (
          <div className="stack">
            <PageHeader
              title={`Order #${o.number}`}
              description={<>Placed {formatDate(o.created_at, true)} · <StatusBadge status={o.status} /></>}
              actions={
                <>
                  {sellerMayMarkPaid(o) && <Button variant="secondary" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/mark-paid", { params: { path } })), "Marked as paid.")}>Mark paid</Button>}
                  {o.status === "paid" && <Button variant="secondary" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/transitions", { params: { path }, body: { status: "processing" } })), "Marked as processing.")}>Start processing</Button>}
                  {o.status === "shipped" && <Button variant="secondary" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/transitions", { params: { path }, body: { status: "delivered" } })), "Marked as delivered.")}>Mark delivered</Button>}
                  {["pending_payment", "paid", "processing"].includes(o.status) && <Button variant="ghost" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/transitions", { params: { path }, body: { status: "cancelled" } })), "Order cancelled.")}>Cancel</Button>}
                </>
              }
            />
            {o.status === "pending_payment" && !sellerMayMarkPaid(o) && (
              <Alert kind="info" title="Waiting for payment">
                This order includes items from other sellers, so the marketplace records its payment. You'll be able to fulfil it once it's paid.
              </Alert>
            )}
            <div className="two-col">
              <div className="stack">
                <Card title="Items">
                  <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {(o.lines ?? []).map((l) => (
                      <li key={l.id} className="line">
                        <div className="line-main">
                          <strong>{l.product_title}</strong> {l.variant_title && <span className="muted">({l.variant_title})</span>}
                          <div className="small muted">SKU {l.sku} · {l.quantity} × {formatMoney(l.unit_price, o.currency)} · shipped {l.shipped_quantity}{l.returned_quantity ? ` · returned ${l.returned_quantity}` : ""}</div>
                        </div>
                        <strong>{formatMoney(l.subtotal, o.currency)}</strong>
                      </li>
                    ))}
                  </ul>
                </Card>
                {unshipped.length > 0 && ["paid", "processing", "partially_shipped"].includes(o.status) && (
                  <Card title="Ship items">
                    <Form
                      aria-label="Create shipment"
                      onSubmit={async (v) => {
                        const errors: Record<string, string> = {};
                        if (!v.carrier) errors.carrier = "Choose the carrier.";
                        if (!v.tracking_number?.trim()) errors.tracking_number = "Enter the tracking number.";
                        if (Object.keys(errors).length) throw validationError(errors);
                        const lines = unshipped.map((l) => ({ line_id: l.id, quantity: Math.trunc(Number(v[`ship-${l.id}`] ?? 0)) })).filter((x) => x.quantity > 0);
                        q.setData(await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/shipments", { params: { path }, body: { carrier: v.carrier!, tracking_number: v.tracking_number!.trim(), lines } })));
                        toast.success("Shipment created. The buyer has been emailed the tracking.");
                      }}
                    >
                      <div className="stack">
                        <div className="grid-2">
                          <Select label="Carrier" name="carrier" defaultValue="" placeholder="Choose…" options={(carriers.data?.carriers ?? []).map((c) => ({ value: c.code, label: c.name }))} />
                          <TextField label="Tracking number" name="tracking_number" autoComplete="off" />
                        </div>
                        {unshipped.map((l) => (
                          <div key={l.id} className="row">
                            <label htmlFor={`ship-${l.id}`} style={{ flex: 1 }}>{l.product_title}{l.variant_title ? ` (${l.variant_title})` : ""}</label>
                            <input id={`ship-${l.id}`} name={`ship-${l.id}`} className="input qty" type="number" min={0} max={l.quantity - l.shipped_quantity} defaultValue={l.quantity - l.shipped_quantity} />
                          </div>
                        ))}
                      </div>
                      <div className="form-actions"><SubmitButton>Create shipment</SubmitButton></div>
                    </Form>
                  </Card>
                )}
                {(o.shipments ?? []).length > 0 && (
                  <Card title="Shipments">
                    <ul className="timeline">
                      {(o.shipments ?? []).map((s) => (
                        <ShipmentItem key={s.id} shipment={s} carriers={carriers.data?.carriers} />
                      ))}
                    </ul>
                  </Card>
                )}
                {(o.returns ?? []).length > 0 && (
                  <Card title="Returns">
                    <div className="stack">
                      {(o.returns ?? []).map((r) => (
                        <div key={r.id} className="stack-sm">
                          <div className="row-between"><strong>{r.status}</strong><span className="small muted">{formatDate(r.created_at)}</span></div>
                          <p style={{ margin: 0 }}>{r.reason}</p>
                          <div className="row">
                            {r.status === "requested" && (
                              <>
                                <Button size="sm" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/returns/{return_id}/{decision}", { params: { path: { ...path, return_id: r.id, decision: "approve" } }, body: {} })), "Return approved.")}>Approve</Button>
                                <Button size="sm" variant="ghost" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/returns/{return_id}/{decision}", { params: { path: { ...path, return_id: r.id, decision: "reject" } }, body: {} })), "Return rejected.")}>Reject</Button>
                              </>
                            )}
                            {r.status === "approved" && <Button size="sm" onClick={() => void act(() => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/returns/{return_id}/{decision}", { params: { path: { ...path, return_id: r.id, decision: "receive" } }, body: {} })), "Return received; refund recorded.")}>Mark received</Button>}
                          </div>
                        </div>
                      ))}
                    </div>
                  </Card>
                )}
                <Card title="Messages with the buyer">
                  <MessageThread
                    me="seller"
                    load={() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/messages", { params: { path } }))}
                    send={(body) => unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/messages", { params: { path }, body: { body } }))}
                  />
                </Card>
              </div>
              <div className="stack">
                <Card title="Totals">
                  <dl className="totals" data-testid="totals">
                    <dt>Subtotal</dt><dd>{formatMoney(o.subtotal, o.currency)}</dd>
                    <dt>Shipping ({o.shipping_method.name})</dt><dd>{formatMoney(o.shipping_total, o.currency)}</dd>
                    <dt>{taxLabel(o.tax_inclusive)}</dt><dd>{formatMoney(o.tax_total, o.currency)}</dd>
                    {o.refunded_total > 0 && (<><dt>Refunded</dt><dd>−{formatMoney(o.refunded_total, o.currency)}</dd></>)}
                    <dt className="grand">Total (incl. tax)</dt><dd className="grand">{formatMoney(o.total, o.currency)}</dd>
                  </dl>
                </Card>
                {o.shipping_address && (
                  <Card title="Ship to">
                    <address style={{ fontStyle: "normal" }}>
                      <strong>{o.shipping_address.name}</strong>
                      <div>{o.shipping_address.line1}</div>
                      {o.shipping_address.line2 && <div>{o.shipping_address.line2}</div>}
                      <div>{[o.shipping_address.city, o.shipping_address.region, o.shipping_address.postal_code].filter(Boolean).join(", ")}</div>
                      <div>{o.shipping_address.country}</div>
                      {o.buyer_email && <div className="small muted">{o.buyer_email}</div>}
                    </address>
                  </Card>
                )}
                {["paid", "processing", "shipped", "delivered", "completed", "partially_shipped", "partially_refunded", "returned"].includes(o.status) && (
                  <Card title="Refund">
                    <Form
                      aria-label="Refund"
                      onSubmit={async (v) => {
                        const amount = parseMoney(v.amount ?? "", o.currency);
                        const errors: Record<string, string> = {};
                        if (amount == null || amount <= 0) errors.amount = "Enter an amount like 5.00.";
                        else if (amount > o.total - o.refunded_total) errors.amount = `At most ${formatMoney(o.total - o.refunded_total, o.currency)}.`;
                        if (!v.reason?.trim()) errors.reason = "Give a reason.";
                        if (Object.keys(errors).length) throw validationError(errors);
                        q.setData(await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/refunds", { params: { path }, body: { amount: amount!, reason: v.reason!.trim() } })));
                        toast.success("Refund recorded.");
                      }}
                    >
                      <div className="stack-sm">
                        <TextField label="Amount" name="amount" inputMode="decimal" addon={o.currency} />
                        <TextArea label="Reason" name="reason" maxLength={500} />
                      </div>
                      <div className="form-actions"><SubmitButton variant="secondary">Record refund</SubmitButton></div>
                    </Form>
                  </Card>
                )}
              </div>
            </div>
          </div>
        );
      }}
    </QueryView>
  );
}

export function StorefrontSettingsPage() {
  return <RequireShop>{() => <StorefrontSettings />}</RequireShop>;
}

function StorefrontSettings() {
  const { current, reload } = useVendorCtx();
  const toast = useToast();
  const { site } = useSite();
  const v = current!.vendor;
  return (
    <>
      <PageHeader title="Storefront" description={site.tenant ? <>Your shop lives at <a href={storefrontUrl(v.slug, site.tenant.slug, site.base_domain)}>{`${v.slug}.${site.tenant.slug}.${site.base_domain}`}</a></> : undefined} />
      <Card title="Shop details">
        <Form
          aria-label="Storefront settings"
          onSubmit={async (f) => {
            const accent = (f.accent_color ?? "").trim().toLowerCase();
            if (accent && !HEX.test(accent)) throw validationError({ accent_color: "Use a hex colour like #1a7f5a, or leave it empty." });
            await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { name: f.name?.trim(), description: f.description ?? "", contact_email: f.contact_email?.trim(), shipping_policy: f.shipping_policy ?? "", returns_policy: f.returns_policy ?? "", accent_color: accent } }));
            toast.success("Storefront saved.");
            reload();
          }}
        >
          <div className="stack">
            <div className="grid-2">
              <TextField label="Shop name" name="name" defaultValue={v.name} required />
              <TextField label="Contact email" name="contact_email" type="email" defaultValue={v.contact_email} />
            </div>
            <TextArea label="About the shop" name="description" defaultValue={v.description} optional />
            <TextField label="Accent colour" name="accent_color" defaultValue={v.accent_color ?? ""} maxLength={7} spellCheck={false} optional hint="Hex, like #1a7f5a. Colours your storefront's buttons, links and banner edge; empty uses the marketplace's colour." />
            <TextArea label="Shipping policy" name="shipping_policy" defaultValue={v.shipping_policy} optional />
            <TextArea label="Returns policy" name="returns_policy" defaultValue={v.returns_policy} optional />
          </div>
          <div className="form-actions"><SubmitButton>Save</SubmitButton></div>
        </Form>
      </Card>
      <Card title="Logo">
        <div className="stack-sm">
          {v.logo_url && <img className="shop-logo" src={v.logo_url} alt="Current logo" width={72} height={72} data-testid="current-logo" />}
          <ImageUploader
            owner={{ owner_kind: "storefront_logo", owner_id: v.id }}
            onUploaded={async (m) => {
              try {
                await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { logo_media_id: m.id } }));
                toast.success("Logo updated.");
                reload();
              } catch (e) {
                toast.error(e instanceof ApiError ? e.summary : "Couldn't set the logo.");
              }
            }}
          />
        </div>
      </Card>
      <Card title="Banner">
        <div className="stack-sm">
          {v.banner_url && <img className="shop-banner" src={v.banner_url} alt="Current banner" data-testid="current-banner" />}
          <ImageUploader
            owner={{ owner_kind: "storefront_banner", owner_id: v.id }}
            onUploaded={async (m) => {
              try {
                await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { banner_media_id: m.id } }));
                toast.success("Banner updated.");
                reload();
              } catch (e) {
                toast.error(e instanceof ApiError ? e.summary : "Couldn't set the banner.");
              }
            }}
          />
        </div>
      </Card>
    </>
  );
}
