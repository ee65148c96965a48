import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Order, OrderMessage, OrderSummary, VendorOrder } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { withCarrierNames } from "../../lib/carriers";
import { formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { Alert, Button, Card, EmptyState, Form, Icon, LinkButton, PageHeader, SubmitButton, Table, TextArea, useToast, type Column } from "../../ui";
import { OrderBody } from "../../orders/OrderBody";
import { StatusBadge } from "../../orders/StatusBadge";
import { useQuery as useApiQuery, useQueryClient } from "@tanstack/react-query";
import { queries } from "../../api/queries";

export function OrdersPage() {
  const q = useApiQuery(queries.myOrders());
  const columns: Column<OrderSummary>[] = [
    { key: "number", header: "Order", render: (o) => <Link to={`/account/orders/${o.id}`}>#{o.number}</Link>, sortValue: (o) => o.number },
    { key: "placed_at", header: "Placed", render: (o) => formatDate(o.placed_at), sortValue: (o) => o.placed_at },
    { key: "status", header: "Status", render: (o) => <StatusBadge status={o.status} /> },
    { key: "sellers", header: "Sellers", render: (o) => o.vendor_count, align: "right" },
    { key: "total", header: "Total", render: (o) => formatMoney(o.total, o.currency), sortValue: (o) => o.total, align: "right" },
  ];
  return (
    <>
      <PageHeader title="Orders" description="Everything you've bought, with tracking." />
      <Card bodyless>
        <QueryView query={q}>
          {(d) => (
            <Table
              caption="Your orders"
              rows={d.orders}
              columns={columns}
              rowKey={(o) => o.id}
              initialSort={{ key: "placed_at", dir: "desc" }}
              empty={<EmptyState icon={<Icon name="receipt" />} title="No orders yet" action={<LinkButton to="/search">Start shopping</LinkButton>} />}
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}

const CANCELLABLE = new Set(["pending_payment", "paid", "processing"]);

export function OrderDetailPage() {
  const { id = "" } = useParams();
  const toast = useToast();
  const queryClient = useQueryClient();
  const q = useApiQuery(queries.myOrder(id));
  const carriers = useApiQuery(queries.carriers());
  // An answer that carries the whole order replaces the cached one; the order list shows its status.
  const setOrder = useCallback(
    (o: Order) => {
      queryClient.setQueryData(queries.myOrder(id).queryKey, o);
      void queryClient.invalidateQueries({ queryKey: queries.myOrders().queryKey, exact: true });
    },
    [queryClient, id],
  );
  const [cancelling, setCancelling] = useState(false);
  const [confirm, setConfirm] = useState(false);

  async function cancel() {
    setCancelling(true);
    try {
      setOrder(await unwrap(api.POST("/api/v1/me/orders/{order_id}/cancel", { params: { path: { order_id: id } } })));
      toast.success("Your order was cancelled.");
      setConfirm(false);
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't cancel the order.");
    } finally {
      setCancelling(false);
    }
  }

  return (
    <QueryView query={q}>
      {(o) => (
        <div className="stack">
          <PageHeader
            title={`Order #${o.number}`}
            description={<>Placed {formatDate(o.placed_at, true)} · <StatusBadge status={o.status} /></>}
            actions={
              CANCELLABLE.has(o.status) && (o.vendor_orders ?? []).every((v) => (v.shipments ?? []).length === 0) ? (
                confirm ? (
                  <>
                    <Button variant="danger" loading={cancelling} onClick={() => void cancel()}>Yes, cancel order</Button>
                    <Button variant="ghost" onClick={() => setConfirm(false)}>Keep it</Button>
                  </>
                ) : (
                  <Button variant="secondary" onClick={() => setConfirm(true)}>Cancel order</Button>
                )
              ) : undefined
            }
          />
          {o.payment.status === "pending" && o.status === "pending_payment" && (
            <Alert kind="info" title="Waiting for payment">
              <p style={{ whiteSpace: "pre-line", margin: 0 }}>{o.payment.instructions}</p>
            </Alert>
          )}
          <OrderBody order={withCarrierNames(o, carriers.data?.carriers)} renderVendorExtra={(vo) => <VendorOrderTools order={o} vo={vo} onOrder={setOrder} />} />
        </div>
      )}
    </QueryView>
  );
}

function returnable(vo: VendorOrder): boolean {
  if (!["delivered", "completed", "shipped", "partially_shipped"].includes(vo.status)) return false;
  if (!vo.delivered_at) return vo.status !== "completed";
  const until = new Date(vo.delivered_at).getTime() + vo.return_window_days * 86400_000;
  return Date.now() <= until;
}

function VendorOrderTools({ order, vo, onOrder }: { order: Order; vo: VendorOrder; onOrder(o: Order): void }) {
  const [panel, setPanel] = useState<"" | "return" | "messages">("");
  return (
    <div className="stack-sm">
      {(vo.returns ?? []).map((r) => (
        <Alert key={r.id} kind={r.status === "rejected" ? "warning" : "info"} title={`Return ${r.status}`}>
          {r.reason}
          {r.seller_note && <div className="small">Seller: {r.seller_note}</div>}
        </Alert>
      ))}
      <div className="row">
        <Button variant="secondary" size="sm" aria-expanded={panel === "messages"} onClick={() => setPanel(panel === "messages" ? "" : "messages")}>
          Message {vo.vendor_name}
        </Button>
        {returnable(vo) && (
          <Button variant="ghost" size="sm" aria-expanded={panel === "return"} onClick={() => setPanel(panel === "return" ? "" : "return")}>
            Request a return
          </Button>
        )}
      </div>
      {panel === "messages" && (
        <MessageThread
          load={() => unwrap(api.GET("/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages", { params: { path: { order_id: order.id, vendor_order_id: vo.id } } }))}
          send={(body) => unwrap(api.POST("/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages", { params: { path: { order_id: order.id, vendor_order_id: vo.id } }, body: { body } }))}
          me="buyer"
        />
      )}
      {panel === "return" && (
        <ReturnForm
          vo={vo}
          onDone={(o) => {
            onOrder(o);
            setPanel("");
          }}
          submit={(body) => unwrap(api.POST("/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/returns", { params: { path: { order_id: order.id, vendor_order_id: vo.id } }, body }))}
        />
      )}
    </div>
  );
}

function ReturnForm({ vo, submit, onDone }: { vo: VendorOrder; submit(b: { reason: string; lines: { line_id: string; quantity: number }[] }): Promise<Order>; onDone(o: Order): void }) {
  const toast = useToast();
  const lines = (vo.lines ?? []).filter((l) => l.quantity - l.returned_quantity > 0);
  return (
    <Form
      aria-label="Request a return"
      onSubmit={async (v) => {
        const chosen = lines
          .map((l) => ({ line_id: l.id, quantity: Math.trunc(Number(v[`qty-${l.id}`] ?? 0)) }))
          .filter((x) => x.quantity > 0);
        const errors: Record<string, string> = {};
        if (!v.reason?.trim()) errors.reason = "Tell the seller why you're returning.";
        if (chosen.length === 0) errors[`qty-${lines[0]?.id}`] = "Choose at least one item to return.";
        if (Object.keys(errors).length) throw validationError(errors);
        const o = await submit({ reason: v.reason!.trim(), lines: chosen });
        toast.success("Return requested. The seller will reply soon.");
        onDone(o);
      }}
    >
      <div className="stack-sm">
        {lines.map((l) => (
          <div key={l.id} className="row">
            <label htmlFor={`rq-${l.id}`} style={{ flex: 1 }}>{l.product_title}{l.variant_title ? ` (${l.variant_title})` : ""}</label>
            <input id={`rq-${l.id}`} name={`qty-${l.id}`} className="input qty" type="number" min={0} max={l.quantity - l.returned_quantity} defaultValue={0} />
          </div>
        ))}
        <TextArea label="Reason" name="reason" maxLength={1000} required />
      </div>
      <div className="form-actions">
        <SubmitButton>Send return request</SubmitButton>
      </div>
    </Form>
  );
}

/** A message thread on one vendor order (buyer, seller or operator view). */
export function MessageThread({ load, send, me }: { load(): Promise<{ messages: OrderMessage[] | null }>; send?: (body: string) => Promise<OrderMessage>; me: OrderMessage["author_kind"] }) {
  const q = useQuery(load, []);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const toast = useToast();
  return (
    <div className="stack-sm">
      <QueryView query={q} skeletonRows={2}>
        {(d) =>
          (d.messages ?? []).length === 0 ? (
            <p className="small muted">No messages yet.</p>
          ) : (
            <div className="messages" aria-live="polite">
              {(d.messages ?? []).map((m) => (
                <div key={m.id} className={`message${m.author_kind === me ? " mine" : ""}`}>
                  <div className="small muted">
                    {m.author_kind === me ? "You" : m.author_kind} · {formatDate(m.created_at, true)}
                  </div>
                  <div style={{ whiteSpace: "pre-line" }}>{m.body}</div>
                </div>
              ))}
            </div>
          )
        }
      </QueryView>
      {send && (
        <form
          className="stack-sm"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            setSending(true);
            try {
              const m = await send(text.trim());
              q.setData({ messages: [...(q.data?.messages ?? []), m] });
              setText("");
            } catch (err) {
              toast.error(err instanceof ApiError ? err.summary : "Couldn't send the message.");
            } finally {
              setSending(false);
            }
          }}
        >
          <label className="sr-only" htmlFor="msg">Message</label>
          <textarea id="msg" className="textarea" value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} placeholder="Write a message…" />
          <div>
            <Button type="submit" size="sm" loading={sending} disabled={!text.trim()}>Send</Button>
          </div>
        </form>
      )}
    </div>
  );
}
