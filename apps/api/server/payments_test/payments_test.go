// Package payments_test drives module payments through the real api (server.New): policies
// for every operation, the Stripe webhooks on the platform host only, roles and isolation.
package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

const webhookSecret = "whsec_app_test"

type env struct {
	app      *server.App
	fixtures *identity.Service
	registry *tenants.Registry
	base     string
}

func setup(t *testing.T) *env {
	t.Helper()
	fake := stripefake.New(t)
	cfg := testkit.Config(t)
	cfg.StripeSecretKey, cfg.StripePublishableKey, cfg.StripeWebhookSecret, cfg.StripeConnectWebhookSecret, cfg.StripeAPIBase =
		"sk_test_app", "pk_test_app", webhookSecret, "whsec_app_connect", fake.URL
	rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
	t.Cleanup(func() { _ = rdb.Close() })
	db := testkit.DB(t)
	app, err := server.New(server.Infra{Config: cfg, DB: db, Redis: rdb, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	reg := tenants.NewRegistry(db, rdb, cfg.BaseDomain, 0)
	enf, err := access.NewEnforcer(context.Background(), db, rdb)
	if err != nil {
		t.Fatal(err)
	}
	notify, err := notifications.NewService(reg, nil, cfg.MailFrom)
	if err != nil {
		t.Fatal(err)
	}
	fx, err := identity.NewService(identity.Deps{DB: db, Tenants: reg, Enforcer: enf, Audit: audit.New(reg), Notify: notify, Config: cfg},
		identity.Options{Hasher: identity.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{app: app, fixtures: fx, registry: reg, base: cfg.BaseDomain}
}

type resp struct {
	status int
	raw    []byte
	json   map[string]any
}

func (e *env) do(t *testing.T, host, method, path, token string, body []byte, headers map[string]string) resp {
	t.Helper()
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.Host = host
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
	out := resp{status: res.StatusCode}
	out.raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.raw, &out.json)
	return out
}

func (e *env) account(t *testing.T, ctx context.Context, operator bool) string {
	t.Helper()
	u, _, err := e.fixtures.EnsureAccount(ctx, "u"+ids.New().String()[24:]+"@example.com", "correct horse battery 9", "U")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := e.fixtures.IssueSession(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if operator {
		if err := e.fixtures.GrantOperator(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return iss.Token
}

func TestPayments_EveryOperationHasAPolicy(t *testing.T) {
	e := setup(t)
	owner := testkit.OwnerDB(t)
	n := 0
	for path, item := range e.app.API.OpenAPI().Paths {
		if !strings.Contains(path, "/payouts") && !strings.Contains(path, "/payments") && !strings.Contains(path, "/webhooks/stripe") {
			continue
		}
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			n++
			if op.OperationID == "" || op.Summary == "" || len(op.Tags) == 0 {
				t.Errorf("%s %s lacks an id, summary or tag", method, path)
			}
			var rules int64
			owner.Raw(`select count(*) from casbin_rule where ptype = 'p' and v2 = ? and v3 = ?`, access.Object(path), method).Scan(&rules)
			if rules == 0 {
				t.Errorf("%s %s has no policy: every caller is denied", method, path)
			}
		}
	}
	if n != 17 {
		t.Fatalf("found %d payments operations, want 17", n)
	}
}

func TestPayments_WebhooksLiveOnThePlatformHostAndRefuseBadSignatures(t *testing.T) {
	e := setup(t)
	tn := testkit.NewTenant(t, e.registry, "payapp")
	body := stripefake.Event("evt_app_1", "payment_intent.succeeded", map[string]any{"id": "pi_nobody", "object": "payment_intent"}, "")
	good := map[string]string{"Stripe-Signature": stripefake.Sign(body, webhookSecret, time.Now())}
	cases := []struct {
		name, host, path string
		headers          map[string]string
		want             int
	}{
		{"no signature", e.base, "/api/v1/platform/webhooks/stripe", nil, 400},
		{"bad signature", e.base, "/api/v1/platform/webhooks/stripe", map[string]string{"Stripe-Signature": "t=1,v1=00"}, 400},
		{"stale signature", e.base, "/api/v1/platform/webhooks/stripe", map[string]string{"Stripe-Signature": stripefake.Sign(body, webhookSecret, time.Now().Add(-time.Hour))}, 400},
		{"valid, unknown intent", e.base, "/api/v1/platform/webhooks/stripe", good, 200},
		{"on a marketplace host", tn.Slug + "." + e.base, "/api/v1/platform/webhooks/stripe", good, 404},
	}
	for _, c := range cases {
		if res := e.do(t, c.host, "POST", c.path, "", body, c.headers); res.status != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.want, res.raw)
		}
	}
}

func TestPayments_RolesAndIsolation(t *testing.T) {
	e := setup(t)
	a, b := testkit.NewTenant(t, e.registry, "paya"), testkit.NewTenant(t, e.registry, "payb")
	hostA, hostB := a.Slug+"."+e.base, b.Slug+"."+e.base
	ctxA, ctxB := tenants.WithTenant(context.Background(), a), tenants.WithTenant(context.Background(), b)
	buyer := e.account(t, ctxA, false)
	opA, opB := e.account(t, ctxA, true), e.account(t, ctxB, true)

	if res := e.do(t, hostA, "GET", "/api/v1/payments/config", "", nil, nil); res.status != 200 || res.json["provider"] != "stripe" || res.json["publishable_key"] != "pk_test_app" {
		t.Fatalf("config: %d %s", res.status, res.raw)
	}
	vendor := ids.New().String()
	for _, c := range []struct {
		name, method, path, token string
		want                      int
	}{
		{"anonymous seller balance", "GET", "/api/v1/seller/vendors/" + vendor + "/payouts/balance", "", 401},
		{"buyer seller balance", "GET", "/api/v1/seller/vendors/" + vendor + "/payouts/balance", buyer, 403},
		{"buyer operator summary", "GET", "/api/v1/admin/payments/summary", buyer, 403},
		{"anonymous operator summary", "GET", "/api/v1/admin/payments/summary", "", 401},
	} {
		if res := e.do(t, hostA, c.method, c.path, c.token, nil, nil); res.status != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.want, res.raw)
		}
	}
	// Wait for the operator grants to reach the api's enforcer.
	deadline := time.Now().Add(10 * time.Second)
	for e.do(t, hostA, "GET", "/api/v1/admin/payments/summary", opA, nil, nil).status != 200 || e.do(t, hostB, "GET", "/api/v1/admin/payments/summary", opB, nil, nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("operator grant never reached the api")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res := e.do(t, hostA, "PUT", "/api/v1/admin/payments/commission-rules", opA, []byte(`{"scope":"vendor","percent_bps":500}`), nil); res.status != 422 {
		t.Errorf("vendor rule without scope_id: %d %s", res.status, res.raw)
	}
	if res := e.do(t, hostA, "PUT", "/api/v1/admin/payments/commission-rules", opA, []byte(`{"scope":"marketplace","percent_bps":20000}`), nil); res.status != 422 {
		t.Errorf("percent over 100%%: %d %s", res.status, res.raw)
	}
	res := e.do(t, hostA, "PUT", "/api/v1/admin/payments/commission-rules", opA, []byte(`{"scope":"marketplace","percent_bps":1000,"fixed":30}`), nil)
	if res.status != 200 {
		t.Fatalf("set rule: %d %s", res.status, res.raw)
	}
	ruleID, _ := res.json["id"].(string)
	if res := e.do(t, hostB, "DELETE", "/api/v1/admin/payments/commission-rules/"+ruleID, opB, nil, nil); res.status != 404 {
		t.Errorf("other marketplace's operator deletes the rule: %d", res.status)
	}
	if res := e.do(t, hostB, "GET", "/api/v1/admin/payments/commission-rules", opB, nil, nil); res.status != 200 || strings.Contains(string(res.raw), ruleID) {
		t.Errorf("other marketplace sees the rule: %s", res.raw)
	}
	if res := e.do(t, hostA, "PUT", "/api/v1/admin/payments/settings", opA, []byte(`{"transfer_policy":"on_delivery","refund_commission":false}`), nil); res.status != 200 {
		t.Errorf("settings: %d %s", res.status, res.raw)
	}
	if res := e.do(t, hostA, "GET", "/api/v1/admin/payments/reconciliation", opA, nil, nil); res.status != 200 {
		t.Errorf("reconciliation: %d %s", res.status, res.raw)
	}
	if res := e.do(t, hostA, "DELETE", "/api/v1/admin/payments/commission-rules/"+ruleID, opA, nil, nil); res.status != 204 {
		t.Errorf("delete rule: %d %s", res.status, res.raw)
	}
}
