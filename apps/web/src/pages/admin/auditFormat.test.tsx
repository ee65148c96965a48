import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AuditDetails, actionLabel, auditChanges } from "./auditFormat";

describe("audit formatting", () => {
  it("names the new event kinds", () => {
    expect(actionLabel("vendor.suspended")).toBe("Seller suspended");
    expect(actionLabel("commission_rule.set")).toBe("Commission rule set");
    expect(actionLabel("platform.login_failed")).toBe("Platform sign-in failed");
    expect(actionLabel("something.new")).toBe("something.new");
  });

  it("shows only what changed, with rates as percentages", () => {
    const changes = auditChanges({
      before: { id: "r1", country: "FR", rate_bp: 2000, updated_at: "a" },
      after: { id: "r1", country: "FR", rate_bp: 550, updated_at: "b" },
    });
    expect(changes).toEqual([{ field: "rate_bp", label: "Rate", before: "20%", after: "5.5%" }]);
  });

  it("renders before → after and the other facts", () => {
    render(<AuditDetails details={{ before: { transfer_policy: "at_payment", refund_commission: true }, after: { transfer_policy: "on_delivery", refund_commission: false }, reason: "policy" }} />);
    expect(screen.getByText(/Pay sellers/).textContent).toBe("Pay sellers: at payment → on delivery");
    expect(screen.getByText(/Refunds return commission/).textContent).toBe("Refunds return commission: Yes → No");
    expect(screen.getByText(/Reason/).textContent).toBe("Reason: policy");
  });
});
