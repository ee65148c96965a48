// Commission rules as the operator edits them. The API takes a percentage in basis points
// (1000 = 10%) and fixed/min/max amounts in integer minor units; people type "12.5" and
// "0.30". Everything here converts by string parsing, never through floating point.

import { formatMoney, minorToInput, parseMoney } from "./money";

export type CommissionScope = "marketplace" | "category" | "vendor";

/** A rule as the API returns it. */
export interface CommissionRuleLike {
  scope: CommissionScope;
  scope_id?: string;
  percent_bps: number;
  fixed: number;
  min: number;
  max?: number;
}

/** The PUT /api/v1/admin/payments/commission-rules body. */
export interface CommissionRuleBody {
  scope: CommissionScope;
  scope_id?: string;
  percent_bps: number;
  fixed?: number;
  min?: number;
  max?: number;
}

/** What the rule form holds: every field as typed. */
export interface CommissionForm {
  scope: CommissionScope;
  scope_id: string;
  percent: string;
  fixed: string;
  min: string;
  max: string;
}

/** The API's upper bound on fixed, min and max (minor units). */
export const MAX_RULE_AMOUNT = 100_000_000;

/**
 * Parses a percentage ("10", "12.5", "2.75%") into basis points; null unless it is a plain
 * number from 0 to 100 with at most two decimals.
 */
export function parsePercentBps(input: string): number | null {
  const s = input.trim().replace(/\s*%$/, "").replace(",", ".");
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10000 ? bps : null;
}

/** Basis points → what the percentage input shows: 1250 → "12.5", 1000 → "10", 5 → "0.05". */
export function bpsToPercentInput(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Basis points for people: 1250 → "12.5%". */
export function formatBps(bps: number): string {
  return `${bpsToPercentInput(bps)}%`;
}

export function emptyCommissionForm(scope: CommissionScope = "marketplace"): CommissionForm {
  return { scope, scope_id: "", percent: "", fixed: "", min: "", max: "" };
}

export function ruleToForm(r: CommissionRuleLike, currency: string): CommissionForm {
  return {
    scope: r.scope,
    scope_id: r.scope_id ?? "",
    percent: bpsToPercentInput(r.percent_bps),
    fixed: r.fixed ? minorToInput(r.fixed, currency) : "",
    min: r.min ? minorToInput(r.min, currency) : "",
    max: r.max == null ? "" : minorToInput(r.max, currency),
  };
}

export type RuleFormResult = { body: CommissionRuleBody; errors: null } | { body: null; errors: Record<string, string> };

/**
 * Checks the form and builds the request body. Errors are keyed by the body field the API
 * would name (percent_bps, fixed, min, max, scope_id) so server and client errors land on the
 * same inputs.
 */
export function commissionRuleBody(f: CommissionForm, currency: string): RuleFormResult {
  const errors: Record<string, string> = {};
  const bps = parsePercentBps(f.percent);
  if (bps == null) errors.percent_bps = "Enter a percentage from 0 to 100, like 10 or 12.5.";
  const amount = (field: "fixed" | "min" | "max", raw: string): number | undefined => {
    if (!raw.trim()) return undefined;
    const v = parseMoney(raw, currency);
    if (v == null) errors[field] = `Enter an amount like ${minorToInput(1250, currency)}.`;
    else if (v > MAX_RULE_AMOUNT) errors[field] = `At most ${formatMoney(MAX_RULE_AMOUNT, currency)}.`;
    else return v;
    return undefined;
  };
  // The server uses only a category rule's percentage (the default's fixed fee and limits still
  // apply to the vendor order), so a category rule carries no amounts.
  const amounts = f.scope !== "category";
  const fixed = amounts ? amount("fixed", f.fixed) : undefined;
  const min = amounts ? amount("min", f.min) : undefined;
  const max = amounts ? amount("max", f.max) : undefined;
  if (max != null && min != null && max < min) errors.max = "The maximum can't be less than the minimum.";
  if (f.scope !== "marketplace" && !f.scope_id) errors.scope_id = f.scope === "category" ? "Choose a category." : "Choose a seller.";
  if (Object.keys(errors).length) return { body: null, errors };
  const body: CommissionRuleBody = { scope: f.scope, percent_bps: bps! };
  if (f.scope !== "marketplace") body.scope_id = f.scope_id;
  if (fixed != null) body.fixed = fixed;
  if (min != null) body.min = min;
  if (max != null) body.max = max;
  return { body, errors: null };
}

/** Rounds half up like the server: amount × bps / 10000. */
export function percentOf(amount: number, bps: number): number {
  return Math.floor((amount * bps + 5000) / 10000);
}

/**
 * The commission one rule takes on a vendor order subtotal, as the server computes it for a
 * single rule: percentage + fixed, clamped to [min, max], never more than the subtotal.
 */
export function commissionFor(subtotal: number, r: Pick<CommissionRuleLike, "percent_bps" | "fixed" | "min" | "max">): number {
  let c = percentOf(subtotal, r.percent_bps) + r.fixed;
  if (c < r.min) c = r.min;
  if (r.max != null && c > r.max) c = r.max;
  return Math.max(0, Math.min(c, subtotal));
}

/** "10% + $0.30 · min $1.00 · max $50.00" */
export function describeRule(r: Pick<CommissionRuleLike, "percent_bps" | "fixed" | "min" | "max">, currency: string): string {
  const parts = [formatBps(r.percent_bps) + (r.fixed ? ` + ${formatMoney(r.fixed, currency)}` : "")];
  if (r.min) parts.push(`min ${formatMoney(r.min, currency)}`);
  if (r.max != null) parts.push(`max ${formatMoney(r.max, currency)}`);
  return parts.join(" · ");
}
