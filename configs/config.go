// Package configs holds the platform's typed configuration and the files it is read from.
//
// Load starts from the embedded defaults.yaml (values that work on a development machine),
// overlays an optional YAML file named by MARKETPLACE_CONFIG_FILE, then environment variables
// MARKETPLACE_<KEY>. Invalid values fail Load with an error that names the variable.
package configs

import (
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed defaults.yaml
var defaultsYAML []byte

// RBACModel is the Casbin model (RBAC with domains; the domain is the tenant).
//
//go:embed rbac_model.conf
var RBACModel string

// EnvPrefix starts every environment variable the platform reads.
const EnvPrefix = "MARKETPLACE_"

// Config is every setting of the api, worker and cli. Field tags: yaml is the key in the YAML
// files; the environment variable is EnvPrefix + upper-case key. secret marks values that must
// never be printed.
type Config struct {
	HTTPAddr string `yaml:"http_addr"`
	// PprofAddr, when set, serves Go's profiler (net/http/pprof) there; it must be a loopback
	// address, since profiles reveal memory contents.
	PprofAddr          string        `yaml:"pprof_addr"`
	BaseDomain         string        `yaml:"base_domain"`
	PublicURL          string        `yaml:"public_url"`
	DatabaseURL        string        `yaml:"database_url" secret:"true"`
	MigrateDatabaseURL string        `yaml:"migrate_database_url" secret:"true"`
	DBMaxConns         int           `yaml:"db_max_conns"`
	DBStatementTimeout time.Duration `yaml:"db_statement_timeout"`
	RedisURL           string        `yaml:"redis_url" secret:"true"`
	SMTPURL            string        `yaml:"smtp_url" secret:"true"`
	MailFrom           string        `yaml:"mail_from"`
	MailOutboxDir      string        `yaml:"mail_outbox_dir"`
	LogLevel           string        `yaml:"log_level"`
	HTTPBodyLimit      int           `yaml:"http_body_limit"`
	HTTPReadTimeout    time.Duration `yaml:"http_read_timeout"`
	HTTPWriteTimeout   time.Duration `yaml:"http_write_timeout"`
	ShutdownTimeout    time.Duration `yaml:"shutdown_timeout"`
	TrustedProxies     string        `yaml:"trusted_proxies"`
	TenantCacheTTL     time.Duration `yaml:"tenant_cache_ttl"`
	// CatalogReadCache keeps rendered product pages, lists and searches in memory, invalidated
	// by PostgreSQL change notices; off only to measure the database path.
	CatalogReadCache   bool          `yaml:"catalog_read_cache"`
	RateLimitPerMinute int           `yaml:"rate_limit_per_minute"`
	WorkerConcurrency  int           `yaml:"worker_concurrency"`
	WorkerScheduler    bool          `yaml:"worker_scheduler"`
	OutboxPollInterval time.Duration `yaml:"outbox_poll_interval"`

	MediaS3Endpoint  string `yaml:"media_s3_endpoint"`
	MediaS3AccessKey string `yaml:"media_s3_access_key" secret:"true"`
	MediaS3SecretKey string `yaml:"media_s3_secret_key" secret:"true"`
	MediaS3Bucket    string `yaml:"media_s3_bucket"`
	MediaS3Region    string `yaml:"media_s3_region"`
	MediaS3UseSSL    bool   `yaml:"media_s3_use_ssl"`
	MediaLocalDir    string `yaml:"media_local_dir"`
	MediaLocalSecret string `yaml:"media_local_secret" secret:"true"`
	MediaPublicURL   string `yaml:"media_public_url"`
	// OrderLinkSecret signs the order links in guests' order emails.
	OrderLinkSecret string `yaml:"order_link_secret" secret:"true"`
	MediaMaxBytes   int64  `yaml:"media_max_bytes"`

	StripeSecretKey            string `yaml:"stripe_secret_key" secret:"true"`
	StripePublishableKey       string `yaml:"stripe_publishable_key"`
	StripeWebhookSecret        string `yaml:"stripe_webhook_secret" secret:"true"`
	StripeConnectWebhookSecret string `yaml:"stripe_connect_webhook_secret" secret:"true"`
	StripeAPIBase              string `yaml:"stripe_api_base"`
}

// devMediaSecret is the default signing secret of local media links; fine on a laptop, refused
// behind https.
const devMediaSecret = "dev-only-media-link-secret-change-me-in-production" //nolint:gosec // a public development default, refused behind https

// devOrderLinkSecret is the default signing secret of guests' order links; fine on a laptop,
// refused behind https.
const devOrderLinkSecret = "dev-only-order-link-secret-change-me-in-production" //nolint:gosec // a public development default, refused behind https

// Load reads the configuration as described in the package comment.
func Load() (Config, error) { return load(os.LookupEnv) }

// MustLoadDefaults returns the embedded defaults; tests start from it.
func MustLoadDefaults() Config {
	c, err := load(func(string) (string, bool) { return "", false })
	if err != nil {
		panic(err)
	}
	return c
}

func load(lookup func(string) (string, bool)) (Config, error) {
	var raw map[string]string
	if err := yaml.Unmarshal(defaultsYAML, &raw); err != nil {
		return Config{}, fmt.Errorf("configs/defaults.yaml: %w", err)
	}
	if path, ok := lookup(EnvPrefix + "CONFIG_FILE"); ok && path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("%sCONFIG_FILE: %w", EnvPrefix, err)
		}
		var overlay map[string]string
		if err := yaml.Unmarshal(b, &overlay); err != nil {
			return Config{}, fmt.Errorf("%sCONFIG_FILE %s: %w", EnvPrefix, path, err)
		}
		for k, v := range overlay {
			raw[k] = v
		}
	}

	var c Config
	v := reflect.ValueOf(&c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		key := t.Field(i).Tag.Get("yaml")
		name := EnvPrefix + strings.ToUpper(key)
		val, ok := lookup(name)
		if !ok {
			val = raw[key]
		}
		if err := setField(v.Field(i), strings.TrimSpace(val)); err != nil {
			return Config{}, fmt.Errorf("config %s: %w", name, err)
		}
	}
	if c.PublicURL == "" {
		c.PublicURL = publicURLFor(c.HTTPAddr)
	}
	return c, c.validate()
}

// publicURLFor is the default browser address of a server listening on addr: its port, and
// "localhost" for wildcard and loopback hosts so that {slug}.localhost tenant addresses resolve.
// "" when addr has no port (validate then names MARKETPLACE_HTTP_ADDR).
func publicURLFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return ""
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && (ip.IsUnspecified() || ip.IsLoopback())) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func setField(f reflect.Value, s string) error {
	switch f.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 15s or 2m", s)
		}
		f.SetInt(int64(d))
	case int, int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		f.SetInt(n)
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		f.SetBool(b)
	case string:
		f.SetString(s)
	default:
		return fmt.Errorf("unsupported config type %s", f.Type())
	}
	return nil
}

func (c Config) validate() error {
	var problems []error
	bad := func(key, format string, args ...any) {
		problems = append(problems, fmt.Errorf("config %s%s: %s", EnvPrefix, strings.ToUpper(key), fmt.Sprintf(format, args...)))
	}
	if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
		bad("http_addr", "%q must be host:port or :port (for example :8080)", c.HTTPAddr)
	}
	if c.PprofAddr != "" {
		if host, _, err := net.SplitHostPort(c.PprofAddr); err != nil || (host != "localhost" && !isLoopback(host)) {
			bad("pprof_addr", "%q must be a loopback address such as 127.0.0.1:6060", c.PprofAddr)
		}
	}
	if c.BaseDomain == "" || strings.ContainsAny(c.BaseDomain, "/: ") {
		bad("base_domain", "%q must be a bare host name such as localhost or example.com", c.BaseDomain)
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("public_url", "must be an http(s) URL such as http://localhost:8080")
	}
	for key, val := range map[string]string{"database_url": c.DatabaseURL, "migrate_database_url": c.MigrateDatabaseURL} {
		if u, err := url.Parse(val); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			bad(key, "must be a postgres:// URL")
		}
	}
	if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
		bad("redis_url", "must be a redis:// URL")
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			bad("smtp_url", "must be empty (write .eml files) or smtp://user:pass@host:port")
		}
	}
	if c.DBMaxConns < 1 {
		bad("db_max_conns", "must be at least 1")
	}
	if c.HTTPBodyLimit < 1024 {
		bad("http_body_limit", "must be at least 1024 bytes")
	}
	if c.WorkerConcurrency < 1 {
		bad("worker_concurrency", "must be at least 1")
	}
	if c.RateLimitPerMinute < 1 {
		bad("rate_limit_per_minute", "must be at least 1")
	}
	if c.MediaMaxBytes < 1024 {
		bad("media_max_bytes", "must be at least 1024 bytes")
	}
	if int64(c.HTTPBodyLimit) < c.MediaMaxBytes+64*1024 {
		bad("http_body_limit", "must exceed MARKETPLACE_MEDIA_MAX_BYTES so uploads to the local media store fit")
	}
	if len(c.OrderLinkSecret) < 32 {
		bad("order_link_secret", "must be at least 32 characters")
	}
	if strings.HasPrefix(c.PublicURL, "https://") && c.OrderLinkSecret == devOrderLinkSecret {
		bad("order_link_secret", "the development default must be replaced in production")
	}
	if c.MediaS3Endpoint == "" {
		if len(c.MediaLocalSecret) < 32 {
			bad("media_local_secret", "must be at least 32 characters when no S3 endpoint is configured")
		}
		if strings.HasPrefix(c.PublicURL, "https://") && c.MediaLocalSecret == devMediaSecret {
			bad("media_local_secret", "the development default must be replaced in production")
		}
	} else if c.MediaS3Bucket == "" || c.MediaS3AccessKey == "" || c.MediaS3SecretKey == "" {
		bad("media_s3_endpoint", "needs MARKETPLACE_MEDIA_S3_BUCKET, _ACCESS_KEY and _SECRET_KEY too")
	}
	if c.StripeSecretKey != "" {
		if !strings.HasPrefix(c.StripeSecretKey, "sk_") && !strings.HasPrefix(c.StripeSecretKey, "rk_") {
			bad("stripe_secret_key", "must be a Stripe secret key (sk_test_... or sk_live_...)")
		}
		if c.StripeWebhookSecret == "" {
			bad("stripe_webhook_secret", "is required when a Stripe key is configured (whsec_... from the webhook endpoint)")
		}
	}
	if c.StripeAPIBase != "" {
		if u, err := url.Parse(c.StripeAPIBase); err != nil || u.Host == "" {
			bad("stripe_api_base", "must be empty (api.stripe.com) or a URL such as http://127.0.0.1:12111")
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q must be debug, info, warn or error", c.LogLevel)
	}
	for key, d := range map[string]time.Duration{"http_read_timeout": c.HTTPReadTimeout, "http_write_timeout": c.HTTPWriteTimeout,
		"shutdown_timeout": c.ShutdownTimeout, "outbox_poll_interval": c.OutboxPollInterval, "db_statement_timeout": c.DBStatementTimeout} {
		if d <= 0 {
			bad(key, "must be a positive duration")
		}
	}
	return errors.Join(problems...)
}

// PublicPort is the port part of PublicURL ("" for the scheme's default), used to build tenant URLs.
func (c Config) PublicPort() string {
	u, err := url.Parse(c.PublicURL)
	if err != nil {
		return ""
	}
	return u.Port()
}

// TenantURL is the browser address of a marketplace: scheme://{slug}.{base}[:port].
func (c Config) TenantURL(slug string) string {
	u, _ := url.Parse(c.PublicURL)
	host := slug + "." + c.BaseDomain
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	return u.Scheme + "://" + host
}

// Redacted lists every setting with secrets hidden (passwords inside URLs are masked), for logs.
func (c Config) Redacted() map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(c)
	t := v.Type()
	for i := range t.NumField() {
		key := EnvPrefix + strings.ToUpper(t.Field(i).Tag.Get("yaml"))
		val := fmt.Sprint(v.Field(i).Interface())
		if t.Field(i).Tag.Get("secret") == "true" && val != "" {
			if u, err := url.Parse(val); err == nil && u.Scheme != "" {
				val = u.Redacted()
			} else {
				val = "[redacted]"
			}
		}
		out[key] = val
	}
	return out
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
