import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DomainList, type MarketplaceDomain } from "./Domains";

const primary: MarketplaceDomain = { id: "d-p", host: "demo.localhost", primary: true, verified: true, verified_at: "2026-01-01T00:00:00Z", record_type: "", record_name: "", record_value: "", created_at: "2026-01-01T00:00:00Z" };
const pending: MarketplaceDomain = { id: "d-1", host: "market.example.com", primary: false, verified: false, verified_at: null, record_type: "TXT", record_name: "_marketplace-verify.market.example.com", record_value: "marketplace-verify=abc123", created_at: "2026-01-02T00:00:00Z" };
const verified: MarketplaceDomain = { ...pending, id: "d-2", host: "shop.example.org", verified: true, verified_at: "2026-01-03T00:00:00Z" };

describe("DomainList", { timeout: 20000 }, () => {
  it("shows the TXT record of a pending domain, verifies it, and removes after confirmation", async () => {
    const onVerify = vi.fn(async () => {});
    const onRemove = vi.fn(async () => {});
    render(<DomainList domains={[primary, pending, verified]} onVerify={onVerify} onRemove={onRemove} />);

    const p = screen.getByRole("listitem", { name: "demo.localhost" });
    expect(p).toHaveTextContent("Primary");
    expect(within(p).queryByRole("button")).not.toBeInTheDocument();

    const row = screen.getByRole("listitem", { name: "market.example.com" });
    expect(row).toHaveTextContent("Waiting for DNS");
    expect(row).toHaveTextContent("TXT");
    expect(row).toHaveTextContent("_marketplace-verify.market.example.com");
    expect(row).toHaveTextContent("marketplace-verify=abc123");
    await userEvent.click(within(row).getByRole("button", { name: "Verify market.example.com" }));
    expect(onVerify).toHaveBeenCalledWith(pending);

    const done = screen.getByRole("listitem", { name: "shop.example.org" });
    expect(done).toHaveTextContent("Verified");
    expect(done).not.toHaveTextContent("marketplace-verify=");
    expect(within(done).queryByRole("button", { name: /Verify/ })).not.toBeInTheDocument();
    await userEvent.click(within(done).getByRole("button", { name: "Remove shop.example.org" }));
    expect(onRemove).not.toHaveBeenCalled();
    await userEvent.click(within(done).getByRole("button", { name: "Remove" }));
    expect(onRemove).toHaveBeenCalledWith(verified);
  });
});
