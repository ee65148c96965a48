import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { components } from "../../api/schema";
import type { Category } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import {
  commissionFor,
  commissionRuleBody,
  describeRule,
  emptyCommissionForm,
  formatBps,
  ruleToForm,
  type CommissionForm,
  type CommissionRuleBody,
  type CommissionScope,
} from "../../lib/commission";
import { formatDate } from "../../lib/format";
import { currencyDigits, formatMoney } from "../../lib/money";
import { payoutAccountState, payoutRequirements, type PayoutAccountState } from "../../lib/payouts";
import { Alert, Badge, Button, Card, EmptyState, Form, Icon, PageHeader, Select, SubmitButton, Table, TextField, useToast, type BadgeTone, type Column } from "../../ui";
import { flattenCategories } from "../market/catalog-ui";

type S = components["schemas"];
export type CommissionRule = S["CommissionRule"];
export type PaymentSettings = S["PaymentSettings"];
export type MoneySummary = S["MoneySummary"];
export type ReconciliationStatus = S["ReconciliationStatus"];
export type ReconciliationIssue = S["ReconciliationIssue"];
export type PayoutAccount = S["PayoutAccount"];
type VendorDetail = S["VendorDetail"];

/** Vendor pages read for names (100 each); more sellers than this show by id. */
const VENDOR_PAGES = 10;

async function allVendors(): Promise<VendorDetail[]> {
  const out: VendorDetail[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < VENDOR_PAGES; i++) {
    const d = await unwrap(api.GET("/api/v1/admin/vendors", { params: { query: { status: "", cursor, limit: 100 } } }));
    out.push(...(d.items ?? []));
    if (!d.next_cursor) break;
    cursor = d.next_cursor;
  }
  return out;
}

/**
 * Commission rules carry no currency: their amounts are in the marketplace currency, which is
 * what every product is priced in. Read it from one product; the ledger's single currency is
 * the fallback, then USD (the server's default).
 */
async function marketplaceCurrency(): Promise<string> {
  const d = await unwrap(api.GET("/api/v1/products", { params: { query: { limit: 1 } } }));
  return d.items?.[0]?.currency ?? "";
}

export function AdminPayments() {
  const toast = useToast();
  const config = useQuery(() => unwrap(api.GET("/api/v1/payments/config")), []);
  const settings = useQuery(() => unwrap(api.GET("/api/v1/admin/payments/settings")), []);
  const rules = useQuery(() => unwrap(api.GET("/api/v1/admin/payments/commission-rules")), []);
  const summary = useQuery(() => unwrap(api.GET("/api/v1/admin/payments/summary")), []);
  const recon = useQuery(() => unwrap(api.GET("/api/v1/admin/payments/reconciliation")), []);
  const accounts = useQuery(() => unwrap(api.GET("/api/v1/admin/payments/accounts")), []);
  const vendors = useQuery(allVendors, []);
  const cats = useQuery(() => unwrap(api.GET("/api/v1/categories")), []);
  const cur = useQuery(() => marketplaceCurrency().catch(() => ""), []);

  const ledgerCurrencies = summary.data?.currencies ?? [];
  const currency = cur.data || (ledgerCurrencies.length === 1 ? ledgerCurrencies[0]!.currency : "") || "USD";
  const vendorList = vendors.data ?? [];
  const vendorNames = new Map(vendorList.map((v) => [v.id, v.name]));
  const categories = flattenCategories(cats.data?.items);
  const manual = config.data?.provider === "manual";

  return (
    <>
      <PageHeader title="Payments" description="Your commission, what sellers are owed, when they are paid, and whether the books match Stripe." />
      {manual && (
        <Alert kind="info" title="Payments are taken manually">
          No Stripe key is configured, so buyers pay by bank transfer or cash on delivery and orders are marked paid by hand. Commission and seller payables are still booked
          in the ledger; payout accounts and reconciliation need Stripe.
        </Alert>
      )}

      <Card title="Money summary">
        <QueryView query={summary} skeletonRows={2}>
          {(d) => <SummaryCards currencies={d.currencies ?? []} />}
        </QueryView>
      </Card>

      <Card title="Payout policy">
        <QueryView query={settings} skeletonRows={3}>
          {(s) => (
            <PayoutPolicyForm
              settings={s}
              onSave={async (next) => {
                settings.setData(await unwrap(api.PUT("/api/v1/admin/payments/settings", { body: next })));
                toast.success("Payout policy saved. It applies to orders paid from now on.");
              }}
            />
          )}
        </QueryView>
      </Card>

      <QueryView query={rules}>
        {(d) => (
          <CommissionRules
            rules={d.rules ?? []}
            currency={currency}
            categories={categories}
            vendors={vendorList}
            vendorNames={vendorNames}
            onSave={async (body) => {
              await unwrap(api.PUT("/api/v1/admin/payments/commission-rules", { body }));
              toast.success("Commission rule saved. Orders paid from now on use it.");
              rules.reload();
            }}
            onDelete={async (r) => {
              try {
                await unwrap(api.DELETE("/api/v1/admin/payments/commission-rules/{rule_id}", { params: { path: { rule_id: r.id } } }));
                toast.success("Commission rule deleted.");
                rules.reload();
              } catch (e) {
                toast.error(e instanceof ApiError ? e.summary : "Couldn't delete the rule.");
              }
            }}
          />
        )}
      </QueryView>

      <Card title="Reconciliation">
        <QueryView query={recon} skeletonRows={3}>
          {(st) => <ReconciliationView status={st} currency={currency} stripe={!manual} />}
        </QueryView>
      </Card>

      <Card bodyless title="Seller payout accounts">
        <QueryView query={accounts}>
          {(d) => <PayoutAccountsTable accounts={d.accounts ?? []} vendorNames={vendorNames} manual={manual} />}
        </QueryView>
      </Card>
    </>
  );
}

export function SummaryCards({ currencies }: { currencies: readonly MoneySummary[] }) {
  if (currencies.length === 0) {
    return <p className="muted" style={{ margin: 0 }}>Nothing has been booked yet. Figures appear once the first order is paid.</p>;
  }
  return (
    <div className="stack">
      {currencies.map((m) => (
        <section key={m.currency} aria-label={`Totals in ${m.currency}`} className="stack-sm">
          {currencies.length > 1 && <h3 style={{ margin: 0 }}>{m.currency}</h3>}
          <div className="grid-3">
            <Stat label="Commission revenue" value={formatMoney(m.commission_revenue, m.currency)} hint="Kept by the marketplace, net of refunded commission" />
            <Stat label="Seller payables" value={formatMoney(m.seller_payables, m.currency)} hint="Owed to sellers and not transferred yet" />
            <Stat label="Seller debt" value={formatMoney(m.seller_debt, m.currency)} hint="Refunds and disputes sellers couldn't cover; netted from their next transfers" />
            <Stat label="Cash received" value={formatMoney(m.cash, m.currency)} hint="Buyer payments held by the platform (at Stripe when card payments are on)" />
            <Stat label="Refunded to buyers" value={formatMoney(m.buyer_refunds, m.currency)} />
            <Stat label="Stripe fees" value={formatMoney(m.stripe_fees, m.currency)} />
          </div>
        </section>
      ))}
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <p className="small muted" style={{ margin: 0 }}>{label}</p>
      <p className="stat">{value}</p>
      {hint && <p className="small muted" style={{ margin: 0 }}>{hint}</p>}
    </div>
  );
}

const POLICIES: { value: PaymentSettings["transfer_policy"]; label: string; hint: string }[] = [
  { value: "at_payment", label: "When the order is paid", hint: "Each seller's share is transferred as soon as the buyer's payment succeeds." },
  { value: "on_delivery", label: "When the seller's part is delivered", hint: "Shares are held until the seller marks their part delivered; refunds before then never need a reversal." },
];

export function PayoutPolicyForm({ settings, onSave }: { settings: PaymentSettings; onSave(s: PaymentSettings): Promise<unknown> }) {
  const [policy, setPolicy] = useState(settings.transfer_policy);
  const [refundCommission, setRefundCommission] = useState(settings.refund_commission);
  return (
    <Form aria-label="Payout policy" onSubmit={() => onSave({ transfer_policy: policy, refund_commission: refundCommission })}>
      <div className="stack">
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack-sm">
          <legend className="label">Pay sellers</legend>
          {POLICIES.map((p) => (
            <label key={p.value} className="radio-card">
              <input type="radio" name="transfer_policy" value={p.value} checked={policy === p.value} onChange={() => setPolicy(p.value)} />
              <span>
                <strong>{p.label}</strong>
                <span className="small muted" style={{ display: "block" }}>{p.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack-sm">
          <legend className="label">On refunds</legend>
          <label className="radio-card">
            <input type="radio" name="refund_commission" value="true" checked={refundCommission} onChange={() => setRefundCommission(true)} />
            <span>
              <strong>Give back the commission</strong>
              <span className="small muted" style={{ display: "block" }}>The refunded share of the commission comes out of the marketplace's revenue.</span>
            </span>
          </label>
          <label className="radio-card">
            <input type="radio" name="refund_commission" value="false" checked={!refundCommission} onChange={() => setRefundCommission(false)} />
            <span>
              <strong>Keep the commission</strong>
              <span className="small muted" style={{ display: "block" }}>The seller bears the whole refund.</span>
            </span>
          </label>
        </fieldset>
      </div>
      <div className="form-actions">
        <SubmitButton>Save payout policy</SubmitButton>
      </div>
    </Form>
  );
}

const SCOPE_ORDER: Record<CommissionScope, number> = { marketplace: 0, category: 1, vendor: 2 };

export function CommissionRules({ rules, currency, categories, vendors, vendorNames, onSave, onDelete }: {
  rules: readonly CommissionRule[];
  currency: string;
  categories: readonly { c: Category; depth: number }[];
  vendors: readonly Pick<VendorDetail, "id" | "name" | "status">[];
  vendorNames: ReadonlyMap<string, string>;
  onSave(body: CommissionRuleBody): Promise<void>;
  onDelete(r: CommissionRule): Promise<void>;
}) {
  const [editing, setEditing] = useState<CommissionForm | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const catNames = new Map(categories.map(({ c }) => [c.id, c.name]));
  const scopeName = (r: Pick<CommissionRule, "scope" | "scope_id">) => {
    if (r.scope === "marketplace") return "Marketplace default";
    const names = r.scope === "category" ? catNames : vendorNames;
    const name = (r.scope_id && names.get(r.scope_id)) || `unknown ${r.scope_id?.slice(0, 8) ?? ""}`;
    return `${r.scope === "category" ? "Category" : "Seller"}: ${name}`;
  };
  const sorted = [...rules].sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || scopeName(a).localeCompare(scopeName(b)));
  const hasDefault = rules.some((r) => r.scope === "marketplace");
  const money = (v: number | undefined) => (v == null ? "—" : formatMoney(v, currency));

  const columns: Column<CommissionRule>[] = [
    { key: "scope", header: "Applies to", render: (r) => <strong>{scopeName(r)}</strong> },
    { key: "percent", header: "Percentage", align: "right", render: (r) => formatBps(r.percent_bps) },
    { key: "fixed", header: "Fixed per order", align: "right", render: (r) => (r.scope === "category" ? <span className="muted">default's</span> : r.fixed ? money(r.fixed) : "—") },
    { key: "min", header: "Minimum", align: "right", render: (r) => (r.scope === "category" ? <span className="muted">default's</span> : r.min ? money(r.min) : "—") },
    { key: "max", header: "Maximum", align: "right", render: (r) => (r.scope === "category" ? <span className="muted">default's</span> : money(r.max)) },
    { key: "updated_at", header: "Changed", render: (r) => formatDate(r.updated_at) },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      render: (r) =>
        confirmDelete === r.id ? (
          <span className="row" style={{ gap: 6 }}>
            <span className="small">Delete this rule?</span>
            <Button size="sm" variant="danger" onClick={() => void onDelete(r).then(() => setConfirmDelete(null))}>
              Delete
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
              Keep
            </Button>
          </span>
        ) : (
          <span className="row" style={{ gap: 6 }}>
            <Button size="sm" variant="secondary" onClick={() => setEditing(ruleToForm(r, currency))} aria-label={`Edit ${scopeName(r)}`}>
              Edit
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(r.id)} aria-label={`Delete ${scopeName(r)}`}>
              Delete
            </Button>
          </span>
        ),
    },
  ];

  return (
    <Card
      bodyless
      title="Commission"
      actions={!editing && <Button size="sm" onClick={() => setEditing(emptyCommissionForm(hasDefault ? "category" : "marketplace"))}>Add rule</Button>}
    >
      <div className="card-body stack-sm">
        <p className="small muted" style={{ margin: 0 }}>
          A seller rule replaces everything else for that seller's orders. Otherwise each item takes its category's percentage (or the default's), then the default's fixed
          fee and minimum/maximum apply to the seller's part of the order. Amounts are in {currency}. Paid orders keep the rule they were paid under.
        </p>
        {!hasDefault && (
          <Alert kind="warning" title="No marketplace default">
            Orders without a seller or category rule pay no commission. Add a marketplace default.
          </Alert>
        )}
      </div>
      {editing && (
        <div className="card-body" style={{ borderTop: "1px solid var(--border)" }}>
          <CommissionRuleForm
            key={`${editing.scope}:${editing.scope_id}`}
            initial={editing}
            currency={currency}
            categories={categories}
            vendors={vendors}
            existing={rules}
            onCancel={() => setEditing(null)}
            onSubmit={async (body) => {
              await onSave(body);
              setEditing(null);
            }}
          />
        </div>
      )}
      <Table
        caption="Commission rules"
        rows={sorted}
        columns={columns}
        rowKey={(r) => r.id}
        pageSize={0}
        empty={<EmptyState icon={<Icon name="money" />} title="No commission rules yet" headingLevel={3}>The marketplace takes no commission until you add a rule.</EmptyState>}
      />
    </Card>
  );
}

export function CommissionRuleForm({ initial, currency, categories, vendors, existing = [], onSubmit, onCancel }: {
  initial: CommissionForm;
  currency: string;
  categories: readonly { c: Category; depth: number }[];
  vendors: readonly Pick<VendorDetail, "id" | "name" | "status">[];
  existing?: readonly CommissionRule[];
  onSubmit(body: CommissionRuleBody): Promise<void>;
  onCancel(): void;
}) {
  const [f, setF] = useState<CommissionForm>(initial);
  const set = (patch: Partial<CommissionForm>) => setF((x) => ({ ...x, ...patch }));
  const replaces = existing.find((r) => r.scope === f.scope && (r.scope === "marketplace" || r.scope_id === f.scope_id));
  // a round 100 in the currency: 10000 cents, 100 yen
  const sample = 100 * 10 ** currencyDigits(currency);
  const preview = commissionRuleBody(f, currency);
  const vendorOptions = vendors
    .filter((v) => v.status === "approved" || v.status === "suspended" || v.id === f.scope_id)
    .map((v) => ({ value: v.id, label: v.status === "approved" ? v.name : `${v.name} (${v.status})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <Form
      aria-label="Commission rule"
      onSubmit={async () => {
        const r = commissionRuleBody(f, currency);
        if (r.errors) throw validationError(r.errors);
        await onSubmit(r.body);
      }}
    >
      <div className="stack">
        <div className="grid-2">
          <Select
            label="Applies to"
            name="scope"
            value={f.scope}
            onChange={(e) => set({ scope: e.target.value as CommissionScope, scope_id: "" })}
            options={[
              { value: "marketplace", label: "Marketplace default" },
              { value: "category", label: "A category" },
              { value: "vendor", label: "A seller" },
            ]}
          />
          {f.scope === "category" && (
            <Select
              label="Category"
              name="scope_id"
              value={f.scope_id}
              placeholder="Choose…"
              hint="Products filed directly in this category (not its subcategories)."
              onChange={(e) => set({ scope_id: e.target.value })}
              options={categories.map(({ c, depth }) => ({ value: c.id, label: `${"— ".repeat(depth)}${c.name}` }))}
            />
          )}
          {f.scope === "vendor" && (
            <Select label="Seller" name="scope_id" value={f.scope_id} placeholder="Choose…" onChange={(e) => set({ scope_id: e.target.value })} options={vendorOptions} />
          )}
        </div>
        <div className="filters">
          <TextField label="Percentage" name="percent_bps" inputMode="decimal" value={f.percent} addon="%" hint="Of the items' subtotal, e.g. 12.5" onChange={(e) => set({ percent: e.target.value })} />
          {f.scope !== "category" && (
            <>
              <TextField label="Fixed fee per order" name="fixed" inputMode="decimal" value={f.fixed} addon={currency} optional onChange={(e) => set({ fixed: e.target.value })} />
              <TextField label="Minimum" name="min" inputMode="decimal" value={f.min} addon={currency} optional onChange={(e) => set({ min: e.target.value })} />
              <TextField label="Maximum" name="max" inputMode="decimal" value={f.max} addon={currency} optional hint="Empty: no cap" onChange={(e) => set({ max: e.target.value })} />
            </>
          )}
        </div>
        {f.scope === "category" && <p className="small muted" style={{ margin: 0 }}>A category rule sets the percentage only; the default's fixed fee and limits still apply.</p>}
        <p className="small" aria-live="polite" style={{ margin: 0 }} data-testid="rule-preview">
          {preview.body
            ? `${describeRule({ percent_bps: preview.body.percent_bps, fixed: preview.body.fixed ?? 0, min: preview.body.min ?? 0, max: preview.body.max }, currency)}. On a ${formatMoney(sample, currency)} order: ${formatMoney(
                commissionFor(sample, { percent_bps: preview.body.percent_bps, fixed: preview.body.fixed ?? 0, min: preview.body.min ?? 0, max: preview.body.max }),
                currency,
              )} commission.`
            : "\u00a0"}
        </p>
        {replaces && <p className="small muted" style={{ margin: 0 }}>Saving replaces the current rule ({describeRule(replaces, currency)}).</p>}
      </div>
      <div className="form-actions">
        <SubmitButton>Save rule</SubmitButton>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}

const ISSUE_KINDS: Record<string, string> = {
  ledger_unbalanced: "Ledger out of balance",
  payment_amount: "Payment amount differs",
  refund_amount: "Refunds differ",
  refund_outside_platform: "Refunded outside the marketplace",
  transfer_amount: "Transfer differs",
  transfer_mismatch: "Transfer differs",
  stripe_unreachable: "Couldn't check at Stripe",
};

export function issueKindLabel(kind: string): string {
  return ISSUE_KINDS[kind] ?? kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** Issues carry no currency; a ledger imbalance names it as its object, the rest are in the marketplace's. */
function issueCurrency(i: ReconciliationIssue, fallback: string): string {
  return i.kind === "ledger_unbalanced" && /^[A-Z]{3}$/.test(i.object_id) ? i.object_id : fallback;
}

export function ReconciliationView({ status, currency, stripe = true }: { status: ReconciliationStatus; currency: string; stripe?: boolean }) {
  const issues = status.issues ?? [];
  const columns: Column<ReconciliationIssue>[] = [
    { key: "kind", header: "Problem", render: (i) => <strong>{issueKindLabel(i.kind)}</strong>, sortValue: (i) => i.kind },
    { key: "object", header: "Stripe object", render: (i) => <span className="mono small">{i.object_id}</span> },
    { key: "expected", header: "Ledger", align: "right", render: (i) => (i.kind === "stripe_unreachable" || i.kind === "ledger_unbalanced" ? "—" : formatMoney(i.expected, issueCurrency(i, currency))) },
    { key: "actual", header: "Stripe", align: "right", render: (i) => (i.kind === "stripe_unreachable" || i.kind === "ledger_unbalanced" ? "—" : formatMoney(i.actual, issueCurrency(i, currency))) },
    {
      key: "diff",
      header: "Difference",
      align: "right",
      render: (i) => (i.kind === "stripe_unreachable" ? "—" : formatMoney(i.actual - i.expected, issueCurrency(i, currency))),
      sortValue: (i) => Math.abs(i.actual - i.expected),
    },
    { key: "detail", header: "Detail", render: (i) => <span className="small">{i.detail}</span> },
    { key: "detected_at", header: "Found", render: (i) => formatDate(i.detected_at, true), sortValue: (i) => i.detected_at },
  ];
  return (
    <div className="stack">
      <div className="row" style={{ gap: 24 }} data-testid="reconciliation-status">
        <div>
          <p className="small muted" style={{ margin: 0 }}>Last run</p>
          <p style={{ margin: 0 }}><strong>{status.last_run_at ? formatDate(status.last_run_at, true) : "Never"}</strong></p>
        </div>
        <div>
          <p className="small muted" style={{ margin: 0 }}>Objects checked</p>
          <p style={{ margin: 0 }}><strong>{status.checked}</strong></p>
        </div>
        <div>
          <p className="small muted" style={{ margin: 0 }}>Result</p>
          <p style={{ margin: 0 }}>
            {issues.length === 0 ? <Badge tone="success">{status.last_run_at ? "Books match Stripe" : "No mismatches reported"}</Badge> : <Badge tone="danger">{`${issues.length} mismatch${issues.length === 1 ? "" : "es"}`}</Badge>}
          </p>
        </div>
      </div>
      {!status.last_run_at && (
        <p className="small muted" style={{ margin: 0 }}>
          {stripe ? "Reconciliation runs once a day; the first run hasn't happened yet." : "Reconciliation compares the ledger with Stripe and runs only when Stripe is configured."}
        </p>
      )}
      {issues.length > 0 && (
        <>
          <p className="small muted" style={{ margin: 0 }}>
            Mismatches from the last daily run and any found by Stripe events since. Amounts are what the ledger booked and what Stripe reports.
          </p>
          <Table caption="Reconciliation mismatches" rows={issues} columns={columns} rowKey={(i) => i.id} initialSort={{ key: "detected_at", dir: "desc" }} pageSize={20} />
        </>
      )}
    </div>
  );
}

const STATE_BADGE: Record<PayoutAccountState, { tone: BadgeTone; label: string }> = {
  ready: { tone: "success", label: "Ready" },
  restricted: { tone: "warning", label: "Restricted" },
  disconnected: { tone: "danger", label: "Disconnected" },
  not_connected: { tone: "neutral", label: "Not connected" },
};

// Accounts needing attention first.
const STATE_ORDER: Record<PayoutAccountState, number> = { disconnected: 0, restricted: 1, not_connected: 2, ready: 3 };

export function PayoutAccountsTable({ accounts, vendorNames, manual }: { accounts: readonly PayoutAccount[]; vendorNames: ReadonlyMap<string, string>; manual?: boolean }) {
  const columns: Column<PayoutAccount>[] = [
    {
      key: "vendor",
      header: "Seller",
      sortValue: (a) => vendorNames.get(a.vendor_id) ?? a.vendor_id,
      render: (a) => (
        <div>
          <strong>{vendorNames.get(a.vendor_id) ?? "Unknown seller"}</strong>
          {a.account_id && <div className="small muted mono">{a.account_id}</div>}
        </div>
      ),
    },
    {
      key: "state",
      header: "Status",
      sortValue: (a) => STATE_ORDER[payoutAccountState(a)],
      render: (a) => {
        const b = STATE_BADGE[payoutAccountState(a)];
        return <Badge tone={b.tone}>{b.label}</Badge>;
      },
    },
    {
      key: "requirements",
      header: "Requirements",
      render: (a) => {
        const req = payoutRequirements(a);
        return req.length ? (
          <ul className="small" style={{ margin: 0, paddingLeft: 16 }}>
            {req.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <span className="muted">—</span>
        );
      },
    },
    { key: "payout", header: "Last payout", render: (a) => a.last_payout_status || "—" },
    { key: "updated_at", header: "Updated", sortValue: (a) => a.updated_at, render: (a) => formatDate(a.updated_at, true) },
  ];
  return (
    <Table
      caption="Seller payout accounts"
      rows={accounts}
      columns={columns}
      rowKey={(a) => a.vendor_id}
      initialSort={{ key: "state", dir: "asc" }}
      pageSize={25}
      empty={
        <EmptyState icon={<Icon name="card" />} title="No payout accounts yet" headingLevel={3}>
          {manual ? "Sellers connect a Stripe account once Stripe is configured." : "Sellers appear here once they start setting up payouts from their dashboard."}
        </EmptyState>
      }
    />
  );
}
