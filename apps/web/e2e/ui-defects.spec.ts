import { expect, test, type Page } from "@playwright/test";
import { apiCall, marketURL, newPage, shoot, signIn as signInAt } from "./helpers";

// Web UI defects of issue 14 (item 8) on the seeded demo marketplace: per-page titles, an
// anonymous visitor's console, tables and dashboard tabs at 375 px, the seller dashboard of an
// approved shop owner, attribute labels and the cart's tax line.

const MARKET = marketURL("demo");
const operator = { email: "operator@demo.example", password: "demo-operator-2026" };
const owner = { email: "seller1@demo.example", password: "demo-seller-2026" };
const signIn = (page: Page, email: string, password: string, next = "/") => signInAt(page, MARKET, email, password, next);

interface ProductSummary { id: string; slug: string; title: string; vendor_id: string; attributes: Record<string, unknown> }

async function marketName(page: Page): Promise<string> {
  const site = (await apiCall(page, "GET", "/api/v1/site")).json as { tenant: { name: string } };
  return site.tenant.name;
}

test.describe("web ui defects", () => {
  test("every page names itself in the browser tab, then the marketplace", async ({ page }) => {
    await page.goto(`${MARKET}/`);
    const name = await marketName(page);
    await expect(page).toHaveTitle(name);
    const products = ((await apiCall(page, "GET", "/api/v1/products?limit=5")).json as { items: ProductSummary[] }).items;
    const p = products[0]!;
    const cats = (await apiCall(page, "GET", "/api/v1/categories")).json as { items: { slug: string; name: string }[] };
    const vendors = (await apiCall(page, "GET", "/api/v1/vendors")).json as { items: { id: string; slug: string; name: string }[] };
    const shop = vendors.items[0]!;

    const pages: [string, string][] = [
      [`/p/${p.slug}`, p.title],
      [`/c/${cats.items[0]!.slug}`, cats.items[0]!.name],
      [`/v/${shop.slug}`, shop.name],
      ["/cart", "Your cart"],
      ["/checkout", "Checkout"],
      ["/sign-in", "Sign in"],
      ["/no-such-page", "Page not found"],
    ];
    for (const [path, title] of pages) {
      await page.goto(`${MARKET}${path}`);
      await expect(page, path).toHaveTitle(`${title} · ${name}`);
    }

    await signIn(page, operator.email, operator.password, "/admin/orders");
    await page.goto(`${MARKET}/admin/orders`);
    await expect(page).toHaveTitle(`Orders · Operator console · ${name}`);
    await page.goto(`${MARKET}/account`);
    await expect(page).toHaveTitle(`Profile · Your account · ${name}`);
    // The operator has no shop: the dashboard names itself until a page does.
    await page.goto(`${MARKET}/sell/orders`);
    await expect(page).toHaveTitle(`Seller dashboard · ${name}`);
    await page.context().clearCookies();
    await signIn(page, owner.email, owner.password, "/sell/orders");
    await page.goto(`${MARKET}/sell/orders`);
    await expect(page).toHaveTitle(`Orders · Seller dashboard · ${name}`);
  });

  test("an anonymous visitor's pages log no error and ask nothing that answers 401", async ({ browser }) => {
    const page = await newPage(browser);
    const errors: string[] = [];
    const refused: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() === 401 || r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
    });
    await page.goto(`${MARKET}/`);
    const products = ((await apiCall(page, "GET", "/api/v1/products?limit=1")).json as { items: ProductSummary[] }).items;
    for (const path of ["/", "/search?q=speaker", `/p/${products[0]!.slug}`, "/cart", "/checkout", "/sign-in", "/register"]) {
      await page.goto(`${MARKET}${path}`);
      await page.waitForLoadState("networkidle");
      // The header has settled on the signed-out links.
      await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
    }
    expect(refused, "requests refused for the visitor").toEqual([]);
    expect(errors, "console errors").toEqual([]);
    await page.context().close();
  });

  test("at 375 px a wide table scrolls inside its card, its first column stays in view, and the console's tabs all show", async ({ page }) => {
    await signIn(page, operator.email, operator.password, "/admin/vendors?status=approved");
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${MARKET}/admin/vendors?status=approved`);
    const table = page.getByRole("table", { name: "Sellers" });
    await expect(table.getByRole("row")).not.toHaveCount(1);
    await shoot(page, "ui-admin-vendors");
    await page.setViewportSize({ width: 375, height: 812 });

    // The page itself never scrolls sideways: the table does, inside its wrapper.
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(pageOverflow, "page wider than the screen").toBeLessThanOrEqual(0);
    const wrap = page.locator(".table-wrap").filter({ has: table });
    const widths = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(widths.right).toBeLessThanOrEqual(375);
    expect(widths.scroll, "the table is wider than a phone: it must scroll").toBeGreaterThan(widths.client);

    // Scrolled to its end, the last column is on screen and the first (the shop) still is.
    await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    const last = table.getByRole("columnheader", { name: "Actions" });
    const first = table.getByRole("row").nth(1).getByRole("cell").first();
    const lastBox = (await last.boundingBox())!;
    const firstBox = (await first.boundingBox())!;
    expect(lastBox.x + lastBox.width, "last column cut off").toBeLessThanOrEqual(375 + 1);
    expect(lastBox.x).toBeGreaterThanOrEqual(0);
    expect(firstBox.x, "first column scrolled away").toBeGreaterThanOrEqual(0);
    await expect(first).toBeInViewport();

    // Every tab of the console is on screen without scrolling the strip.
    const tabs = page.getByRole("navigation", { name: "Operator console" }).getByRole("link");
    expect(await tabs.count()).toBeGreaterThan(5);
    for (const tab of await tabs.all()) {
      const b = (await tab.boundingBox())!;
      expect(b.x, await tab.textContent() ?? "").toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, `${await tab.textContent()} overflows`).toBeLessThanOrEqual(375 + 1);
    }
  });

  test("an approved shop owner is not asked to apply to sell", async ({ page }) => {
    await signIn(page, owner.email, owner.password, "/sell");
    await page.goto(`${MARKET}/sell`);
    await expect(page.getByText("Your shop is open")).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Seller dashboard" });
    await expect(nav.getByRole("link", { name: "Your shop" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Apply to sell" })).toHaveCount(0);
    await page.goto(`${MARKET}/`);
    await expect(page.getByRole("link", { name: "Apply to sell" })).toHaveCount(0);
    await expect(page.locator(".hero").getByRole("link", { name: "Your shop" })).toBeVisible();
  });

  test("attributes read as labels, units and Yes/No; the cart says tax comes at checkout", async ({ page }) => {
    await page.goto(`${MARKET}/`);
    const items = ((await apiCall(page, "GET", "/api/v1/products?limit=100")).json as { items: ProductSummary[] }).items;
    const withBool = items.find((p) => Object.values(p.attributes ?? {}).some((v) => typeof v === "boolean"));
    expect(withBool, "a demo product with a yes/no attribute").toBeTruthy();
    await page.goto(`${MARKET}/p/${withBool!.slug}`);
    const dl = page.getByTestId("attributes");
    await expect(dl).toBeVisible();
    const text = (await dl.textContent()) ?? "";
    expect(text).not.toMatch(/true|false/);
    expect(text).toMatch(/Yes|No/);
    for (const key of Object.keys(withBool!.attributes).filter((k) => k.includes("_"))) expect(text).not.toContain(key);

    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await page.goto(`${MARKET}/cart`);
    await expect(page.getByTestId("tax")).toHaveText("Calculated at checkout");
    await expect(page.getByTestId("totals")).toContainText("Estimated total (before shipping and tax)");
  });
});
