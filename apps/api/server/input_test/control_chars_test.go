// Package input_test checks, through the real api, rules that hold for every operation's input.
package input_test

import (
	"os"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func shippingProfile(name, zone string) map[string]any {
	return map[string]any{"name": name, "ship_from_country": "DE", "currency": "EUR", "zones": []any{map[string]any{
		"name": zone, "countries": []any{"DE"},
		"rates": []any{map[string]any{"id": "standard", "name": "Standard", "kind": "flat", "amount": 490, "min_days": 1, "max_days": 3}},
	}}}
}

// PostgreSQL refuses NUL in text, so a NUL used to reach the store and end in a 500. Every string
// input is checked before any handler: 422 naming the field, nothing stored.
func TestControlCharacters_RefusedInEveryStringInputBeforeAnythingIsStored(t *testing.T) {
	t.Parallel()
	e := catalogtest.Setup(t)
	m := e.NewMarket(t, "ctl")
	v := e.NewVendor(t, m, "ctl")
	marker := "ctl-" + catalogtest.Short()
	cases := []struct {
		name    string
		req     catalogtest.Req
		field   string
		table   string // where a stored row would show, by marker
		storedQ string
	}{
		{"address line (NUL)", catalogtest.Req{Method: "POST", Path: "/api/v1/me/addresses", Token: m.Buyer.Token, Body: map[string]any{
			"kind": "shipping", "name": marker, "line1": "1 Main\x00St", "city": "Berlin", "postal_code": "10115", "country": "DE"}},
			"body.line1", "addresses", "name = ?"},
		{"product description (NUL)", catalogtest.Req{Method: "POST", Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token, Body: map[string]any{
			"title": marker, "description_html": "<p>Soft\x00cotton</p>", "variants": []any{catalogtest.Variant("SKU-"+catalogtest.Short(), 1000, 1, nil)}}},
			"body.description_html", "products", "title = ?"},
		{"shipping zone name (C1)", catalogtest.Req{Method: "POST", Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
			Body: shippingProfile(marker, "Home\u0085")}, "body.zones[0].name", "shipping_profiles", "name = ?"},
		{"shipping profile name (NUL)", catalogtest.Req{Method: "POST", Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
			Body: shippingProfile(marker+"\x00", "Home")}, "body.name", "shipping_profiles", "name like ? || '%'"},
		{"tax rate name (DEL)", catalogtest.Req{Method: "POST", Path: "/api/v1/admin/tax-rates", Token: m.Operator.Token, Body: map[string]any{
			"country": "DE", "region": marker, "name": "VAT\x7f", "rate_bp": 1900}}, "body.name", "tax_rates", "region = ?"},
		{"settings name (escape)", catalogtest.Req{Method: "PATCH", Path: "/api/v1/admin/settings", Token: m.Operator.Token, Body: map[string]any{
			"name": marker + "\x1b[31m"}}, "body.name", "tenants", "name like ? || '%'"},
		{"query parameter (NUL)", catalogtest.Req{Method: "GET", Path: "/api/v1/products?q=a%00b"}, "query.q", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Host = m.Host
			res := e.Do(t, c.req)
			if res.Status != 422 || !res.ErrorAt(c.field) {
				t.Fatalf("status %d, want 422 with an error at %s: %s", res.Status, c.field, res.Raw)
			}
			if c.table != "" {
				if n := catalogtest.Count(t, c.table, c.storedQ, marker); n != 0 {
					t.Fatalf("%d %s rows stored", n, c.table)
				}
			}
		})
	}

	// Tab and line breaks are text.
	res := e.Do(t, catalogtest.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token, Body: map[string]any{
		"title": marker, "description_html": "<p>Soft cotton.</p>\r\n\t<p>Machine washable.\nMade in Portugal.</p>", "variants": []any{catalogtest.Variant("SKU-"+catalogtest.Short(), 1000, 1, nil)}}})
	catalogtest.Want(t, res, 201)
	if got := res.Str("description_html"); !strings.Contains(got, "\t<p>Machine washable.\nMade in Portugal.</p>") {
		t.Fatalf("description_html %q lost its tab or line break", got)
	}
}
