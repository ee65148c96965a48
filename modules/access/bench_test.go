package access_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// BenchmarkAllowed measures the per-request authorization check with the migrations' policies
// loaded: a buyer reading a product page (allowed through anonymous) and a buyer refused an
// operator route (every role tried).
func BenchmarkAllowed(b *testing.B) {
	en, err := access.NewEnforcer(context.Background(), testkit.DB(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	tenant := uuid.NewString()
	roles := []string{access.RoleAnonymous, access.RoleBuyer}
	for name, c := range map[string]struct {
		obj, act string
		want     bool
	}{
		"allowed-product-page": {"/api/v1/products/:ref", "GET", true},
		"refused-admin-route":  {"/api/v1/admin/orders", "GET", false},
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ok, err := en.Allowed(roles, tenant, c.obj, c.act)
				if err != nil || ok != c.want {
					b.Fatalf("Allowed = %v, %v; want %v", ok, err, c.want)
				}
			}
		})
	}
}
