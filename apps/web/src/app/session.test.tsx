import { describe, expect, it } from "vitest";
import type { Membership } from "../pages/sell/vendor";
import { sellNavItems } from "../pages/sell/Sell";
import { mayHaveSession } from "./auth";

describe("signed-out visitors", () => {
  it("are not asked for their account: without the session's mk_csrf cookie there is none", () => {
    expect(mayHaveSession("")).toBe(false);
    expect(mayHaveSession("mk_cart=1; other=x")).toBe(false);
    expect(mayHaveSession("other=x; mk_csrf=abc")).toBe(true);
  });
});

const membership = (status: string): Membership => ({ role: "owner", vendor: { id: "v1", slug: "northwind-audio", name: "Northwind", status } }) as unknown as Membership;

describe("seller dashboard tabs", () => {
  it("offer Apply to sell until a shop is approved, then the shop itself", () => {
    const labels = (ms: Membership[]) => sellNavItems(ms).map((i) => i.label);
    expect(labels([])).toContain("Apply to sell");
    expect(labels([membership("pending")])).toContain("Apply to sell");
    const approved = sellNavItems([membership("approved")]);
    expect(approved.map((i) => i.label)).not.toContain("Apply to sell");
    expect(approved.find((i) => i.label === "Your shop")?.to).toBe("/v/northwind-audio");
  });
});
