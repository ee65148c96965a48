package server

import (
	"context"
	"fmt"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// moduleDeps is what the business modules are built from.
type moduleDeps struct {
	infra   Infra
	tenants *tenants.Registry
	notify  *notifications.Service
}

// mountModules builds each business module's service and registers its middleware and routes,
// in dependency order. Every Huma operation registered here runs behind authentication (who is
// calling) and authorization (deny unless a policy allows one of the caller's roles).
func mountModules(_ *fiber.App, api huma.API, d moduleDeps) error {
	// A nil *redis.Client must stay a nil interface, or the enforcer would try to subscribe.
	var rdb redis.UniversalClient
	var limiter *httpx.Limiter
	if d.infra.Redis != nil {
		rdb = d.infra.Redis
		limiter = httpx.NewLimiter(d.infra.Redis)
	}
	enforcer, err := access.NewEnforcer(context.Background(), d.infra.DB, rdb)
	if err != nil {
		return fmt.Errorf("access: %w", err)
	}
	auditLog := audit.New(d.tenants)
	ident, err := identity.NewService(identity.Deps{
		DB: d.infra.DB, Tenants: d.tenants, Enforcer: enforcer, Audit: auditLog, Notify: d.notify, Limiter: limiter, Config: d.infra.Config,
	}, identity.Options{})
	if err != nil {
		return fmt.Errorf("identity: %w", err)
	}

	access.RegisterSecuritySchemes(api, identity.SessionCookie)
	api.UseMiddleware(ident.Authenticate, enforcer.Authorize)

	identity.Routes(api, ident)
	audit.Routes(api, auditLog)
	cat, err := mountCatalog(api, d, ident)
	if err != nil {
		return err
	}
	if _, err := mountMedia(api, d, cat.MediaGuard); err != nil {
		return err
	}
	com, err := mountCommerce(api, d, ident, cat, limiter)
	if err != nil {
		return err
	}
	if _, err := mountPayments(api, d, ident, cat, com); err != nil {
		return err
	}
	return nil
}
