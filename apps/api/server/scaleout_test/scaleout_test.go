// Package scaleout_test runs two api instances (two apps with their own caches, enforcers and
// Redis subscriptions, as two processes would have) on one PostgreSQL and one Redis, and checks
// that what one instance changes the other sees: sessions, rate limits, the host cache and
// Casbin policies. Nothing an instance needs to agree on lives only in its memory.
package scaleout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type instance struct{ app *server.App }

func newInstance(t *testing.T) instance {
	t.Helper()
	cfg := testkit.Config(t)
	cfg.TenantCacheTTL = time.Hour // only invalidation can refresh it within the test
	cfg.TrustedProxies = "0.0.0.0"
	rdb := redis.NewClient(&redis.Options{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)})
	t.Cleanup(func() { _ = rdb.Close() })
	app, err := server.New(server.Infra{Config: cfg, DB: testkit.DB(t), Redis: rdb, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go app.Tenants.ListenForInvalidations(ctx)
	return instance{app: app}
}

type result struct {
	status int
	doc    map[string]any
}

func (in instance) do(t *testing.T, method, host, path, token, ip string, body any) result {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequestWithContext(context.Background(), method, path, r)
	req.Host = host
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := in.app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := result{status: res.StatusCode}
	_ = json.Unmarshal(raw, &out.doc)
	return out
}

// eventually polls cond until it holds or 10 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen by the other instance within 10s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func TestTwoInstances_ShareSessionsLimitsCachesAndPolicies(t *testing.T) {
	a, b := newInstance(t), newInstance(t)
	slug := "scale-" + strings.ReplaceAll(ids.New().String(), "-", "")[24:]
	host := slug + ".localhost"
	opEmail, opPass := "op@"+slug+".example", "operator-passphrase-1"
	if r := a.do(t, "POST", "localhost", "/api/v1/platform/signup", "", "10.0.0.1", map[string]any{
		"slug": slug, "name": "Scale Market", "email": opEmail, "password": opPass, "operator_name": "Olga",
	}); r.status != 201 {
		t.Fatalf("signup on A: %d %v", r.status, r.doc)
	}

	// A session opened on A works on B.
	login := a.do(t, "POST", host, "/api/v1/auth/login", "", "10.0.0.2", map[string]any{"email": opEmail, "password": opPass})
	if login.status != 200 {
		t.Fatalf("login on A: %d %v", login.status, login.doc)
	}
	opToken := login.doc["token"].(string)
	if r := b.do(t, "GET", host, "/api/v1/admin/settings", opToken, "10.0.0.2", nil); r.status != 200 {
		t.Fatalf("A's session on B: %d %v", r.status, r.doc)
	}

	// A cached host resolution on B is dropped when A changes the marketplace.
	if r := b.do(t, "GET", host, "/api/v1/site", "", "10.0.0.3", nil); r.status != 200 || r.doc["tenant"].(map[string]any)["name"] != "Scale Market" {
		t.Fatalf("site on B: %d %v", r.status, r.doc)
	}
	if r := a.do(t, "PATCH", host, "/api/v1/admin/settings", opToken, "10.0.0.2", map[string]any{"name": "Renamed Market"}); r.status != 200 {
		t.Fatalf("rename on A: %d %v", r.status, r.doc)
	}
	eventually(t, "the rename", func() bool {
		r := b.do(t, "GET", host, "/api/v1/site", "", "10.0.0.3", nil)
		return r.status == 200 && r.doc["tenant"].(map[string]any)["name"] == "Renamed Market"
	})

	// Bad logins spent on A count on B. The limit is 10 a minute on one sliding window, so the
	// 11th is refused when the attempts come quickly; a slow machine earns back a token every 6 s,
	// so count to the first refusal instead of timing the loop. Two unshared limits would let 20
	// alternating attempts through before refusing any; shared, the refusal comes well before.
	refusedAt := 0
	for i := range 20 {
		in := a
		if i%2 == 1 {
			in = b
		}
		r := in.do(t, "POST", host, "/api/v1/auth/login", "", "10.0.0.9", map[string]any{"email": opEmail, "password": fmt.Sprintf("wrong-password-%d", i)})
		if r.status == 429 {
			refusedAt = i + 1
			break
		}
		if r.status != 401 {
			t.Fatalf("bad login %d: %d", i+1, r.status)
		}
	}
	if refusedAt < 11 || refusedAt > 19 {
		t.Fatalf("bad logins alternating between A and B first refused at attempt %d, want 11..19 (a limit shared by both)", refusedAt)
	}

	// A role granted through A (an invited operator accepting) is enforced by B.
	invite := a.do(t, "POST", host, "/api/v1/admin/operators/invitations", opToken, "10.0.0.2", map[string]any{"email": "second@" + slug + ".example"})
	if invite.status != 201 {
		t.Fatalf("invite on A: %d %v", invite.status, invite.doc)
	}
	var link string
	testkit.OwnerDB(t).Raw(`select payload->'data'->>'url' from outbox where task_type = 'email:send' and payload->>'template' = 'operator_invite'
		and payload->>'to' = ?`, "second@"+slug+".example").Scan(&link)
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("invitation link %q", link)
	}
	accepted := a.do(t, "POST", host, "/api/v1/auth/invitations/accept", "", "10.0.0.4", map[string]any{
		"token": u.Query().Get("token"), "name": "Second", "password": "second-operator-pass-1"})
	if accepted.status != 200 {
		t.Fatalf("accept on A: %d %v", accepted.status, accepted.doc)
	}
	second := accepted.doc["token"].(string)
	eventually(t, "the operator grant", func() bool {
		return b.do(t, "GET", host, "/api/v1/admin/settings", second, "10.0.0.4", nil).status == 200
	})
}
