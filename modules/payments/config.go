package payments

import (
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// Config is how the payments module reaches Stripe. With no SecretKey the module runs offline:
// the manual provider takes payments and only the ledger side of this module is active.
type Config struct {
	// SecretKey is the platform's secret key (sk_test_..., sk_live_... or a restricted rk_...).
	SecretKey string
	// PublishableKey is given to browsers for Stripe's Payment Element.
	PublishableKey string
	// WebhookSecret verifies events of the platform endpoint (/api/v1/platform/webhooks/stripe).
	WebhookSecret string
	// ConnectWebhookSecret verifies events of the Connect endpoint (.../webhooks/stripe/connect).
	ConnectWebhookSecret string
	// APIBase points the client elsewhere than api.stripe.com (stripe-mock, a fake); "" is Stripe.
	APIBase string
	// HTTPClient is optional (tests); its timeout bounds each Stripe call.
	HTTPClient *http.Client
	// NetworkRetries is how often stripe-go retries a failed call (same idempotency key);
	// nil means 2.
	NetworkRetries *int64
}

// Enabled reports whether a Stripe key is configured.
func (c Config) Enabled() bool { return c.SecretKey != "" }

// Livemode is the mode of the key: events whose livemode differs are refused.
func (c Config) Livemode() bool {
	return strings.HasPrefix(c.SecretKey, "sk_live_") || strings.HasPrefix(c.SecretKey, "rk_live_")
}

// APIVersion is the Stripe API version stripe-go v76 speaks; webhook endpoints must be created
// with it, or their events fail verification.
const APIVersion = stripe.APIVersion

// newStripeClient builds a client that owns its backends: no global stripe.Key state.
func newStripeClient(c Config) *client.API {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	cfg := &stripe.BackendConfig{HTTPClient: hc, LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}, MaxNetworkRetries: stripe.Int64(2)}
	if c.NetworkRetries != nil {
		cfg.MaxNetworkRetries = c.NetworkRetries
	}
	if c.APIBase != "" {
		cfg.URL = stripe.String(strings.TrimRight(c.APIBase, "/"))
	}
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, cfg)
	connectCfg := *cfg
	connect := stripe.GetBackendWithConfig(stripe.ConnectBackend, &connectCfg)
	uploads := stripe.GetBackendWithConfig(stripe.UploadsBackend, cfg)
	api := &client.API{}
	api.Init(c.SecretKey, &stripe.Backends{API: backend, Connect: connect, Uploads: uploads})
	return api
}
