package identity_test

import (
	"testing"

	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// Opening a marketplace makes a tenant, a domain and an operator: one client gets five an hour.
func TestSignup_SixthMarketplaceFromOneClientIsRefusedWithoutATenant(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const perHour = 5
	client, other := "2001:db8:7::"+short()[:4], "2001:db8:8::"+short()[:4]
	signup := func(ip string) (resp, string) {
		slug := "burst-" + short()
		return e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/signup", ip: ip,
			body: map[string]any{"slug": slug, "name": "Burst " + slug, "email": "op@" + slug + ".example", "password": "burst-market-password", "operator_name": "Op"}}), slug
	}
	for i := 1; i <= perHour; i++ {
		res, _ := signup(client)
		want(t, res, 201)
	}
	res, slug := signup(client)
	want(t, res, 429)
	if res.header.Get("Retry-After") == "" || res.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("429 without Retry-After or not a problem: %v %s", res.header, res.raw)
	}
	var n int64
	testkit.OwnerDB(t).Raw("select count(*) from tenants where slug = ?", slug).Scan(&n)
	if n != 0 {
		t.Fatal("the refused signup created its marketplace")
	}
	// Another client is not held back.
	res, _ = signup(other)
	want(t, res, 201)
}
