package access

import (
	"context"

	"github.com/google/uuid"
)

// Principal is the caller of a request, put in the context by the authentication middleware
// (module identity) and read by Authorize and handlers.
type Principal struct {
	// AccountID is the marketplace account or the platform admin; uuid.Nil when anonymous.
	AccountID uuid.UUID
	Email     string
	// Roles always includes RoleAnonymous.
	Roles []string
	// SessionID is the session the request came with; uuid.Nil when anonymous.
	SessionID uuid.UUID
	// ViaCookie is true when the session came from the mk_session cookie (CSRF applies).
	ViaCookie bool
	// Platform is true for a platform admin on the platform host.
	Platform bool
}

// Authenticated reports whether the caller signed in.
func (p Principal) Authenticated() bool { return p.AccountID != uuid.Nil }

// Anonymous is the principal of a request without valid credentials.
func Anonymous() Principal { return Principal{Roles: []string{RoleAnonymous}} }

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller of ctx; anonymous when none was set.
func PrincipalFrom(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Anonymous()
}

// Client is who is at the other end of a request, for audit entries and session lists.
type Client struct {
	IP        string
	UserAgent string
}

type clientKey struct{}

// WithClient returns ctx carrying c.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client of ctx (zero outside requests).
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}
