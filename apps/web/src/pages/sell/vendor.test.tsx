import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useVendorCtx, VendorProvider } from "./vendor";
import { WithQueryClient } from "../../test/queryClient";

vi.mock("../../api/client", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../api/client")>();
  return { ...m, api: m.makeClient({ baseUrl: "http://test" }) };
});

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const shop = (id: string, name: string) => ({ role: "owner", vendor: { id, name, slug: id, status: "approved", contact_email: `${id}@example.com` } });

function Current() {
  return <p>managing {useVendorCtx().current?.vendor.name}</p>;
}

function renderAt(url: string) {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ items: [shop("v1", "First Shop"), shop("v2", "Second Shop")] }), { headers: { "Content-Type": "application/json" } })));
  render(
    <WithQueryClient><MemoryRouter initialEntries={[url]}>
      <VendorProvider>
        <Current />
      </VendorProvider>
    </MemoryRouter></WithQueryClient>,
  );
}

describe("VendorProvider", () => {
  it("manages the shop an email link names (?vendor=), over the one chosen last time", async () => {
    localStorage.setItem("sell:vendor", "v1");
    renderAt("/sell/orders/vo1?vendor=v2");
    expect(await screen.findByText("managing Second Shop")).toBeTruthy();
    expect(localStorage.getItem("sell:vendor")).toBe("v2");
  });

  it("keeps the shop chosen last time without a link", async () => {
    localStorage.setItem("sell:vendor", "v2");
    renderAt("/sell");
    expect(await screen.findByText("managing Second Shop")).toBeTruthy();
  });
});
