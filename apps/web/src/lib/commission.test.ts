import { describe, expect, it } from "vitest";
import { bpsToPercentInput, commissionFor, commissionRuleBody, describeRule, emptyCommissionForm, formatBps, parsePercentBps, ruleToForm } from "./commission";
import { payoutAccountState, payoutRequirements } from "./payouts";

describe("percentages in basis points", () => {
  it("parses what an operator types without floating point", () => {
    expect(parsePercentBps("10")).toBe(1000);
    expect(parsePercentBps("12.5")).toBe(1250);
    expect(parsePercentBps(" 2.75 % ")).toBe(275);
    expect(parsePercentBps("0.05")).toBe(5);
    expect(parsePercentBps("7,5")).toBe(750);
    expect(parsePercentBps("100")).toBe(10000);
    expect(parsePercentBps("0")).toBe(0);
    // 0.1 + 0.2 style traps: 14.35 * 100 is 1434.9999… in floats
    expect(parsePercentBps("14.35")).toBe(1435);
  });
  it("refuses what the API would refuse", () => {
    for (const bad of ["", "abc", "-1", "100.01", "150", "1.234", "1e2", "."]) expect(parsePercentBps(bad)).toBeNull();
  });
  it("prints basis points back", () => {
    expect(bpsToPercentInput(1250)).toBe("12.5");
    expect(bpsToPercentInput(1000)).toBe("10");
    expect(bpsToPercentInput(5)).toBe("0.05");
    expect(bpsToPercentInput(1435)).toBe("14.35");
    expect(formatBps(0)).toBe("0%");
  });
});

describe("commissionRuleBody", () => {
  it("turns the form into the PUT body in minor units", () => {
    const r = commissionRuleBody({ scope: "marketplace", scope_id: "ignored", percent: "12.5", fixed: "0.30", min: "1", max: "50.00" }, "USD");
    expect(r.errors).toBeNull();
    expect(r.body).toEqual({ scope: "marketplace", percent_bps: 1250, fixed: 30, min: 100, max: 5000 });
  });
  it("leaves optional amounts out and keeps the scope id of overrides", () => {
    const r = commissionRuleBody({ ...emptyCommissionForm("vendor"), scope_id: "v1", percent: "8" }, "USD");
    expect(r.body).toEqual({ scope: "vendor", scope_id: "v1", percent_bps: 800 });
  });
  it("uses the currency's minor units", () => {
    expect(commissionRuleBody({ ...emptyCommissionForm(), percent: "5", fixed: "30" }, "JPY").body).toEqual({ scope: "marketplace", percent_bps: 500, fixed: 30 });
    expect(commissionRuleBody({ ...emptyCommissionForm(), percent: "5", fixed: "0.5" }, "JPY").errors).toHaveProperty("fixed");
  });
  it("reports every problem against the field the API names", () => {
    const r = commissionRuleBody({ scope: "vendor", scope_id: "", percent: "101", fixed: "1.234", min: "10", max: "5" }, "USD");
    expect(r.body).toBeNull();
    expect(Object.keys(r.errors ?? {}).sort()).toEqual(["fixed", "max", "percent_bps", "scope_id"]);
    expect(commissionRuleBody({ ...emptyCommissionForm("category"), percent: "5" }, "USD").errors).toEqual({ scope_id: "Choose a category." });
    expect(commissionRuleBody({ ...emptyCommissionForm(), percent: "1", max: "2000000" }, "USD").errors).toHaveProperty("max");
  });
  it("round-trips a rule through the form", () => {
    const rule = { scope: "vendor" as const, scope_id: "v1", percent_bps: 1435, fixed: 25, min: 0, max: 999 };
    const f = ruleToForm(rule, "USD");
    expect(f).toEqual({ scope: "vendor", scope_id: "v1", percent: "14.35", fixed: "0.25", min: "", max: "9.99" });
    expect(commissionRuleBody(f, "USD").body).toEqual({ scope: "vendor", scope_id: "v1", percent_bps: 1435, fixed: 25, max: 999 });
  });
  it("sends only the percentage of a category rule, which is all the server uses", () => {
    const f = { scope: "category" as const, scope_id: "c1", percent: "15", fixed: "not money", min: "1", max: "2" };
    expect(commissionRuleBody(f, "USD")).toEqual({ body: { scope: "category", scope_id: "c1", percent_bps: 1500 }, errors: null });
  });
});

describe("commission preview", () => {
  it("matches the server's single-rule arithmetic", () => {
    const r = { percent_bps: 1000, fixed: 30, min: 100, max: 5000 };
    expect(commissionFor(10000, r)).toBe(1030);
    expect(commissionFor(500, r)).toBe(100); // min
    expect(commissionFor(1_000_000, r)).toBe(5000); // max
    expect(commissionFor(50, r)).toBe(50); // never more than the order
    expect(commissionFor(5, { percent_bps: 1000, fixed: 0, min: 0 })).toBe(1); // 0.5 rounds half up
  });
  it("describes a rule", () => {
    expect(describeRule({ percent_bps: 1250, fixed: 30, min: 100, max: 5000 }, "USD")).toBe("12.5% + $0.30 · min $1.00 · max $50.00");
    expect(describeRule({ percent_bps: 800, fixed: 0, min: 0 }, "USD")).toBe("8%");
  });
});

describe("payout account state", () => {
  const base = { connected: true, ready: true, deauthorized: false, charges_enabled: true, payouts_enabled: true, details_submitted: true, currently_due: [] };
  it("names the state", () => {
    expect(payoutAccountState(base)).toBe("ready");
    expect(payoutAccountState({ ...base, ready: false, payouts_enabled: false })).toBe("restricted");
    expect(payoutAccountState({ ...base, ready: false, deauthorized: true })).toBe("disconnected");
    expect(payoutAccountState({ ...base, ready: false, connected: false })).toBe("not_connected");
  });
  it("lists the requirements", () => {
    expect(payoutRequirements({ ...base, ready: false, payouts_enabled: false, currently_due: ["individual.id_number", "external_account"], disabled_reason: "requirements.past_due" })).toEqual([
      "Disabled: requirements past due",
      "Currently due: individual id number, external account",
      "Payouts not enabled",
    ]);
    expect(payoutRequirements(base)).toEqual([]);
  });
});
