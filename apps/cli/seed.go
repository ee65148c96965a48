package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/tenants"
)

// demoSlug is the marketplace `go tool task run` shows.
const demoSlug = "demo"

// Demo accounts created by seed. The passwords are public: seed is for development machines.
const (
	demoOperatorEmail    = "operator@demo.example"
	demoOperatorPassword = "demo-operator-2026"
	demoBuyerEmail       = "buyer@demo.example"
	demoBuyerPassword    = "demo-buyer-2026"
	demoAdminEmail       = "admin@platform.example"
	demoAdminPassword    = "platform-admin-2026"
)

// seed creates the demo marketplace, its operator and buyer, and a platform admin, each when
// missing; running it again changes nothing.
func seed(ctx context.Context, cfg configs.Config, out io.Writer) error {
	kit, err := newIdentityKit(ctx, cfg)
	if err != nil {
		return err
	}
	defer kit.close()
	reg := kit.registry
	_, err = reg.Provision(ctx, tenants.NewTenant{Slug: demoSlug, Name: "Demo Marketplace"}, nil)
	switch {
	case errors.Is(err, tenants.ErrSlugTaken):
		fmt.Fprintf(out, "demo marketplace already present at %s\n", cfg.TenantURL(demoSlug))
	case err != nil:
		return fmt.Errorf("seed demo marketplace: %w", err)
	default:
		fmt.Fprintf(out, "seeded demo marketplace at %s\n", cfg.TenantURL(demoSlug))
	}
	demo, err := findTenant(ctx, reg, demoSlug)
	if err != nil {
		return err
	}
	tctx := tenants.WithTenant(ctx, demo)

	op, created, err := kit.svc.EnsureAccount(tctx, demoOperatorEmail, demoOperatorPassword, "Demo Operator")
	if err != nil {
		return fmt.Errorf("seed demo operator: %w", err)
	}
	if created {
		if err := kit.svc.GrantOperator(tctx, op.ID); err != nil {
			return fmt.Errorf("seed demo operator role: %w", err)
		}
	}
	report(out, created, "operator", demoOperatorEmail, demoOperatorPassword)

	_, created, err = kit.svc.EnsureAccount(tctx, demoBuyerEmail, demoBuyerPassword, "Demo Buyer")
	if err != nil {
		return fmt.Errorf("seed demo buyer: %w", err)
	}
	report(out, created, "buyer", demoBuyerEmail, demoBuyerPassword)

	_, err = kit.svc.CreatePlatformAdmin(ctx, demoAdminEmail, demoAdminPassword, "Platform Admin")
	switch {
	case errors.Is(err, identity.ErrAdminExists):
		report(out, false, "platform admin", demoAdminEmail, demoAdminPassword)
	case err != nil:
		return fmt.Errorf("seed platform admin: %w", err)
	default:
		report(out, true, "platform admin", demoAdminEmail, demoAdminPassword)
	}
	return seedCatalog(ctx, cfg, out)
}

func report(out io.Writer, created bool, what, email, password string) {
	verb := "already present"
	if created {
		verb = "seeded"
	}
	fmt.Fprintf(out, "%s %s %s (password %s)\n", verb, what, email, password)
}

func findTenant(ctx context.Context, reg *tenants.Registry, slug string) (tenants.Tenant, error) {
	list, err := reg.List(ctx)
	if err != nil {
		return tenants.Tenant{}, err
	}
	for _, t := range list {
		if t.Slug == slug {
			return t, nil
		}
	}
	return tenants.Tenant{}, fmt.Errorf("marketplace %q: %w", slug, tenants.ErrTenantNotFound)
}
