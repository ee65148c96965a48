package vendors_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/google/uuid"

	"gorm.io/gorm"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/vendors"
)

// fakeDNS is a DomainVerifier that knows the records it was told.
type fakeDNS map[string]string

func (f fakeDNS) VerifyTXT(_ context.Context, host, token string) error {
	if f[host] == token {
		return nil
	}
	return vendors.ErrDomainUnverified
}

// ownerOf is vendors.Members for one owner of one vendor.
type ownerOf struct {
	vendor, account uuid.UUID
}

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

func TestCustomDomain_ActiveOnceTheTXTRecordIsFound(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "domain")
	v := e.NewVendor(t, m, "dom")
	vid := uuid.MustParse(v.ID)
	dns := fakeDNS{}
	svc := vendors.NewService(vendors.Deps{Tenants: e.Registry, Members: ownerOf{vendor: vid, account: v.Owner.ID}, Verifier: dns, BaseDomain: "localhost"})
	ctx := access.WithPrincipal(m.Ctx, access.Principal{AccountID: v.Owner.ID, Email: v.Owner.Email, Roles: []string{access.RoleSeller}})

	for _, bad := range []string{"not a host", "localhost", "shop.localhost", "-bad-.example.com"} {
		if _, err := svc.SetDomain(ctx, vid, bad); !errors.Is(err, errs.ErrInvalid) {
			t.Errorf("SetDomain(%q) = %v, want invalid", bad, err)
		}
	}
	d, err := svc.SetDomain(ctx, vid, "Shop.Example.COM.")
	if err != nil {
		t.Fatal(err)
	}
	if d.Host != "shop.example.com" || d.RecordName != "_marketplace-verify.shop.example.com" || d.VerifiedAt != nil {
		t.Fatalf("domain %+v", d)
	}
	if _, err := svc.VerifyDomain(ctx, vid); !errors.Is(err, vendors.ErrDomainUnverified) || !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("verify without record: %v", err)
	}
	dns["shop.example.com"] = d.RecordValue[len(vendors.TXTValuePrefix):]
	d, err = svc.VerifyDomain(ctx, vid)
	if err != nil || d.VerifiedAt == nil {
		t.Fatalf("verify: %+v %v", d, err)
	}
	// The verified domain shows on the public profile and resolves through the registry function.
	pub := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(v.Slug), Path: "/api/v1/storefront"}), 200)
	if pub.Str("domain") != "shop.example.com" {
		t.Fatalf("storefront: %s", pub.Raw)
	}
	var rows []struct {
		TenantID   uuid.UUID
		VendorSlug string
	}
	if err := e.App.Tenants.Tx(m.Ctx, func(tx *gorm.DB) error {
		return tx.Raw("select * from resolve_vendor_host('shop.example.com')").Scan(&rows).Error
	}); err != nil || len(rows) != 1 || rows[0].VendorSlug != v.Slug || rows[0].TenantID != m.Tenant.ID {
		t.Fatalf("resolve_vendor_host: %+v %v", rows, err)
	}
	// Another vendor cannot claim it, in this marketplace or another.
	other := e.NewMarket(t, "domain-x")
	ov := e.NewVendor(t, other, "domx")
	ovid := uuid.MustParse(ov.ID)
	osvc := vendors.NewService(vendors.Deps{Tenants: e.Registry, Members: ownerOf{vendor: ovid, account: ov.Owner.ID}, Verifier: dns})
	octx := access.WithPrincipal(other.Ctx, access.Principal{AccountID: ov.Owner.ID, Roles: []string{access.RoleSeller}})
	// A claim reveals nothing of another marketplace's domain, but it cannot be verified.
	od, err := osvc.SetDomain(octx, ovid, "shop.example.com")
	if err != nil {
		t.Fatalf("claiming a domain verified elsewhere: %v", err)
	}
	dns["shop.example.com"] = od.RecordValue[len(vendors.TXTValuePrefix):]
	if _, err := osvc.VerifyDomain(octx, ovid); !errors.Is(err, vendors.ErrDomainTaken) {
		t.Fatalf("verifying a taken domain: %v", err)
	}
	// Removing it frees it.
	if err := svc.RemoveDomain(ctx, vid); err != nil {
		t.Fatal(err)
	}
	if _, err := osvc.VerifyDomain(octx, ovid); err != nil {
		t.Fatal(err)
	}
}

// An unverified claim holds nothing: another marketplace's seller may claim the same host, the
// first to verify wins, and the other pending claim then fails verification.
func TestCustomDomain_UnverifiedClaimsDoNotSquat(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	dns := fakeDNS{}
	claim := func(name string) (*vendors.Service, context.Context, uuid.UUID) {
		m := e.NewMarket(t, name)
		v := e.NewVendor(t, m, name)
		vid := uuid.MustParse(v.ID)
		svc := vendors.NewService(vendors.Deps{Tenants: e.Registry, Members: ownerOf{vendor: vid, account: v.Owner.ID}, Verifier: dns, BaseDomain: "localhost"})
		return svc, access.WithPrincipal(m.Ctx, access.Principal{AccountID: v.Owner.ID, Roles: []string{access.RoleSeller}}), vid
	}
	host := "squat-" + ct.Short() + ".example.com"
	squatter, sctx, sid := claim("squat-a")
	if _, err := squatter.SetDomain(sctx, sid, host); err != nil {
		t.Fatal(err)
	}
	owner, octx, oid := claim("squat-b")
	d, err := owner.SetDomain(octx, oid, host)
	if err != nil {
		t.Fatalf("an unverified claim elsewhere blocks the real owner: %v", err)
	}
	dns[host] = d.RecordValue[len(vendors.TXTValuePrefix):]
	if d, err := owner.VerifyDomain(octx, oid); err != nil || d.VerifiedAt == nil {
		t.Fatalf("verify: %+v %v", d, err)
	}
	if _, err := squatter.VerifyDomain(sctx, sid); !errors.Is(err, vendors.ErrDomainTaken) && !errors.Is(err, vendors.ErrDomainUnverified) {
		t.Fatalf("the squatter's claim must fail verification: %v", err)
	}
}

func TestCustomDomain_HTTP(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "domhttp")
	v, w := e.NewVendor(t, m, "dh"), e.NewVendor(t, m, "dw")
	path := "/api/v1/seller/vendors/" + v.ID + "/domain"
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: path, Body: map[string]any{"host": "a.example.com"}}), 401)
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: path, Token: m.Buyer.Token, Body: map[string]any{"host": "a.example.com"}}), 403)
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: path, Token: w.Owner.Token, Body: map[string]any{"host": "a.example.com"}}), 404)
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: path, Token: v.Owner.Token, Body: map[string]any{"host": "nope"}}), 422)
	res := ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: path, Token: v.Owner.Token, Body: map[string]any{"host": "a-" + ct.Short() + ".example.com"}}), 200)
	if res.Str("record_type") != "TXT" || res.JSON["verified"] != false {
		t.Fatalf("domain: %s", res.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path, Token: v.Owner.Token}), 204)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path, Token: v.Owner.Token}), 404)
}

func TestDNSVerifier_ReadsTheTXTRecord(t *testing.T) {
	t.Parallel()
	records := map[string][]string{"_marketplace-verify.shop.example.com": {"v=spf1 -all", "marketplace-verify=tok123"}}
	v := vendors.DNSVerifier{Resolver: lookup(func(_ context.Context, name string) ([]string, error) {
		if r, ok := records[name]; ok {
			return r, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
	})}
	if err := v.VerifyTXT(context.Background(), "shop.example.com", "tok123"); err != nil {
		t.Fatal(err)
	}
	if err := v.VerifyTXT(context.Background(), "shop.example.com", "other"); !errors.Is(err, vendors.ErrDomainUnverified) {
		t.Fatalf("wrong token: %v", err)
	}
	if err := v.VerifyTXT(context.Background(), "missing.example.com", "tok123"); !errors.Is(err, vendors.ErrDomainUnverified) {
		t.Fatalf("no record: %v", err)
	}
}

type lookup func(ctx context.Context, name string) ([]string, error)

func (l lookup) LookupTXT(ctx context.Context, name string) ([]string, error) { return l(ctx, name) }
