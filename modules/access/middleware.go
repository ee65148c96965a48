package access

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// refusal is a user-facing message that unwraps to an error kind.
type refusal struct {
	msg  string
	kind error
}

func (e *refusal) Error() string { return e.msg }
func (e *refusal) Unwrap() error { return e.kind }

// Errors of the authorization middleware.
var (
	ErrSignInRequired error = &refusal{"sign in to continue", errs.ErrUnauthenticated}
	ErrNotAllowed     error = &refusal{"your account may not do this here", errs.ErrForbidden}
)

// DomainOf is the Casbin domain of a request: the marketplace id on marketplace hosts, else
// PlatformDomain.
func DomainOf(ctx context.Context) string {
	if site, ok := tenants.SiteFromContext(ctx); ok && !site.Platform {
		return site.Tenant.ID.String()
	}
	return PlatformDomain
}

// Authorize is the Huma middleware that refuses every operation none of the caller's roles is
// allowed to call. It must run after the authentication middleware, which sets the Principal.
func (en *Enforcer) Authorize(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	p := PrincipalFrom(ctx.Context())
	ok, err := en.Allowed(p.Roles, DomainOf(ctx.Context()), Object(op.Path), op.Method)
	switch {
	case err != nil:
		httpx.WriteHumaError(ctx, err)
	case ok:
		next(ctx)
	case !p.Authenticated():
		httpx.WriteHumaError(ctx, ErrSignInRequired)
	default:
		httpx.WriteHumaError(ctx, ErrNotAllowed)
	}
}

// Security is the OpenAPI security requirement of operations that need a signed-in caller:
// the session cookie or a bearer token.
func Security() []map[string][]string {
	return []map[string][]string{{SchemeCookie: {}}, {SchemeBearer: {}}}
}

// Names of the OpenAPI security schemes.
const (
	SchemeCookie = "sessionCookie"
	SchemeBearer = "bearerToken"
)

// RegisterSecuritySchemes adds the session cookie and bearer token schemes to the document.
func RegisterSecuritySchemes(api huma.API, cookieName string) {
	oapi := api.OpenAPI()
	if oapi.Components == nil {
		oapi.Components = &huma.Components{}
	}
	if oapi.Components.SecuritySchemes == nil {
		oapi.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
	}
	oapi.Components.SecuritySchemes[SchemeCookie] = &huma.SecurityScheme{
		Type: "apiKey", In: "cookie", Name: cookieName,
		Description: "Browser session (HttpOnly cookie set by sign-in). Unsafe methods also need the X-CSRF-Token header, equal to the mk_csrf cookie.",
	}
	oapi.Components.SecuritySchemes[SchemeBearer] = &huma.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "opaque",
		Description: "The token returned by sign-in, for API clients. No CSRF header needed.",
	}
}
