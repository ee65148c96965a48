// Package identity_test drives the identity and access modules through the real api (server.New)
// on a fresh database: route × role matrix, tenant isolation, sessions, CSRF, abuse limits,
// password reset, invitations, signup, audit.
package identity_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

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
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

// env is the api under test plus a fixture service (cheap password hashing) on the same
// database, shared by the package's tests. Every test makes its own marketplaces, so they run
// in parallel without seeing each other.
type env struct {
	cfg      configs.Config
	app      *server.App
	fixtures *identity.Service
	registry *tenants.Registry
	enforcer *access.Enforcer
	admin    *platformAdmin
}

type platformAdmin struct {
	id                     uuid.UUID
	email, password, token string
}

var (
	envOnce sync.Once
	shared  *env
	envErr  error
)

// cheap keeps fixture password hashing fast; the api itself uses the production parameters.
var cheap = identity.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}

func setup(t *testing.T) *env {
	t.Helper()
	envOnce.Do(func() {
		envErr = fmt.Errorf("test environment: set-up stopped early")
		shared, envErr = build(t)
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return shared
}

func build(t *testing.T) (*env, error) {
	cfg := testkit.Config(t)
	// Requests from app.Test come from 0.0.0.0; trusting it lets tests pick the client
	// address with X-Forwarded-For.
	cfg.TrustedProxies = "0.0.0.0"
	// Not testkit.Redis(t): these outlive the first test.
	rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
	db := testkit.DB(t)
	app, err := server.New(server.Infra{Config: cfg, DB: db, Redis: rdb, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	reg := tenants.NewRegistry(db, rdb, cfg.BaseDomain, 0)
	enf, err := access.NewEnforcer(context.Background(), db, rdb)
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
	e := &env{cfg: cfg, app: app, fixtures: fx, registry: reg, enforcer: enf}
	e.admin = &platformAdmin{email: "admin-" + short() + "@platform.example", password: "platform-admin-pass-1"}
	pa, err := fx.CreatePlatformAdmin(context.Background(), e.admin.email, e.admin.password, "Admin")
	if err != nil {
		return nil, err
	}
	e.admin.id = pa.ID
	// The api learns of the new grant through the Redis watcher: wait for it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		res := e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/auth/login", ip: "10.9.9.9",
			body: map[string]any{"email": e.admin.email, "password": e.admin.password}})
		if res.status == 200 {
			e.admin.token = res.str("token")
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("platform admin never became usable: %d %s", res.status, res.raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return e, nil
}

func short() string { return strings.ReplaceAll(ids.New().String(), "-", "")[20:] }

// req is one HTTP request to the api.
type req struct {
	method, host, path string
	body               any
	token              string // bearer
	cookies            map[string]string
	headers            map[string]string
	ip                 string
}

type resp struct {
	status  int
	header  http.Header
	raw     []byte
	json    map[string]any
	cookies []*http.Cookie
}

func (r resp) str(key string) string {
	v, _ := r.json[key].(string)
	return v
}

func (r resp) obj(key string) map[string]any {
	v, _ := r.json[key].(map[string]any)
	return v
}

func (r resp) items() []any {
	v, _ := r.json["items"].([]any)
	return v
}

func (e *env) do(t testing.TB, r req) resp {
	t.Helper()
	var body io.Reader
	if r.body != nil {
		if s, ok := r.body.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, err := json.Marshal(r.body)
			if err != nil {
				t.Fatal(err)
			}
			body = bytes.NewReader(b)
		}
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	hr.Host = r.host
	if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.cookies {
		hr.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range r.headers {
		hr.Header.Set(k, v)
	}
	ip := r.ip
	if ip == "" {
		ip = "192.0.2.1"
	}
	hr.Header.Set("X-Forwarded-For", ip)
	res, err := e.app.Fiber.Test(hr, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	out := resp{status: res.StatusCode, header: res.Header, cookies: res.Cookies()}
	out.raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.raw, &out.json)
	return out
}

// want fails the test unless res has status.
func want(t testing.TB, res resp, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.raw)
	}
}

// market is a marketplace with one account of each role, signed in with bearer tokens.
type market struct {
	tenant   tenants.Tenant
	host     string
	ctx      context.Context // carries the tenant, for fixture calls
	operator user
	buyer    user
	seller   user
}

type user struct {
	id       uuid.UUID
	email    string
	password string
	token    string
}

// newMarket signs a marketplace up through the api (so its operator grant is live in the api's
// enforcer at once) and adds a buyer and a seller through the fixture service.
func (e *env) newMarket(t *testing.T, prefix string) *market {
	t.Helper()
	slug := prefix + "-" + short()
	op := user{email: "op@" + slug + ".example", password: "operator-pass-" + slug}
	res := e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/signup", ip: "2001:db8::" + short()[:4],
		body: map[string]any{"slug": slug, "name": "Market " + slug, "email": op.email, "password": op.password, "operator_name": "Op"}})
	want(t, res, 201)
	tn, err := e.registry.Resolve(context.Background(), slug+".localhost")
	if err != nil {
		t.Fatal(err)
	}
	m := &market{tenant: tn.Tenant, host: slug + ".localhost", ctx: tenants.WithTenant(context.Background(), tn.Tenant)}
	op.id = uuid.MustParse(res.obj("operator")["id"].(string))
	iss, err := e.fixtures.IssueSession(m.ctx, op.id)
	if err != nil {
		t.Fatal(err)
	}
	op.token = iss.Token
	m.operator = op
	m.buyer = e.newUser(t, m, "buyer")
	m.seller = e.newUser(t, m, "seller")
	if err := e.fixtures.AddVendorMember(m.ctx, ids.New(), m.seller.id, identity.MemberOwner); err != nil {
		t.Fatal(err)
	}
	return m
}

// newUser adds a buyer account with a cheap password hash and a session.
func (e *env) newUser(t *testing.T, m *market, prefix string) user {
	t.Helper()
	u := user{email: prefix + "-" + short() + "@example.com", password: "pass-" + short() + "-word"}
	acc, _, err := e.fixtures.EnsureAccount(m.ctx, u.email, u.password, prefix)
	if err != nil {
		t.Fatal(err)
	}
	u.id = acc.ID
	iss, err := e.fixtures.IssueSession(m.ctx, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	u.token = iss.Token
	return u
}

// mail delivers the marketplace's queued emails into a fresh SMTP capture, as the worker
// would: each outbox row becomes the task the relay would enqueue, run through the
// notifications handler.
func (e *env) mail(t *testing.T, m *market) []testkit.CapturedMail {
	t.Helper()
	return notifytest.Deliver(t, e.registry, e.cfg.MailFrom, m.tenant.ID)
}

var tokenInMail = regexp.MustCompile(`token=([A-Za-z0-9_-]{20,})`)

// linkToken finds the token of the link in the message to recipient with a subject containing
// subject.
func linkToken(t *testing.T, msgs []testkit.CapturedMail, recipient, subject string) string {
	t.Helper()
	for _, m := range msgs {
		if len(m.To) == 0 || m.To[0] != recipient || !strings.Contains(m.Subject, subject) {
			continue
		}
		// Undo quoted-printable soft breaks and escapes around the link.
		raw := strings.ReplaceAll(strings.ReplaceAll(m.Raw, "=\r\n", ""), "=3D", "=")
		if g := tokenInMail.FindStringSubmatch(raw); g != nil {
			return g[1]
		}
	}
	t.Fatalf("no %q email with a link to %s among %d messages", subject, recipient, len(msgs))
	return ""
}
