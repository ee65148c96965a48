// Command marketctl administers a deployment:
//
//	marketctl migrate                               apply database migrations (owner role)
//	marketctl seed                                  create the demo marketplace and its data (idempotent)
//	marketctl tenants create --slug S --name N      create a marketplace
//	marketctl tenants list                          list marketplaces
//	marketctl admins create --email E --password P  create a platform admin
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/runtime"
	"github.com/openmarket/marketplace/tenants"
)

const usage = `marketctl administers a marketplace platform deployment.

Usage:
  marketctl migrate
  marketctl seed
  marketctl tenants create --slug SLUG --name NAME
  marketctl tenants list
  marketctl admins create --email EMAIL --password PASSWORD [--name NAME]

Configuration comes from MARKETPLACE_* environment variables (see README.md).
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "marketctl:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("unknown command; run marketctl help")

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(out, usage)
		return nil
	}
	cfg, err := configs.Load()
	if err != nil {
		return err
	}
	slog.SetDefault(runtime.Logger(cfg))
	switch args[0] {
	case "migrate":
		if err := db.Migrate(ctx, cfg.MigrateDatabaseURL); err != nil {
			return err
		}
		fmt.Fprintln(out, "migrations applied")
		return nil
	case "seed":
		return seed(ctx, cfg, out)
	case "tenants":
		return tenantsCmd(ctx, cfg, args[1:], out)
	case "admins":
		return adminsCmd(ctx, cfg, args[1:], out)
	}
	return errUsage
}

func tenantsCmd(ctx context.Context, cfg configs.Config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	gdb, rdb, err := runtime.Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer rdb.Close()
	reg := tenants.NewRegistry(gdb, rdb, cfg.BaseDomain, cfg.TenantCacheTTL)
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("tenants create", flag.ContinueOnError)
		slug := fs.String("slug", "", "subdomain of the marketplace")
		name := fs.String("name", "", "display name")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		t, err := reg.Provision(ctx, tenants.NewTenant{Slug: *slug, Name: *name}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created %s (%s) at %s\n", t.Slug, t.ID, cfg.TenantURL(t.Slug))
		return nil
	case "list":
		list, err := reg.List(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "SLUG\tNAME\tSTATUS\tID\tURL")
		for _, t := range list {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.Slug, t.Name, t.Status, t.ID, cfg.TenantURL(t.Slug))
		}
		return w.Flush()
	}
	return errUsage
}
