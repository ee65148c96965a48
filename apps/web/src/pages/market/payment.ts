// Helpers of the card payment pages that the rest of the app may import without pulling in
// Stripe's packages (StripePayment.tsx is loaded on demand).

/**
 * The web app paths where the server's Content-Security-Policy allows Stripe (when Stripe is
 * configured): the checkout and the order confirmation page Stripe returns the buyer to. Keep in
 * step with isPaymentPage in apps/api/server/csp.go.
 */
export function isPaymentDocumentPath(path: string): boolean {
  return path === "/checkout" || path.startsWith("/checkout/") || /^\/orders\/[^/]+\/confirmation$/.test(path);
}

/** The path this document was loaded at, or null when the browser can't say. */
export function documentPath(): string | null {
  try {
    const nav = performance.getEntriesByType?.("navigation")?.[0];
    return nav ? new URL(nav.name).pathname : null;
  } catch {
    return null;
  }
}

/**
 * Whether the page must be loaded again as a document before Stripe.js can run: the app is a
 * single-page app, and a document keeps the Content-Security-Policy it was served with, so a
 * buyer who navigated to the checkout inside the app (from the cart, after signing in) still has
 * the strict policy of the first page, which blocks js.stripe.com.
 */
export function needsPaymentDocument(loadedAt: string | null = documentPath()): boolean {
  return loadedAt !== null && !isPaymentDocumentPath(loadedAt);
}

/** Where the order's client secret is kept in this tab, to pay again after a failed redirect. */
export const paymentSecretKey = (orderId: string) => `order-payment:${orderId}`;

