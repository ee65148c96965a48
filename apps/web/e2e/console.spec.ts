import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { marketURL, newPage, reloadUntil, shoot, signIn as signInAt } from "./helpers";

// The consoles added for sellers and operators, on the seeded demo marketplace (`marketctl
// seed`, see README "Demo data"): catalog CSV export and import, collections on the home page,
// commission rules, shipping profiles. Each test stands alone and names what it creates with
// this run's suffix.

const run = Date.now().toString(36);
const MARKET = marketURL("demo");
const operator = { email: "operator@demo.example", password: "demo-operator-2026" };
const sellerPassword = "demo-seller-2026";

const signIn = (page: Page, email: string, password: string, next = "/") => signInAt(page, MARKET, email, password, next);

/** RFC 4180 rows: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n") + "\r\n";
}

test.describe("consoles", () => {
  test("a seller exports the catalog, changes a price and imports it back", async ({ page }) => {
    await signIn(page, "seller1@demo.example", sellerPassword, "/sell/import");
    await page.goto(`${MARKET}/sell/import`);
    await expect(page.getByRole("heading", { name: "Import / export", level: 1 })).toBeVisible();
    await shoot(page, "sell-import");

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const exported = await readFile((await download.path())!, "utf8");
    expect(exported.split(/\r?\n/, 1)[0]).toMatch(/^product_slug,/);

    const rows = parseCsv(exported);
    const header = rows[0]!;
    const slugAt = header.indexOf("product_slug");
    const priceAt = header.indexOf("price");
    expect(priceAt, header.join(",")).toBeGreaterThan(0);
    // A product with a single variant: its one price is what the product page shows.
    const perProduct = new Map<string, number>();
    for (const r of rows.slice(1)) perProduct.set(r[slugAt]!, (perProduct.get(r[slugAt]!) ?? 0) + 1);
    const edited = rows.slice(1).find((r) => perProduct.get(r[slugAt]!) === 1 && r[priceAt] !== "");
    expect(edited, "the demo seller has a single-variant product").toBeTruthy();
    const slug = edited![slugAt]!;
    // Below 100, so no thousands separator; never the price it had.
    let newPrice = `${10 + (parseInt(run.slice(-3), 36) % 80)}.${String(parseInt(run.slice(-2), 36) % 100).padStart(2, "0")}`;
    if (Number(newPrice) === Number(edited![priceAt])) newPrice = "91.23";
    edited![priceAt] = newPrice;

    await page.getByLabel("Upload a CSV file").setInputFiles({ name: `catalog-${run}.csv`, mimeType: "text/csv", buffer: Buffer.from(toCsv(rows), "utf8") });
    // "all N rows imported" is how the page says none was refused.
    await expect(page.getByTestId("import-progress")).toHaveText(/^Done: all [\d,]+ rows? imported$/, { timeout: 30_000 });
    await expect(page.getByRole("table", { name: "Refused rows" })).toHaveCount(0);
    await shoot(page, "sell-import-done");

    const buyer = await newPage(page.context().browser()!);
    // Product reads are cached for a short while: reload until the new price shows.
    await reloadUntil(buyer, `${MARKET}/p/${encodeURIComponent(slug)}`, async () => {
      // Whole amount, so "29.00" is not found inside the former "129.00".
      await expect(buyer.locator(".product-layout").getByTestId("price").first()).toHaveText(new RegExp(`(^|[^\\d.,])${newPrice.replace(".", "\\.")}$`), { timeout: 1500 });
    });
    await buyer.context().close();
  });

  test("the operator features a collection on the home page", async ({ page }) => {
    const title = `Aa Staff Picks ${run}`;
    await signIn(page, operator.email, operator.password, "/admin/collections");
    await page.goto(`${MARKET}/admin/collections`);
    await page.getByRole("button", { name: "New collection" }).click();
    const form = page.getByRole("form", { name: "New collection" });
    await form.getByLabel("Title", { exact: true }).fill(title);
    await form.getByLabel("Description").fill("Chosen by the team.");
    await form.getByLabel("Feature on the marketplace home page").check();
    for (const product of ["Studio Monitor Headphones", "Headphone Stand"]) {
      await form.getByLabel("Find products").fill(product);
      await form.getByRole("list", { name: "Search results" }).getByRole("button", { name: `Add ${product}`, exact: true }).click();
      await expect(form.getByTestId("collection-items")).toContainText(product);
    }
    await expect(form.getByTestId("collection-items").getByRole("listitem")).toHaveCount(2);
    await shoot(page, "admin-collection-new");
    await form.getByRole("button", { name: "Create collection" }).click();
    await expect(page.getByText(`Created “${title}”.`)).toBeVisible();
    const row = page.getByRole("table", { name: "Collections" }).getByRole("row", { name: new RegExp(title) });
    await expect(row).toContainText("Featured");
    await expect(row.getByRole("cell").nth(2)).toHaveText("2");
    await shoot(page, "admin-collections");

    const visitor = await newPage(page.context().browser()!);
    await reloadUntil(visitor, `${MARKET}/`, async () => {
      await expect(visitor.getByRole("heading", { name: title, level: 2 })).toBeVisible({ timeout: 1500 });
    });
    await shoot(visitor, "home-collection");
    await visitor.context().close();
  });

  test("the operator adds a marketplace default commission rule", async ({ page }) => {
    await signIn(page, operator.email, operator.password, "/admin/payments");
    await page.goto(`${MARKET}/admin/payments`);
    await expect(page.getByRole("heading", { name: "Commission", exact: true })).toBeVisible();
    // The rules table, or its empty state when the marketplace has no rule yet (as seeded).
    const rules = page.getByRole("table", { name: "Commission rules" });
    await expect(rules.or(page.getByRole("heading", { name: "No commission rules yet" }))).toBeVisible();
    await page.getByRole("button", { name: "Add rule" }).click();
    const form = page.getByRole("form", { name: "Commission rule" });
    await form.getByLabel("Applies to").selectOption("marketplace");
    await form.getByLabel("Percentage").fill("10");
    await form.getByLabel("Fixed fee per order").fill("0.30");
    await expect(form.getByTestId("rule-preview")).toContainText("commission");
    await shoot(page, "admin-payments-rule");
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByText("Commission rule saved.", { exact: false })).toBeVisible();

    await page.reload();
    const row = page.getByRole("table", { name: "Commission rules" }).getByRole("row", { name: /Marketplace default/ });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("10%");
    await expect(row).toContainText("0.30");
    await expect(page.getByText("No marketplace default")).toHaveCount(0);
    await shoot(page, "admin-payments");
  });

  test("a seller creates a shipping profile with a flat rate to one country", async ({ page }) => {
    const name = `France flat ${run}`;
    await signIn(page, "seller2@demo.example", sellerPassword, "/sell/shipping");
    await page.goto(`${MARKET}/sell/shipping`);
    await expect(page.getByRole("heading", { name: "Shipping", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "New profile" }).click();
    const form = page.getByRole("form", { name: "Shipping profile" });
    await form.getByLabel("Profile name").fill(name);
    await form.getByLabel("Zone name").fill("France");
    const countries = form.getByRole("group", { name: "Countries" });
    // The new zone starts with the shop's own country ticked; ship to France only.
    for (const ticked of await countries.getByRole("checkbox", { checked: true }).all()) await ticked.uncheck();
    await countries.getByRole("checkbox", { name: "France", exact: true }).check();
    await form.getByLabel("Rate name").fill("Standard");
    await form.getByLabel("Priced").selectOption("flat");
    await form.getByLabel("Price", { exact: true }).fill("7.50");
    await shoot(page, "sell-shipping-new");
    await form.getByRole("button", { name: "Create profile" }).click();
    await expect(page.getByText(`${name} saved.`)).toBeVisible();

    const card = page.locator("section.card").filter({ has: page.getByRole("heading", { name, level: 2 }) });
    await expect(card).toBeVisible();
    await expect(card).toContainText("France");
    await expect(card).toContainText("Standard: ");
    await expect(card).toContainText("7.50");
    await page.reload();
    await expect(card).toContainText("7.50");
    await shoot(page, "sell-shipping");
  });
});
