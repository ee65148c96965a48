import { useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Carrier, VendorOrder } from "../../api/types";
import { QueryView } from "../../app/query";
import { carrierName, trackingHref } from "../../lib/carriers";
import { formatDate } from "../../lib/format";
import { formatMoney, parseMoney } from "../../lib/money";
import { Alert, Button, Card, Form, PageHeader, Select, SubmitButton, TextArea, TextField, useToast } from "../../ui";
import { MessageThread } from "../account/Orders";
import { taxLabel } from "../market/Cart";
import { StatusBadge } from "../../orders/StatusBadge";
import { RequireShop } from "./vendor";
import { useQuery as useApiQuery, useQueryClient } from "@tanstack/react-query";
import { queries } from "../../api/queries";

export function sellerMayMarkPaid(o: Pick<VendorOrder, "status" | "can_mark_paid">): boolean {
  return o.status === "pending_payment" && o.can_mark_paid === true;
}

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
  const queryClient = useQueryClient();
  const q = useApiQuery(queries.sellerOrder(vendorId, id));
  const carriers = useApiQuery(queries.carriers());
  // Every action answers with the whole vendor order: it replaces the cached one, and the order
  // lists (status filters, overview counts) read again.
  function setOrder(o: VendorOrder) {
    queryClient.setQueryData(queries.sellerOrder(vendorId, id).queryKey, o);
    void queryClient.invalidateQueries({ queryKey: ["seller", vendorId, "orders"], predicate: (query) => query.queryKey[3] !== id });
  }

  async function act(f: () => Promise<VendorOrder>, ok: string) {
    try {
      setOrder(await f());
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
                        setOrder(await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/shipments", { params: { path }, body: { carrier: v.carrier!, tracking_number: v.tracking_number!.trim(), lines } })));
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
                        setOrder(await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}/refunds", { params: { path }, body: { amount: amount!, reason: v.reason!.trim() } })));
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
