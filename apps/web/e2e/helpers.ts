// Shared steps of the browser tests: screenshots at both widths, signing in on a marketplace,
// calling the api from the page as the app does, a fresh browser context.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";

export const BASE = (process.env.E2E_BASE_URL ?? "http://localhost:18080").replace(/\/$/, "");
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? "screenshots";
mkdirSync(ARTIFACTS, { recursive: true });

/** The browser address of marketplace slug (and optionally a storefront in it). */
export function marketURL(slug: string, storefront?: string): string {
  const base = new URL(BASE);
  return `${base.protocol}//${storefront ? storefront + "." : ""}${slug}.${base.host}`;
}

/** A full-page screenshot at 1440 px and at 375 px, saved as test artifacts. */
export async function shoot(page: Page, name: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1440.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Signs in through the form on the marketplace at market and waits for the account menu. */
export async function signIn(page: Page, market: string, email: string, password: string, next = "/") {
  await page.goto(`${market}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-menu")).toBeVisible();
}

/**
 * Registers through the page, then signs in: register answers "check your email" whether or not
 * the email already has an account (so it never says which), and signs nobody in.
 */
export async function register(page: Page, market: string, person: { name: string; email: string; password: string }) {
  await page.goto(`${market}/register`);
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await signIn(page, market, person.email, person.password, "/account");
  await expect(page).toHaveURL(/\/account$/);
}

/** fetch() from the page with the session cookie and CSRF header, like the app does. */
export async function apiCall(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.split("; ").find((c) => c.startsWith("mk_csrf="))?.slice(8) ?? "";
      const res = await fetch(path, { method, credentials: "include", headers: { "Content-Type": "application/json", "X-CSRF-Token": decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

/** A page in a fresh browser context (its own cookies), at desktop width. */
export async function newPage(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  return ctx.newPage();
}

/**
 * Opens url until check passes, up to timeout: for what shows only after a cache expires or a
 * worker catches up. check should use short expect timeouts so each attempt reloads.
 */
export async function reloadUntil(page: Page, url: string, check: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout });
}
