// Package catalogtest is test support for api-level tests (of the vendors, catalog, inventory,
// domains and catalog-import modules, among others): the real api (server.New) on the package's
// test database, marketplaces with an operator and buyers, approved vendors with their owners,
// and request helpers. Only tests import it. It lives under apps/ because it builds the api:
// modules and their test helpers import no app (depguard in .golangci.yml); module tests reach
// the api through this kit only.
package catalogtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/notifications/notifytest"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// Env is the api under test plus fixture services on the same database, shared by a package's
// tests; every test makes its own marketplaces, so tests run in parallel.
type Env struct {
	Cfg      configs.Config
	App      *server.App
	Fixtures *identity.Service
	Registry *tenants.Registry
}

var (
	envOnce sync.Once
	shared  *Env
	envErr  error
)

var errSetupFailed = errors.New("catalogtest: environment set-up failed in an earlier test")

// cheap keeps fixture password hashing fast.
var cheap = identity.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}

// Setup returns the package's shared environment, building it on first use.
func Setup(t testing.TB) *Env {
	t.Helper()
	envOnce.Do(func() {
		// build may stop t (t.Fatal) half-way; later tests must then fail too, not see nil.
		envErr = errSetupFailed
		shared, envErr = build(t)
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return shared
}

func build(t testing.TB) (*Env, error) {
	cfg := testkit.Config(t)
	cfg.TrustedProxies = "0.0.0.0"
	rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
	db := testkit.DB(t)
	app, err := server.New(server.Infra{Config: cfg, DB: db, Redis: rdb, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	reg := tenants.NewRegistry(db, rdb, cfg.BaseDomain, 0)
	enf, err := access.NewEnforcer(context.Background(), db, nil)
	if err != nil {
		return nil, err
	}
	notify, err := notifications.NewService(reg, nil, cfg.MailFrom)
	if err != nil {
		return nil, err
	}
	fx, err := identity.NewService(identity.Deps{DB: db, Tenants: reg, Enforcer: enf, Audit: audit.New(reg), Notify: notify, Config: cfg}, identity.Options{Hasher: cheap})
	if err != nil {
		return nil, err
	}
	return &Env{Cfg: cfg, App: app, Fixtures: fx, Registry: reg}, nil
}

// Options change how Rebuild builds the api.
type Options struct {
	// Redis is the api's Redis (nil: the package's test database on the shared server).
	Redis *redis.Client
	// DomainVerifier checks the TXT records of marketplace custom domains (nil asks DNS).
	DomainVerifier vendors.DomainVerifier
}

// Rebuild returns e with a second api process built on the same database (another instance
// behind the load balancer, or one with fakes from opts); fixtures and registry are shared.
func (e *Env) Rebuild(t testing.TB, opts Options) *Env {
	t.Helper()
	rdb := opts.Redis
	if rdb == nil {
		rdb = testkit.Redis(t)
	}
	app, err := server.New(server.Infra{Config: e.Cfg, DB: testkit.DB(t), Redis: rdb, DomainVerifier: opts.DomainVerifier,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	out := *e
	out.App = app
	return &out
}

// Short is a short unique suffix.
func Short() string { return strings.ReplaceAll(ids.New().String(), "-", "")[20:] }

// Req is one HTTP request to the api.
type Req struct {
	Method, Host, Path string
	Body               any
	// Token is sent as a bearer token.
	Token string
	// Header are extra request headers.
	Header map[string]string
}

// Resp is the api's answer.
type Resp struct {
	Status int
	Raw    []byte
	JSON   map[string]any
}

// Str returns the string at key of the JSON body.
func (r Resp) Str(key string) string {
	v, _ := r.JSON[key].(string)
	return v
}

// Obj returns the object at key of the JSON body.
func (r Resp) Obj(key string) map[string]any {
	v, _ := r.JSON[key].(map[string]any)
	return v
}

// Items returns the "items" array of the JSON body.
func (r Resp) Items() []map[string]any {
	list, _ := r.JSON["items"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// ErrorAt reports whether the problem names field.
func (r Resp) ErrorAt(field string) bool {
	list, _ := r.JSON["errors"].([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok && m["location"] == field {
			return true
		}
	}
	return false
}

// Do sends r through the app.
func (e *Env) Do(t testing.TB, r Req) Resp {
	t.Helper()
	var body io.Reader
	if r.Body != nil {
		if s, ok := r.Body.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, err := json.Marshal(r.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = bytes.NewReader(b)
		}
	}
	hr := httptest.NewRequestWithContext(context.Background(), r.Method, r.Path, body)
	hr.Host = r.Host
	if r.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.Token)
	}
	hr.Header.Set("X-Forwarded-For", "2001:db8::"+Short()[:4])
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	res, err := e.App.Fiber.Test(hr, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer res.Body.Close()
	out := Resp{Status: res.StatusCode}
	out.Raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.Raw, &out.JSON)
	return out
}

// Want fails the test unless res has status.
func Want(t testing.TB, res Resp, status int) Resp {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d: %s", res.Status, status, res.Raw)
	}
	return res
}

// User is an account with a session.
type User struct {
	ID    uuid.UUID
	Email string
	Token string
}

// Market is a marketplace with its operator and a buyer, signed in with bearer tokens.
type Market struct {
	Tenant   tenants.Tenant
	Host     string
	Ctx      context.Context
	Operator User
	Buyer    User
}

// StorefrontHost is the host of a vendor's storefront in m.
func (m *Market) StorefrontHost(slug string) string { return slug + "." + m.Host }

// NewMarket signs a marketplace up through the api (so its operator grant is live at once)
// and adds a buyer.
func (e *Env) NewMarket(t testing.TB, prefix string) *Market {
	t.Helper()
	slug := prefix + "-" + Short()
	email, password := "op@"+slug+".example", "operator-pass-"+slug
	res := Want(t, e.Do(t, Req{Method: "POST", Host: "localhost", Path: "/api/v1/platform/signup",
		Body: map[string]any{"slug": slug, "name": "Market " + slug, "email": email, "password": password, "operator_name": "Op"}}), 201)
	site, err := e.Registry.Resolve(context.Background(), slug+".localhost")
	if err != nil {
		t.Fatal(err)
	}
	m := &Market{Tenant: site.Tenant, Host: slug + ".localhost", Ctx: tenants.WithTenant(context.Background(), site.Tenant)}
	opID := uuid.MustParse(res.Obj("operator")["id"].(string))
	iss, err := e.Fixtures.IssueSession(m.Ctx, opID)
	if err != nil {
		t.Fatal(err)
	}
	m.Operator = User{ID: opID, Email: email, Token: iss.Token}
	m.Buyer = e.NewUser(t, m, "buyer")
	return m
}

// NewUser adds an account with a session to m.
func (e *Env) NewUser(t testing.TB, m *Market, prefix string) User {
	t.Helper()
	return e.UserWithEmail(t, m, prefix+"-"+Short()+"@example.com")
}

// UserWithEmail adds (or finds) the account with email in m and signs it in.
func (e *Env) UserWithEmail(t testing.TB, m *Market, email string) User {
	t.Helper()
	acc, _, err := e.Fixtures.EnsureAccount(m.Ctx, email, "pass-"+Short()+"-word", "Test User")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := e.Fixtures.IssueSession(m.Ctx, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return User{ID: acc.ID, Email: email, Token: iss.Token}
}

// Vendor is an approved vendor and its owner.
type Vendor struct {
	ID    string
	Slug  string
	Owner User
}

// Apply has a new account apply to sell as slug and returns the application's vendor id.
func (e *Env) Apply(t testing.TB, m *Market, slug string) (string, User) {
	t.Helper()
	owner := e.NewUser(t, m, "owner-"+slug)
	res := Want(t, e.Do(t, Req{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: owner.Token, Body: map[string]any{
		"name": "Shop " + slug, "slug": slug, "description": "We sell things.", "contact_email": "shop@" + slug + ".example", "country": "DE",
	}}), 201)
	return res.Obj("vendor")["id"].(string), owner
}

// NewVendor makes an approved vendor with a fresh owner in m.
func (e *Env) NewVendor(t testing.TB, m *Market, prefix string) Vendor {
	t.Helper()
	slug := prefix + "-" + Short()[:6]
	id, owner := e.Apply(t, m, slug)
	Want(t, e.Do(t, Req{Method: "POST", Host: m.Host, Path: "/api/v1/admin/vendors/" + id + "/approve", Token: m.Operator.Token}), 200)
	return Vendor{ID: id, Slug: slug, Owner: owner}
}

// Variant is the body of a variant to create.
func Variant(sku string, price int64, stock int64, opts map[string]string) map[string]any {
	v := map[string]any{"sku": sku, "price": price, "stock": stock}
	if opts != nil {
		v["option_values"] = opts
	}
	return v
}

// CreateProduct creates a product for v through the api and returns its JSON.
func (e *Env) CreateProduct(t testing.TB, m *Market, v Vendor, body map[string]any) Resp {
	t.Helper()
	return Want(t, e.Do(t, Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token, Body: body}), 201)
}

// ActiveProduct creates an active single-variant product titled title.
func (e *Env) ActiveProduct(t testing.TB, m *Market, v Vendor, title string, price, stock int64, extra map[string]any) Resp {
	t.Helper()
	body := map[string]any{"title": title, "status": "active", "variants": []any{Variant("SKU-"+Short(), price, stock, nil)}}
	for k, x := range extra {
		body[k] = x
	}
	return e.CreateProduct(t, m, v, body)
}

// Mail delivers m's queued emails into a fresh SMTP capture, as the worker would.
func (e *Env) Mail(t testing.TB, m *Market) []testkit.CapturedMail {
	t.Helper()
	return notifytest.Deliver(t, e.Registry, e.Cfg.MailFrom, m.Tenant.ID)
}

// Count returns select count(*) from table where cond, as the owner (across tenants).
func Count(t testing.TB, table, cond string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := testkit.OwnerDB(t).Raw(fmt.Sprintf("select count(*) from %s where %s", table, cond), args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// Upload sends data through the media api as an image of owner (kind, id) of vendorID, signed
// in with token: upload link, PUT to the local store, completion. It returns the upload's and
// the completion's answers; the caller checks them (a refused file completes with 422).
func (e *Env) Upload(t testing.TB, m *Market, token, vendorID, kind, ownerID string, data []byte) (created, completed Resp) {
	t.Helper()
	created = e.Do(t, Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Token: token, Body: map[string]any{
		"owner_kind": kind, "owner_id": ownerID, "vendor_id": vendorID,
		"filename": "front.png", "content_type": "image/png", "size": len(data),
	}})
	if created.Status != 201 {
		return created, Resp{}
	}
	u, err := url.Parse(created.Str("upload_url"))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(context.Background(), "PUT", u.RequestURI(), bytes.NewReader(data))
	req.Host = m.Host
	for k, x := range created.JSON["headers"].(map[string]any) {
		req.Header.Set(k, x.(string))
	}
	res, err := e.App.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		t.Fatalf("PUT to the upload link: %d %s", res.StatusCode, body)
	}
	id := created.JSON["media"].(map[string]any)["id"].(string)
	return created, e.Do(t, Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/" + id + "/complete", Token: token})
}
