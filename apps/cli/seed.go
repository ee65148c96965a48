package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/platform/runtime"
	"github.com/openmarket/marketplace/tenants"
)

// demoSlug is the marketplace `go tool task run` shows.
const demoSlug = "demo"

// seed creates the demo marketplace when it is missing; running it again changes nothing.
func seed(ctx context.Context, cfg configs.Config, out io.Writer) error {
	gdb, rdb, err := runtime.Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer rdb.Close()
	reg := tenants.NewRegistry(gdb, rdb, cfg.BaseDomain, cfg.TenantCacheTTL)
	_, err = reg.Provision(ctx, tenants.NewTenant{Slug: demoSlug, Name: "Demo Marketplace"}, nil)
	switch {
	case errors.Is(err, tenants.ErrSlugTaken):
		fmt.Fprintf(out, "demo marketplace already present at %s\n", cfg.TenantURL(demoSlug))
		return nil
	case err != nil:
		return fmt.Errorf("seed demo marketplace: %w", err)
	}
	fmt.Fprintf(out, "seeded demo marketplace at %s\n", cfg.TenantURL(demoSlug))
	return nil
}
