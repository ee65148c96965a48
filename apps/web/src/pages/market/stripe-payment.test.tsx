import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckoutQuote, Order } from "../../api/types";
import { ToastProvider } from "../../ui";
import { CheckoutPage, OrderConfirmation } from "./Checkout";
import { isPaymentDocumentPath, needsPaymentDocument, paymentSecretKey } from "./payment";
import { WithQueryClient } from "../../test/queryClient";

// Stripe's packages are replaced: Elements shows the client secret it was given, and the test
// decides what confirmPayment answers.
const m = vi.hoisted(() => ({
  loadStripe: vi.fn(),
  confirmPayment: vi.fn(),
  elements: { id: "elements" },
  refresh: vi.fn(async () => null),
}));
vi.mock("@stripe/stripe-js/pure", () => ({ loadStripe: m.loadStripe }));
vi.mock("@stripe/react-stripe-js", () => ({
  Elements: ({ options, children }: { options: { clientSecret: string }; children: ReactNode }) => (
    <div data-testid="stripe-elements" data-client-secret={options.clientSecret}>
      {children}
    </div>
  ),
  PaymentElement: () => <div data-testid="payment-element" />,
  useStripe: () => ({ confirmPayment: m.confirmPayment }),
  useElements: () => m.elements,
}));
// The app's client has a relative base URL, which Node's Request cannot resolve.
vi.mock("../../api/client", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../api/client")>();
  return { ...mod, api: mod.makeClient({ baseUrl: "http://test" }) };
});
vi.mock("../../app/auth", () => ({ useAuth: () => ({ user: null }) }));
vi.mock("../../app/cart", () => ({
  useCart: () => ({ cart: { id: "c1", currency: "USD", item_count: 1, subtotal: 2450, vendors: [], notices: [], version: 1 }, refresh: m.refresh }),
}));

const quote = {
  currency: "USD",
  vendors: [
    {
      vendor_id: "v1",
      vendor_name: "Potter",
      lines: [{ line_id: "l1", variant_id: "var1", product_title: "Mug", variant_title: "", sku: "M", quantity: 1, unit_price: 2450, subtotal: 2450, tax: 0, total: 2450 }],
      subtotal: 2450,
      shipping_options: [{ rate_id: "standard", name: "Standard", amount: 500, currency: "USD", min_days: 2, max_days: 4 }],
      shipping: { rate_id: "standard", name: "Standard", amount: 500, currency: "USD", min_days: 2, max_days: 4 },
      shipping_tax: 0,
      tax_total: 0,
      total: 2950,
      return_window_days: 0,
    },
  ],
  subtotal: 2450,
  shipping_total: 500,
  tax_total: 0,
  tax_inclusive: false,
  total: 2950,
} as unknown as CheckoutQuote;

function order(provider: "stripe" | "manual", status: string, extra: Record<string, unknown> = {}): Order {
  return {
    id: "o1",
    number: "M-1001",
    email: "gina@example.com",
    currency: "USD",
    subtotal: 2450,
    shipping_total: 500,
    tax_total: 0,
    tax_inclusive: false,
    total: 2950,
    refunded_total: 0,
    status: "pending_payment",
    vendor_orders: [],
    shipping_address: { name: "Gina Guest", line1: "1 Main Street", city: "Springfield", region: "IL", postal_code: "62701", country: "US" },
    payment: { provider, status, amount: 2950, refunded: 0, instructions: provider === "manual" ? "Pay by bank transfer to IBAN X." : undefined, ...extra },
  } as unknown as Order;
}

interface Api {
  config: { provider: "stripe" | "manual"; publishable_key?: string };
  checkout?: Order;
  reads?: Order[];
}

function stubApi(a: Api) {
  const reads = [...(a.reads ?? [])];
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (req: Request) => {
      const path = new URL(req.url, "http://x").pathname;
      calls.push(`${req.method} ${path}`);
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
      if (path === "/api/v1/payments/config") return json(a.config);
      if (path === "/api/v1/checkout/quote") return json(quote);
      if (path === "/api/v1/checkout" && a.checkout) return json({ order: a.checkout, order_token: "guest-token" }, 201);
      if (path === "/api/v1/orders/guest/o1" && reads.length) return json(reads.length > 1 ? reads.shift() : reads[0]);
      if (path === "/api/v1/carriers") return json({ carriers: [{ code: "ups", name: "UPS", url_template: "https://ups.example/track?n={tracking}" }] });
      return json({ status: 404, title: "Not Found" }, 404);
    }),
  );
  return calls;
}

function Where() {
  const loc = useLocation();
  return <div data-testid="location">{loc.pathname + loc.search}</div>;
}

function renderAt(path: string, confirmation: ReactNode = <Where />) {
  return render(
    <ToastProvider>
      <WithQueryClient><MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/checkout" element={<CheckoutPage />} />
          <Route path="/orders/:id/confirmation" element={confirmation} />
        </Routes>
      </MemoryRouter></WithQueryClient>
    </ToastProvider>,
  );
}

async function fillDelivery() {
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByLabelText("Email", { exact: true }), "gina@example.com");
  await user.type(screen.getByLabelText("Full name"), "Gina Guest");
  await user.type(screen.getByLabelText("Street address"), "1 Main Street");
  await user.type(screen.getByLabelText("City"), "Springfield");
  await user.selectOptions(screen.getByLabelText("State"), "IL");
  await user.type(screen.getByLabelText("ZIP code"), "62701");
  await user.click(screen.getByRole("button", { name: "Continue to shipping" }));
  await screen.findByRole("radio", { name: /Standard/ });
  return user;
}

beforeEach(() => {
  // This document was served at /checkout: no reload is needed for Stripe's policy.
  vi.spyOn(performance, "getEntriesByType").mockReturnValue([{ name: `${window.location.origin}/checkout` }] as unknown as PerformanceEntryList);
  sessionStorage.clear();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  m.loadStripe.mockReset();
  m.confirmPayment.mockReset();
});

describe("checkout payment", { timeout: 20_000 }, () => {
  it("with the manual provider places the order without loading Stripe", async () => {
    const calls = stubApi({ config: { provider: "manual" }, checkout: order("manual", "pending") });
    renderAt("/checkout");
    const user = await fillDelivery();
    await user.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/orders/o1/confirmation");
    expect(calls).toContain("POST /api/v1/checkout");
    expect(m.loadStripe).not.toHaveBeenCalled();
    expect(screen.queryByTestId("stripe-elements")).not.toBeInTheDocument();
    expect(sessionStorage.getItem(paymentSecretKey("o1"))).toBeNull();
  });

  it("with Stripe mounts the Payment Element with the order's client secret and confirms to the confirmation page", async () => {
    stubApi({ config: { provider: "stripe", publishable_key: "pk_test_mount" }, checkout: order("stripe", "pending", { client_secret: "pi_1_secret_abc" }) });
    m.loadStripe.mockResolvedValue({ stripe: true });
    renderAt("/checkout");
    const user = await fillDelivery();
    expect(m.loadStripe).not.toHaveBeenCalled(); // nothing from Stripe before the order exists
    await user.click(screen.getByRole("button", { name: "Continue to payment" }));

    const elements = await screen.findByTestId("stripe-elements");
    expect(elements).toHaveAttribute("data-client-secret", "pi_1_secret_abc");
    expect(screen.getByTestId("payment-element")).toBeInTheDocument();
    expect(m.loadStripe).toHaveBeenCalledWith("pk_test_mount");
    expect(screen.getByText(/Order M-1001 is placed/)).toBeInTheDocument();

    // A declined card: Stripe's message, still on the checkout, the element stays for a retry.
    m.confirmPayment.mockResolvedValueOnce({ error: { type: "card_error", message: "Your card was declined." } });
    await user.click(screen.getByRole("button", { name: "Pay $29.50" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your card was declined.");
    expect(screen.queryByTestId("location")).not.toBeInTheDocument();

    m.confirmPayment.mockResolvedValueOnce({ paymentIntent: { id: "pi_1", status: "processing" } });
    await user.click(screen.getByRole("button", { name: "Pay $29.50" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/orders/o1/confirmation");
    expect(m.confirmPayment).toHaveBeenLastCalledWith({
      elements: m.elements,
      confirmParams: { return_url: `${window.location.origin}/orders/o1/confirmation` },
      redirect: "if_required",
    });
  });

  it("says so when Stripe.js cannot load", async () => {
    stubApi({ config: { provider: "stripe", publishable_key: "pk_test_blocked" }, checkout: order("stripe", "pending", { client_secret: "pi_2_secret" }) });
    m.loadStripe.mockRejectedValue(new Error("Failed to load Stripe.js"));
    renderAt("/checkout");
    const user = await fillDelivery();
    await user.click(screen.getByRole("button", { name: "Continue to payment" }));
    expect(await screen.findByText("The payment form didn't load")).toBeInTheDocument();
    expect(screen.queryByTestId("payment-element")).not.toBeInTheDocument();
  });
});

describe("order confirmation", () => {
  beforeEach(() => sessionStorage.setItem("order-token:o1", "guest-token"));

  it("shows a card payment as processing until our API says the order is paid", async () => {
    stubApi({ config: { provider: "stripe" }, reads: [order("stripe", "pending"), order("stripe", "pending"), order("stripe", "paid")] });
    renderAt("/orders/o1/confirmation?payment_intent=pi_1&payment_intent_client_secret=pi_1_secret&redirect_status=succeeded", <OrderConfirmation pollMs={5} />);
    expect(await screen.findByText("Payment processing")).toBeInTheDocument();
    expect(await screen.findByText("Payment confirmed")).toBeInTheDocument();
    expect(screen.getByText("Thank you! Order M-1001 is placed.")).toBeInTheDocument();
    expect(screen.queryByText("How to pay")).not.toBeInTheDocument();
    expect(m.loadStripe).not.toHaveBeenCalled();
  });

  it("trusts the order over Stripe's redirect status", async () => {
    stubApi({ config: { provider: "stripe" }, reads: [order("stripe", "pending")] });
    sessionStorage.setItem(paymentSecretKey("o1"), JSON.stringify({ orderId: "o1", number: "M-1001", clientSecret: "pi_1_secret", currency: "USD", subtotal: 2450, shipping: 500, tax: 0, taxInclusive: false, total: 2950 }));
    renderAt("/orders/o1/confirmation?redirect_status=failed", <OrderConfirmation pollMs={5} />);
    expect(await screen.findByText("Payment failed")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Try paying again" })).toHaveAttribute("href", "/checkout?pay=o1");
    expect(screen.queryByText(/Thank you!/)).not.toBeInTheDocument();
  });

  it("names each shipment's carrier and links its tracking page", async () => {
    const shipped = order("manual", "paid", {});
    (shipped as unknown as { vendor_orders: unknown[] }).vendor_orders = [
      {
        id: "vo1", number: "M-1001-1", vendor_name: "Potter", status: "shipped", currency: "USD", lines: [], shipping_method: { name: "Standard" }, shipping_total: 500,
        shipments: [{ id: "s1", carrier: "ups", tracking_number: "1Z 99", tracking_url: "", created_at: "2026-12-01T10:00:00Z" }],
      },
    ];
    stubApi({ config: { provider: "manual" }, reads: [shipped] });
    renderAt("/orders/o1/confirmation", <OrderConfirmation />);
    const tracking = await screen.findByTestId("tracking");
    await waitFor(() => expect(tracking).toHaveTextContent(/^UPS:/));
    expect(within(tracking).getByRole("link", { name: "1Z 99" })).toHaveAttribute("href", "https://ups.example/track?n=1Z%2099");
  });

  it("keeps the manual provider's instructions", async () => {
    stubApi({ config: { provider: "manual" }, reads: [order("manual", "pending")] });
    renderAt("/orders/o1/confirmation", <OrderConfirmation />);
    expect(await screen.findByText("Thank you! Order M-1001 is placed.")).toBeInTheDocument();
    expect(screen.getByText("How to pay")).toBeInTheDocument();
    expect(screen.getByText("Pay by bank transfer to IBAN X.")).toBeInTheDocument();
    expect(screen.queryByText(/Payment processing|Payment confirmed/)).not.toBeInTheDocument();
  });
});

describe("payment documents", () => {
  it("names the pages served with Stripe's policy", () => {
    for (const p of ["/checkout", "/checkout/", "/orders/o1/confirmation"]) expect(isPaymentDocumentPath(p)).toBe(true);
    for (const p of ["/", "/cart", "/checkoutx", "/account/orders/o1", "/orders/o1/confirmation/x"]) expect(isPaymentDocumentPath(p)).toBe(false);
  });
  it("reloads the checkout only when the document came from another page", () => {
    expect(needsPaymentDocument("/cart")).toBe(true);
    expect(needsPaymentDocument("/sign-in")).toBe(true);
    expect(needsPaymentDocument("/checkout")).toBe(false);
    expect(needsPaymentDocument(null)).toBe(false);
  });
});
