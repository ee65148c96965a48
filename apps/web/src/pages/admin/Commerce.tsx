import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { components } from "../../api/schema";
import type { Category, OrderSummary } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { formatMoney, minorToInput, parseMoney } from "../../lib/money";
import { Badge, Button, Card, EmptyState, Form, Icon, PageHeader, Select, SubmitButton, Table, TextField, useToast, type Column } from "../../ui";
import { MessageThread } from "../account/Orders";
import { flattenCategories } from "../market/catalog-ui";
import { OrderBody } from "../../orders/OrderBody";
import { StatusBadge } from "../../orders/StatusBadge";
import { STATUS_OPTIONS } from "../../orders/StatusBadge";
import { VendorStatusBadge } from "../sell/vendor";

type VendorDetail = components["schemas"]["VendorDetail"];
type VendorStatus = "" | "pending" | "approved" | "rejected" | "suspended";

export function AdminVendors() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = (raw === "all" ? "" : raw ?? "pending") as VendorStatus;
  const [cursor, setCursor] = useState<string | undefined>();
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/vendors", { params: { query: { status, cursor, limit: 50 } } })), [status, cursor]);
  const [acting, setActing] = useState<{ v: VendorDetail; action: "reject" | "suspend" } | null>(null);
  const toast = useToast();

  async function simple(v: VendorDetail, action: "approve" | "reinstate") {
    try {
      if (action === "approve") await unwrap(api.POST("/api/v1/admin/vendors/{vendor_id}/approve", { params: { path: { vendor_id: v.id } } }));
      else await unwrap(api.POST("/api/v1/admin/vendors/{vendor_id}/reinstate", { params: { path: { vendor_id: v.id } } }));
      toast.success(`${v.name} ${action === "approve" ? "approved" : "reinstated"}.`);
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "That didn't work.");
    }
  }

  const columns: Column<VendorDetail>[] = [
    { key: "name", header: "Shop", sortValue: (v) => v.name, render: (v) => (<div><strong>{v.name}</strong><div className="small muted mono">{v.slug}</div></div>) },
    { key: "applicant", header: "Applicant", render: (v) => (<div>{v.applicant_email}<div className="small muted">{v.country}</div></div>) },
    { key: "about", header: "About", render: (v) => <span className="small">{v.description.slice(0, 140) || "—"}</span> },
    { key: "created_at", header: "Applied", sortValue: (v) => v.created_at, render: (v) => formatDate(v.created_at) },
    { key: "status", header: "Status", render: (v) => (<div><VendorStatusBadge status={v.status} />{v.status_reason && <div className="small muted">{v.status_reason}</div>}</div>) },
    {
      key: "actions",
      header: "Actions",
      render: (v) => (
        <div className="row" style={{ gap: 6 }}>
          {v.status === "pending" && <Button size="sm" onClick={() => void simple(v, "approve")}>Approve</Button>}
          {v.status === "pending" && <Button size="sm" variant="ghost" onClick={() => setActing({ v, action: "reject" })}>Reject</Button>}
          {v.status === "approved" && <Button size="sm" variant="ghost" onClick={() => setActing({ v, action: "suspend" })}>Suspend</Button>}
          {v.status === "suspended" && <Button size="sm" variant="secondary" onClick={() => void simple(v, "reinstate")}>Reinstate</Button>}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Sellers" description="Review applications and manage shops." />
      <div className="row" role="group" aria-label="Filter by status">
        {(["pending", "approved", "suspended", "rejected", ""] as VendorStatus[]).map((s) => (
          <button key={s || "all"} type="button" className="chip" aria-pressed={status === s} onClick={() => { setCursor(undefined); setParams(s === "pending" ? {} : { status: s || "all" }); }}>
            {s ? s.charAt(0).toUpperCase() + s.slice(1) : "All"}
          </button>
        ))}
      </div>
      {acting && (
        <Card title={`${acting.action === "reject" ? "Reject" : "Suspend"} ${acting.v.name}`}>
          <Form
            aria-label="Reason"
            onSubmit={async (f) => {
              if (!f.reason?.trim()) throw validationError({ reason: "Give a reason; the seller will receive it by email." });
              const opts = { params: { path: { vendor_id: acting.v.id } }, body: { reason: f.reason.trim() } };
              if (acting.action === "reject") await unwrap(api.POST("/api/v1/admin/vendors/{vendor_id}/reject", opts));
              else await unwrap(api.POST("/api/v1/admin/vendors/{vendor_id}/suspend", opts));
              toast.success(`${acting.v.name} ${acting.action === "reject" ? "rejected" : "suspended"}.`);
              setActing(null);
              q.reload();
            }}
          >
            <TextField label="Reason" name="reason" hint="Sent to the seller." autoFocus />
            <div className="form-actions">
              <SubmitButton variant="danger">{acting.action === "reject" ? "Reject application" : "Suspend shop"}</SubmitButton>
              <Button variant="ghost" onClick={() => setActing(null)}>Cancel</Button>
            </div>
          </Form>
        </Card>
      )}
      <Card bodyless>
        <QueryView query={q}>
          {(d) => (
            <Table
              caption="Sellers"
              rows={d.items}
              columns={columns}
              rowKey={(v) => v.id}
              pageSize={0}
              empty={<EmptyState icon={<Icon name="store" />} title={status === "pending" ? "No applications waiting" : "No sellers here"} />}
              footer={d.next_cursor ? <div className="pagination"><span /><Button size="sm" variant="secondary" onClick={() => setCursor(d.next_cursor ?? undefined)}>Next page</Button></div> : undefined}
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}

export function AdminCategories() {
  const q = useQuery(() => unwrap(api.GET("/api/v1/categories")), []);
  const [editing, setEditing] = useState<Category | "new" | null>(null);
  const toast = useToast();
  const flat = flattenCategories(q.data?.items);

  async function remove(c: Category) {
    try {
      await unwrap(api.DELETE("/api/v1/admin/categories/{category_id}", { params: { path: { category_id: c.id } } }));
      toast.success(`Deleted ${c.name}.`);
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't delete.");
    }
  }

  function Tree({ nodes }: { nodes: readonly Category[] }) {
    return (
      <ul className="tree">
        {nodes.map((c) => (
          <li key={c.id}>
            <div className="row-between">
              <span><strong>{c.name}</strong> <span className="small muted mono">{c.slug}</span></span>
              <span className="row" style={{ gap: 4 }}>
                <Button size="sm" variant="ghost" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>Edit</Button>
                <Button size="sm" variant="ghost" onClick={() => void remove(c)} aria-label={`Delete ${c.name}`}>Delete</Button>
              </span>
            </div>
            {(c.children ?? []).length > 0 && <Tree nodes={c.children ?? []} />}
          </li>
        ))}
      </ul>
    );
  }

  const current = editing && editing !== "new" ? editing : null;
  const excluded = new Set(current ? flattenCategories([current]).map((x) => x.c.id) : []);
  return (
    <>
      <PageHeader title="Categories" description="The tree buyers browse. Products in a subcategory show in its parents too." actions={<Button onClick={() => setEditing("new")}>New category</Button>} />
      {editing && (
        <Card title={current ? `Edit ${current.name}` : "New category"}>
          <Form
            aria-label="Category"
            onSubmit={async (f) => {
              if (!f.name?.trim()) throw validationError({ name: "Enter a name." });
              const body = { name: f.name.trim(), slug: f.slug?.trim() || undefined, parent_id: f.parent_id || undefined, description: f.description ?? "", position: f.position ? Math.trunc(Number(f.position)) : undefined };
              if (current) await unwrap(api.PATCH("/api/v1/admin/categories/{category_id}", { params: { path: { category_id: current.id } }, body }));
              else await unwrap(api.POST("/api/v1/admin/categories", { body }));
              toast.success("Category saved.");
              setEditing(null);
              q.reload();
            }}
          >
            <div className="stack">
              <div className="grid-2">
                <TextField label="Name" name="name" defaultValue={current?.name} required />
                <TextField label="Slug" name="slug" defaultValue={current?.slug} optional />
              </div>
              <div className="grid-2">
                <Select label="Parent" name="parent_id" defaultValue={current?.parent_id ?? ""} placeholder="None (top level)" options={flat.filter((x) => !excluded.has(x.c.id)).map(({ c, depth }) => ({ value: c.id, label: `${"— ".repeat(depth)}${c.name}` }))} />
                <TextField label="Position" name="position" type="number" min={0} defaultValue={current?.position} optional />
              </div>
              <TextField label="Description" name="description" defaultValue={current?.description} optional />
            </div>
            <div className="form-actions">
              <SubmitButton>Save category</SubmitButton>
              <Button variant="ghost" onClick={() => setEditing(null)}>Cancel</Button>
            </div>
          </Form>
        </Card>
      )}
      <Card>
        <QueryView query={q}>{(d) => ((d.items ?? []).length === 0 ? <EmptyState icon={<Icon name="tag" />} title="No categories yet" /> : <Tree nodes={d.items ?? []} />)}</QueryView>
      </Card>
    </>
  );
}

type OrderFilter = { status?: string; email?: string; vendor_id?: string; from?: string; to?: string; min_total?: string; max_total?: string; sort?: string };

/** Filter → query (dates as RFC 3339, totals in minor units). */
export function orderQuery(p: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["status", "email", "vendor_id", "min_total", "max_total", "sort"]) {
    const v = p.get(k);
    if (v) out[k] = v;
  }
  const from = p.get("from"), to = p.get("to");
  if (from) out.from = new Date(`${from}T00:00:00`).toISOString();
  if (to) out.to = new Date(new Date(`${to}T00:00:00`).getTime() + 86400_000).toISOString();
  return out;
}

export function AdminOrders() {
  const [params, setParams] = useSearchParams();
  const query = orderQuery(params);
  const key = JSON.stringify(query);
  const list = useQuery(() => unwrap(api.GET("/api/v1/admin/orders", { params: { query: { ...query, limit: 100 } as never } })), [key]);
  const summary = useQuery(() => unwrap(api.GET("/api/v1/admin/orders/summary", { params: { query: query as never } })), [key]);
  const vendors = useQuery(() => unwrap(api.GET("/api/v1/admin/vendors", { params: { query: { status: "", limit: 100 } } })), []);
  const f: OrderFilter = Object.fromEntries(params.entries());
  const currency = list.data?.orders?.[0]?.currency ?? summary.data?.by_status?.[0]?.currency ?? "USD";
  const columns: Column<OrderSummary>[] = [
    { key: "number", header: "Order", render: (o) => <Link to={`/admin/orders/${o.id}`}>#{o.number}</Link> },
    { key: "placed_at", header: "Placed", render: (o) => formatDate(o.placed_at, true) },
    { key: "email", header: "Buyer", render: (o) => o.email },
    { key: "status", header: "Status", render: (o) => <StatusBadge status={o.status} /> },
    { key: "vendors", header: "Sellers", align: "right", render: (o) => o.vendor_count },
    { key: "total", header: "Total", align: "right", render: (o) => formatMoney(o.total, o.currency) },
  ];
  return (
    <>
      <PageHeader title="Orders" description="Every order on the marketplace." actions={<a className="btn btn-secondary" href={`/api/v1/admin/orders/export?${new URLSearchParams(query)}`} download>Export CSV</a>} />
      <Card>
        <Form
          aria-label="Filter orders"
          onSubmit={(v) => {
            const errors: Record<string, string> = {};
            const next = new URLSearchParams();
            for (const k of ["status", "email", "vendor_id", "from", "to", "sort"]) if (v[k]) next.set(k, v[k]!.trim());
            for (const k of ["min_total", "max_total"]) {
              if (!v[k]?.trim()) continue;
              const m = parseMoney(v[k]!, currency);
              if (m == null) errors[k] = "Enter an amount like 25.00.";
              else next.set(k, String(m));
            }
            if (Object.keys(errors).length) throw validationError(errors);
            setParams(next);
          }}
        >
          <div className="filters">
            <Select label="Status" name="status" defaultValue={f.status ?? ""} options={STATUS_OPTIONS} />
            <Select label="Seller" name="vendor_id" defaultValue={f.vendor_id ?? ""} placeholder="Any seller" options={(vendors.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))} />
            <TextField label="Buyer email" name="email" defaultValue={f.email} />
            <TextField label="From" name="from" type="date" defaultValue={f.from} />
            <TextField label="To" name="to" type="date" defaultValue={f.to} />
            <TextField label="Min total" name="min_total" inputMode="decimal" addon={currency} defaultValue={f.min_total ? minorToInput(Number(f.min_total), currency) : undefined} />
            <TextField label="Max total" name="max_total" inputMode="decimal" addon={currency} defaultValue={f.max_total ? minorToInput(Number(f.max_total), currency) : undefined} />
            <Select label="Sort" name="sort" defaultValue={f.sort ?? "-placed_at"} options={[{ value: "-placed_at", label: "Newest first" }, { value: "placed_at", label: "Oldest first" }, { value: "-total", label: "Largest total" }, { value: "total", label: "Smallest total" }]} />
          </div>
          <div className="form-actions">
            <SubmitButton>Apply filters</SubmitButton>
            <Button variant="ghost" onClick={() => setParams({})}>Reset</Button>
          </div>
        </Form>
      </Card>
      <QueryView query={summary} skeletonRows={2}>
        {(s) => (
          <div className="grid-2">
            <Card title="By status" headingLevel={3} bodyless>
              <Table caption="Orders by status" rows={s.by_status} rowKey={(r) => `${r.status}-${r.currency}`} pageSize={0} columns={[
                { key: "status", header: "Status", render: (r) => <StatusBadge status={r.status} /> },
                { key: "count", header: "Orders", align: "right", render: (r) => r.count },
                { key: "total", header: "Total", align: "right", render: (r) => formatMoney(r.total, r.currency) },
              ]} empty={<p className="muted" style={{ padding: 16 }}>No orders.</p>} />
            </Card>
            <Card title="By seller" headingLevel={3} bodyless>
              <Table caption="Orders by seller" rows={s.by_vendor} rowKey={(r) => `${r.vendor_id}-${r.currency}`} pageSize={0} columns={[
                { key: "vendor", header: "Seller", render: (r) => r.vendor_name },
                { key: "count", header: "Orders", align: "right", render: (r) => r.count },
                { key: "total", header: "Total", align: "right", render: (r) => formatMoney(r.total, r.currency) },
              ]} empty={<p className="muted" style={{ padding: 16 }}>No orders.</p>} />
            </Card>
          </div>
        )}
      </QueryView>
      <Card bodyless title="Orders">
        <QueryView query={list}>
          {(d) => <Table caption="Orders" rows={d.orders} columns={columns} rowKey={(o) => o.id} pageSize={25} empty={<EmptyState icon={<Icon name="receipt" />} title="No orders match" />} />}
        </QueryView>
      </Card>
    </>
  );
}

export function AdminOrderDetail() {
  const { id = "" } = useParams();
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/orders/{order_id}", { params: { path: { order_id: id } } })), [id]);
  return (
    <QueryView query={q}>
      {(o) => (
        <div className="stack">
          <PageHeader
            title={`Order #${o.number}`}
            description={<>{o.email} · placed {formatDate(o.placed_at, true)} · <StatusBadge status={o.status} /></>}
            actions={
              o.status === "pending_payment" ? (
                <Button
                  onClick={async () => {
                    try {
                      q.setData(await unwrap(api.POST("/api/v1/admin/orders/{order_id}/mark-paid", { params: { path: { order_id: id } } })));
                      toast.success("Marked as paid.");
                    } catch (e) {
                      toast.error(e instanceof ApiError ? e.summary : "Couldn't mark as paid.");
                    }
                  }}
                >
                  Mark paid
                </Button>
              ) : undefined
            }
          />
          <p className="small muted" style={{ margin: 0 }}>Payment: {o.payment.provider} · <Badge tone={o.payment.status === "paid" ? "success" : "warning"}>{o.payment.status}</Badge></p>
          <OrderBody
            order={o}
            renderVendorExtra={(vo) => (
              <details>
                <summary>Messages</summary>
                <MessageThread me="operator" load={() => unwrap(api.GET("/api/v1/admin/orders/{order_id}/vendor-orders/{vendor_order_id}/messages", { params: { path: { order_id: o.id, vendor_order_id: vo.id } } }))} />
              </details>
            )}
          />
          {(o.events ?? []).length > 0 && (
            <Card title="History">
              <ul className="timeline">
                {(o.events ?? []).map((e, i) => (
                  <li key={i}><span className="small muted">{formatDate(e.at, true)}</span> · {e.from || "—"} → <strong>{e.to}</strong> <span className="small muted">by {e.actor_kind}</span>{e.note && <div className="small">{e.note}</div>}</li>
                ))}
              </ul>
            </Card>
          )}
        </div>
      )}
    </QueryView>
  );
}
