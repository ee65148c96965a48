package payments_test

import (
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// A commission rule's scope_id must be a vendor or category of the operator's own marketplace
// (issue 14, item 12): another marketplace's vendor or category, or an unknown id, is refused
// with 422 "not yours" and no rule is written.
func TestCommissionRule_ScopeMustBeTheMarketplacesOwn(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "cscope"), e.NewMarket(t, "cscope-x")
	mine, theirs := e.NewVendor(t, m, "csa"), e.NewVendor(t, other, "csx")
	const path = "/api/v1/admin/payments/commission-rules"
	newCategory := func(mk *ct.Market) string {
		slug := "cat-" + ct.Short()
		return ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: mk.Host, Path: "/api/v1/admin/categories", Token: mk.Operator.Token,
			Body: map[string]any{"name": "Cat " + slug, "slug": slug}}), 201).Str("id")
	}
	myCat, theirCat := newCategory(m), newCategory(other)

	for _, tc := range []struct{ name, scope, id string }{
		{"another marketplace's vendor", "vendor", theirs.ID},
		{"another marketplace's category", "category", theirCat},
		{"an unknown vendor", "vendor", "0190f3a0-0000-7000-8000-0000000000bb"},
		{"an unknown category", "category", "0190f3a0-0000-7000-8000-0000000000cc"},
		{"a category id as vendor", "vendor", myCat},
	} {
		r := e.Do(t, ct.Req{Method: "PUT", Host: m.Host, Path: path, Token: m.Operator.Token,
			Body: map[string]any{"scope": tc.scope, "scope_id": tc.id, "percent_bps": 700}})
		if r.Status != 422 || !r.ErrorAt("body.scope_id") || !strings.Contains(string(r.Raw), "not yours") {
			t.Errorf("%s: %d %s, want 422 \"not yours\" at body.scope_id", tc.name, r.Status, r.Raw)
		}
	}
	if n := ct.Count(t, "commission_rules", "tenant_id = ?", m.Tenant.ID); n != 0 {
		t.Fatalf("refused rules were written: %d", n)
	}
	for _, ok := range []struct{ scope, id string }{{"vendor", mine.ID}, {"category", myCat}} {
		ct.Want(t, e.Do(t, ct.Req{Method: "PUT", Host: m.Host, Path: path, Token: m.Operator.Token,
			Body: map[string]any{"scope": ok.scope, "scope_id": ok.id, "percent_bps": 700}}), 200)
	}
	// Sellers, buyers and anonymous callers set no rules.
	body := map[string]any{"scope": "vendor", "scope_id": mine.ID, "percent_bps": 1}
	ct.Want(t, e.Do(t, ct.Req{Method: "PUT", Host: m.Host, Path: path, Token: mine.Owner.Token, Body: body}), 403)
	ct.Want(t, e.Do(t, ct.Req{Method: "PUT", Host: m.Host, Path: path, Body: body}), 401)
}
