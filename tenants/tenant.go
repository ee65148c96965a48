package tenants

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Tenant is one marketplace.
type Tenant struct {
	ID         uuid.UUID `json:"id"`
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Status     string    `json:"status"`
	ThemeColor string    `json:"theme_color"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Tenant statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
)

// Active reports whether the marketplace serves requests.
func (t Tenant) Active() bool { return t.Status == StatusActive }

// Site is what a request's host resolved to.
type Site struct {
	// Platform is true on the bare base domain (signup, platform admin); Tenant is then zero.
	Platform bool
	Tenant   Tenant
	// Storefront is the vendor slug of a {storefront}.{tenant}.{base} host, else "".
	// The vendors module turns it into a vendor.
	Storefront string
	// Host is the normalised host the request came in on.
	Host string
}

// Errors of this package.
var (
	ErrUnknownHost     = fmt.Errorf("no marketplace is served at this address: %w", errs.ErrNotFound)
	ErrSuspended       = fmt.Errorf("this marketplace is suspended: %w", errs.ErrForbidden)
	ErrTenantNotFound  = fmt.Errorf("marketplace: %w", errs.ErrNotFound)
	ErrSlugTaken       = fmt.Errorf("%w: slug: this name is already taken", errs.ErrConflict)
	errNoTenantInScope = fmt.Errorf("tenants: no marketplace in context")
)

type ctxKey struct{}

// WithTenant returns ctx carrying t; Registry.Tx scopes its transaction to it. Workers call it
// with the tenant id from a task payload.
func WithTenant(ctx context.Context, t Tenant) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

// WithTenantID is WithTenant for callers that know only the id (task handlers).
func WithTenantID(ctx context.Context, id uuid.UUID) context.Context {
	return WithTenant(ctx, Tenant{ID: id})
}

// FromContext returns the marketplace of ctx.
func FromContext(ctx context.Context) (Tenant, bool) {
	t, ok := ctx.Value(ctxKey{}).(Tenant)
	return t, ok && t.ID != uuid.Nil
}

// IDFromContext returns the marketplace id of ctx, or uuid.Nil.
func IDFromContext(ctx context.Context) uuid.UUID {
	t, _ := FromContext(ctx)
	return t.ID
}

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// reservedSlugs cannot be marketplaces: they are platform hosts or would confuse buyers.
var reservedSlugs = map[string]bool{
	"www": true, "api": true, "app": true, "admin": true, "platform": true, "docs": true, "mail": true,
	"smtp": true, "static": true, "assets": true, "cdn": true, "status": true, "help": true, "support": true,
	"blog": true, "billing": true, "dashboard": true, "login": true, "signup": true, "auth": true,
	"account": true, "localhost": true, "root": true, "system": true, "test": true, "dev": true, "staging": true,
	"metrics": true, "healthz": true, "readyz": true, "webhooks": true, "stripe": true, "sell": true,
	"internal": true, "ns1": true, "ns2": true, "ftp": true,
}

// ValidateSlug checks that s can be a marketplace subdomain: DNS-safe, 3 to 40 characters, not
// reserved.
func ValidateSlug(s string) error {
	switch {
	case len(s) < 3 || len(s) > 40:
		return errs.Invalid("body.slug", "must be 3 to 40 characters")
	case !slugPattern.MatchString(s):
		return errs.Invalid("body.slug", "may contain only lower-case letters, digits and inner hyphens")
	case reservedSlugs[s]:
		return errs.Invalid("body.slug", "is reserved; choose another")
	}
	return nil
}
