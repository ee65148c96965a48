package server

import (
	"context"
	"fmt"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/catalogio"
	"github.com/openmarket/marketplace/modules/domains"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// moduleDeps is what the business modules are built from.
type moduleDeps struct {
	infra   Infra
	tenants *tenants.Registry
	notify  *notifications.Service
	// audit is the audit log every module records its sensitive changes in (set by buildServices).
	audit *audit.Log
}

// Services are the business services of the platform, built one way (BuildServices) for the
// api, which mounts their routes, and for apps/worker, which runs their task handlers and
// periodic tasks.
type Services struct {
	Enforcer *access.Enforcer
	Audit    *audit.Log
	Identity *identity.Service
	Catalog  *CatalogModules
	// CatalogIO is the CSV import and export of vendors' catalogs.
	CatalogIO *catalogio.Service
	Commerce  *CommerceModules
	Payments  *payments.Service
	// Limiter is the Redis rate limiter (nil without Redis).
	Limiter *httpx.Limiter
	// Domains are the marketplace's custom domains.
	Domains *domains.Service
}

// BuildServices builds every business service in dependency order: identity (with the
// authorization enforcer), sellers and catalog, payments, then cart to orders on payments'
// provider (manual without a Stripe key). infra.DB and infra.Redis may be nil only to print the
// OpenAPI document. notify is the notifications service of the caller (the api queues emails;
// the worker also sends them).
func BuildServices(infra Infra, reg *tenants.Registry, notify *notifications.Service) (*Services, error) {
	return buildServices(moduleDeps{infra: infra, tenants: reg, notify: notify})
}

func buildServices(d moduleDeps) (*Services, error) {
	// A nil *redis.Client must stay a nil interface, or the enforcer would try to subscribe.
	var rdb redis.UniversalClient
	var limiter *httpx.Limiter
	if d.infra.Redis != nil {
		rdb = d.infra.Redis
		limiter = httpx.NewLimiter(d.infra.Redis)
	}
	enforcer, err := access.NewEnforcer(context.Background(), d.infra.DB, rdb)
	if err != nil {
		return nil, fmt.Errorf("access: %w", err)
	}
	auditLog := audit.New(d.tenants)
	d.audit = auditLog
	ident, err := identity.NewService(identity.Deps{
		DB: d.infra.DB, Tenants: d.tenants, Enforcer: enforcer, Audit: auditLog, Notify: d.notify, Limiter: limiter, Config: d.infra.Config,
	}, identity.Options{})
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	cat := NewCatalogModules(d.tenants, d.notify, ident, auditLog, d.infra.Config)
	csvIO := catalogio.NewService(catalogio.Deps{Tenants: d.tenants, Catalog: cat.Catalog, Inventory: cat.Inventory, Vendors: cat.Vendors})
	// Payments before orders: orders takes payments' provider and hooks, payments reaches
	// orders through book, which gets its orders service once that is built.
	book := &orderBook{}
	pay := newPayments(d, ident, cat, book)
	com, err := newCommerce(d, ident, cat, pay)
	if err != nil {
		return nil, err
	}
	book.ord = com.Orders
	doms := domains.NewService(domains.Deps{Tenants: d.tenants, Verifier: d.infra.DomainVerifier, BaseDomain: d.infra.Config.BaseDomain})
	return &Services{Enforcer: enforcer, Audit: auditLog, Identity: ident, Catalog: cat, CatalogIO: csvIO, Commerce: com, Payments: pay, Limiter: limiter, Domains: doms}, nil
}

// mountModules builds each business module's service and registers its middleware and routes,
// in dependency order. Every Huma operation registered here runs behind authentication (who is
// calling) and authorization (deny unless a policy allows one of the caller's roles).
func mountModules(_ *fiber.App, api huma.API, d moduleDeps) (*Services, error) {
	svc, err := buildServices(d)
	if err != nil {
		return nil, err
	}
	access.RegisterSecuritySchemes(api, identity.SessionCookie)
	api.UseMiddleware(svc.Identity.Authenticate, svc.Enforcer.Authorize)

	identity.Routes(api, svc.Identity)
	audit.Routes(api, svc.Audit)
	domains.Routes(api, svc.Domains)
	mountCatalog(api, svc.Catalog)
	catalogio.Routes(api, svc.CatalogIO)
	if _, err := mountMedia(api, d, svc.Catalog.MediaGuard); err != nil {
		return nil, err
	}
	mountCommerce(api, d, svc.Catalog, svc.Commerce, svc.Limiter)
	mountPayments(api, svc.Catalog, svc.Payments)
	return svc, nil
}
