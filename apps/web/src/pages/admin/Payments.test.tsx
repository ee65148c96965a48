import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Category } from "../../api/types";
import { emptyCommissionForm } from "../../lib/commission";
import { CommissionRuleForm, CommissionRules, PayoutAccountsTable, PayoutPolicyForm, ReconciliationView, SummaryCards, type CommissionRule, type PayoutAccount } from "./Payments";

const cat = (id: string, name: string): Category => ({ id, name, slug: id, description: "", parent_id: null, position: 0, children: [] });
const categories = [{ c: cat("c-audio", "Audio"), depth: 0 }];
const vendors = [
  { id: "v-acme", name: "Acme Audio", status: "approved" as const },
  { id: "v-gone", name: "Gone Shop", status: "rejected" as const },
];

// typing through user-event is slow on a loaded machine
describe("CommissionRuleForm", { timeout: 20000 }, () => {
  it("converts what the operator types into a rule body in basis points and minor units", async () => {
    const onSubmit = vi.fn(async () => {});
    render(<CommissionRuleForm initial={emptyCommissionForm("vendor")} currency="USD" categories={categories} vendors={vendors} onSubmit={onSubmit} onCancel={() => {}} />);
    const seller = screen.getByLabelText("Seller");
    expect(within(seller).queryByText("Gone Shop")).not.toBeInTheDocument();
    await userEvent.selectOptions(seller, "v-acme");
    await userEvent.type(screen.getByLabelText("Percentage"), "12.5");
    await userEvent.type(screen.getByLabelText(/Fixed fee/), "0.30");
    await userEvent.type(screen.getByLabelText(/Minimum/), "1");
    await userEvent.type(screen.getByLabelText(/Maximum/), "50");
    expect(screen.getByTestId("rule-preview")).toHaveTextContent("12.5% + $0.30 · min $1.00 · max $50.00. On a $100.00 order: $12.80 commission.");
    await userEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ scope: "vendor", scope_id: "v-acme", percent_bps: 1250, fixed: 30, min: 100, max: 5000 }));
  });

  it("shows errors next to the fields and sends nothing", async () => {
    const onSubmit = vi.fn(async () => {});
    render(<CommissionRuleForm initial={emptyCommissionForm("category")} currency="USD" categories={categories} vendors={vendors} onSubmit={onSubmit} onCancel={() => {}} />);
    expect(screen.queryByLabelText(/Fixed fee/)).not.toBeInTheDocument(); // category rules set a percentage only
    await userEvent.type(screen.getByLabelText("Percentage"), "120");
    await userEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(screen.getByLabelText("Percentage")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByLabelText("Category")).toHaveAccessibleDescription(/Choose a category/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("says which rule it replaces", () => {
    const existing: CommissionRule[] = [{ id: "r1", scope: "marketplace", percent_bps: 1000, fixed: 0, min: 0, updated_at: "2026-01-01T00:00:00Z" }];
    render(<CommissionRuleForm initial={emptyCommissionForm()} existing={existing} currency="USD" categories={categories} vendors={vendors} onSubmit={async () => {}} onCancel={() => {}} />);
    expect(screen.getByText(/Saving replaces the current rule \(10%\)/)).toBeInTheDocument();
  });
});

describe("CommissionRules", { timeout: 20000 }, () => {
  const rules: CommissionRule[] = [
    { id: "r-v", scope: "vendor", scope_id: "v-acme", percent_bps: 800, fixed: 25, min: 0, max: 2000, updated_at: "2026-01-02T00:00:00Z" },
    { id: "r-m", scope: "marketplace", percent_bps: 1000, fixed: 30, min: 100, updated_at: "2026-01-01T00:00:00Z" },
    { id: "r-c", scope: "category", scope_id: "c-audio", percent_bps: 1500, fixed: 0, min: 0, updated_at: "2026-01-01T00:00:00Z" },
  ];
  it("lists the default first with names and money, and deletes after confirmation", async () => {
    const onDelete = vi.fn(async () => {});
    render(<CommissionRules rules={rules} currency="USD" categories={categories} vendors={[]} vendorNames={new Map([["v-acme", "Acme Audio"]])} onSave={async () => {}} onDelete={onDelete} />);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]!.textContent)).toEqual(["Marketplace default", "Category: Audio", "Seller: Acme Audio"]);
    expect(rows[0]).toHaveTextContent("10%$0.30$1.00—");
    expect(rows[2]).toHaveTextContent("8%$0.25—$20.00");
    expect(screen.queryByText("No marketplace default")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Delete Seller: Acme Audio" }));
    expect(onDelete).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(onDelete).toHaveBeenCalledWith(rules[0]);
  });
  it("warns when there is no marketplace default and edits a rule in place", async () => {
    const onSave = vi.fn(async () => {});
    render(<CommissionRules rules={[rules[0]!]} currency="USD" categories={categories} vendors={vendors} vendorNames={new Map([["v-acme", "Acme Audio"]])} onSave={onSave} onDelete={async () => {}} />);
    expect(screen.getByText("No marketplace default")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Edit Seller: Acme Audio" }));
    const pct = screen.getByLabelText("Percentage");
    expect(pct).toHaveValue("8");
    await userEvent.clear(pct);
    await userEvent.type(pct, "9");
    await userEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ scope: "vendor", scope_id: "v-acme", percent_bps: 900, fixed: 25, max: 2000 }));
  });
});

describe("ReconciliationView", () => {
  it("lists mismatches with ledger and Stripe amounts", () => {
    render(
      <ReconciliationView
        currency="EUR"
        status={{
          last_run_at: "2026-03-01T04:41:00Z",
          checked: 12,
          mismatches: 2,
          issues: [
            { id: "i1", kind: "transfer_amount", object_id: "tr_123", expected: 9000, actual: 8500, detail: "transfer net of reversals differs from the ledger", detected_at: "2026-03-01T04:41:05Z" },
            { id: "i2", kind: "ledger_unbalanced", object_id: "USD", expected: 0, actual: 3, detail: "debits minus credits", detected_at: "2026-03-01T04:41:01Z" },
          ],
        }}
      />,
    );
    expect(screen.getByTestId("reconciliation-status")).toHaveTextContent("12");
    expect(screen.getByText("2 mismatches")).toBeInTheDocument();
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    const transfer = rows.find((r) => r.textContent?.includes("tr_123"))!;
    expect(transfer).toHaveTextContent("Transfer differs");
    expect(transfer).toHaveTextContent("€90.00");
    expect(transfer).toHaveTextContent("€85.00");
    expect(transfer).toHaveTextContent("-€5.00");
    const ledger = rows.find((r) => r.textContent?.includes("Ledger out of balance"))!;
    expect(ledger).toHaveTextContent("$0.03"); // the imbalance is in the currency it names
  });
  it("says when the books match and when it never ran", () => {
    const { rerender } = render(<ReconciliationView currency="USD" status={{ last_run_at: "2026-03-01T04:41:00Z", checked: 4, mismatches: 0, issues: [] }} />);
    expect(screen.getByText("Books match Stripe")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    rerender(<ReconciliationView currency="USD" stripe={false} status={{ last_run_at: null, checked: 0, mismatches: 0, issues: null }} />);
    expect(screen.getByText("Never")).toBeInTheDocument();
    expect(screen.getByText(/runs only when Stripe is configured/)).toBeInTheDocument();
  });
});

describe("PayoutAccountsTable", () => {
  const acct = (vendor_id: string, patch: Partial<PayoutAccount>): PayoutAccount => ({
    vendor_id, connected: true, ready: true, deauthorized: false, charges_enabled: true, payouts_enabled: true, details_submitted: true, currently_due: [], updated_at: "2026-03-01T00:00:00Z", ...patch,
  });
  it("shows each seller's state and what Stripe still needs, problems first", () => {
    render(
      <PayoutAccountsTable
        vendorNames={new Map([["a", "Ready Shop"], ["b", "Restricted Shop"], ["c", "Gone Shop"]])}
        accounts={[
          acct("a", { account_id: "acct_a" }),
          acct("b", { ready: false, payouts_enabled: false, currently_due: ["external_account"] }),
          acct("c", { ready: false, deauthorized: true }),
        ]}
      />,
    );
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[1]!.textContent)).toEqual(["Disconnected", "Restricted", "Ready"]);
    expect(rows[1]).toHaveTextContent("Currently due: external account");
    expect(rows[1]).toHaveTextContent("Payouts not enabled");
    expect(rows[2]).toHaveTextContent("acct_a");
  });
});

describe("PayoutPolicyForm and SummaryCards", { timeout: 20000 }, () => {
  it("saves the chosen policy", async () => {
    const onSave = vi.fn(async () => {});
    render(<PayoutPolicyForm settings={{ transfer_policy: "at_payment", refund_commission: true }} onSave={onSave} />);
    await userEvent.click(screen.getByLabelText(/When the seller's part is delivered/));
    await userEvent.click(screen.getByLabelText(/Keep the commission/));
    await userEvent.click(screen.getByRole("button", { name: "Save payout policy" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ transfer_policy: "on_delivery", refund_commission: false }));
  });
  it("shows commission revenue and payables per currency", () => {
    render(
      <SummaryCards
        currencies={[
          { currency: "USD", cash: 100000, commission_revenue: 12345, seller_payables: 80000, seller_debt: 0, stripe_fees: 0, buyer_refunds: 500 },
          { currency: "EUR", cash: 0, commission_revenue: 700, seller_payables: 6300, seller_debt: 150, stripe_fees: 0, buyer_refunds: 0 },
        ]}
      />,
    );
    const usd = screen.getByRole("region", { name: "Totals in USD" });
    expect(within(usd).getByText("Commission revenue").nextSibling).toHaveTextContent("$123.45");
    expect(within(usd).getByText("Seller payables").nextSibling).toHaveTextContent("$800.00");
    expect(within(screen.getByRole("region", { name: "Totals in EUR" })).getByText("Seller debt").nextSibling).toHaveTextContent("€1.50");
  });
});
