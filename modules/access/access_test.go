package access_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func TestObject_ConvertsHumaPatterns(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/api/v1/me":                            "/api/v1/me",
		"/api/v1/me/addresses/{id}":             "/api/v1/me/addresses/:id",
		"/api/v1/vendors/{vendor}/members/{id}": "/api/v1/vendors/:vendor/members/:id",
	} {
		if got := access.Object(in); got != want {
			t.Errorf("Object(%q) = %q, want %q", in, got, want)
		}
	}
}

// Two enforcers stand for two api processes on the same database and Redis: a grant committed
// through one reaches the other through the watcher within seconds, and so does its removal.
func TestWatcher_ChangeOnOneProcessReachesTheOther(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, rdb := testkit.DB(t), testkit.Redis(t)
	one, err := access.NewEnforcer(ctx, db, rdb)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	two, err := access.NewEnforcer(ctx, db, rdb)
	if err != nil {
		t.Fatal(err)
	}
	defer two.Close()

	user, tenant := uuid.NewString(), uuid.NewString()
	eventually := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not happen within 5s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if two.HasGrant(user, access.RoleOperator, tenant) {
		t.Fatal("grant before it was made")
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return access.Grant(tx, user, access.RoleOperator, tenant) }); err != nil {
		t.Fatal(err)
	}
	if err := one.Changed(ctx); err != nil {
		t.Fatal(err)
	}
	if !one.HasGrant(user, access.RoleOperator, tenant) {
		t.Fatal("the changing process must see its change at once")
	}
	eventually("grant reaching the other process", func() bool { return two.HasGrant(user, access.RoleOperator, tenant) })

	// A policy change also empties the decision cache.
	obj := "/api/v1/test-only/" + uuid.NewString()
	if ok, _ := two.Allowed([]string{access.RoleBuyer}, tenant, obj, "GET"); ok {
		t.Fatal("allowed without a policy")
	}
	if err := db.Transaction(func(tx *gorm.DB) error { return access.AddPolicy(tx, access.RoleBuyer, tenant, obj, "GET") }); err != nil {
		t.Fatal(err)
	}
	if err := one.Changed(ctx); err != nil {
		t.Fatal(err)
	}
	eventually("policy reaching the other process", func() bool {
		ok, _ := two.Allowed([]string{access.RoleBuyer}, tenant, obj, "GET")
		return ok
	})
	// The policy is scoped to its marketplace.
	if ok, _ := two.Allowed([]string{access.RoleBuyer}, uuid.NewString(), obj, "GET"); ok {
		t.Fatal("a marketplace's policy applied to another marketplace")
	}

	if err := db.Transaction(func(tx *gorm.DB) error {
		_, err := access.Revoke(tx, user, access.RoleOperator, tenant)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := one.Changed(ctx); err != nil {
		t.Fatal(err)
	}
	eventually("revocation reaching the other process", func() bool { return !two.HasGrant(user, access.RoleOperator, tenant) })
}

func TestDefaultPolicies_DenyByDefault(t *testing.T) {
	t.Parallel()
	e, err := access.NewEnforcer(context.Background(), testkit.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	tenant := uuid.NewString()
	cases := []struct {
		roles  []string
		domain string
		obj    string
		act    string
		want   bool
	}{
		{[]string{access.RoleAnonymous}, tenant, "/api/v1/auth/login", "POST", true},
		{[]string{access.RoleAnonymous}, tenant, "/api/v1/me", "GET", false},
		{[]string{access.RoleBuyer}, tenant, "/api/v1/me", "GET", true},
		{[]string{access.RoleBuyer}, tenant, "/api/v1/me", "DELETE", false},
		{[]string{access.RoleBuyer}, tenant, "/api/v1/admin/settings", "GET", false},
		{[]string{access.RoleOperator}, tenant, "/api/v1/admin/settings", "GET", true},
		{[]string{access.RoleOperator}, access.PlatformDomain, "/api/v1/platform/tenants", "GET", false},
		{[]string{access.RolePlatformAdmin}, access.PlatformDomain, "/api/v1/platform/tenants", "GET", true},
		{[]string{access.RolePlatformAdmin}, tenant, "/api/v1/platform/tenants", "GET", false},
		{[]string{access.RoleAnonymous, access.RoleBuyer}, tenant, "/api/v1/unknown", "GET", false},
	}
	for _, c := range cases {
		got, err := e.Allowed(c.roles, c.domain, c.obj, c.act)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%v %s %s in %s: %v, want %v", c.roles, c.act, c.obj, c.domain, got, c.want)
		}
	}
}
