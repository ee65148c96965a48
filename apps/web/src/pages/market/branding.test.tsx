import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { Cart } from "../../api/types";
import { CartProvider } from "../../app/cart";
import { accentVars } from "../../lib/color";
import { ToastProvider } from "../../ui";
import { CartGroups } from "./Cart";

const cart: Cart = {
  id: "c1", currency: "USD", item_count: 2, subtotal: 3000, version: 1, notices: null,
  vendors: [
    { vendor_id: "va", vendor_name: "Ann Pots", vendor_logo_url: "/media/local/ann-logo", item_count: 1, subtotal: 2000, weight_grams: 0, lines: [
      { id: "l1", product_id: "p1", variant_id: "x1", product_title: "Bowl", variant_title: "", sku: "B", quantity: 1, unit_price: 2000, line_total: 2000, currency: "USD", available: 5, purchasable: true, weight_grams: 0, thumbnail_url: "/media/local/bowl-160" },
    ] },
    { vendor_id: "vb", vendor_name: "Ben Weaves", vendor_logo_url: null, item_count: 1, subtotal: 1000, weight_grams: 0, lines: [
      { id: "l2", product_id: "p2", variant_id: "x2", product_title: "Scarf", variant_title: "", sku: "S", quantity: 1, unit_price: 1000, line_total: 1000, currency: "USD", available: 5, purchasable: true, weight_grams: 0, thumbnail_url: null },
    ] },
  ],
};

describe("cart branding", () => {
  it("shows each line's thumbnail and each seller's logo, and a placeholder only without an image", () => {
    render(
      <MemoryRouter>
        <ToastProvider>
          <CartProvider>
            <CartGroups cart={cart} />
          </CartProvider>
        </ToastProvider>
      </MemoryRouter>,
    );
    const [pictured, plain] = screen.getAllByTestId("cart-line");
    expect(within(pictured!).getByRole("presentation")).toHaveAttribute("src", "/media/local/bowl-160");
    expect(within(plain!).queryByRole("presentation")).toBeNull();
    expect(within(plain!).getByRole("img", { name: "" })).toHaveTextContent("S");
    const headings = screen.getAllByTestId("vendor-heading");
    expect(headings[0]).toHaveTextContent("Sold by Ann Pots");
    expect(within(headings[0]!).getByTestId("vendor-logo")).toHaveAttribute("src", "/media/local/ann-logo");
    expect(within(headings[1]!).queryByTestId("vendor-logo")).toBeNull();
  });
});

describe("accentVars", () => {
  it("themes a subtree with a valid #rrggbb colour and leaves others alone", () => {
    const v = accentVars("#1a7f5a");
    expect(v["--shop-accent"]).toBe("#1a7f5a");
    expect(v["--brand"]).toBe("#1a7f5a");
    expect(v["--brand-contrast"]).toBe("#ffffff");
    expect(v["--brand-ink"]).toMatch(/^#[0-9a-f]{6}$/);
    expect(accentVars("#fff")).toEqual({});
    expect(accentVars("red")).toEqual({});
    expect(accentVars(null)).toEqual({});
  });
});
