package server_test

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

const strictScripts = "script-src 'self';"

func cspOf(t *testing.T, app *server.App, method, host, path string) string {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Host = host
	res, err := app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.Header.Get("Content-Security-Policy")
}

func TestCSP_StripeOriginsOnlyOnPaymentPagesOfMarketplaces(t *testing.T) {
	t.Parallel()
	cfg := testkit.Config(t)
	cfg.StripeSecretKey, cfg.StripePublishableKey, cfg.StripeWebhookSecret = "sk_test_csp", "pk_test_csp", "whsec_csp"
	app, err := server.New(server.Infra{Config: cfg, DB: testkit.DB(t), Redis: testkit.Redis(t), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	tn := testkit.NewTenant(t, app.Tenants, "csp")
	market, store := tn.Slug+".localhost", "acme."+tn.Slug+".localhost"

	for _, tc := range []struct{ name, method, host, path string }{
		{"checkout", "GET", market, "/checkout"},
		{"checkout with a query", "GET", market, "/checkout?pay=0195"},
		{"checkout, HEAD", "HEAD", market, "/checkout"},
		{"Stripe's return page", "GET", market, "/orders/01959b4e-0000-7000-8000-000000000001/confirmation?redirect_status=succeeded"},
		{"checkout on a storefront host", "GET", store, "/checkout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csp := cspOf(t, app, tc.method, tc.host, tc.path)
			for _, want := range []string{
				"default-src 'self'",
				"script-src 'self' https://js.stripe.com",
				"frame-src 'self' https://js.stripe.com https://hooks.stripe.com",
				"connect-src 'self' https://api.stripe.com",
				"frame-ancestors 'none'",
				"form-action 'self'",
			} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Count(csp, "script-src") != 1 || strings.Count(csp, "stripe.com") != 4 {
				t.Errorf("CSP %q: want exactly Stripe's documented origins, once each", csp)
			}
		})
	}

	for _, tc := range []struct{ name, method, host, path string }{
		{"home page", "GET", market, "/"},
		{"cart page", "GET", market, "/cart"},
		{"a path that only starts like checkout", "GET", market, "/checkoutx"},
		{"an account's order page", "GET", market, "/account/orders/01959b4e-0000-7000-8000-000000000001"},
		{"API JSON", "GET", market, "/api/v1/site"},
		{"API under a payment-like path", "GET", market, "/api/v1/checkout"},
		{"API docs", "GET", market, "/docs"},
		{"checkout path on the platform host", "GET", "localhost", "/checkout"},
		{"unknown host", "GET", "nobody.localhost", "/checkout"},
	} {
		t.Run("strict: "+tc.name, func(t *testing.T) {
			csp := cspOf(t, app, tc.method, tc.host, tc.path)
			// /docs sets its own, stricter policy; everything else has the default one.
			if !strings.Contains(csp, "script-src '") || strings.Contains(csp, "stripe") || (tc.path != "/docs" && !strings.Contains(csp, strictScripts)) {
				t.Errorf("CSP %q, want the strict policy", csp)
			}
		})
	}
}

func TestCSP_OfflineCheckoutKeepsTheStrictPolicy(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	tn := testkit.NewTenant(t, app.Tenants, "csp-off")
	for _, p := range []string{"/checkout", "/orders/01959b4e-0000-7000-8000-000000000001/confirmation"} {
		csp := cspOf(t, app, "GET", tn.Slug+".localhost", p)
		if !strings.Contains(csp, strictScripts) || strings.Contains(csp, "stripe") {
			t.Errorf("%s with the manual provider: CSP %q", p, csp)
		}
	}
}
