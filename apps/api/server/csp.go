package server

import (
	"path"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/tenants"
)

// stripeSources are the origins Stripe documents for Stripe.js and the Payment Element
// (https://stripe.com/docs/security/guide#content-security-policy): the script, its iframes
// (hooks.stripe.com serves 3-D Secure challenges) and its API.
var stripeSources = []struct{ directive, origins string }{
	{"script-src", "https://js.stripe.com"},
	{"frame-src", "https://js.stripe.com https://hooks.stripe.com"},
	{"connect-src", "https://api.stripe.com"},
}

// orderConfirmationPath is the web app's order confirmation page, Stripe's return_url.
var orderConfirmationPath = regexp.MustCompile(`^/orders/[^/]+/confirmation$`)

// isPaymentPage reports whether a web app path is one where the buyer pays: the checkout, and
// the confirmation page Stripe returns the buyer to after a redirect (3-D Secure, bank apps).
// apps/web/src/pages/market/payment.ts (isPaymentDocumentPath) names the same paths.
func isPaymentPage(p string) bool {
	p = path.Clean("/" + p)
	return p == "/checkout" || strings.HasPrefix(p, "/checkout/") || orderConfirmationPath.MatchString(p)
}

// withStripe returns policy with Stripe's origins added to the directives Stripe.js needs. A
// directive the policy lacks falls back to default-src today, so it is added with 'self' first:
// same-origin loads keep working and only Stripe's origins are new.
func withStripe(policy string) string {
	parts := strings.Split(policy, ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for _, s := range stripeSources {
		found := false
		for i, d := range parts {
			if d == s.directive || strings.HasPrefix(d, s.directive+" ") {
				parts[i], found = d+" "+s.origins, true
			}
		}
		if !found {
			parts = append(parts, s.directive+" 'self' "+s.origins)
		}
	}
	out := parts[:0]
	for _, d := range parts {
		if d != "" {
			out = append(out, d)
		}
	}
	return strings.Join(out, "; ")
}

// paymentPageCSP widens the Content-Security-Policy of the web app's payment pages on
// marketplace and storefront hosts so Stripe.js and the Payment Element can load; it is
// installed only when Stripe is configured. Every other response (API JSON, /docs, assets,
// the platform host, every other page of the web app) keeps the strict policy that
// httpx.SecurityHeaders sets: this middleware is installed around that one and swaps that
// policy, strict, for the same one widened by Stripe's origins (computed once), after the
// response is built; a handler's own policy is left alone.
//
// Only payment pages, not every page of the marketplace, so that an injection anywhere else
// cannot pull in third-party script at all. The web app is a single-page app and a client-side
// navigation keeps the first document's policy, so when Stripe is on the checkout page reloads
// itself as a document if the current one was served for another path (needsPaymentDocument
// in payment.ts): every way into the checkout (the cart's button, a sign-in redirect, a typed
// URL) gets this policy, with no link having to remember to be a full page load. Card data never
// reaches our servers: it goes from Stripe's iframe to api.stripe.com.
func paymentPageCSP(strict string) fiber.Handler {
	widened := withStripe(strict)
	return func(c *fiber.Ctx) error {
		err := c.Next()
		if err != nil || (c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead) || !isPaymentPage(c.Path()) {
			return err
		}
		if !strings.HasPrefix(string(c.Response().Header.ContentType()), fiber.MIMETextHTML) {
			return nil
		}
		if site, ok := tenants.SiteOf(c); !ok || site.Platform {
			return nil
		}
		h := &c.Response().Header
		if policy := h.Peek(fiber.HeaderContentSecurityPolicy); string(policy) == strict {
			h.Set(fiber.HeaderContentSecurityPolicy, widened)
		}
		return nil
	}
}
