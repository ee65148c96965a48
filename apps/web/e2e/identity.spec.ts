import { expect, test, type Page } from "@playwright/test";
import { BASE, marketURL, shoot } from "./helpers";
import { waitForLink } from "./mail";

const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "../../var/mail";

const run = Date.now().toString(36);
const slug = `e2e-${run}`;
const MARKET = marketURL(slug);

const operator = { name: "Olivia Operator", email: `op-${run}@example.com`, password: `Op-${run}-long-password!` };
const buyer = { name: "Bruno Buyer", email: `buyer-${run}@example.com`, password: `By-${run}-long-password!`, newPassword: `New-${run}-long-password!` };

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${MARKET}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByTestId("account-menu").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

test.describe.serial("identity", () => {
  test("sign up a marketplace on the platform host", async ({ page }) => {
    await page.goto(`${BASE}/`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("marketplace");
    await shoot(page, "landing");

    await page.getByRole("link", { name: "Create your marketplace" }).first().click();
    await expect(page.getByRole("heading", { name: "Create your marketplace" })).toBeVisible();
    await page.getByLabel("Marketplace name").fill(`E2E Market ${run}`);
    await page.getByLabel("Marketplace address").fill(slug);
    await expect(page.getByTestId("slug-preview")).toHaveText(MARKET);
    await page.getByLabel("Your name").fill(operator.name);
    await page.getByLabel("Email").fill(operator.email);
    await page.getByLabel("Password").fill(operator.password);
    await shoot(page, "signup");
    await page.getByRole("button", { name: "Create marketplace" }).click();
    await expect(page.getByRole("heading", { name: `E2E Market ${run} is live` })).toBeVisible();
    await expect(page.getByTestId("marketplace-url")).toHaveAttribute("href", new RegExp(`^https?://${slug}\\.`));
  });

  test("the operator signs in on the marketplace host and sees /admin", async ({ page }) => {
    await page.goto(`${MARKET}/sign-in?next=%2Fadmin`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await shoot(page, "sign-in");
    await page.getByLabel("Email").fill(operator.email);
    await page.getByLabel("Password", { exact: true }).fill(operator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(page.getByLabel("Marketplace name")).toHaveValue(`E2E Market ${run}`);
    await shoot(page, "admin-settings");

    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Audit events" }).or(page.getByText("No events match these filters."))).toBeVisible();
    await shoot(page, "audit-log");
    await signOut(page);
  });

  test("a buyer registers on the marketplace host", async ({ page }) => {
    await page.goto(`${MARKET}/register`);
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await shoot(page, "register");
    await page.getByLabel("Full name").fill(buyer.name);
    await page.getByLabel("Email").fill(buyer.email);
    await page.getByLabel("Password").fill(buyer.password);
    await page.getByRole("button", { name: "Create account" }).click();
    // The same answer whether or not the email has an account: nobody is signed in yet.
    await expect(page.getByText("Check your email")).toBeVisible();
    await signIn(page, buyer.email, buyer.password);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Profile" })).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue(buyer.name);
    await shoot(page, "account");

    await page.goto(`${MARKET}/sell`);
    await expect(page.getByRole("heading", { name: "Seller dashboard", level: 1 })).toBeVisible();
    await shoot(page, "sell");

    // The buyer is refused the operator console, by the UI and by the API.
    await page.goto(`${MARKET}/admin`);
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await shoot(page, "access-denied");
    // (from the page: Node's resolver doesn't know *.localhost, Chromium does)
    const status = await page.evaluate(async () => (await fetch("/api/v1/admin/settings", { credentials: "include" })).status);
    expect(status).toBe(403);
    await signOut(page);
  });

  test("the buyer resets the password from the email and signs in with the new one", async ({ page }) => {
    await page.goto(`${MARKET}/forgot-password`);
    await page.getByLabel("Email").fill(buyer.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByText("Check your email")).toBeVisible();

    const link = await waitForLink(MAIL_DIR, buyer.email, "/reset-password");
    const url = new URL(link);
    // Follow the emailed path and token on the server under test.
    await page.goto(`${MARKET}${url.pathname}${url.search}`);
    await page.getByLabel("New password", { exact: true }).fill(buyer.newPassword);
    await page.getByLabel("Confirm new password").fill(buyer.newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

    await signIn(page, buyer.email, buyer.password);
    await expect(page.getByRole("alert")).toContainText(/incorrect/i);

    await signIn(page, buyer.email, buyer.newPassword);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-menu")).toContainText(buyer.name);
  });
});
