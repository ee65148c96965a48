package tenants_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func TestResolve_Hosts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := testkit.Registry(t)
	active := testkit.NewTenant(t, reg, "shop")
	suspended := testkit.NewTenant(t, reg, "gone")
	status := tenants.StatusSuspended
	if _, err := reg.Update(ctx, suspended.ID, tenants.Update{Status: &status}); err != nil {
		t.Fatal(err)
	}
	// A verified custom domain and an unverified one, added as the owner would after a DNS check.
	owner := testkit.OwnerDB(t)
	owner.Exec(`insert into tenant_domains (tenant_id, host, verified) values (?, 'market.example.com', true), (?, 'pending.example.com', false)`, active.ID, active.ID)

	type want struct {
		platform   bool
		tenant     string
		storefront string
		err        error
	}
	cases := []struct {
		host string
		want want
	}{
		{"localhost", want{platform: true}},
		{"localhost:8080", want{platform: true}},
		{"LOCALHOST.", want{platform: true}},
		{active.Slug + ".localhost", want{tenant: active.Slug}},
		{active.Slug + ".localhost:8080", want{tenant: active.Slug}},
		{"  " + active.Slug + ".LocalHost.:8080", want{tenant: active.Slug}},
		{"acme-tools." + active.Slug + ".localhost", want{tenant: active.Slug, storefront: "acme-tools"}},
		{"market.example.com", want{tenant: active.Slug}},
		{"Market.Example.COM.", want{tenant: active.Slug}},
		{"pending.example.com", want{err: tenants.ErrUnknownHost}},
		{"nobody.localhost", want{err: tenants.ErrUnknownHost}},
		{"a.b." + active.Slug + ".localhost", want{err: tenants.ErrUnknownHost}},
		{"example.org", want{err: tenants.ErrUnknownHost}},
		{"", want{err: tenants.ErrUnknownHost}},
		{suspended.Slug + ".localhost", want{err: tenants.ErrSuspended}},
		{"shop." + suspended.Slug + ".localhost", want{err: tenants.ErrSuspended}},
	}
	for _, tc := range cases {
		site, err := reg.Resolve(ctx, tc.host)
		got := want{platform: site.Platform, tenant: site.Tenant.Slug, storefront: site.Storefront, err: err}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{}), cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) })); diff != "" {
			t.Errorf("Resolve(%q) mismatch (-want +got):\n%s", tc.host, diff)
		}
	}
	if _, err := reg.Resolve(ctx, "nobody.localhost"); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("unknown host error kind: %v, want not found (404)", err)
	}
	if _, err := reg.Resolve(ctx, suspended.Slug+".localhost"); !errors.Is(err, errs.ErrForbidden) {
		t.Errorf("suspended error kind: %v, want forbidden (403)", err)
	}
}

func TestResolve_InvalidationReachesOtherProcesses(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Two registries with a long cache TTL stand for two api processes.
	apiA := tenants.NewRegistry(testkit.DB(t), testkit.Redis(t), "localhost", time.Hour)
	apiB := tenants.NewRegistry(testkit.DB(t), testkit.Redis(t), "localhost", time.Hour)
	go apiB.ListenForInvalidations(ctx)
	tn := testkit.NewTenant(t, apiA, "inval")
	host := tn.Slug + ".localhost"
	if _, err := apiB.Resolve(ctx, host); err != nil {
		t.Fatal(err)
	}
	// Give B's subscription time to be established before A publishes: poll, don't sleep blindly.
	status := tenants.StatusSuspended
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := apiA.Update(ctx, tn.ID, tenants.Update{Status: &status}); err != nil {
			t.Fatal(err)
		}
		if _, err := apiB.Resolve(ctx, host); errors.Is(err, tenants.ErrSuspended) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("process B still serves a marketplace that process A suspended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestProvision_RefusesBadAndTakenSlugsAndRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "taken")
	cases := map[string]struct {
		slug string
		kind error
	}{
		"reserved":                    {"admin", errs.ErrInvalid},
		"too short":                   {"ab", errs.ErrInvalid},
		"uppercase ok but spaces not": {"my shop", errs.ErrInvalid},
		"leading hyphen":              {"-shop", errs.ErrInvalid},
		"taken":                       {tn.Slug, errs.ErrConflict},
	}
	for name, tc := range cases {
		_, err := reg.Provision(ctx, tenants.NewTenant{Slug: tc.slug, Name: "X"}, nil)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: Provision(%q) = %v, want kind %v", name, tc.slug, err, tc.kind)
		}
	}
	// A failure inside the caller's step undoes the tenant and its domain.
	boom := errors.New("operator account failed")
	_, err := reg.Provision(ctx, tenants.NewTenant{Slug: "rollback-shop", Name: "Rollback"}, func(context.Context, *gorm.DB) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Provision = %v, want %v", err, boom)
	}
	var n int64
	testkit.OwnerDB(t).Raw("select count(*) from tenants where slug = 'rollback-shop'").Scan(&n)
	if n != 0 {
		t.Fatal("a failed provisioning left its tenant behind")
	}
	if _, err := reg.Resolve(ctx, "rollback-shop.localhost"); !errors.Is(err, tenants.ErrUnknownHost) {
		t.Fatalf("host of a rolled-back tenant resolves: %v", err)
	}
}

func TestTx_RequiresTenantAndScopesToIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := testkit.Registry(t)
	a := testkit.NewTenant(t, reg, "scopea")
	b := testkit.NewTenant(t, reg, "scopeb")
	if err := reg.Tx(ctx, func(*gorm.DB) error { return nil }); err == nil {
		t.Fatal("Tx without a tenant in context ran")
	}
	var slugs []string
	if err := reg.Tx(tenants.WithTenant(ctx, a), func(tx *gorm.DB) error {
		return tx.Raw("select slug from tenants").Scan(&slugs).Error
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{a.Slug}, slugs); diff != "" {
		t.Fatalf("tenant A sees tenants (-want +got):\n%s", diff)
	}
	list, err := reg.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, x := range list {
		if x.ID == a.ID || x.ID == b.ID {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("List (platform path) found %d of the 2 tenants", found)
	}
}
