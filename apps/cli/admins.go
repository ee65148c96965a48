package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/runtime"
	"github.com/openmarket/marketplace/tenants"
)

// identityKit is the identity service with what it stands on, for commands that manage
// accounts. close releases the connections.
type identityKit struct {
	svc      *identity.Service
	registry *tenants.Registry
	// db and notify are what the seed builds the other services on.
	db     *gorm.DB
	notify *notifications.Service
	close  func()
}

func newIdentityKit(ctx context.Context, cfg configs.Config) (identityKit, error) {
	gdb, rdb, err := runtime.Connect(ctx, cfg)
	if err != nil {
		return identityKit{}, err
	}
	reg := tenants.NewRegistry(gdb, rdb, cfg.BaseDomain, cfg.TenantCacheTTL)
	// No watcher subscription: this process only publishes its changes (Enforcer.Changed).
	enforcer, err := access.NewEnforcer(ctx, gdb, nil)
	if err != nil {
		_ = rdb.Close()
		return identityKit{}, err
	}
	notify, err := notifications.NewService(reg, nil, cfg.MailFrom)
	if err != nil {
		_ = rdb.Close()
		return identityKit{}, err
	}
	svc, err := identity.NewService(identity.Deps{DB: gdb, Tenants: reg, Enforcer: enforcer, Audit: audit.New(reg), Notify: notify, Config: cfg}, identity.Options{})
	if err != nil {
		_ = rdb.Close()
		return identityKit{}, err
	}
	return identityKit{svc: svc, registry: reg, db: gdb, notify: notify, close: func() {
		announce(ctx, rdb)
		_ = rdb.Close()
	}}, nil
}

// announce tells running api processes to reload their policies, since this process has no
// watcher of its own to do it.
func announce(ctx context.Context, rdb *redis.Client) {
	_ = rdb.Publish(ctx, access.PolicyChannel, "marketctl").Err()
}

func adminsCmd(ctx context.Context, cfg configs.Config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errUsage
	}
	fs := flag.NewFlagSet("admins create", flag.ContinueOnError)
	email := fs.String("email", "", "sign-in email of the platform admin")
	password := fs.String("password", "", "password (10 to 128 characters, not a common one)")
	name := fs.String("name", "", "display name (optional)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" || *password == "" {
		return errors.New("admins create needs --email and --password")
	}
	kit, err := newIdentityKit(ctx, cfg)
	if err != nil {
		return err
	}
	defer kit.close()
	a, err := kit.svc.CreatePlatformAdmin(ctx, *email, *password, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created platform admin %s (%s); sign in at %s\n", a.Email, a.ID, cfg.PublicURL)
	return nil
}
