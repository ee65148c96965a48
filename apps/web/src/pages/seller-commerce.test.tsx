import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Cart, Carrier, VendorOrder } from "../api/types";
import { CartProvider, summarizeCart } from "../app/cart";
import { MiniCart } from "../app/chrome";
import { carrierName, trackingHref, withCarrierNames } from "../lib/carriers";
import { ToastProvider } from "../ui";
import { locationBody, movementChange } from "./sell/Locations";
import { sellerMayMarkPaid, ShipmentItem } from "./sell/SellOrderDetail";
import { ShippingPage } from "./sell/Shipping";
import { describeRate, draftToBody, emptyProfile, emptyRate, emptyZone, profileToDraft, type ProfileDraft, type ShippingProfile } from "./sell/shipping-form";
import { VendorProvider } from "./sell/vendor";
import { WithQueryClient } from "../test/queryClient";

// The app's client has a relative base URL, which Node's Request cannot resolve: give the pages
// the same client with an absolute base; requests still go through the stubbed global fetch.
vi.mock("../api/client", async (importOriginal) => {
  const m = await importOriginal<typeof import("../api/client")>();
  return { ...m, api: m.makeClient({ baseUrl: "http://test" }) };
});

const SLOW = { timeout: 5000 };

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

function json(body: unknown, status = 200) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

/** A fetch stub answering by "METHOD path", recording every request with its JSON body. */
function stubApi(routes: Record<string, (body: unknown) => Response>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetch = vi.fn(async (req: Request) => {
    const path = new URL(req.url, "http://x").pathname;
    const text = req.method === "GET" ? "" : await req.text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ method: req.method, path, body });
    const route = routes[`${req.method} ${path}`];
    return route ? route(body) : json({ status: 404, title: "Not Found" }, 404);
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

describe("shipping profile form → request body", () => {
  const draft = (patch: Partial<ProfileDraft> = {}): ProfileDraft => ({ ...emptyProfile("US", "USD"), ...patch });

  it("turns typed money into integer minor units for every kind of rate", () => {
    const d = draft({ name: " Standard ", returnWindowDays: "14", isDefault: true, lat: "40.7128", lon: "-74.006" });
    d.zones = [
      {
        ...emptyZone("US"),
        regions: "CA, NY",
        postcodes: "9*, 100??",
        rates: [
          { ...emptyRate("flat", "Standard"), amount: "4.99", freeOver: "1,250.00" },
          { ...emptyRate("weight", "By weight"), bands: [{ limit: "500", amount: "3" }, { limit: "2000", amount: "7.5" }] },
          { ...emptyRate("value", "By value"), bands: [{ limit: "", amount: "9.99" }, { limit: "50", amount: "0" }] },
          { ...emptyRate("distance", "Courier"), bands: [{ limit: "25", amount: "12.00" }], minDays: "0", maxDays: "1" },
        ],
      },
      { ...emptyZone(), name: "World", everywhere: true, countries: ["FR"], rates: [{ ...emptyRate("flat", "Intl"), amount: "20" }] },
    ];
    const res = draftToBody(d);
    expect(res.errors).toBeNull();
    expect(res.body).toEqual({
      name: "Standard",
      ship_from_country: "US",
      currency: "USD",
      is_default: true,
      ship_from_lat: 40.7128,
      ship_from_lon: -74.006,
      return_window_days: 14,
      zones: [
        {
          name: "Domestic",
          countries: ["US"],
          regions: ["CA", "NY"],
          postcodes: ["9*", "100??"],
          rates: [
            { id: "standard", name: "Standard", kind: "flat", amount: 499, free_over: 125000, min_days: 2, max_days: 5 },
            { id: "by-weight", name: "By weight", kind: "weight", bands: [{ up_to: 500, amount: 300 }, { up_to: 2000, amount: 750 }], min_days: 2, max_days: 5 },
            { id: "by-value", name: "By value", kind: "value", bands: [{ from: 0, amount: 999 }, { from: 5000, amount: 0 }], min_days: 2, max_days: 5 },
            { id: "courier", name: "Courier", kind: "distance", bands: [{ up_to: 25, amount: 1200 }], min_days: 0, max_days: 1 },
          ],
        },
        { name: "World", countries: ["*"], rates: [{ id: "intl", name: "Intl", kind: "flat", amount: 2000, min_days: 2, max_days: 5 }] },
      ],
    });
    // Never a float anywhere money goes.
    const amounts = JSON.stringify(res.body).match(/"(amount|from|free_over)":[^,}]+/g) ?? [];
    for (const a of amounts) expect(a).toMatch(/:\d+$/);
  });

  it("uses the currency's minor digits (JPY has none)", () => {
    const d = draft({ currency: "JPY" });
    d.zones[0]!.rates[0]!.amount = "800";
    expect(draftToBody(d).body?.zones?.[0]?.rates?.[0]?.amount).toBe(800);
    d.zones[0]!.rates[0]!.amount = "8.5";
    expect(draftToBody(d).errors).toEqual({ "zones[0].rates[0].amount": expect.any(String) });
  });

  it("reports bad input under the API's field locations", () => {
    const d = draft({ name: "", currency: "US", lat: "95", lon: "" });
    d.zones = [
      {
        ...emptyZone(),
        name: "",
        countries: [],
        postcodes: "SW1[",
        rates: [
          { ...emptyRate("flat", "A"), id: "a", amount: "-1", minDays: "5", maxDays: "2" },
          { ...emptyRate("weight", "B"), id: "a", bands: [{ limit: "1.5", amount: "x" }] },
          { ...emptyRate("distance", "C"), bands: [] },
        ],
      },
    ];
    const { errors } = draftToBody(d);
    expect(Object.keys(errors ?? {}).sort()).toEqual(
      [
        "name",
        "currency",
        "ship_from_lat",
        "ship_from_lon",
        "zones[0].name",
        "zones[0].countries",
        "zones[0].postcodes",
        "zones[0].rates[0].amount",
        "zones[0].rates[0].max_days",
        "zones[0].rates[1].id",
        "zones[0].rates[1].bands[0].up_to",
        "zones[0].rates[1].bands[0].amount",
        "zones[0].rates[2].bands",
      ].sort(),
    );
    const noCoords = draft();
    noCoords.zones[0]!.rates = [{ ...emptyRate("distance", "Local"), bands: [{ limit: "10", amount: "5" }] }];
    expect(draftToBody(noCoords).errors).toEqual({ "zones[0].rates[0].kind": "Distance rates need the ship-from coordinates." });
  });

  it("round-trips a saved profile through the editor unchanged", () => {
    const saved: ShippingProfile = {
      id: "p1", vendor_id: "v1", name: "EU", is_default: false, ship_from_country: "DE", ship_from_lat: 52.52, ship_from_lon: 13.405,
      return_window_days: 30, currency: "EUR", updated_at: "2026-01-01T00:00:00Z",
      zones: [{ name: "EU", countries: ["DE", "FR"], postcodes: ["1*"], rates: [
        { id: "std", name: "Standard", kind: "value", bands: [{ from: 0, amount: 590 }, { from: 4900, amount: 0 }], min_days: 1, max_days: 3 },
        { id: "km", name: "Courier", kind: "distance", bands: [{ up_to: 30, amount: 1500 }], free_over: 20000, min_days: 0, max_days: 0 },
      ] }],
    };
    const { body } = draftToBody(profileToDraft(saved));
    expect(body).toEqual({
      name: "EU", ship_from_country: "DE", currency: "EUR", ship_from_lat: 52.52, ship_from_lon: 13.405, return_window_days: 30,
      zones: [{ name: "EU", countries: ["DE", "FR"], postcodes: ["1*"], rates: saved.zones![0]!.rates }],
    });
    expect(describeRate(saved.zones![0]!.rates![0]!, "EUR")).toBe("Standard: from €0.00 €5.90, from €49.00 €0.00, 1–3 days");
    expect(describeRate(saved.zones![0]!.rates![1]!, "EUR")).toBe("Courier: ≤30 km €15.00; free over €200.00, 0 days");
  });
});

// These render whole pages; allow for a busy machine.
describe("shipping page", { timeout: 20_000 }, () => {
  const vendor = { role: "owner", vendor: { id: "v1", name: "Pots", slug: "pots", status: "approved", country: "US", contact_email: "p@x.co" } };

  function renderPage() {
    return render(
      <WithQueryClient><MemoryRouter>
        <ToastProvider>
          <VendorProvider>
            <ShippingPage />
          </VendorProvider>
        </ToastProvider>
      </MemoryRouter></WithQueryClient>,
    );
  }

  it("creates a profile with the typed prices in minor units", async () => {
    const calls = stubApi({
      "GET /api/v1/seller/vendors": () => json({ items: [vendor] }),
      "GET /api/v1/seller/vendors/v1/shipping-profiles": () => json({ profiles: [] }),
      "POST /api/v1/seller/vendors/v1/shipping-profiles": (b) => json({ ...(b as object), id: "p1", vendor_id: "v1", is_default: true, return_window_days: 30, updated_at: "2026-01-01T00:00:00Z" }, 201),
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Create a shipping profile" }, SLOW));
    await userEvent.type(screen.getByLabelText("Price"), "4.50");
    await userEvent.type(screen.getByLabelText(/Free over/), "75");
    await userEvent.click(screen.getByRole("button", { name: "Create profile" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true), SLOW);
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toMatchObject({
      name: "Standard shipping",
      ship_from_country: "US",
      currency: "USD",
      zones: [{ name: "Domestic", countries: ["US"], rates: [{ id: "standard", kind: "flat", amount: 450, free_over: 7500, min_days: 2, max_days: 5 }] }],
    });
  });

  it("shows the API's problem details next to the fields they name", async () => {
    stubApi({
      "GET /api/v1/seller/vendors": () => json({ items: [vendor] }),
      "GET /api/v1/seller/vendors/v1/shipping-profiles": () => json({ profiles: [] }),
      "POST /api/v1/seller/vendors/v1/shipping-profiles": () =>
        json({ status: 422, title: "Unprocessable Entity", detail: "validation failed", errors: [
          { location: "body.zones[0].rates[0].max_days", message: "must be at least min_days" },
          { location: "body.zones[0].countries", message: "unknown country" },
        ] }, 422),
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "New profile" }, SLOW));
    await userEvent.type(screen.getByLabelText("Price"), "5");
    await userEvent.click(screen.getByRole("button", { name: "Create profile" }));
    const maxDays = screen.getByLabelText("Delivery to (days)");
    await waitFor(() => expect(maxDays).toHaveAttribute("aria-invalid", "true"), SLOW);
    expect(maxDays).toHaveAccessibleDescription(/must be at least min_days/);
    expect(screen.getByText("unknown country")).toBeInTheDocument();
  });

  it("checks the form before sending anything", async () => {
    const calls = stubApi({
      "GET /api/v1/seller/vendors": () => json({ items: [vendor] }),
      "GET /api/v1/seller/vendors/v1/shipping-profiles": () => json({ profiles: [] }),
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "New profile" }, SLOW));
    await userEvent.type(screen.getByLabelText("Price"), "4.999");
    await userEvent.click(screen.getByRole("button", { name: "Create profile" }));
    await waitFor(() => expect(screen.getByLabelText("Price")).toHaveAttribute("aria-invalid", "true"), SLOW);
    expect(calls.filter((c) => c.method !== "GET")).toEqual([]);
  });
});

const cart: Cart = {
  id: "c1", currency: "USD", item_count: 4, subtotal: 9399, version: 3, notices: null,
  vendors: [
    { vendor_id: "va", vendor_name: "Ann Pots", vendor_logo_url: "/media/local/ann-logo", item_count: 3, subtotal: 6000, weight_grams: 0, lines: [
      { id: "l1", product_id: "p1", variant_id: "x1", product_title: "Bowl", variant_title: "Blue", sku: "B", quantity: 2, unit_price: 2000, line_total: 4000, currency: "USD", available: 5, purchasable: true, weight_grams: 0, thumbnail_url: "/media/local/bowl-160" },
      { id: "l2", product_id: "p2", variant_id: "x2", product_title: "Cup", variant_title: "", sku: "C", quantity: 1, unit_price: 2000, line_total: 2000, currency: "USD", available: 0, purchasable: false, weight_grams: 0, thumbnail_url: null },
    ] },
    { vendor_id: "vb", vendor_name: "Ben Weaves", vendor_logo_url: null, item_count: 1, subtotal: 3399, weight_grams: 0, lines: [
      { id: "l3", product_id: "p3", variant_id: "x3", product_title: "Scarf", variant_title: "", sku: "S", quantity: 1, unit_price: 3399, line_total: 3399, currency: "USD", available: 2, purchasable: true, weight_grams: 0, thumbnail_url: null },
    ] },
    { vendor_id: "vc", vendor_name: "Empty", vendor_logo_url: null, item_count: 0, subtotal: 0, weight_grams: 0, lines: null },
  ],
};

describe("mini-cart", { timeout: 20_000 }, () => {
  it("groups lines by seller with their totals and the cart total", () => {
    const s = summarizeCart(cart);
    expect(s.total).toBe(9399);
    expect(s.itemCount).toBe(4);
    expect(s.groups.map((g) => [g.vendorName, g.itemCount, g.subtotal, g.lines.map((l) => [l.title, l.quantity, l.lineTotal, l.unavailable])])).toEqual([
      ["Ann Pots", 3, 6000, [["Bowl", 2, 4000, false], ["Cup", 1, 2000, true]]],
      ["Ben Weaves", 1, 3399, [["Scarf", 1, 3399, false]]],
    ]);
    expect(summarizeCart(null)).toMatchObject({ itemCount: 0, groups: [] });
  });

  function renderCart() {
    return render(
      <WithQueryClient><MemoryRouter>
        <CartProvider>
          <MiniCart />
          <button type="button">elsewhere</button>
        </CartProvider>
      </MemoryRouter></WithQueryClient>,
    );
  }

  it("opens from the header button, is keyboard friendly and closes on Escape or an outside click", async () => {
    stubApi({ "GET /api/v1/carts/current": () => json(cart) });
    renderCart();
    const button = await screen.findByRole("button", { name: "Cart, 4 items" }, SLOW);
    expect(screen.getByTestId("cart-count")).toHaveTextContent("4");
    expect(button).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    const dialog = screen.getByRole("dialog", { name: "Cart summary" });
    expect(dialog).toHaveFocus();
    expect(button).toHaveAttribute("aria-controls", dialog.id);
    const groups = within(dialog).getAllByTestId("mini-cart-group");
    expect(groups).toHaveLength(2);
    expect(groups[0]).toHaveAccessibleName("Sold by Ann Pots");
    expect(within(groups[0]!).getAllByTestId("mini-cart-line")[0]).toHaveTextContent("2 × Bowl (Blue)$40.00");
    expect(within(groups[0]!).getAllByTestId("mini-cart-line")[1]).toHaveTextContent("unavailable");
    expect(within(dialog).getByTestId("mini-cart-total")).toHaveTextContent("$93.99");
    expect(within(dialog).getByRole("link", { name: "View cart" })).toHaveAttribute("href", "/cart");
    expect(within(dialog).getByRole("link", { name: "Checkout" })).toHaveAttribute("href", "/checkout");

    await userEvent.tab();
    expect(within(dialog).getByRole("link", { name: "View cart" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(button).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(button);
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "elsewhere" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("follows the cart as it changes", async () => {
    let current: Cart = { ...cart, item_count: 0, subtotal: 0, vendors: [] };
    stubApi({
      "GET /api/v1/carts/current": () => json(current),
      "POST /api/v1/carts/current/lines": () => json((current = cart), 201),
    });
    let add: (() => Promise<unknown>) | null = null;
    const { useCart } = await import("../app/cart");
    function Adder() {
      const c = useCart();
      add = () => c.add("x1", 2);
      return null;
    }
    render(
      <WithQueryClient><MemoryRouter>
        <CartProvider>
          <MiniCart />
          <Adder />
        </CartProvider>
      </MemoryRouter></WithQueryClient>,
    );
    const button = await screen.findByRole("button", { name: "Cart, 0 items" }, SLOW);
    await userEvent.click(button);
    expect(screen.getByRole("dialog")).toHaveTextContent("Your cart is empty.");
    await act(async () => {
      await add!();
    });
    expect(screen.getByRole("button", { name: "Cart, 4 items" })).toBeInTheDocument();
    expect(screen.getByTestId("mini-cart-total")).toHaveTextContent("$93.99");
  });
});

describe("seller orders", () => {
  it("offers Mark paid only when the API says the seller may", () => {
    expect(sellerMayMarkPaid({ status: "pending_payment", can_mark_paid: true })).toBe(true);
    // Multi-seller orders: the API leaves can_mark_paid out; the operator marks them paid.
    expect(sellerMayMarkPaid({ status: "pending_payment" })).toBe(false);
    expect(sellerMayMarkPaid({ status: "pending_payment", can_mark_paid: false })).toBe(false);
    expect(sellerMayMarkPaid({ status: "paid", can_mark_paid: true })).toBe(false);
  });

  const carriers: Carrier[] = [
    { code: "ups", name: "UPS", url_template: "https://ups.example/track?n={tracking}" },
    { code: "other", name: "Other", url_template: "" },
  ];

  it("names carriers and links tracking pages", () => {
    expect(carrierName("ups", carriers)).toBe("UPS");
    expect(carrierName("dhl", carriers)).toBe("dhl");
    expect(trackingHref({ carrier: "ups", tracking_number: "1Z 9", tracking_url: "" }, carriers)).toBe("https://ups.example/track?n=1Z%209");
    expect(trackingHref({ carrier: "ups", tracking_number: "1Z", tracking_url: "https://stored" }, carriers)).toBe("https://stored");
    expect(trackingHref({ carrier: "other", tracking_number: "X", tracking_url: "" }, carriers)).toBeNull();
    const order = { id: "o1", vendor_orders: [{ id: "vo1", shipments: [{ id: "s1", carrier: "ups", tracking_number: "1Z", tracking_url: "", created_at: "", lines: null }] }] };
    const named = withCarrierNames(order, carriers);
    expect(named.vendor_orders[0]!.shipments[0]).toMatchObject({ carrier: "UPS", tracking_url: "https://ups.example/track?n=1Z" });
    expect(order.vendor_orders[0]!.shipments[0]!.carrier).toBe("ups");
  });

  it("shows a shipment with the carrier's name", () => {
    const s: NonNullable<VendorOrder["shipments"]>[number] = { id: "s1", carrier: "ups", tracking_number: "1ZAB", tracking_url: "", created_at: "2026-01-02T10:00:00Z", lines: null };
    render(<ul><ShipmentItem shipment={s} carriers={carriers} /></ul>);
    expect(screen.getByRole("listitem")).toHaveTextContent(/^UPS · 1ZAB/);
    expect(screen.getByRole("link", { name: "1ZAB" })).toHaveAttribute("href", "https://ups.example/track?n=1ZAB");
  });
});

describe("stock locations", () => {
  it("builds create and update bodies the API accepts", () => {
    expect(locationBody({ name: " Annex ", country: "DE", is_default: "false" }, true)).toEqual({ name: "Annex", country: "DE", is_default: false });
    // Updates never send is_default=false (the API refuses it).
    expect(locationBody({ name: "Annex", country: "", is_default: "false" }, false)).toEqual({ name: "Annex", country: "" });
    expect(locationBody({ name: "Annex", country: "", is_default: "true" }, false)).toEqual({ name: "Annex", country: "", is_default: true });
    expect(() => locationBody({ name: " ", country: "" }, true)).toThrow();
  });
  it("describes movements", () => {
    expect(movementChange({ on_hand_delta: 5, reserved_delta: 0 })).toBe("+5");
    expect(movementChange({ on_hand_delta: -2, reserved_delta: 0 })).toBe("−2");
    expect(movementChange({ on_hand_delta: 0, reserved_delta: 3 })).toBe("+3 reserved");
  });
});
