package configs

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestLoad_DefaultsWorkLocally(t *testing.T) {
	c, err := load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.BaseDomain != "localhost" || c.TenantURL("demo") != "http://demo.localhost:8080" {
		t.Fatalf("defaults: addr %q base %q url %q", c.HTTPAddr, c.BaseDomain, c.TenantURL("demo"))
	}
	if !strings.Contains(c.DatabaseURL, "marketplace_app@") || !strings.Contains(c.MigrateDatabaseURL, "postgres@") {
		t.Fatalf("the api must default to the app role and migrations to the owner: %q %q", c.DatabaseURL, c.MigrateDatabaseURL)
	}
}

func TestLoad_EnvironmentOverridesYAML(t *testing.T) {
	c, err := load(env(map[string]string{
		"MARKETPLACE_HTTP_ADDR":          ":9090",
		"MARKETPLACE_BASE_DOMAIN":        "shops.example.com",
		"MARKETPLACE_PUBLIC_URL":         "https://shops.example.com",
		"MARKETPLACE_HTTP_READ_TIMEOUT":  "3s",
		"MARKETPLACE_WORKER_SCHEDULER":   "false",
		"MARKETPLACE_WORKER_CONCURRENCY": "4",
		"MARKETPLACE_MEDIA_LOCAL_SECRET": "a-production-secret-of-at-least-32-characters",
		"MARKETPLACE_ORDER_LINK_SECRET":  "another-production-secret-of-32-characters",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":9090" || c.HTTPReadTimeout != 3*time.Second || c.WorkerScheduler || c.WorkerConcurrency != 4 {
		t.Fatalf("overrides not applied: %+v", c)
	}
	if got := c.TenantURL("acme"); got != "https://acme.shops.example.com" {
		t.Fatalf("TenantURL = %q", got)
	}
}

func TestLoad_InvalidValuesNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"MARKETPLACE_HTTP_READ_TIMEOUT":  "soon",
		"MARKETPLACE_DB_MAX_CONNS":       "0",
		"MARKETPLACE_DATABASE_URL":       "mysql://x",
		"MARKETPLACE_REDIS_URL":          "localhost:6379",
		"MARKETPLACE_BASE_DOMAIN":        "http://localhost",
		"MARKETPLACE_LOG_LEVEL":          "loud",
		"MARKETPLACE_WORKER_SCHEDULER":   "maybe",
		"MARKETPLACE_SMTP_URL":           "mail.example.com",
		"MARKETPLACE_PUBLIC_URL":         "localhost:8080",
		"MARKETPLACE_WORKER_CONCURRENCY": "-1",
		"MARKETPLACE_MEDIA_LOCAL_SECRET": "short",
		"MARKETPLACE_MEDIA_MAX_BYTES":    "ten",
	}
	for name, val := range cases {
		_, err := load(env(map[string]string{name: val}))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: err = %v, want an error naming %s", name, val, err, name)
		}
	}
}

func TestRedacted_HidesSecrets(t *testing.T) {
	c, err := load(env(map[string]string{
		"MARKETPLACE_DATABASE_URL": "postgres://app:s3cr3t-db@db:5432/m",
		"MARKETPLACE_SMTP_URL":     "smtp://user:s3cr3t-mail@mail:587",
		"MARKETPLACE_REDIS_URL":    "redis://:s3cr3t-redis@redis:6379/0",
	}))
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for k, v := range c.Redacted() {
		all += k + "=" + v + "\n"
	}
	if strings.Contains(all, "s3cr3t") {
		t.Fatalf("Redacted leaks a secret:\n%s", all)
	}
	if !strings.Contains(all, "MARKETPLACE_DATABASE_URL=postgres://app:xxxxx@db:5432/m") {
		t.Fatalf("Redacted should keep the non-secret parts:\n%s", all)
	}
}

func TestLoad_DevMediaSecretRefusedBehindHTTPS(t *testing.T) {
	_, err := load(env(map[string]string{"MARKETPLACE_PUBLIC_URL": "https://shops.example.com"}))
	if err == nil || !strings.Contains(err.Error(), "MARKETPLACE_MEDIA_LOCAL_SECRET") {
		t.Fatalf("err = %v, want the development media secret refused", err)
	}
}

// Without MARKETPLACE_PUBLIC_URL the links the platform prints and mails must name the port it
// listens on, not the default :8080; wildcard and loopback hosts become "localhost" so that
// {slug}.localhost tenant addresses keep working.
func TestLoad_PublicURLFollowsListenAddress(t *testing.T) {
	cases := []struct {
		addr, publicURL, want string
	}{
		{":8080", "", "http://localhost:8080"},
		{":9090", "", "http://localhost:9090"},
		{"0.0.0.0:18080", "", "http://localhost:18080"},
		{"127.0.0.1:3000", "", "http://localhost:3000"},
		{"[::]:4000", "", "http://localhost:4000"},
		{"shop.internal:7000", "", "http://shop.internal:7000"},
		{"10.0.0.5:7001", "", "http://10.0.0.5:7001"},
		{":9090", "https://shops.example.com", "https://shops.example.com"},
	}
	for _, tc := range cases {
		vars := map[string]string{"MARKETPLACE_HTTP_ADDR": tc.addr}
		if tc.publicURL != "" {
			vars["MARKETPLACE_PUBLIC_URL"] = tc.publicURL
			vars["MARKETPLACE_MEDIA_LOCAL_SECRET"] = "a-production-secret-of-at-least-32-characters"
			vars["MARKETPLACE_ORDER_LINK_SECRET"] = "another-production-secret-of-32-characters"
		}
		c, err := load(env(vars))
		if err != nil {
			t.Errorf("addr %q: %v", tc.addr, err)
			continue
		}
		if c.PublicURL != tc.want {
			t.Errorf("addr %q public %q: PublicURL = %q, want %q", tc.addr, tc.publicURL, c.PublicURL, tc.want)
		}
	}
	c, err := load(env(map[string]string{"MARKETPLACE_HTTP_ADDR": ":9090"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.TenantURL("demo"); got != "http://demo.localhost:9090" {
		t.Fatalf("TenantURL = %q, want http://demo.localhost:9090", got)
	}
	if _, err := load(env(map[string]string{"MARKETPLACE_HTTP_ADDR": "8080"})); err == nil || !strings.Contains(err.Error(), "MARKETPLACE_HTTP_ADDR") {
		t.Fatalf("an address without a port: err = %v, want one naming MARKETPLACE_HTTP_ADDR", err)
	}
}

func TestLoad_DevOrderLinkSecretRefusedBehindHTTPS(t *testing.T) {
	_, err := load(env(map[string]string{
		"MARKETPLACE_PUBLIC_URL":         "https://shops.example.com",
		"MARKETPLACE_MEDIA_LOCAL_SECRET": "a-production-secret-of-at-least-32-characters",
	}))
	if err == nil || !strings.Contains(err.Error(), "MARKETPLACE_ORDER_LINK_SECRET") {
		t.Fatalf("the development order link secret must be refused behind https: %v", err)
	}
	if _, err := load(env(map[string]string{"MARKETPLACE_ORDER_LINK_SECRET": "short"})); err == nil {
		t.Fatal("a short order link secret must be refused")
	}
}
