package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func newApp(t *testing.T, rdb *redis.Client) *server.App {
	t.Helper()
	app, err := server.New(server.Infra{Config: testkit.Config(t), DB: testkit.DB(t), Redis: rdb, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func do(t *testing.T, app *server.App, method, host, path, body string) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Host = host
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	return res, doc
}

func assertProblem(t *testing.T, res *http.Response, doc map[string]any, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d (%v)", res.StatusCode, status, doc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, httpx.ProblemContentType) {
		t.Fatalf("content type %q, want %s", ct, httpx.ProblemContentType)
	}
	rid, _ := doc["request_id"].(string)
	if int(doc["status"].(float64)) != status || doc["title"] == "" || rid != res.Header.Get(httpx.RequestIDHeader) {
		t.Fatalf("problem document %v lacks status, title or the request id", doc)
	}
}

func TestReadyz_503WhenRedisUnreachable(t *testing.T) {
	t.Parallel()
	up := newApp(t, testkit.Redis(t))
	if res, _ := do(t, up, "GET", "localhost", "/readyz", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("readyz with everything up: %d", res.StatusCode)
	}
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	t.Cleanup(func() { _ = dead.Close() })
	down := newApp(t, dead)
	res, doc := do(t, down, "GET", "localhost", "/readyz", "")
	assertProblem(t, res, doc, http.StatusServiceUnavailable)
	if !strings.Contains(doc["detail"].(string), "redis") {
		t.Fatalf("detail %q does not name redis", doc["detail"])
	}
	if res, _ := do(t, down, "GET", "localhost", "/healthz", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("liveness must not depend on Redis: %d", res.StatusCode)
	}
}

func TestErrors_AreProblemsFromOneHandler(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	reg := app.Tenants
	tn := testkit.NewTenant(t, reg, "errs")
	gone := testkit.NewTenant(t, reg, "susp")
	st := tenants.StatusSuspended
	if _, err := reg.Update(context.Background(), gone.ID, tenants.Update{Status: &st}); err != nil {
		t.Fatal(err)
	}
	app.Fiber.Get("/api/v1/boom", func(*fiber.Ctx) error { panic("secret internal detail") })

	cases := []struct {
		name, method, host, path, body string
		status                         int
	}{
		{"unknown host", "GET", "nobody.localhost", "/api/v1/site", "", 404},
		{"suspended marketplace", "GET", gone.Slug + ".localhost", "/api/v1/site", "", 403},
		{"unknown route", "GET", tn.Slug + ".localhost", "/api/v1/nothing-here", "", 404},
		{"platform API on a marketplace host", "GET", tn.Slug + ".localhost", "/api/v1/platform/tenants", "", 404},
		{"marketplace API on the platform host", "GET", "localhost", "/api/v1/me", "", 404},
		{"panic", "GET", tn.Slug + ".localhost", "/api/v1/boom", "", 500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, doc := do(t, app, tc.method, tc.host, tc.path, tc.body)
			assertProblem(t, res, doc, tc.status)
			if strings.Contains(doc["detail"].(string), "secret internal detail") {
				t.Fatal("a panic's message reached the client")
			}
		})
	}
}

func TestHTTP_HeadersAndSite(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	tn := testkit.NewTenant(t, app.Tenants, "hdrs")

	req := httptest.NewRequest("GET", "/api/v1/site", nil)
	req.Host = "acme." + tn.Slug + ".localhost:8080"
	req.Header.Set(httpx.RequestIDHeader, "client-chosen-id-123")
	res, err := app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var site tenants.SiteInfo
	if err := json.NewDecoder(res.Body).Decode(&site); err != nil {
		t.Fatal(err)
	}
	if site.Kind != "storefront" || site.Tenant == nil || site.Tenant.Slug != tn.Slug || site.Storefront == nil || *site.Storefront != "acme" {
		t.Fatalf("site = %+v", site)
	}
	for h, want := range map[string]string{
		httpx.RequestIDHeader:    "client-chosen-id-123",
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}

	// A hostile request id is replaced, not echoed.
	req = httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set(httpx.RequestIDHeader, "<script>")
	res, err = app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get(httpx.RequestIDHeader); got == "<script>" || len(got) != 32 {
		t.Errorf("request id %q, want a fresh 32-hex id", got)
	}
}

func TestOpenAPIAndMetrics(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	res, doc := do(t, app, "GET", "localhost", "/openapi.json", "")
	if res.StatusCode != 200 || !strings.HasPrefix(doc["openapi"].(string), "3.1") {
		t.Fatalf("openapi: %d %v", res.StatusCode, doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/healthz", "/readyz", "/api/v1/site"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI document lacks %s", p)
		}
	}
	do(t, app, "GET", "localhost", "/api/v1/site", "")
	req := httptest.NewRequest("GET", "/metrics", nil)
	mres, err := app.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer mres.Body.Close()
	b, _ := io.ReadAll(mres.Body)
	for _, want := range []string{`marketplace_http_requests_total{method="GET",route="/api/v1/site",status="200"}`, `go_sql_max_open_connections{db_name="marketplace"}`, `marketplace_asynq_queue_tasks{queue="default",state="pending"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestHTTP_BodyLimitOverRealConnection(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	tn := testkit.NewTenant(t, app.Tenants, "limit")
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Fiber.Listener(l) }()
	t.Cleanup(func() { _ = app.Fiber.Shutdown() })
	// Announce a 64 MiB body; the server must refuse it from the headers alone.
	conn, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/site HTTP/1.1\r\nHost: %s.localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", tn.Slug, 64<<20)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	assertProblem(t, res, doc, http.StatusRequestEntityTooLarge)
}

// Metric labels must not alias fasthttp's reused request buffers: after mixed GET/POST traffic on
// kept-alive connections a stored "GET" label used to read "GETT" or "POST", and the registry then
// refused to gather ("was collected before"), so /metrics answered 500.
func TestMetrics_AfterMixedTrafficOnKeptAliveConnections(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Fiber.Listener(l) }()
	t.Cleanup(func() { _ = app.Fiber.Shutdown() })
	base := "http://" + l.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	t.Cleanup(client.CloseIdleConnections)
	send := func(method, path string) error {
		req, err := http.NewRequestWithContext(context.Background(), method, base+path, strings.NewReader("{}"))
		if err != nil {
			return err
		}
		req.Host = "localhost"
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		return res.Body.Close()
	}
	// Unmatched paths too: there the route label comes from the request's own path.
	paths := []string{"/api/v1/site", "/healthz", "/no-such-page-" + strings.Repeat("x", 20), "/api/v1/me"}
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for i := range 50 {
				method := "GET"
				if (i+w)%2 == 1 {
					method = "POST"
				}
				if err := send(method, paths[(i+w)%len(paths)]); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", base+"/metrics", nil)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics after traffic: %d %.300s", res.StatusCode, b)
	}
	methods := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "marketplace_http_request") {
			continue
		}
		_, rest, ok := strings.Cut(line, `method="`)
		if !ok {
			continue
		}
		m, _, _ := strings.Cut(rest, `"`)
		methods[m] = true
	}
	if len(methods) != 2 || !methods["GET"] || !methods["POST"] {
		t.Fatalf("method labels %v, want exactly GET and POST", methods)
	}
}

// X-Forwarded-Host picks the tenant only when the peer is a configured trusted proxy: from
// anyone else it would let a client choose the marketplace (and cookie domain) a cache stores.
func TestForwardedHost_HonouredOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	rdb := testkit.Redis(t)
	siteOf := func(app *server.App, host, forwarded string) string {
		req := httptest.NewRequest("GET", "/api/v1/site", nil)
		req.Host = host
		req.Header.Set("X-Forwarded-Host", forwarded)
		res, err := app.Fiber.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var site tenants.SiteInfo
		if err := json.NewDecoder(res.Body).Decode(&site); err != nil || site.Tenant == nil {
			t.Fatalf("site for host %s (forwarded %s): %v %+v", host, forwarded, err, site)
		}
		return site.Tenant.Slug
	}
	untrusted := newApp(t, rdb)
	a := testkit.NewTenant(t, untrusted.Tenants, "fwda")
	b := testkit.NewTenant(t, untrusted.Tenants, "fwdb")
	if got := siteOf(untrusted, a.Slug+".localhost", b.Slug+".localhost"); got != a.Slug {
		t.Fatalf("no trusted proxies configured: X-Forwarded-Host chose %s over Host %s", got, a.Slug)
	}

	cfg := testkit.Config(t)
	cfg.TrustedProxies = "0.0.0.0/8" // fiber's test requests come from 0.0.0.0
	trusted, err := server.New(server.Infra{Config: cfg, DB: testkit.DB(t), Redis: rdb, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if got := siteOf(trusted, a.Slug+".localhost", b.Slug+".localhost"); got != b.Slug {
		t.Fatalf("from a trusted proxy the forwarded host should pick %s, got %s", b.Slug, got)
	}
}

// fasthttp refuses an empty or duplicate Host before any middleware runs; its error text quotes
// the raw request buffer, so the answer must be a fixed problem that echoes nothing.
func TestMalformedRequest_AnsweredWithAProblemThatEchoesNothing(t *testing.T) {
	t.Parallel()
	app := newApp(t, testkit.Redis(t))
	tn := testkit.NewTenant(t, app.Tenants, "malformed")
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Fiber.Listener(l) }()
	t.Cleanup(func() { _ = app.Fiber.Shutdown() })
	const secret = "Bearer s3cret-token-never-echoed"
	for name, hostLines := range map[string]string{
		"duplicate host": "Host: " + tn.Slug + ".localhost\r\nHost: other.localhost\r\n",
		"empty host":     "Host: \r\n",
	} {
		t.Run(name, func(t *testing.T) {
			conn, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", l.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET /api/v1/me HTTP/1.1\r\n%sAuthorization: %s\r\nCookie: mk_session=cookie-never-echoed\r\n\r\n", hostLines, secret)
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			for _, leak := range []string{"s3cret-token", "cookie-never-echoed", "Authorization", "GET /api"} {
				if strings.Contains(string(b), leak) {
					t.Fatalf("the answer echoes the request (%q): %s", leak, b)
				}
			}
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("not a problem document: %v: %s", err, b)
			}
			assertProblem(t, res, doc, http.StatusBadRequest)
			for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"} {
				if res.Header.Get(h) == "" {
					t.Errorf("no %s header on the 400", h)
				}
			}
		})
	}
}
