import { expect, test, type Page } from "@playwright/test";
import { apiCall, BASE, marketURL, newPage, register, shoot, signIn as signInAt } from "./helpers";

// Issue 6: a guest buys from two sellers, both sellers fulfil, the buyer sees tracking.
// Two sellers apply and are approved; each has a shipping profile and one active product
// (through the API — the dashboard has no shipping editor). A guest checks out both through the
// UI; the order is manual-payment and spans two sellers, so the operator marks it paid in
// /admin/orders; each seller then opens its part in /sell → Orders and creates a shipment with a carrier and tracking number; the guest's order page then shows both.

const run = `f${Date.now().toString(36)}`;
const slug = `ship-${run}`;
const MARKET = marketURL(slug);
const operator = { name: "Olga Operator", email: `op-${run}@example.com`, password: `Op-${run}-long-password!` };
const guestEmail = `guest-${run}@example.com`;

type Seller = { key: string; name: string; email: string; password: string; shop: string; vendorSlug: string; product: string; sku: string; price: number; carrier: { code: string; name: string }; tracking: string; productId: string };
const sellers: Seller[] = [
  { key: "a", name: "Ann Potter", email: `ann-${run}@example.com`, password: `An-${run}-long-password!`, shop: `Ann Pots ${run}`, vendorSlug: `ann-${run}`, product: `Blue Bowl ${run}`, sku: `BOWL-${run}`, price: 2000, carrier: { code: "ups", name: "UPS" }, tracking: `1Z${run.toUpperCase()}A1`, productId: "" },
  { key: "b", name: "Ben Weaver", email: `ben-${run}@example.com`, password: `Be-${run}-long-password!`, shop: `Ben Weaves ${run}`, vendorSlug: `ben-${run}`, product: `Wool Scarf ${run}`, sku: `SCARF-${run}`, price: 3500, carrier: { code: "usps", name: "USPS" }, tracking: `9400${run.toUpperCase()}B2`, productId: "" },
];

const signIn = (page: Page, email: string, password: string, next = "/") => signInAt(page, MARKET, email, password, next);

test.describe.serial("fulfilment", () => {
  // The guest's tab: the order token lives in its sessionStorage, so it's kept across steps.
  let guest: Page;
  let orderId = "";
  let orderNumber = "";

  test.afterAll(async () => {
    await guest?.context().close();
  });

  test("a marketplace exists with an operator", async ({ page }) => {
    const res = await page.request.post(`${BASE}/api/v1/platform/signup`, { data: { name: `Ship ${run}`, slug, operator_name: operator.name, email: operator.email, password: operator.password } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  });

  test("two sellers apply and the operator approves both", async ({ browser }) => {
    for (const s of sellers) {
      const page = await newPage(browser);
      await register(page, MARKET, s);
      await page.goto(`${MARKET}/sell/apply`);
      await page.getByLabel("Shop name").fill(s.shop);
      await page.getByLabel("Storefront address").fill(s.vendorSlug);
      await page.getByLabel("About your shop").fill("Made by hand.");
      await page.getByLabel("Business country").selectOption("US");
      await page.getByRole("button", { name: "Submit application" }).click();
      await expect(page.getByRole("heading", { name: "Application sent" })).toBeVisible();
      await page.context().close();
    }
    const page = await newPage(browser);
    await signIn(page, operator.email, operator.password, "/admin/vendors");
    await page.goto(`${MARKET}/admin/vendors`);
    for (const s of sellers) {
      const row = page.getByRole("row", { name: new RegExp(s.shop) });
      await expect(row).toBeVisible();
      await row.getByRole("button", { name: "Approve" }).click();
      await expect(page.getByText(`${s.shop} approved.`)).toBeVisible();
    }
    await page.context().close();
  });

  test("each seller has a shipping profile and an active product", async ({ browser }) => {
    for (const s of sellers) {
      const page = await newPage(browser);
      await signIn(page, s.email, s.password, "/sell");
      await page.goto(`${MARKET}/sell`);
      await expect(page.getByText("Your shop is open")).toBeVisible();
      const mine = (await apiCall(page, "GET", "/api/v1/seller/vendors")).json as { items: { vendor: { id: string } }[] };
      const vendorId = mine.items[0]!.vendor.id;
      const prof = await apiCall(page, "POST", `/api/v1/seller/vendors/${vendorId}/shipping-profiles`, {
        name: "Default", currency: "USD", is_default: true, ship_from_country: "US", return_window_days: 30,
        zones: [{ name: "United States", countries: ["US"], rates: [{ id: "standard", kind: "flat", name: "Standard", amount: 500, min_days: 3, max_days: 5 }] }],
      });
      expect(prof.status, JSON.stringify(prof.json)).toBeLessThan(300);
      const prod = await apiCall(page, "POST", `/api/v1/seller/vendors/${vendorId}/products`, {
        title: s.product, status: "active", variants: [{ sku: s.sku, price: s.price, stock: 5 }],
      });
      expect(prod.status, JSON.stringify(prod.json)).toBeLessThan(300);
      s.productId = (prod.json as { id: string }).id;
      await page.context().close();
    }
  });

  test("a guest buys from both sellers and checks out", async ({ browser }) => {
    guest = await newPage(browser);
    const page = guest;
    for (const [i, s] of sellers.entries()) {
      await page.goto(`${MARKET}/p/${s.productId}`);
      await expect(page.getByRole("heading", { name: s.product })).toBeVisible();
      const added = page.waitForResponse((r) => r.url().includes("/api/v1/carts/current/lines") && r.request().method() === "POST");
      await page.getByRole("button", { name: "Add to cart" }).click();
      const res = await added;
      expect(res.status(), await res.text()).toBeLessThan(300);
      await expect(page.getByTestId("cart-count")).toHaveText(String(i + 1));
    }
    await page.goto(`${MARKET}/cart`);
    await expect(page.getByTestId("cart-line")).toHaveCount(2);
    await expect(page.getByTestId("grand-total")).toHaveText("$55.00");
    await page.getByRole("button", { name: "Check out" }).click();

    await page.getByLabel("Email", { exact: true }).fill(guestEmail);
    await page.getByLabel("Full name").fill("Gina Guest");
    await page.getByLabel("Street address").fill("1 Main Street");
    await page.getByLabel("City").fill("Springfield");
    await page.getByLabel("State").selectOption("IL");
    await page.getByLabel("ZIP code").fill("62701");
    await page.getByRole("button", { name: "Continue to shipping" }).click();
    const rates = page.getByRole("radio", { name: /Standard/ });
    await expect(rates).toHaveCount(2);
    await expect(rates.nth(0)).toBeChecked();
    await expect(rates.nth(1)).toBeChecked();
    await page.getByRole("button", { name: "Place order" }).click();
    const thanks = page.getByText(/Thank you! Order .* is placed\./);
    await expect(thanks).toBeVisible();
    orderNumber = /Order (\S+) is placed/.exec((await thanks.textContent()) ?? "")![1]!;
    const m = /\/orders\/([^/]+)\/confirmation/.exec(new URL(page.url()).pathname);
    expect(m, page.url()).not.toBeNull();
    orderId = m![1]!;
    for (const s of sellers) await expect(page.getByText(s.product)).toBeVisible();
    await expect(page.getByTestId("cart-count")).toHaveText("0");
  });

  test("the operator records the bank transfer (multi-seller orders are marked paid by the operator)", async ({ page }) => {
    await signIn(page, operator.email, operator.password, "/admin/orders");
    await page.goto(`${MARKET}/admin/orders`);
    await page.getByRole("link", { name: `#${orderNumber}`, exact: true }).click();
    await expect(page.getByRole("heading", { name: `Order #${orderNumber}`, level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Mark paid" }).click();
    await expect(page.getByText("Marked as paid.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Mark paid" })).toHaveCount(0);
  });

  for (const s of sellers) {
    test(`seller ${s.key} ships its part with a carrier and tracking number`, async ({ page }) => {
      await signIn(page, s.email, s.password, "/sell");
      await page.goto(`${MARKET}/sell`);
      await page.getByRole("navigation", { name: "Seller dashboard" }).getByRole("link", { name: "Orders" }).click();
      // The seller sees its own part of the order: "#{order number}-{n}".
      const link = page.getByRole("link", { name: new RegExp(`^#${orderNumber}-\\d+$`) });
      await expect(link).toHaveCount(1);
      await link.click();
      await expect(page.getByRole("heading", { name: /^Order #/ })).toBeVisible();
      await expect(page.getByText(s.product).first()).toBeVisible();
      for (const other of sellers.filter((o) => o !== s)) await expect(page.getByText(other.product)).toHaveCount(0);

      await expect(page.getByRole("button", { name: "Mark paid" })).toHaveCount(0);
      const form = page.getByRole("form", { name: "Create shipment" });
      await expect(form).toBeVisible();
      await form.getByLabel("Carrier").selectOption(s.carrier.code);
      await form.getByLabel("Tracking number").fill(s.tracking);
      await shoot(page, `sell-fulfil-${s.key}`);
      await form.getByRole("button", { name: "Create shipment" }).click();
      await expect(page.getByText("Shipment created.", { exact: false })).toBeVisible();
      const shipments = page.locator(".card", { has: page.getByRole("heading", { name: "Shipments" }) });
      await expect(shipments.getByRole("link", { name: s.tracking })).toBeVisible();
      await expect(form).toHaveCount(0);
      await expect(page.getByText("shipped", { exact: true }).first()).toBeVisible();
      await shoot(page, `sell-shipped-${s.key}`);
    });
  }

  test("the guest sees both shipments with tracking", async () => {
    const page = guest;
    // A fresh navigation (no router state) reloads the order with the token kept at checkout.
    await page.goto(`${MARKET}/orders/${orderId}/confirmation`);
    await expect(page.getByText(/Order .* is placed\./)).toBeVisible();
    const tracking = page.getByTestId("tracking");
    await expect(tracking).toHaveCount(2);
    for (const s of sellers) {
      const item = tracking.filter({ hasText: s.tracking });
      // The shipment names its carrier ("UPS", not the code "ups"); the link goes to its tracking page.
      await expect(item).toContainText(new RegExp(`^${s.carrier.name}:`));
      const link = item.getByRole("link", { name: s.tracking });
      await expect(link).toHaveAttribute("href", new RegExp(s.tracking));
    }
    await shoot(page, "buyer-tracking");
  });
});
