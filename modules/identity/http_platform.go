package identity

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

type marketplaceSignupInput struct {
	Body struct {
		Slug         string `json:"slug" maxLength:"40" example:"acme" doc:"Subdomain: 3 to 40 lower-case letters, digits and inner hyphens"`
		Name         string `json:"name" maxLength:"100" example:"Acme Market"`
		Email        string `json:"email" maxLength:"254" example:"owner@acme.example"`
		Password     string `json:"password" maxLength:"1024" doc:"10 to 128 characters, not a common password"`
		OperatorName string `json:"operator_name" maxLength:"100" example:"Ada Lovelace"`
	}
}

// SignupView is the answer to a marketplace signup.
type SignupView struct {
	Tenant   TenantView   `json:"tenant"`
	URL      string       `json:"url" example:"http://acme.localhost:8080"`
	Operator OperatorView `json:"operator"`
}

type signupOutput struct {
	Body SignupView
}

type tenantsInput struct {
	Status string `query:"status" enum:"active,suspended" doc:"Only marketplaces with this status"`
}

type listTenantsOutput struct {
	Body struct {
		Items []TenantView `json:"items"`
	}
}

type suspendTenantInput struct {
	ID   string `path:"id"`
	Body struct {
		Reason string `json:"reason,omitempty" maxLength:"500"`
	} `required:"false"`
}

type tenantOutput struct {
	Body TenantView
}

func (h *handlers) platformRoutes(api huma.API) {
	const tag = "Platform"
	huma.Register(api, operation("signup", http.MethodPost, "/api/v1/platform/signup", tag, "Open a marketplace",
		"Creates the marketplace, its domain {slug}.{base}, the operator account and its role in one transaction, and emails the operator. Sign in afterwards at the returned url. 409 (errors[body.slug]) when the slug is taken; 429 with Retry-After past five marketplaces an hour from one client.", false, http.StatusCreated),
		func(ctx context.Context, in *marketplaceSignupInput) (*signupOutput, error) {
			res, err := h.s.SignUp(ctx, Signup{Slug: in.Body.Slug, Name: in.Body.Name, Email: in.Body.Email, Password: in.Body.Password, OperatorName: in.Body.OperatorName})
			if errors.Is(err, tenants.ErrSlugTaken) {
				return nil, httpx.WithField(ctx, err, "body.slug", "is already taken; choose another")
			}
			if err != nil {
				return nil, err
			}
			op := res.Operator
			return &signupOutput{Body: SignupView{Tenant: h.tenantView(res.Tenant), URL: res.URL,
				Operator: OperatorView{ID: op.ID.String(), Email: op.Email, Name: op.Name, CreatedAt: op.CreatedAt}}}, nil
		})

	huma.Register(api, operation("platform-login", http.MethodPost, "/api/v1/platform/auth/login", tag, "Sign in as a platform admin",
		"Platform admins only (created with marketctl admins create). Same answers and limits as marketplace sign-in.", false, http.StatusOK),
		func(ctx context.Context, in *signInInput) (*authOutput, error) {
			a, iss, err := h.s.PlatformLogin(ctx, in.Body.Email, in.Body.Password)
			if err != nil {
				return nil, err
			}
			c := h.s.sessionCookies(ctx, iss)
			return &authOutput{SessionCookie: c.Session, CSRFCookie: c.CSRF, Body: AuthResult{User: adminView(a), Token: iss.Token, ExpiresAt: iss.ExpiresAt}}, nil
		})

	huma.Register(api, operation("platform-logout", http.MethodPost, "/api/v1/platform/auth/logout", tag, "Sign out of the platform",
		"Ends the platform session (if any) and clears the cookies. Always 204.", false, http.StatusNoContent),
		func(ctx context.Context, _ *struct{}) (*clearOutput, error) {
			if err := h.s.Logout(ctx); err != nil {
				return nil, err
			}
			return clearOut(h.s.clearCookies(ctx)), nil
		})

	huma.Register(api, operation("platform-me", http.MethodGet, "/api/v1/platform/me", tag, "The signed-in platform admin",
		"401 when not signed in as a platform admin.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*userOutput, error) {
			a, err := h.s.PlatformMe(ctx)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: adminView(a)}, nil
		})

	huma.Register(api, operation("list-tenants", http.MethodGet, "/api/v1/platform/tenants", tag, "List marketplaces",
		"Every marketplace, oldest first, optionally filtered by status.", true, http.StatusOK),
		func(ctx context.Context, in *tenantsInput) (*listTenantsOutput, error) {
			list, err := h.s.Tenants(ctx, in.Status)
			if err != nil {
				return nil, err
			}
			out := &listTenantsOutput{}
			out.Body.Items = make([]TenantView, len(list))
			for i, t := range list {
				out.Body.Items[i] = h.tenantView(t)
			}
			return out, nil
		})

	huma.Register(api, operation("suspend-tenant", http.MethodPost, "/api/v1/platform/tenants/{id}/suspend", tag, "Suspend a marketplace",
		"Its hosts answer 403 within seconds on every api process; recorded in the marketplace's audit log.", true, http.StatusOK),
		func(ctx context.Context, in *suspendTenantInput) (*tenantOutput, error) {
			return h.setStatus(ctx, in.ID, tenants.StatusSuspended, in.Body.Reason)
		})

	huma.Register(api, operation("reactivate-tenant", http.MethodPost, "/api/v1/platform/tenants/{id}/reactivate", tag, "Reactivate a marketplace",
		"Serves a suspended marketplace again; recorded in its audit log.", true, http.StatusOK),
		func(ctx context.Context, in *idPath) (*tenantOutput, error) {
			return h.setStatus(ctx, in.ID, tenants.StatusActive, "")
		})
}

func (h *handlers) setStatus(ctx context.Context, rawID, status, reason string) (*tenantOutput, error) {
	id, err := parseID(rawID, tenants.ErrTenantNotFound)
	if err != nil {
		return nil, err
	}
	t, err := h.s.SetTenantStatus(ctx, id, status, reason)
	if err != nil {
		return nil, err
	}
	return &tenantOutput{Body: h.tenantView(t)}, nil
}
