import { expect, test, type Page } from "@playwright/test";
import { apiCall, BASE, marketURL, newPage, register, shoot, signIn as signInAt } from "./helpers";

// A seller applies, the operator approves, the seller adds a product with two variants and an
// image, and a guest buyer finds it by search and on the vendor's subdomain, then checks out.

const run = Date.now().toString(36);
const slug = `shop-${run}`;
const MARKET = marketURL(slug);
const vendorSlug = `potter-${run}`;
const STORE = marketURL(slug, vendorSlug);
const operator = { name: "Olga Operator", email: `op-${run}@example.com`, password: `Op-${run}-long-password!` };
const seller = { name: "Sam Seller", email: `seller-${run}@example.com`, password: `Se-${run}-long-password!` };
const productTitle = `Glazed Mug ${run}`;

// An 8×8 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4UWGDFTEMLQkAQfNfAVTFtrMAAAAASUVORK5CYII=", "base64");

const signIn = (page: Page, email: string, password: string, next = "/") => signInAt(page, MARKET, email, password, next);

test.describe.serial("commerce", () => {
  let vendorId = "";

  test("a marketplace exists with an operator", async ({ page }) => {
    const res = await page.request.post(`${BASE}/api/v1/platform/signup`, { data: { name: `Shop ${run}`, slug, operator_name: operator.name, email: operator.email, password: operator.password } });
    expect(res.status(), await res.text()).toBeLessThan(300);
  });

  test("a seller applies to sell", async ({ page }) => {
    await register(page, MARKET, seller);
    await page.goto(`${MARKET}/sell/apply`);
    await page.getByLabel("Shop name").fill(`Potter ${run}`);
    await page.getByLabel("Storefront address").fill(vendorSlug);
    await page.getByLabel("About your shop").fill("Hand-thrown stoneware.");
    await page.getByLabel("Business country").selectOption("US");
    await page.getByRole("button", { name: "Submit application" }).click();
    await expect(page.getByRole("heading", { name: "Application sent" })).toBeVisible();
    await page.goto(`${MARKET}/sell`);
    await expect(page.getByText("pending", { exact: true })).toBeVisible();
  });

  test("the operator approves the application", async ({ page }) => {
    await signIn(page, operator.email, operator.password, "/admin/vendors");
    await page.goto(`${MARKET}/admin/vendors`);
    const row = page.getByRole("row", { name: new RegExp(`Potter ${run}`) });
    await expect(row).toBeVisible();
    await shoot(page, "admin-vendors");
    await row.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByText(`Potter ${run} approved.`)).toBeVisible();

    await page.getByRole("navigation", { name: "Operator console" }).getByRole("link", { name: "Categories" }).click();
    await page.getByRole("button", { name: "New category" }).click();
    await page.getByLabel("Name", { exact: true }).fill(`Kitchen ${run}`);
    await page.getByRole("button", { name: "Save category" }).click();
    await expect(page.getByText(`Kitchen ${run}`)).toBeVisible();
    await shoot(page, "admin-categories");
    await page.getByRole("navigation", { name: "Operator console" }).getByRole("link", { name: "Orders" }).click();
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
    await shoot(page, "admin-orders");
  });

  test("the seller adds a product with two variants and an image", async ({ page }) => {
    await signIn(page, seller.email, seller.password, "/sell");
    await page.goto(`${MARKET}/sell`);
    await expect(page.getByText("Your shop is open")).toBeVisible();
    const mine = (await apiCall(page, "GET", "/api/v1/seller/vendors")).json as { items: { vendor: { id: string } }[] };
    vendorId = mine.items[0]!.vendor.id;
    // Shipping rates (the dashboard has no shipping editor yet): flat rate to the US.
    const prof = await apiCall(page, "POST", `/api/v1/seller/vendors/${vendorId}/shipping-profiles`, {
      name: "Default", currency: "USD", is_default: true, ship_from_country: "US", return_window_days: 30,
      zones: [{ name: "United States", countries: ["US"], rates: [{ id: "standard", kind: "flat", name: "Standard", amount: 500, min_days: 3, max_days: 5 }] }],
    });
    expect(prof.status, JSON.stringify(prof.json)).toBeLessThan(300);

    await page.goto(`${MARKET}/sell/products/new`);
    await page.getByLabel("Title", { exact: true }).fill(productTitle);
    await page.getByLabel("Status").selectOption("active");
    await page.getByRole("button", { name: "Add option" }).click();
    await page.getByLabel("Option name").fill("Size");
    await page.getByLabel("Values").fill("Small, Large");
    await page.getByRole("button", { name: "Create variants from options" }).click();
    const rows = page.getByTestId("variant-row");
    await expect(rows).toHaveCount(2);
    for (const [i, size] of ["S", "L"].entries()) {
      const r = rows.nth(i);
      await r.getByLabel("SKU").fill(`MUG-${size}-${run}`);
      await r.getByLabel("Price").fill(i === 0 ? "18.00" : "24.50");
      await r.getByLabel("Opening stock").fill("5");
    }
    await shoot(page, "sell-product-new");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByText("Product created")).toBeVisible();
    await expect(page.getByRole("heading", { name: productTitle })).toBeVisible();

    const unavailable = page.getByText("Image uploads aren't available on this server yet.");
    await expect(page.getByTestId("dropzone").or(unavailable).first()).toBeVisible();
    if (await unavailable.isVisible()) {
      test.info().annotations.push({ type: "skipped-step", description: "media API not served by this api build; image upload not checked" });
    } else {
      await page.getByTestId("image-input").setInputFiles({ name: "mug.png", mimeType: "image/png", buffer: PNG });
      // Not the uploader's transient "Uploaded": attaching the image saves the product, and the
      // editor (keyed by updated_at) remounts, so that label can vanish before it's seen.
      await expect(page.getByRole("figure", { name: /mug\.png/ })).toBeVisible();
      await expect(page.getByRole("img", { name: /mug\.png/ }).or(page.getByText("Cover")).first()).toBeVisible();
    }
    await shoot(page, "sell-product-edit");

    await page.getByRole("navigation", { name: "Seller dashboard" }).getByRole("link", { name: "Inventory" }).click();
    await expect(page.getByRole("cell", { name: `MUG-S-${run}`, exact: true })).toBeVisible();
    await shoot(page, "sell-inventory");
    await page.getByRole("navigation", { name: "Seller dashboard" }).getByRole("link", { name: "Products" }).click();
    await expect(page.getByRole("link", { name: productTitle })).toBeVisible();
    await shoot(page, "sell-products");
  });

  test("a guest finds it by search and on the storefront, and checks out", async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${MARKET}/`);
    // The search index follows product changes within a second.
    await expect(async () => {
      await page.goto(`${MARKET}/search?q=${encodeURIComponent(`glazed mug ${run}`)}`);
      await expect(page.getByTestId("product-card").filter({ hasText: productTitle })).toBeVisible({ timeout: 1500 });
    }).toPass({ timeout: 15_000 });
    await shoot(page, "search");

    await page.goto(STORE);
    await expect(page.getByRole("heading", { name: `Potter ${run}`, exact: true, level: 1 })).toBeVisible();
    await expect(page.getByTestId("product-card").filter({ hasText: productTitle })).toBeVisible();
    await shoot(page, "storefront");

    await page.goto(`${MARKET}/search?q=${encodeURIComponent(productTitle)}`);
    await page.getByTestId("product-card").filter({ hasText: productTitle }).click();
    await expect(page.getByRole("heading", { name: productTitle })).toBeVisible();
    await page.getByRole("button", { name: "Large" }).click();
    await expect(page.getByTestId("price")).toHaveText("$24.50");
    await shoot(page, "product");
    const added = page.waitForResponse((r) => r.url().includes("/api/v1/carts/current/lines") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Add to cart" }).click();
    const res = await added;
    expect(res.status(), await res.text()).toBe(201);
    await expect(page.getByTestId("cart-count")).toHaveText("1");

    await page.getByRole("button", { name: /Cart, 1 item/ }).click();
    const miniCart = page.getByRole("dialog", { name: "Cart summary" });
    await expect(miniCart.getByTestId("mini-cart-line")).toHaveCount(1);
    await expect(miniCart.getByTestId("mini-cart-total")).toHaveText("$24.50");
    await miniCart.getByRole("link", { name: "View cart" }).click();
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(page.getByTestId("grand-total")).toHaveText("$24.50");
    await shoot(page, "cart");
    await page.getByRole("button", { name: "Check out" }).click();

    await page.getByLabel("Email", { exact: true }).fill(`guest-${run}@example.com`);
    await page.getByLabel("Full name").fill("Gina Guest");
    await page.getByLabel("Street address").fill("1 Main Street");
    await page.getByLabel("City").fill("Springfield");
    await page.getByLabel("State").selectOption("IL");
    await page.getByLabel("ZIP code").fill("62701");
    await page.getByRole("button", { name: "Continue to shipping" }).click();
    await expect(page.getByRole("radio", { name: /Standard/ })).toBeChecked();
    await expect(page.getByTestId("grand-total")).toContainText("$");
    await shoot(page, "checkout");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByText(/Thank you! Order .* is placed\./)).toBeVisible();
    await shoot(page, "order-confirmation");
    await expect(page.getByTestId("cart-count")).toHaveText("0");
  });
});
