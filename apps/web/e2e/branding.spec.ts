import { expect, test, type Page } from "@playwright/test";
import { apiCall, BASE, marketURL, newPage, shoot, signIn } from "./helpers";

// Issue 14, items 3 and 8: a seller's logo and accent colour brand its storefront, its logo is
// shown beside "Sold by" on product pages and on its group in the cart, and cart lines show the
// product's thumbnail rather than a letter. Nothing overflows at 375 px.

const run = Date.now().toString(36);
const slug = `brand-${run}`;
const MARKET = marketURL(slug);
const vendorSlug = `kiln-${run}`;
const STORE = marketURL(slug, vendorSlug);
const shopName = `Kiln ${run}`;
const accent = "#1a7f5a";
const operator = { email: `op-${run}@example.com`, password: `Op-${run}-long-password!` };
const seller = { email: `seller-${run}@example.com`, password: `Se-${run}-long-password!` };
const productTitle = `Ash Vase ${run}`;

// An 8×8 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4UWGDFTEMLQkAQfNfAVTFtrMAAAAASUVORK5CYII=", "base64");

/** Uploads PNG as an image of owner through the media api, from the signed-in page. */
async function uploadImage(page: Page, owner: { owner_kind: string; owner_id: string; vendor_id: string }): Promise<string> {
  return page.evaluate(
    async ({ owner, bytes }) => {
      const csrf = decodeURIComponent(document.cookie.split("; ").find((c) => c.startsWith("mk_csrf="))?.slice(8) ?? "");
      const headers = { "Content-Type": "application/json", "X-CSRF-Token": csrf };
      const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const up = await (await fetch("/api/v1/media/uploads", { method: "POST", credentials: "include", headers, body: JSON.stringify({ ...owner, filename: "p.png", content_type: "image/png", size: data.length }) })).json();
      const put = await fetch(up.upload_url, { method: up.method, headers: up.headers, body: data });
      if (!put.ok) throw new Error(`upload PUT ${put.status}`);
      const done = await fetch(`/api/v1/media/${up.id}/complete`, { method: "POST", credentials: "include", headers });
      if (!done.ok) throw new Error(`complete ${done.status}: ${await done.text()}`);
      return up.id as string;
    },
    { owner, bytes: PNG.toString("base64") },
  );
}

/** The page is no wider than the viewport (nothing scrolls sideways at 375 px). */
async function expectNoOverflow(page: Page, name: string) {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForLoadState("networkidle").catch(() => {});
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
  expect(widths.doc, `${name}: page ${widths.doc}px wide at ${widths.view}px`).toBeLessThanOrEqual(widths.view);
  expect(widths.body, `${name}: body ${widths.body}px wide at ${widths.view}px`).toBeLessThanOrEqual(widths.view);
  await shoot(page, name);
}

test.describe.serial("storefront branding", () => {
  let vendorId = "";

  test("a marketplace with an approved seller and a product with an image", async ({ page }) => {
    const signup = await page.request.post(`${BASE}/api/v1/platform/signup`, { data: { name: `Brand ${run}`, slug, operator_name: "Olga", email: operator.email, password: operator.password } });
    expect(signup.status(), await signup.text()).toBeLessThan(300);
    // From the page: Node does not resolve *.localhost, the browser does. Registering answers the
    // same for every email and opens no session, so the seller then signs in.
    await page.goto(`${MARKET}/`);
    const reg = await apiCall(page, "POST", "/api/v1/auth/register", { email: seller.email, password: seller.password, name: "Sam Seller" });
    expect(reg.status, JSON.stringify(reg.json)).toBeLessThan(300);
    await signIn(page, MARKET, seller.email, seller.password);
    const applied = await apiCall(page, "POST", "/api/v1/vendors", { name: shopName, slug: vendorSlug, description: "Wood-fired stoneware.", contact_email: seller.email, country: "US" });
    expect(applied.status, JSON.stringify(applied.json)).toBe(201);
    vendorId = (applied.json as { vendor: { id: string } }).vendor.id;

    const op = await newPage(page.context().browser()!);
    await signIn(op, MARKET, operator.email, operator.password);
    const approved = await apiCall(op, "POST", `/api/v1/admin/vendors/${vendorId}/approve`);
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    await op.context().close();

    const created = await apiCall(page, "POST", `/api/v1/seller/vendors/${vendorId}/products`, {
      title: productTitle, status: "active", variants: [{ sku: `VASE-${run}`, price: 4200, stock: 5 }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const productId = (created.json as { id: string }).id;
    await uploadImage(page, { owner_kind: "product", owner_id: productId, vendor_id: vendorId });
  });

  test("the seller sets a logo and an accent colour in the shop settings", async ({ page }) => {
    await signIn(page, MARKET, seller.email, seller.password, "/sell/storefront");
    await page.goto(`${MARKET}/sell/storefront`);
    await page.getByLabel("Accent colour").fill("#1A7F5A");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Storefront saved.")).toBeVisible();
    // The first uploader is the logo's.
    await page.getByTestId("image-input").first().setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await expect(page.getByText("Logo updated.")).toBeVisible();
    await expect(page.getByTestId("current-logo")).toBeVisible();
    const mine = (await apiCall(page, "GET", `/api/v1/seller/vendors/${vendorId}`)).json as { vendor: { accent_color: string; logo_url: string } };
    expect(mine.vendor.accent_color).toBe(accent);
    expect(mine.vendor.logo_url).toContain("/media/");
    await shoot(page, "branding-settings");
  });

  test("the storefront shows the shop's name, logo and accent colour", async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${STORE}/`);
    const header = page.locator("header.header");
    await expect(header.getByTestId("brand")).toContainText(shopName);
    await expect(header.getByTestId("brand-logo")).toHaveAttribute("src", /\/media\//);
    await expect(page.getByTestId("shop-header").getByRole("heading", { level: 1, name: shopName })).toBeVisible();
    const logo = page.getByTestId("shop-logo");
    await expect(logo).toBeVisible();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const vars = await page.evaluate(() => ({
      shop: getComputedStyle(document.querySelector("[data-testid=shop-page]")!).getPropertyValue("--shop-accent").trim(),
      root: getComputedStyle(document.documentElement).getPropertyValue("--brand").trim(),
    }));
    expect(vars).toEqual({ shop: accent, root: accent });
    await expect(page.getByTestId("product-card").filter({ hasText: productTitle })).toBeVisible();
    await expectNoOverflow(page, "branding-storefront");
  });

  test("a product page shows the seller's logo, and the cart the thumbnail and the logo", async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${MARKET}/search?q=${encodeURIComponent(`ash vase ${run}`)}`);
    await expect(async () => {
      await page.goto(`${MARKET}/search?q=${encodeURIComponent(`ash vase ${run}`)}`);
      await expect(page.getByTestId("product-card").filter({ hasText: productTitle })).toBeVisible({ timeout: 1500 });
    }).toPass({ timeout: 15_000 });
    // The vendor facet names the shop, not its id.
    await expect(page.getByRole("group", { name: "Seller" }).getByText(shopName)).toBeVisible();
    await page.getByTestId("product-card").filter({ hasText: productTitle }).click();
    await expect(page.getByRole("heading", { level: 1, name: productTitle })).toBeVisible();
    const soldBy = page.getByTestId("sold-by");
    await expect(soldBy).toContainText(`Sold by ${shopName}`);
    await expect(soldBy.getByTestId("sold-by-logo")).toHaveAttribute("src", /\/media\//);
    await expectNoOverflow(page, "branding-product");
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText(`Added ${productTitle} to your cart.`)).toBeVisible();
    await page.goto(`${MARKET}/cart`);
    const line = page.getByTestId("cart-line").filter({ hasText: productTitle });
    const thumb = line.locator("img.thumb");
    await expect(thumb).toHaveAttribute("src", /\/media\//);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const heading = page.getByTestId("vendor-heading").filter({ hasText: shopName });
    await expect(heading).toContainText(`Sold by ${shopName}`);
    await expect(heading.getByTestId("vendor-logo")).toHaveAttribute("src", /\/media\//);
    await expectNoOverflow(page, "branding-cart");
  });
});
