package identity

import (
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/tenants"
)

// UserView is a signed-in person as the web app sees it.
type UserView struct {
	ID                string                 `json:"id" format:"uuid"`
	Email             string                 `json:"email" example:"buyer@demo.example"`
	Name              string                 `json:"name" example:"Ada Lovelace"`
	EmailVerified     bool                   `json:"email_verified"`
	Roles             []string               `json:"roles" doc:"buyer, seller, operator (marketplace) or platform-admin (platform host)"`
	VendorMemberships []VendorMembershipView `json:"vendor_memberships"`
	CreatedAt         time.Time              `json:"created_at"`
}

// VendorMembershipView is one vendor the user belongs to.
type VendorMembershipView struct {
	VendorID string `json:"vendor_id" format:"uuid"`
	Role     string `json:"role" enum:"owner,staff"`
}

func userView(u User) UserView {
	v := UserView{ID: u.ID.String(), Email: u.Email, Name: u.Name, EmailVerified: u.EmailVerified, Roles: u.Roles,
		VendorMemberships: make([]VendorMembershipView, len(u.VendorMemberships)), CreatedAt: u.CreatedAt}
	if v.Roles == nil {
		v.Roles = []string{}
	}
	for i, m := range u.VendorMemberships {
		v.VendorMemberships[i] = VendorMembershipView{VendorID: m.VendorID.String(), Role: m.Role}
	}
	return v
}

func adminView(a PlatformAdmin) UserView {
	return UserView{ID: a.ID.String(), Email: a.Email, Name: a.Name, EmailVerified: true, Roles: []string{access.RolePlatformAdmin},
		VendorMemberships: []VendorMembershipView{}, CreatedAt: a.CreatedAt}
}

// AuthResult is the answer to every sign-in: the user and the session token (also set as the
// mk_session cookie) for API clients.
type AuthResult struct {
	User      UserView  `json:"user"`
	Token     string    `json:"token" doc:"Send as Authorization: Bearer <token>; shown only once"`
	ExpiresAt time.Time `json:"expires_at" doc:"When the session ends if unused; each use extends it, up to 30 days after sign-in"`
}

type authOutput struct {
	SessionCookie http.Cookie `header:"Set-Cookie" doc:"mk_session (HttpOnly) and mk_csrf (readable; echo it in X-CSRF-Token)"`
	CSRFCookie    http.Cookie `header:"Set-Cookie"`
	Body          AuthResult
}

type userOutput struct {
	Body UserView
}

type emptyOutput struct{}

type clearOutput struct {
	SessionCookie http.Cookie `header:"Set-Cookie" doc:"Expires mk_session and mk_csrf"`
	CSRFCookie    http.Cookie `header:"Set-Cookie"`
}

func clearOut(c cookies) *clearOutput {
	return &clearOutput{SessionCookie: c.Session, CSRFCookie: c.CSRF}
}

// messageOutput is a 202 whose body only says what happens next (the same whatever the input).
type messageOutput struct {
	Body struct {
		Message string `json:"message"`
	}
}

// TenantView is a marketplace as the platform console shows it.
type TenantView struct {
	ID         string    `json:"id" format:"uuid"`
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Status     string    `json:"status" enum:"active,suspended"`
	ThemeColor string    `json:"theme_color" example:"#4f46e5"`
	CreatedAt  time.Time `json:"created_at"`
	URL        string    `json:"url,omitempty" example:"http://demo.localhost:8080"`
}

func (h *handlers) tenantView(t tenants.Tenant) TenantView {
	return TenantView{ID: t.ID.String(), Slug: t.Slug, Name: t.Name, Status: t.Status, ThemeColor: t.ThemeColor, CreatedAt: t.CreatedAt, URL: h.s.cfg.TenantURL(t.Slug)}
}

type idPath struct {
	ID string `path:"id" doc:"The id (uuid)"`
}

// parseID turns a path id into a uuid; anything else is simply not found.
func parseID(s string, nf error) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, nf
	}
	return id, nil
}

type handlers struct {
	s *Service
}

// operation fills the fields every operation of this module shares. Secured operations need a
// signed-in caller and say so in the OpenAPI document.
func operation(id, method, path, tag, summary, description string, secured bool, status int) huma.Operation {
	op := huma.Operation{OperationID: id, Method: method, Path: path, Tags: []string{tag}, Summary: summary, Description: description, DefaultStatus: status}
	if secured {
		op.Security = access.Security()
	}
	return op
}

// Routes registers every identity route. Install Service.Authenticate and the access
// middleware on api before calling it.
func Routes(api huma.API, s *Service) {
	h := &handlers{s: s}
	h.platformRoutes(api)
	h.authRoutes(api)
	h.meRoutes(api)
	h.addressRoutes(api)
	h.adminRoutes(api)
}
