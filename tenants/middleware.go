package tenants

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const localsSite = "site"

// Middleware resolves the request's host and stores the Site in the request context (so
// Registry.Tx is scoped to it) and in c.Locals. Unknown hosts are 404 and suspended
// marketplaces 403, as problems. Paths in alwaysServed (health checks, metrics) are served on
// any host without resolution, so probes and scrapers need no Host header games.
func Middleware(r *Registry, alwaysServed ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		path := c.Path()
		for _, p := range alwaysServed {
			if path == p || strings.HasSuffix(p, "*") && strings.HasPrefix(path, strings.TrimSuffix(p, "*")) {
				return c.Next()
			}
		}
		site, err := r.Resolve(c.UserContext(), strings.Clone(c.Hostname()))
		if err != nil {
			return err
		}
		c.Locals(localsSite, site)
		c.SetUserContext(context.WithValue(c.UserContext(), siteKey{}, site))
		if !site.Platform {
			c.Locals("tenant_slug", site.Tenant.Slug)
			c.SetUserContext(WithTenant(c.UserContext(), site.Tenant))
		}
		return c.Next()
	}
}

type siteKey struct{}

// SiteFromContext returns the Site that Middleware resolved for the request of ctx.
func SiteFromContext(ctx context.Context) (Site, bool) {
	s, ok := ctx.Value(siteKey{}).(Site)
	return s, ok
}

// SiteOf returns the Site resolved for c by Middleware.
func SiteOf(c *fiber.Ctx) (Site, bool) {
	s, ok := c.Locals(localsSite).(Site)
	return s, ok
}

// RequireSiteKind keeps platform APIs on the base domain and marketplace APIs on marketplace
// hosts: /api/v1/platform/... elsewhere, or another /api/v1/... path on the base domain, is 404.
// Paths listed in anyHost (such as /api/v1/site) are served on both.
func RequireSiteKind(anyHost ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		path := c.Path()
		if !strings.HasPrefix(path, "/api/") {
			return c.Next()
		}
		for _, p := range anyHost {
			if path == p {
				return c.Next()
			}
		}
		site, ok := SiteOf(c)
		if !ok {
			return ErrUnknownHost
		}
		platformPath := strings.HasPrefix(path, "/api/v1/platform/")
		if platformPath != site.Platform {
			return fiber.ErrNotFound
		}
		return c.Next()
	}
}
