package testkit

import (
	"context"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// NewTenant provisions a marketplace with a unique slug starting with prefix.
func NewTenant(t testing.TB, reg *tenants.Registry, prefix string) tenants.Tenant {
	t.Helper()
	slug := prefix + "-" + strings.ReplaceAll(ids.New().String(), "-", "")[24:]
	tn, err := reg.Provision(context.Background(), tenants.NewTenant{Slug: slug, Name: strings.ToUpper(prefix[:1]) + prefix[1:] + " Market"}, nil)
	if err != nil {
		t.Fatalf("provision tenant %s: %v", slug, err)
	}
	return tn
}

// Registry is a tenant registry on the package database (app role) and Redis.
func Registry(t testing.TB) *tenants.Registry {
	t.Helper()
	return tenants.NewRegistry(DB(t), Redis(t), "localhost", 0)
}
