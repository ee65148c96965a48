// Package server assembles the api: Fiber with its middleware chain, Huma and the OpenAPI
// document, and every module's routes. apps/api/main.go and the HTTP tests both build the app
// through New, so tests exercise exactly what production serves.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/apps/internal/compose"
	"github.com/openmarket/marketplace/apps/web"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/apidocs"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Infra is what the api needs from outside: configuration and live connections. DB and Redis
// may be nil only when building the app to print its OpenAPI document.
type Infra struct {
	Config configs.Config
	DB     *gorm.DB
	Redis  *redis.Client
	Logger *slog.Logger
	// Metrics receives the api's collectors; nil means a fresh registry.
	Metrics *prometheus.Registry
	// DomainVerifier checks the TXT records of marketplace custom domains; nil asks DNS.
	DomainVerifier vendors.DomainVerifier
}

// App is the assembled api.
type App struct {
	Fiber    *fiber.App
	API      huma.API
	Tenants  *tenants.Registry
	Services *Services
	// dsn is the database whose catalog change notices the read cache follows ("": no cache).
	dsn string
}

// Listen runs, until ctx ends, what keeps this process's caches in step with the others: host
// invalidations over Redis and catalog change notices from PostgreSQL (which turn the catalog
// read cache on). Tests that don't call it read everything from the database.
func (a *App) Listen(ctx context.Context) {
	go a.Tenants.ListenForInvalidations(ctx)
	if a.dsn != "" {
		go a.Services.Catalog.Catalog.ListenForChanges(ctx, a.dsn)
	}
}

// paths served on every host without tenant resolution.
var hostless = []string{"/healthz", "/readyz", "/metrics", "/openapi.json", "/openapi.yaml", "/openapi-3.0.json", "/docs", "/schemas/*", "/media/local/*"}

// New builds the api.
func New(in Infra) (*App, error) {
	cfg := in.Config
	logger := in.Logger
	if logger == nil {
		logger = slog.Default()
	}
	reg := in.Metrics
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	httpx.InstallHumaErrors()

	app := fiber.New(fiber.Config{
		AppName:               "marketplace-api",
		ErrorHandler:          httpx.ErrorHandler,
		BodyLimit:             cfg.HTTPBodyLimit,
		ReadTimeout:           cfg.HTTPReadTimeout,
		WriteTimeout:          cfg.HTTPWriteTimeout,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		// Always on: with the check off, fiber trusts every peer's X-Forwarded-* headers, so a
		// client could choose the tenant (and cookie domain) by X-Forwarded-Host. With no
		// MARKETPLACE_TRUSTED_PROXIES the list is empty and nobody's forwarded headers count
		// (X-Forwarded-For included: c.IP() reads it from trusted peers only).
		EnableTrustedProxyCheck: true,
		TrustedProxies:          splitList(cfg.TrustedProxies),
		ProxyHeader:             fiber.HeaderXForwardedFor,
	})

	imageOrigins := media.ImageOrigins(media.ConfigFrom(cfg))
	tls := strings.HasPrefix(cfg.PublicURL, "https://")
	// Requests the server cannot read never reach the middleware chain.
	app.Server().ErrorHandler = httpx.MalformedRequestHandler(tls, imageOrigins...)

	metrics := httpx.NewMetrics(reg)
	registry := tenants.NewRegistry(in.DB, in.Redis, cfg.BaseDomain, cfg.TenantCacheTTL)
	if in.DB != nil {
		if sqlDB, err := in.DB.DB(); err == nil {
			reg.MustRegister(collectors.NewDBStatsCollector(sqlDB, "marketplace"))
		}
	}
	if in.Redis != nil {
		// Queue sizes on each scrape, read from the same Redis the worker uses.
		reg.MustRegister(workers.NewQueueCollector(asynq.NewInspectorFromRedisClient(in.Redis)))
	}

	app.Use(httpx.RequestID())
	app.Use(httpx.AccessLog(logger))
	app.Use(metrics.Middleware())
	app.Use(httpx.Recover())
	if compose.PaymentsConfig(cfg).Enabled() {
		app.Use(paymentPageCSP(httpx.ContentSecurityPolicy(imageOrigins...)))
	}
	app.Use(httpx.SecurityHeaders(tls, imageOrigins...))
	app.Use(httpx.RefuseControlCharacters())
	app.Use(tenants.Middleware(registry, hostless...))
	app.Use(tenants.RequireSiteKind("/api/v1/site"))

	app.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	app.Get("/docs", apidocs.Handler())

	hcfg := huma.DefaultConfig("Marketplace API", "1.0.0")
	hcfg.Info.Description = "Multi-tenant marketplace platform: marketplaces (tenants) on their own hosts, sellers with storefronts, one cart and checkout across sellers. Errors are RFC 9457 problem documents."
	hcfg.OpenAPIPath = "/openapi"
	hcfg.DocsPath = "" // served below from the binary, without a CDN
	// No $schema links in bodies: Huma would build them from the Host header.
	hcfg.CreateHooks = nil
	hcfg.Servers = []*huma.Server{{URL: cfg.PublicURL, Description: "Platform host; marketplace APIs are served on {slug}." + cfg.BaseDomain}}
	api := humafiber.New(app, hcfg)

	notify, err := notifications.NewService(registry, nil, cfg.MailFrom)
	if err != nil {
		return nil, err
	}

	// mountModules installs authentication and authorization; Huma fixes an operation's
	// middleware when it is registered, so every operation is registered after it.
	svc, err := mountModules(api, compose.Deps{Config: cfg, DB: in.DB, Redis: in.Redis, Tenants: registry, Notify: notify, DomainVerifier: in.DomainVerifier})
	if err != nil {
		return nil, err
	}
	registerHealth(api, in)
	tenants.Routes(api, registry)
	// The web app answers every other GET on marketplace, storefront and platform hosts.
	app.Use(web.Handler(brand))

	assembled := &App{Fiber: app, API: api, Tenants: registry, Services: svc}
	if cfg.CatalogReadCache {
		assembled.dsn = cfg.DatabaseURL
	}
	return assembled, nil
}

// brand gives the web app the marketplace's name and theme colour for the request's host.
func brand(c *fiber.Ctx) (name, themeColor string, ok bool) {
	site, found := tenants.SiteOf(c)
	if !found || site.Platform {
		return "", "", false
	}
	return site.Tenant.Name, site.Tenant.ThemeColor, true
}

type healthOutput struct {
	Body struct {
		Status string `json:"status" example:"ok"`
	}
}

func registerHealth(api huma.API, in Infra) {
	huma.Register(api, huma.Operation{
		OperationID: "healthz", Method: http.MethodGet, Path: "/healthz", Tags: []string{"Operations"},
		Summary: "Liveness", Description: "200 while the process serves HTTP.",
	}, func(context.Context, *struct{}) (*healthOutput, error) {
		out := &healthOutput{}
		out.Body.Status = "ok"
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "readyz", Method: http.MethodGet, Path: "/readyz", Tags: []string{"Operations"},
		Summary: "Readiness", Description: "200 when PostgreSQL and Redis answer within a second, else 503.",
		Errors: []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		var failed []string
		if in.DB == nil {
			failed = append(failed, "postgres")
		} else if sqlDB, err := in.DB.DB(); err != nil || sqlDB.PingContext(ctx) != nil {
			failed = append(failed, "postgres")
		}
		if in.Redis == nil || in.Redis.Ping(ctx).Err() != nil {
			failed = append(failed, "redis")
		}
		if len(failed) > 0 {
			return nil, fmt.Errorf("not ready: %s unreachable: %w", strings.Join(failed, " and "), errs.ErrUnavailable)
		}
		out := &healthOutput{}
		out.Body.Status = "ok"
		return out, nil
	})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
