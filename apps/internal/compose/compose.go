// Package compose is the composition root: it builds every business service of the platform, in
// dependency order, for every process that runs them — the api (apps/api/server mounts their
// routes), the worker (apps/worker runs their task handlers), marketctl (apps/cli seeds through
// them) and the api-level test kits. Nothing is patched after construction: media is built
// before the catalog, whose views link its images, so every process gets the same catalog.
// HTTP mounting stays in apps/api/server; this package imports neither it nor the web bundle,
// so the worker links neither. Modules never import it (depguard in .golangci.yml; Go's
// internal rule keeps it to apps/).
//
// One cycle remains, and is broken here in the open: payments reaches orders (mark an order
// paid on a webhook) and orders calls payments (its provider and ledger hooks inside its own
// transactions), so orderBook gets its orders service right after orders is built, before any
// request or task can reach it.
package compose

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/catalogio"
	"github.com/openmarket/marketplace/modules/domains"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// Deps are what the services are built from: configuration, live connections, the tenant
// registry and the caller's notifications service (the api queues emails; the worker also sends
// them). DB and Redis may be nil only to print the OpenAPI document; Redis may be nil for a
// one-shot command (no policy watcher, no rate limiter).
type Deps struct {
	Config  configs.Config
	DB      *gorm.DB
	Redis   *redis.Client
	Tenants *tenants.Registry
	Notify  *notifications.Service
	// DomainVerifier checks the TXT records of marketplace custom domains; nil asks DNS.
	DomainVerifier vendors.DomainVerifier
}

// moduleDeps is what the business modules are built from.
type moduleDeps struct {
	Deps
	// audit is the audit log every module records its sensitive changes in.
	audit *audit.Log
}

// Services are the business services of the platform, built one way (Build) for the api, which
// mounts their routes, for apps/worker, which runs their task handlers and periodic tasks, and
// for marketctl.
type Services struct {
	Enforcer *access.Enforcer
	Audit    *audit.Log
	Identity *identity.Service
	// Media stores and renders the images of products, variants and storefronts.
	Media   *media.Service
	Catalog *CatalogModules
	// CatalogIO is the CSV import and export of vendors' catalogs.
	CatalogIO *catalogio.Service
	Commerce  *CommerceModules
	Payments  *payments.Service
	// Limiter is the Redis rate limiter (nil without Redis).
	Limiter *httpx.Limiter
	// Domains are the marketplace's custom domains.
	Domains *domains.Service
}

// Build builds every business service in dependency order: identity (with the authorization
// enforcer), media, sellers and catalog (their images through media), payments, then cart to
// orders on payments' provider (manual without a Stripe key).
func Build(ctx context.Context, d Deps) (*Services, error) {
	md := moduleDeps{Deps: d}
	// A nil *redis.Client must stay a nil interface, or the enforcer would try to subscribe.
	var rdb redis.UniversalClient
	var limiter *httpx.Limiter
	if d.Redis != nil {
		rdb = d.Redis
		limiter = httpx.NewLimiter(d.Redis)
	}
	enforcer, err := access.NewEnforcer(ctx, d.DB, rdb)
	if err != nil {
		return nil, fmt.Errorf("access: %w", err)
	}
	auditLog := audit.New(d.Tenants)
	md.audit = auditLog
	ident, err := identity.NewService(identity.Deps{
		DB: d.DB, Tenants: d.Tenants, Enforcer: enforcer, Audit: auditLog, Notify: d.Notify, Limiter: limiter, Config: d.Config,
	}, identity.Options{})
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	mediaSvc, err := newMedia(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("media: %w", err)
	}
	cat := NewCatalogModules(d.Tenants, d.Notify, ident, auditLog, mediaSvc, d.Config)
	csvIO := catalogio.NewService(catalogio.Deps{Tenants: d.Tenants, Catalog: cat.Catalog, Inventory: cat.Inventory, Vendors: cat.Vendors})
	// Payments before orders: orders takes payments' provider and hooks, payments reaches
	// orders through book, which gets its orders service once that is built.
	book := &orderBook{}
	pay := newPayments(md, ident, cat, book)
	com, err := newCommerce(md, ident, cat, pay)
	if err != nil {
		return nil, err
	}
	book.ord = com.Orders
	doms := domains.NewService(domains.Deps{Tenants: d.Tenants, Verifier: d.DomainVerifier, BaseDomain: d.Config.BaseDomain})
	return &Services{Enforcer: enforcer, Audit: auditLog, Identity: ident, Media: mediaSvc, Catalog: cat, CatalogIO: csvIO, Commerce: com,
		Payments: pay, Limiter: limiter, Domains: doms}, nil
}

// newMedia builds the media service from the configuration.
func newMedia(ctx context.Context, d Deps) (*media.Service, error) {
	cfg := d.Config
	if d.DB == nil {
		// Printing the OpenAPI document: no S3 round trip, no folder in the working directory.
		cfg.MediaS3Endpoint = ""
		cfg.MediaLocalDir = filepath.Join(os.TempDir(), "marketplace-openapi-media")
	}
	return media.NewServiceFromConfig(ctx, d.Tenants, cfg)
}
