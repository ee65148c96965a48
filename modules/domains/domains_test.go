package domains_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/modules/vendors"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type R = ct.Req

// fakeDNS is the vendors.DomainVerifier of these tests: it knows the records it was told.
type fakeDNS struct {
	mu      sync.Mutex
	records map[string]string
}

func (f *fakeDNS) VerifyTXT(_ context.Context, host, token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.records[host] == token {
		return nil
	}
	return vendors.ErrDomainUnverified
}

// publish puts the TXT record the api asked for (its record_value) in DNS.
func (f *fakeDNS) publish(host, recordValue string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[host] = strings.TrimPrefix(recordValue, vendors.TXTValuePrefix)
}

// setup is the shared test environment with the api rebuilt on a fake DNS: every request,
// the markets' signups included, goes through that api.
func setup(t *testing.T) (*ct.Env, *fakeDNS) {
	t.Helper()
	shared := ct.Setup(t)
	dns := &fakeDNS{records: map[string]string{}}
	rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
	t.Cleanup(func() { _ = rdb.Close() })
	return shared.Rebuild(t, ct.Options{Redis: rdb, DomainVerifier: dns}), dns
}

func items(t *testing.T, e *ct.Env, m *ct.Market) []map[string]any {
	t.Helper()
	return ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/admin/domains", Token: m.Operator.Token}), 200).Items()
}

// siteOf is what the host serves, through the api's host resolution: the marketplace's slug, or
// "" when the host is unknown (404).
func siteOf(t *testing.T, e *ct.Env, host string) string {
	t.Helper()
	res := e.Do(t, R{Method: "GET", Host: host, Path: "/api/v1/site"})
	if res.Status == 404 {
		return ""
	}
	ct.Want(t, res, 200)
	return res.Obj("tenant")["slug"].(string)
}

func TestAdminDomains_VerifiedDomainServesTheMarketplace(t *testing.T) {
	t.Parallel()
	e, dns := setup(t)
	m := e.NewMarket(t, "opdom")
	seller := e.NewVendor(t, m, "opdomv")
	host := "market-" + ct.Short() + ".example.com"
	base := "/api/v1/admin/domains"

	// Who may: operators only; anonymous callers are asked to sign in.
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: base}), 401)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Body: map[string]any{"host": host}}), 401)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: base, Token: m.Buyer.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: m.Buyer.Token, Body: map[string]any{"host": host}}), 403)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: seller.Owner.Token, Body: map[string]any{"host": host}}), 403)

	// Bad hosts are refused and nothing is written.
	for _, bad := range []string{"not a host", "localhost", "shop.localhost", "-bad-.example.com", ""} {
		res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: m.Operator.Token, Body: map[string]any{"host": bad}}), 422)
		if !res.ErrorAt("body.host") {
			t.Errorf("host %q: problem does not name body.host: %s", bad, res.Raw)
		}
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: m.Operator.Token, Body: map[string]any{"host": host, "extra": 1}}), 422)
	if list := items(t, e, m); len(list) != 1 || list[0]["primary"] != true || list[0]["host"] != m.Host {
		t.Fatalf("after refused adds the list holds more than the primary address: %+v", list)
	}

	// Adding shows the TXT record to create; the domain does not serve yet.
	if got := siteOf(t, e, host); got != "" {
		t.Fatalf("an unknown host serves %q", got)
	}
	d := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: m.Operator.Token, Body: map[string]any{"host": strings.ToUpper(host) + "."}}), 201)
	id := d.Str("id")
	if d.Str("host") != host || d.Str("record_type") != "TXT" || d.Str("record_name") != vendors.TXTPrefix+host ||
		!strings.HasPrefix(d.Str("record_value"), vendors.TXTValuePrefix) || d.JSON["verified"] != false {
		t.Fatalf("added domain: %s", d.Raw)
	}
	again := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base, Token: m.Operator.Token, Body: map[string]any{"host": host}}), 201)
	if again.Str("id") != id || again.Str("record_value") != d.Str("record_value") {
		t.Fatalf("adding the same host again: %s", again.Raw)
	}
	if list := items(t, e, m); len(list) != 2 || list[1]["id"] != id {
		t.Fatalf("list: %+v", list)
	}
	if got := siteOf(t, e, host); got != "" {
		t.Fatalf("an unverified domain serves %q", got)
	}

	// Verification needs the record.
	verify := base + "/" + id + "/verify"
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: verify, Token: m.Operator.Token}), 409)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: verify}), 401)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: verify, Token: m.Buyer.Token}), 403)

	// Another marketplace's operator sees none of it.
	other := e.NewMarket(t, "opdom-x")
	ct.Want(t, e.Do(t, R{Method: "POST", Host: other.Host, Path: verify, Token: other.Operator.Token}), 404)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: other.Host, Path: base + "/" + id, Token: other.Operator.Token}), 404)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: other.Host, Path: base + "/" + uuid.NewString() + "/verify", Token: other.Operator.Token}), 404)

	dns.publish(host, d.Str("record_value"))
	v := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: verify, Token: m.Operator.Token}), 200)
	if v.JSON["verified"] != true || v.Str("verified_at") == "" {
		t.Fatalf("verified domain: %s", v.Raw)
	}
	// The host was cached as unknown above; verification drops that, so it serves at once.
	if got := siteOf(t, e, host); got != m.Tenant.Slug {
		t.Fatalf("verified domain serves %q, want marketplace %q", got, m.Tenant.Slug)
	}
	site, err := e.App.Tenants.Resolve(context.Background(), host)
	if err != nil || site.Tenant.ID != m.Tenant.ID || site.Storefront != "" {
		t.Fatalf("Resolve(%q) = %+v, %v", host, site, err)
	}

	// The primary address stays.
	primary := items(t, e, m)[0]["id"].(string)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/" + primary, Token: m.Operator.Token}), 409)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/" + id, Token: m.Buyer.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/" + id}), 401)

	// Removal stops the host serving at once (the verified resolution was cached).
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/" + id, Token: m.Operator.Token}), 204)
	if got := siteOf(t, e, host); got != "" {
		t.Fatalf("a removed domain still serves %q", got)
	}
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/" + id, Token: m.Operator.Token}), 404)
	if list := items(t, e, m); len(list) != 1 {
		t.Fatalf("after removal: %+v", list)
	}
}

// ownerOf is vendors.Members for one owner of one vendor.
type ownerOf struct{ vendor, account uuid.UUID }

func (o ownerOf) AddVendorMember(context.Context, uuid.UUID, uuid.UUID, string) error { return nil }
func (o ownerOf) RemoveVendorMember(context.Context, uuid.UUID, uuid.UUID) error      { return nil }
func (o ownerOf) VendorMembers(context.Context, uuid.UUID) ([]vendors.Member, error) {
	return []vendors.Member{{AccountID: o.account, Role: vendors.RoleOwner}}, nil
}
func (o ownerOf) MembershipsOf(_ context.Context, id uuid.UUID) (map[uuid.UUID]string, error) {
	if id == o.account {
		return map[uuid.UUID]string{o.vendor: vendors.RoleOwner}, nil
	}
	return map[uuid.UUID]string{}, nil
}

// A pending claim holds nothing; a verified host is held against every other marketplace and
// every storefront, whichever verified first.
func TestAdminDomains_OnlyVerifiedDomainsHoldTheirHost(t *testing.T) {
	t.Parallel()
	e, dns := setup(t)
	base := "/api/v1/admin/domains"
	squatter, owner := e.NewMarket(t, "sq-a"), e.NewMarket(t, "sq-b")
	host := "held-" + ct.Short() + ".example.com"

	pending := ct.Want(t, e.Do(t, R{Method: "POST", Host: squatter.Host, Path: base, Token: squatter.Operator.Token, Body: map[string]any{"host": host}}), 201)
	mine := ct.Want(t, e.Do(t, R{Method: "POST", Host: owner.Host, Path: base, Token: owner.Operator.Token, Body: map[string]any{"host": host}}), 201)
	dns.publish(host, mine.Str("record_value"))
	ct.Want(t, e.Do(t, R{Method: "POST", Host: owner.Host, Path: base + "/" + mine.Str("id") + "/verify", Token: owner.Operator.Token}), 200)
	// Even with its own record published, the other claim cannot take the verified host.
	dns.publish(host, pending.Str("record_value"))
	taken := ct.Want(t, e.Do(t, R{Method: "POST", Host: squatter.Host, Path: base + "/" + pending.Str("id") + "/verify", Token: squatter.Operator.Token}), 409)
	if !strings.Contains(string(taken.Raw), "already used") {
		t.Fatalf("taken: %s", taken.Raw)
	}
	if got := siteOf(t, e, host); got != owner.Tenant.Slug {
		t.Fatalf("host serves %q, want %q", got, owner.Tenant.Slug)
	}

	// A storefront of any marketplace cannot verify a host a marketplace holds ...
	shop := e.NewVendor(t, squatter, "sqv")
	shopID := uuid.MustParse(shop.ID)
	svc := vendors.NewService(vendors.Deps{Tenants: e.Registry, Members: ownerOf{vendor: shopID, account: shop.Owner.ID}, Verifier: dns, BaseDomain: "localhost"})
	sctx := access.WithPrincipal(squatter.Ctx, access.Principal{AccountID: shop.Owner.ID, Roles: []string{access.RoleSeller}})
	sd, err := svc.SetDomain(sctx, shopID, host)
	if err != nil {
		t.Fatal(err)
	}
	dns.publish(host, sd.RecordValue)
	if _, err := svc.VerifyDomain(sctx, shopID); !errors.Is(err, vendors.ErrDomainTaken) {
		t.Fatalf("a storefront verifying a host a marketplace holds: %v", err)
	}
	// ... and a marketplace cannot verify a host a storefront holds.
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: owner.Host, Path: base + "/" + mine.Str("id"), Token: owner.Operator.Token}), 204)
	if _, err := svc.VerifyDomain(sctx, shopID); err != nil {
		t.Fatalf("the freed host: %v", err)
	}
	again := ct.Want(t, e.Do(t, R{Method: "POST", Host: owner.Host, Path: base, Token: owner.Operator.Token, Body: map[string]any{"host": host}}), 201)
	dns.publish(host, again.Str("record_value"))
	taken = ct.Want(t, e.Do(t, R{Method: "POST", Host: owner.Host, Path: base + "/" + again.Str("id") + "/verify", Token: owner.Operator.Token}), 409)
	if !strings.Contains(string(taken.Raw), "already used") {
		t.Fatalf("taken by a storefront: %s", taken.Raw)
	}
}
