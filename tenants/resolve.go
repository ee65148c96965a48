package tenants

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

var (
	themeColorPattern    = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	errInvalidName       = errs.Invalid("body.name", "must be 1 to 100 characters")
	errInvalidThemeColor = errs.Invalid("body.theme_color", "must be a colour such as #4f46e5")
	errInvalidStatus     = errs.Invalid("body.status", "must be active or suspended")
)

// normaliseHost lower-cases host and strips a port and a trailing dot.
func normaliseHost(host string) string {
	host = strings.TrimSpace(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	return strings.ToLower(host)
}

// Resolve maps a request's Host header to what it serves:
//
//	{base}                       the platform
//	{tenant}.{base}              a marketplace
//	{storefront}.{tenant}.{base} a marketplace and a seller's storefront slug
//	a verified custom domain     a marketplace
//
// An unknown host is ErrUnknownHost (404); a suspended marketplace is ErrSuspended (403).
func (r *Registry) Resolve(ctx context.Context, rawHost string) (Site, error) {
	host := normaliseHost(rawHost)
	now := time.Now()
	r.mu.RLock()
	e, ok := r.cache[host]
	r.mu.RUnlock()
	if ok && now.Before(e.expires) {
		return e.site, e.err
	}

	// The host may alias the HTTP server's reused request buffer; the cache keeps it.
	host = strings.Clone(host)
	site, err := r.resolveUncached(ctx, host)
	if err != nil && !isCacheable(err) {
		return Site{}, err
	}
	ttl := r.ttl
	if err != nil {
		ttl = negativeTTL
	}
	r.mu.Lock()
	if len(r.cache) >= maxCachedHosts {
		clear(r.cache)
	}
	r.cache[host] = cachedSite{site: site, err: err, expires: now.Add(ttl)}
	r.mu.Unlock()
	return site, err
}

func isCacheable(err error) bool {
	return err == ErrUnknownHost || err == ErrSuspended //nolint:errorlint // our own sentinels, never wrapped here
}

func (r *Registry) resolveUncached(ctx context.Context, host string) (Site, error) {
	if host == "" {
		return Site{}, ErrUnknownHost
	}
	if host == r.baseDomain {
		return Site{Platform: true, Host: host}, nil
	}
	lookup, storefront := host, ""
	if prefix, ok := strings.CutSuffix(host, "."+r.baseDomain); ok {
		labels := strings.Split(prefix, ".")
		switch len(labels) {
		case 1:
		case 2:
			storefront, lookup = labels[0], labels[1]+"."+r.baseDomain
		default:
			return Site{}, ErrUnknownHost
		}
	}
	var rows []tenantRow
	if err := r.db.WithContext(ctx).Raw("select tenant_id as id, slug, name, status, theme_color from resolve_host(?)", lookup).Scan(&rows).Error; err != nil {
		return Site{}, fmt.Errorf("resolve host: %w", err)
	}
	if len(rows) == 0 {
		return Site{}, ErrUnknownHost
	}
	t := rows[0].tenant()
	if !t.Active() {
		return Site{}, ErrSuspended
	}
	return Site{Tenant: t, Storefront: storefront, Host: host}, nil
}
