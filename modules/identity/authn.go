package identity

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// Cookie and header names of the browser session.
const (
	SessionCookie = "mk_session"
	CSRFCookie    = "mk_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// maxTokenLength refuses absurd tokens before hashing them.
const maxTokenLength = 128

// Authenticate is the Huma middleware that finds the caller: a bearer token, else the session
// cookie, resolved on the request's host (a marketplace session on its marketplace, a platform
// admin session on the platform host). Invalid credentials make the caller anonymous, so public
// routes keep working with a stale cookie. Cookie-authenticated unsafe requests must carry the
// session's CSRF token in X-CSRF-Token, else 403.
func (s *Service) Authenticate(ctx huma.Context, next func(huma.Context)) {
	c := humafiber.Unwrap(ctx)
	rctx := access.WithClient(ctx.Context(), access.Client{
		IP:        strings.Clone(c.IP()),
		UserAgent: truncate(strings.Clone(c.Get("User-Agent")), 512),
	})
	token, viaCookie := bearerToken(ctx.Header("Authorization")), false
	if token == "" {
		if ck, err := huma.ReadCookie(ctx, SessionCookie); err == nil {
			token, viaCookie = ck.Value, true
		}
	}
	p := access.Anonymous()
	if token != "" && len(token) <= maxTokenLength {
		var err error
		if site, ok := tenants.SiteFromContext(rctx); ok {
			if site.Platform {
				p, err = s.platformPrincipal(rctx, token)
			} else {
				p, err = s.principalForToken(rctx, site.Tenant, token)
			}
		}
		if err != nil {
			httpx.WriteHumaError(ctx, err)
			return
		}
		p.ViaCookie = viaCookie && p.Authenticated()
		if p.ViaCookie && unsafeMethod(ctx.Method()) && !validCSRF(token, ctx.Header(CSRFHeader)) {
			httpx.WriteHumaError(ctx, ErrCSRF)
			return
		}
	}
	next(huma.WithContext(ctx, access.WithPrincipal(rctx, p)))
}

func bearerToken(h string) string {
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func unsafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// cookies are the two Set-Cookie headers of a response that starts or ends a session. They
// are separate fields because Fiber would join a list into one invalid header.
type cookies struct {
	Session http.Cookie
	CSRF    http.Cookie
}

// sessionCookies are the Set-Cookie values for a new session on the host of ctx.
func (s *Service) sessionCookies(ctx context.Context, iss Issued) cookies {
	maxAge := int(s.opt.SessionAbsolute / time.Second)
	base := s.cookieBase(ctx)
	sess, csrf := base, base
	sess.Name, sess.Value, sess.HttpOnly, sess.MaxAge = SessionCookie, iss.Token, true, maxAge
	csrf.Name, csrf.Value, csrf.HttpOnly, csrf.MaxAge = CSRFCookie, csrfToken(iss.Token), false, maxAge
	return cookies{sess, csrf}
}

// clearCookies expire both cookies.
func (s *Service) clearCookies(ctx context.Context) cookies {
	base := s.cookieBase(ctx)
	sess, csrf := base, base
	sess.Name, sess.HttpOnly, sess.MaxAge = SessionCookie, true, -1
	csrf.Name, csrf.MaxAge = CSRFCookie, -1
	return cookies{sess, csrf}
}

// cookieBase scopes cookies: on a marketplace, Domain is its {slug}.{base} host so that the
// storefront subdomains {vendor}.{slug}.{base} share the session (another marketplace never
// does); on a custom domain it is that host; on the platform host the cookie is host-only, so
// it never reaches any marketplace.
func (s *Service) cookieBase(ctx context.Context) http.Cookie {
	ck := http.Cookie{Path: "/", SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(s.cfg.PublicURL, "https://")}
	site, ok := tenants.SiteFromContext(ctx)
	if !ok || site.Platform {
		return ck
	}
	base := s.tenants.BaseDomain()
	if strings.HasSuffix(site.Host, "."+base) {
		ck.Domain = site.Tenant.Slug + "." + base
	} else {
		ck.Domain = site.Host
	}
	return ck
}
