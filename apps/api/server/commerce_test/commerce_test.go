// Package commerce_test drives cart, checkout, shipping, tax and orders through the real api
// (server.New): strict request schemas (no client prices), policies for every operation, roles,
// and isolation.
package commerce_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type env struct {
	app      *server.App
	fixtures *identity.Service
	registry *tenants.Registry
}

var (
	once   sync.Once
	shared *env
	envErr error
)

func setup(t *testing.T) *env {
	t.Helper()
	once.Do(func() {
		cfg := testkit.Config(t)
		rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
		db := testkit.DB(t)
		app, err := server.New(server.Infra{Config: cfg, DB: db, Redis: rdb, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			envErr = err
			return
		}
		reg := tenants.NewRegistry(db, rdb, cfg.BaseDomain, 0)
		enf, err := access.NewEnforcer(context.Background(), db, rdb)
		if err != nil {
			envErr = err
			return
		}
		notify, err := notifications.NewService(reg, nil, cfg.MailFrom)
		if err != nil {
			envErr = err
			return
		}
		fx, err := identity.NewService(identity.Deps{DB: db, Tenants: reg, Enforcer: enf, Audit: audit.New(reg), Notify: notify, Config: cfg},
			identity.Options{Hasher: identity.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}})
		if err != nil {
			envErr = err
			return
		}
		shared = &env{app: app, fixtures: fx, registry: reg}
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return shared
}

type market struct {
	tenant tenants.Tenant
	host   string
	ctx    context.Context
}

func (e *env) market(t *testing.T) market {
	t.Helper()
	tn := testkit.NewTenant(t, e.registry, "com")
	return market{tenant: tn, host: tn.Slug + ".localhost", ctx: tenants.WithTenant(context.Background(), tn)}
}

// buyer registers a buyer and returns its bearer token.
func (e *env) buyer(t *testing.T, m market) string {
	t.Helper()
	acc, _, err := e.fixtures.EnsureAccount(m.ctx, "b"+ids.New().String()[24:]+"@example.com", "correct horse battery 9", "Buyer")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := e.fixtures.IssueSession(m.ctx, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return iss.Token
}

type resp struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

func (e *env) do(t *testing.T, m market, method, path, token string, body any, headers map[string]string) resp {
	t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
	}
	r := httptest.NewRequest(method, path, rd)
	r.Host = m.host
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	res, err := e.app.Fiber.Test(r, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := resp{status: res.StatusCode, header: res.Header}
	out.raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.raw, &out.json)
	return out
}

func (e *env) count(t *testing.T, m market, table string) int64 {
	t.Helper()
	var n int64
	if err := e.registry.Tx(m.ctx, func(tx *gorm.DB) error { return tx.Table(table).Count(&n).Error }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCommerce_EveryOperationHasAPolicy(t *testing.T) {
	e := setup(t)
	owner := testkit.OwnerDB(t)
	prefixes := []string{"/api/v1/carts", "/api/v1/checkout", "/api/v1/carriers", "/api/v1/me/orders", "/api/v1/orders/",
		"/api/v1/admin/orders", "/api/v1/admin/tax-rates"}
	n := 0
	for path, item := range e.app.API.OpenAPI().Paths {
		mine := strings.Contains(path, "/shipping-profiles") || strings.Contains(path, "/vendors/{vendor_id}/orders")
		for _, p := range prefixes {
			mine = mine || strings.HasPrefix(path, p)
		}
		if !mine {
			continue
		}
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			n++
			var rules int64
			owner.Raw(`select count(*) from casbin_rule where ptype = 'p' and v2 = ? and v3 = ?`, access.Object(path), method).Scan(&rules)
			if rules == 0 {
				t.Errorf("%s %s has no policy: every caller is denied", method, path)
			}
		}
	}
	if n < 35 {
		t.Fatalf("found only %d commerce operations", n)
	}
}

func TestCart_RejectsClientPricesAndBadQuantities(t *testing.T) {
	e := setup(t)
	m := e.market(t)
	variant := uuid.New().String()
	bodies := map[string]string{
		"price":      `{"variant_id":"` + variant + `","quantity":1,"price":1}`,
		"currency":   `{"variant_id":"` + variant + `","quantity":1,"currency":"EUR"}`,
		"total":      `{"variant_id":"` + variant + `","quantity":1,"total":100}`,
		"zero":       `{"variant_id":"` + variant + `","quantity":0}`,
		"negative":   `{"variant_id":"` + variant + `","quantity":-3}`,
		"huge":       `{"variant_id":"` + variant + `","quantity":1000}`,
		"fractional": `{"variant_id":"` + variant + `","quantity":1.5}`,
		"string":     `{"variant_id":"` + variant + `","quantity":"2"}`,
		"no variant": `{"quantity":1}`,
		"bad uuid":   `{"variant_id":"nope","quantity":1}`,
	}
	for name, body := range bodies {
		res := e.do(t, m, "POST", "/api/v1/carts/current/lines", "", body, nil)
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %s", name, res.status, res.raw)
		}
		if res.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: a cart cookie was set", name)
		}
	}
	if n := e.count(t, m, "carts"); n != 0 {
		t.Fatalf("%d carts written", n)
	}
	res := e.do(t, m, "PATCH", "/api/v1/carts/current/lines/"+uuid.NewString(), "", `{"quantity":2,"unit_price":1}`, nil)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("patch with a price: %d %s", res.status, res.raw)
	}
	res = e.do(t, m, "GET", "/api/v1/carts/current", "", nil, nil)
	if res.status != 200 || res.json["item_count"] != float64(0) {
		t.Fatalf("empty cart: %d %s", res.status, res.raw)
	}
	res = e.do(t, m, "DELETE", "/api/v1/carts/current/lines/"+uuid.NewString(), "", nil, map[string]string{"X-Cart-Token": "unknown"})
	if res.status != http.StatusNotFound {
		t.Fatalf("remove a line of no cart: %d %s", res.status, res.raw)
	}
}

func TestCheckout_RejectsClientTotalsAndNeedsAnIdempotencyKey(t *testing.T) {
	e := setup(t)
	m := e.market(t)
	addr := `"shipping_address":{"name":"A","line1":"1 rue","city":"Paris","country":"FR"}`
	key := map[string]string{"Idempotency-Key": "key-" + uuid.NewString()}
	cases := []struct {
		name    string
		body    string
		headers map[string]string
		want    int
	}{
		{"no key", `{"email":"a@example.com",` + addr + `}`, nil, 422},
		{"short key", `{"email":"a@example.com",` + addr + `}`, map[string]string{"Idempotency-Key": "abc"}, 422},
		{"total", `{"email":"a@example.com","total":1,` + addr + `}`, key, 422},
		{"currency", `{"email":"a@example.com","currency":"EUR",` + addr + `}`, key, 422},
		{"price in address", `{"email":"a@example.com","shipping_address":{"name":"A","line1":"1","city":"P","country":"FR","price":1}}`, key, 422},
		{"empty cart", `{"email":"a@example.com",` + addr + `}`, key, 422},
		{"guest without email", `{` + addr + `}`, key, 422},
		{"lower-case country", `{"email":"a@example.com","shipping_address":{"name":"A","line1":"1","city":"P","country":"fr"}}`, key, 422},
	}
	for _, c := range cases {
		res := e.do(t, m, "POST", "/api/v1/checkout", "", c.body, c.headers)
		if res.status != c.want {
			t.Errorf("%s: status %d, want %d: %s", c.name, res.status, c.want, res.raw)
		}
	}
	for _, table := range []string{"orders", "checkout_requests", "outbox"} {
		if n := e.count(t, m, table); n != 0 {
			t.Errorf("%s: %d rows written", table, n)
		}
	}
}

func TestOrders_RolesAndIsolation(t *testing.T) {
	e := setup(t)
	m := e.market(t)
	buyer := e.buyer(t, m)
	random := uuid.NewString()
	cases := []struct {
		name, method, path, token string
		body                      any
		want                      int
	}{
		{"anonymous my orders", "GET", "/api/v1/me/orders", "", nil, 401},
		{"buyer my orders", "GET", "/api/v1/me/orders", buyer, nil, 200},
		{"buyer someone's order", "GET", "/api/v1/me/orders/" + random, buyer, nil, 404},
		{"buyer cancels someone's order", "POST", "/api/v1/me/orders/" + random + "/cancel", buyer, nil, 404},
		// Cancelling one seller's part is not supported: the field is refused, never ignored
		// (it used to be dropped and the whole order cancelled and refunded).
		{"buyer cancels one vendor order", "POST", "/api/v1/me/orders/" + random + "/cancel", buyer, map[string]any{"vendor_order_id": uuid.NewString()}, 422},
		{"buyer cancels with an empty body", "POST", "/api/v1/me/orders/" + random + "/cancel", buyer, map[string]any{}, 404},
		{"guest order without token", "GET", "/api/v1/orders/guest/" + random, "", nil, 422},
		{"anonymous operator search", "GET", "/api/v1/admin/orders", "", nil, 401},
		{"buyer operator search", "GET", "/api/v1/admin/orders", buyer, nil, 403},
		{"buyer operator export", "GET", "/api/v1/admin/orders/export", buyer, nil, 403},
		{"buyer mark paid", "POST", "/api/v1/admin/orders/" + random + "/mark-paid", buyer, nil, 403},
		{"buyer tax rates", "POST", "/api/v1/admin/tax-rates", buyer, map[string]any{"country": "FR", "name": "TVA", "rate_bp": 2000}, 403},
		{"buyer seller orders", "GET", "/api/v1/seller/vendors/" + random + "/orders", buyer, nil, 403},
		{"buyer shipping profiles", "GET", "/api/v1/seller/vendors/" + random + "/shipping-profiles", buyer, nil, 403},
		{"anonymous carriers", "GET", "/api/v1/carriers", "", nil, 200},
	}
	for _, c := range cases {
		res := e.do(t, m, c.method, c.path, c.token, c.body, nil)
		if res.status != c.want {
			t.Errorf("%s: %s %s = %d, want %d: %s", c.name, c.method, c.path, res.status, c.want, res.raw)
		}
	}
}

func TestCheckout_RateLimitedPerClient(t *testing.T) {
	e := setup(t)
	m := e.market(t)
	body := `{"email":"a@example.com","shipping_address":{"name":"A","line1":"1 rue","city":"Paris","country":"FR"}}`
	for i := range 40 {
		res := e.do(t, m, "POST", "/api/v1/checkout", "", body, map[string]string{"Idempotency-Key": "key-" + uuid.NewString()})
		if res.status == http.StatusTooManyRequests {
			if res.header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			if i < 20 {
				t.Fatalf("limited after only %d checkouts", i)
			}
			return
		}
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("checkout %d: %d %s", i, res.status, res.raw)
		}
	}
	t.Fatal("40 checkouts in a row were never limited")
}

// operator registers an account, grants it the operator role and waits until the api's
// policy watcher knows.
func (e *env) operator(t *testing.T, m market) string {
	t.Helper()
	u, _, err := e.fixtures.EnsureAccount(m.ctx, "op"+ids.New().String()[24:]+"@example.com", "correct horse battery 9", "Op")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := e.fixtures.IssueSession(m.ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.fixtures.GrantOperator(m.ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.do(t, m, "GET", "/api/v1/admin/orders", iss.Token, nil, nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("operator grant never reached the api")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return iss.Token
}

func TestOperator_OrdersToolsAndTaxRates(t *testing.T) {
	e := setup(t)
	m := e.market(t)
	op := e.operator(t, m)
	for _, path := range []string{"/api/v1/admin/orders?status=paid&sort=-total&email=x", "/api/v1/admin/orders/summary?from=2020-01-01T00:00:00Z"} {
		if res := e.do(t, m, "GET", path, op, nil, nil); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.raw)
		}
	}
	res := e.do(t, m, "GET", "/api/v1/admin/orders/export", op, nil, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(res.raw), "order_number,placed_at") {
		t.Fatalf("export: %d %s %q", res.status, res.header.Get("Content-Type"), res.raw)
	}
	if res := e.do(t, m, "GET", "/api/v1/admin/orders?sort=price", op, nil, nil); res.status != 422 {
		t.Fatalf("bad sort: %d", res.status)
	}
	if res := e.do(t, m, "GET", "/api/v1/admin/orders/"+uuid.NewString(), op, nil, nil); res.status != 404 {
		t.Fatalf("unknown order: %d", res.status)
	}

	res = e.do(t, m, "POST", "/api/v1/admin/tax-rates", op, map[string]any{"country": "FR", "name": "TVA", "rate_bp": 2000, "inclusive": true}, nil)
	if res.status != 201 {
		t.Fatalf("create rate: %d %s", res.status, res.raw)
	}
	id, _ := res.json["id"].(string)
	for name, body := range map[string]any{
		"duplicate":   map[string]any{"country": "FR", "name": "TVA", "rate_bp": 2000},
		"over 100%":   map[string]any{"country": "DE", "name": "X", "rate_bp": 10001},
		"bad country": map[string]any{"country": "France", "name": "X", "rate_bp": 100},
	} {
		if res := e.do(t, m, "POST", "/api/v1/admin/tax-rates", op, body, nil); res.status != 409 && res.status != 422 {
			t.Errorf("%s: %d %s", name, res.status, res.raw)
		}
	}
	if res := e.do(t, m, "PUT", "/api/v1/admin/tax-rates/"+id, op, map[string]any{"country": "FR", "name": "TVA", "rate_bp": 550}, nil); res.status != 200 || res.json["rate_bp"] != float64(550) {
		t.Fatalf("replace rate: %d %s", res.status, res.raw)
	}
	other := e.market(t)
	otherOp := e.operator(t, other)
	if res := e.do(t, other, "DELETE", "/api/v1/admin/tax-rates/"+id, otherOp, nil, nil); res.status != 404 {
		t.Fatalf("another marketplace's operator deletes the rate: %d", res.status)
	}
	if res := e.do(t, m, "DELETE", "/api/v1/admin/tax-rates/"+id, op, nil, nil); res.status != 204 {
		t.Fatalf("delete rate: %d %s", res.status, res.raw)
	}
}
