import { expect, test, type Browser, type Page } from "@playwright/test";
import { apiCall, BASE, marketURL, newPage, register, shoot, signIn as signInAt } from "./helpers";
import { readMails, waitForMail, type Mail } from "./mail";

// Issue 14: every link in every email leads to a page that renders for its intended reader.
// The emails are the real ones the worker writes to the outbox folder; each link is opened in the
// browser as the person the email is for (signed in as them, or anonymously for a guest).
//
// A shop owner runs two shops (so a seller link must pick the right one), invites a staff member
// who joins from the invitation email, a guest buys from the first shop and follows the order
// email without an account, the owner follows the new-order email, someone registers with the
// owner's email and the account_exists email's links open sign-in and password reset; at the
// end every marketplace link of every email of this run is opened by its reader.

const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "../../var/mail";
const run = `m${Date.now().toString(36)}`;
const slug = `mail-${run}`;
const MARKET = marketURL(slug);

type Person = { name: string; email: string; password: string };
const operator: Person = { name: "Olga Operator", email: `op-${run}@example.com`, password: `Op-${run}-long-password!` };
const owner: Person = { name: "Otto Owner", email: `owner-${run}@example.com`, password: `Ow-${run}-long-password!` };
const staff: Person = { name: "Stella Staff", email: `staff-${run}@example.com`, password: `St-${run}-long-password!` };
const guestEmail = `guest-${run}@example.com`;
const shops = [
  { name: `Clay Works ${run}`, slug: `clay-${run}`, id: "" },
  { name: `Yarn Barn ${run}`, slug: `yarn-${run}`, id: "" },
];
const product = { title: `Teapot ${run}`, sku: `POT-${run}`, price: 4200, id: "" };

const signIn = (page: Page, p: Person, next = "/") => signInAt(page, MARKET, p.email, p.password, next);

/** The link in mail whose path is path, checked to point at this marketplace. */
function linkTo(mail: Mail, path: string): URL {
  const link = mail.links.map((l) => new URL(l)).find((u) => u.pathname === path || u.pathname.startsWith(`${path}/`));
  expect(link, `a ${path} link in ${mail.file}:\n${mail.links.join("\n")}`).toBeDefined();
  expect(link!.origin, `${link} is on the marketplace`).toBe(MARKET);
  return link!;
}

/** Waits for the page to render its content, then checks it is neither "not found" nor "no access". */
async function expectRendered(page: Page, what: string) {
  await expect(page.locator("main h1, main [role=alert]").first(), what).toBeVisible();
  await expect(page.getByRole("heading", { name: "Page not found" }), what).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "You don't have access" }), what).toHaveCount(0);
}

/** The page's content lines up with the header's: it sits in the page container, not at the window's edge. */
async function expectInPageContainer(page: Page) {
  const brand = await page.getByRole("banner").getByRole("link").first().boundingBox();
  const title = await page.locator("main h1").first().boundingBox();
  expect(title!.x, "the page title's left edge, against the header's").toBeGreaterThanOrEqual(brand!.x - 1);
}

async function signedInPage(browser: Browser, p: Person): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, p);
  return page;
}

test.describe.serial("email links", () => {
  // Each step drives several browsers (one per reader) and waits for the worker's mail.
  test.describe.configure({ timeout: 150_000 });

  test("a marketplace with an owner of two approved shops, one with a product", async ({ browser }) => {
    const signup = await (await newPage(browser)).request.post(`${BASE}/api/v1/platform/signup`, {
      data: { name: `Mail ${run}`, slug, operator_name: operator.name, email: operator.email, password: operator.password },
    });
    expect(signup.status(), await signup.text()).toBeLessThan(300);

    const page = await newPage(browser);
    await register(page, MARKET, owner);
    const op = await signedInPage(browser, operator);
    // One application waits for review at a time: the second is sent once the first is approved.
    for (const s of shops) {
      await page.goto(`${MARKET}/sell/apply`);
      await page.getByLabel("Shop name").fill(s.name);
      await page.getByLabel("Storefront address").fill(s.slug);
      await page.getByLabel("About your shop").fill("Made by hand.");
      await page.getByLabel("Business country").selectOption("US");
      await page.getByRole("button", { name: "Submit application" }).click();
      await expect(page.getByRole("heading", { name: "Application sent" })).toBeVisible();

      await op.goto(`${MARKET}/admin/vendors`);
      const row = op.getByRole("row", { name: new RegExp(s.name) });
      await row.getByRole("button", { name: "Approve" }).click();
      await expect(op.getByText(`${s.name} approved.`)).toBeVisible();
    }
    await op.context().close();

    const mine = (await apiCall(page, "GET", "/api/v1/seller/vendors")).json as { items: { vendor: { id: string; name: string } }[] };
    for (const s of shops) s.id = mine.items.find((m) => m.vendor.name === s.name)!.vendor.id;
    const prof = await apiCall(page, "POST", `/api/v1/seller/vendors/${shops[0]!.id}/shipping-profiles`, {
      name: "Default", currency: "USD", is_default: true, ship_from_country: "US", return_window_days: 30,
      zones: [{ name: "United States", countries: ["US"], rates: [{ id: "standard", kind: "flat", name: "Standard", amount: 500, min_days: 3, max_days: 5 }] }],
    });
    expect(prof.status, JSON.stringify(prof.json)).toBeLessThan(300);
    const prod = await apiCall(page, "POST", `/api/v1/seller/vendors/${shops[0]!.id}/products`, {
      title: product.title, status: "active", variants: [{ sku: product.sku, price: product.price, stock: 5 }],
    });
    expect(prod.status, JSON.stringify(prod.json)).toBeLessThan(300);
    product.id = (prod.json as { id: string }).id;
    await page.context().close();
  });

  test("the invited staff member opens the invitation signed out, registers, accepts and lands in the shop", async ({ browser }) => {
    // The dashboard has no staff editor: the owner invites through the API, as the app would.
    const ownerPage = await signedInPage(browser, owner);
    const inv = await apiCall(ownerPage, "POST", `/api/v1/seller/vendors/${shops[1]!.id}/invitations`, { email: staff.email });
    expect(inv.status, JSON.stringify(inv.json)).toBe(201);
    await ownerPage.context().close();

    const mail = await waitForMail(MAIL_DIR, staff.email, (m) => m.links.some((l) => l.includes("/join-shop")));
    const link = linkTo(mail, "/join-shop");
    const page = await newPage(browser);
    await page.goto(link.href);
    await expectRendered(page, "the invitation, signed out");
    await expect(page.getByRole("heading", { name: `Join ${shops[1]!.name}`, level: 1 })).toBeVisible();
    await expect(page.getByText(`The invitation is for ${staff.email}`)).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in to accept" })).toBeVisible();
    await expectInPageContainer(page);
    await shoot(page, "email-join-shop");

    // No account yet: register, then sign in, and come back to the invitation each time.
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await page.getByLabel("Full name").fill(staff.name);
    await page.getByLabel("Email").fill(staff.email);
    await page.getByLabel("Password").fill(staff.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Check your email")).toBeVisible();
    // the "sign in" link of the confirmation (like the page's footer link) keeps ?next=
    await page.getByRole("link", { name: "sign in", exact: true }).click();
    await page.getByLabel("Email").fill(staff.email);
    await page.getByLabel("Password", { exact: true }).fill(staff.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/join-shop\\?token=`));
    await page.getByRole("button", { name: "Accept invitation" }).click();

    await expect(page).toHaveURL(`${MARKET}/sell?vendor=${shops[1]!.id}`);
    await expect(page.getByRole("heading", { name: shops[1]!.name, level: 1 })).toBeVisible();
    await expect(page.getByText("your role: staff")).toBeVisible();
    await page.context().close();
  });

  test("a guest checks out and opens the order email's link without an account", async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${MARKET}/p/${product.id}`);
    await expect(page.getByRole("heading", { name: product.title })).toBeVisible();
    const added = page.waitForResponse((r) => r.url().includes("/api/v1/carts/current/lines") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Add to cart" }).click();
    expect((await added).status()).toBeLessThan(300);
    await page.goto(`${MARKET}/cart`);
    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByLabel("Email", { exact: true }).fill(guestEmail);
    await page.getByLabel("Full name").fill("Gina Guest");
    await page.getByLabel("Street address").fill("1 Main Street");
    await page.getByLabel("City").fill("Springfield");
    await page.getByLabel("State").selectOption("IL");
    await page.getByLabel("ZIP code").fill("62701");
    await page.getByRole("button", { name: "Continue to shipping" }).click();
    await expect(page.getByRole("radio", { name: /Standard/ })).toBeChecked();
    await page.getByRole("button", { name: "Place order" }).click();
    const thanks = page.getByText(/Thank you! Order .* is placed\./);
    await expect(thanks).toBeVisible();
    const number = /Order (\S+) is placed/.exec((await thanks.textContent()) ?? "")![1]!;
    await page.context().close();

    const mail = await waitForMail(MAIL_DIR, guestEmail, (m) => m.text.includes(number) && m.links.some((l) => l.includes("/guest-order")));
    // Every link of the email, in a browser that never saw the checkout.
    for (const l of mail.links.filter((x) => new URL(x).origin === MARKET)) {
      const anon = await newPage(browser);
      await anon.goto(l);
      await expectRendered(anon, l);
      await anon.context().close();
    }
    const anon = await newPage(browser);
    await anon.goto(linkTo(mail, "/guest-order").href);
    await expect(anon.getByRole("heading", { name: `Order #${number}`, level: 1 })).toBeVisible();
    await expect(anon.getByText(product.title).first()).toBeVisible();
    await expectInPageContainer(anon);
    await shoot(anon, "email-guest-order");
    await anon.context().close();

    // The owner's new-order email: its link opens the order in the shop it is about, even with
    // the other shop chosen last in the dashboard.
    const sellerMail = await waitForMail(MAIL_DIR, owner.email, (m) => m.text.includes(number) && m.links.some((l) => l.includes("/sell/orders/")));
    const sellerLink = linkTo(sellerMail, "/sell/orders");
    expect(sellerLink.searchParams.get("vendor")).toBe(shops[0]!.id);
    const seller = await signedInPage(browser, owner);
    await seller.goto(`${MARKET}/sell?vendor=${shops[1]!.id}`);
    await expect(seller.getByRole("heading", { name: shops[1]!.name, level: 1 })).toBeVisible();
    await seller.goto(sellerLink.href);
    await expectRendered(seller, sellerLink.href);
    await expect(seller.getByRole("heading", { name: new RegExp(`^Order #${number}`), level: 1 })).toBeVisible();
    await expect(seller.getByText(product.title).first()).toBeVisible();
    await shoot(seller, "email-seller-order");
    await seller.context().close();
  });

  test("registering with a known email sends account_exists, whose links open sign-in and password reset", async ({ browser }) => {
    const page = await newPage(browser);
    await page.goto(`${MARKET}/register`);
    await page.getByLabel("Full name").fill("Someone Else");
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(`Other-${run}-password!`);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Check your email")).toBeVisible();
    await page.context().close();

    const mail = await waitForMail(MAIL_DIR, owner.email, (m) => m.links.some((l) => l.includes("/forgot-password")));
    const anon = await newPage(browser);
    await anon.goto(linkTo(mail, "/forgot-password").href);
    await expectRendered(anon, "forgot-password");
    await expect(anon.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await anon.goto(linkTo(mail, "/sign-in").href);
    await expectRendered(anon, "sign-in");
    await expect(anon.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await anon.getByLabel("Email").fill(owner.email);
    await anon.getByLabel("Password", { exact: true }).fill(owner.password);
    await anon.getByRole("button", { name: "Sign in" }).click();
    await expect(anon.getByTestId("account-menu")).toBeVisible();
    await anon.context().close();
  });

  test("every marketplace link of every email of this run opens for its reader", async ({ browser }) => {
    const mails = readMails(MAIL_DIR).filter((m) => m.to.includes(run));
    // welcome, 3 × confirm email, 2 × approved, invitation, order, new order, account exists
    expect(mails.length, mails.map((m) => m.subject).join("\n")).toBeGreaterThanOrEqual(10);
    // The reader's browser: signed in as the addressee (once per person), anonymous for a guest.
    const browsers = new Map<string, Page>();
    const readerOf = async (mail: Mail): Promise<[string, Page]> => {
      const person = [operator, owner, staff].find((p) => mail.to.toLowerCase().includes(p.email));
      const key = person?.email ?? "anonymous";
      if (!browsers.has(key)) browsers.set(key, person ? await signedInPage(browser, person) : await newPage(browser));
      return [key, browsers.get(key)!];
    };
    const opened: string[] = [];
    for (const mail of mails) {
      const links = mail.links.filter((l) => new URL(l).host.endsWith(new URL(MARKET).host));
      if (links.length === 0) continue;
      const [who, page] = await readerOf(mail);
      for (const l of links) {
        await page.goto(l);
        await expectRendered(page, `${l} from "${mail.subject}" as ${who}`);
        // A seller link names its shop, and the dashboard opens on that shop.
        const url = new URL(l);
        const vendor = url.searchParams.get("vendor");
        if (vendor) {
          const shop = shops.find((s) => s.id === vendor);
          expect(shop, `${l} names a shop of this run`).toBeDefined();
          if (url.pathname === "/sell") await expect(page.getByRole("heading", { level: 1 }), l).toHaveText(shop!.name);
        }
        opened.push(`${mail.subject} → ${new URL(l).pathname} as ${who}`);
      }
    }
    for (const page of browsers.values()) await page.context().close();
    test.info().annotations.push({ type: "links opened", description: opened.join("\n") });
    console.log(`opened ${opened.length} links:\n${opened.join("\n")}`);
  });
});
