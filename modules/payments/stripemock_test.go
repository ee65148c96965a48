package payments

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// stripeMock starts the stripe-mock binary on a free loopback port and returns its base URL.
func stripeMock(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	bin := filepath.Join(filepath.Dir(file), "..", "..", ".tools", "bin", "stripe-mock")
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		bin = p
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("stripe-mock binary not found at %s: install it with `go tool task tools` (or set STRIPE_MOCK_BIN)", bin)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	cmd := exec.Command(bin, "-http-addr", addr)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/balance", nil)
		req.Header.Set("Authorization", "Bearer sk_test_123")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("stripe-mock did not answer on %s within 15 s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestGateway_EveryCallIsAcceptedByStripeMock proves each request we send is well-formed
// against Stripe's OpenAPI description (stripe-mock validates parameters; its answers are
// fixtures, the same for every id).
func TestGateway_EveryCallIsAcceptedByStripeMock(t *testing.T) {
	t.Parallel()
	base := stripeMock(t)
	g := gateway{api: newStripeClient(Config{SecretKey: "sk_test_123", APIBase: base, NetworkRetries: new(int64)})}
	ctx := context.Background()
	meta := map[string]string{"tenant_id": "t", "order_id": "o"}
	calls := []struct {
		name string
		call func() error
	}{
		{"create account", func() error {
			_, err := g.createAccount(ctx, "seller@example.com", "DE", meta, "acct:1")
			return err
		}},
		{"retrieve account", func() error { _, err := g.getAccount(ctx, "acct_123"); return err }},
		{"create account link", func() error {
			_, err := g.accountLink(ctx, "acct_123", "https://m.example/seller/v/payouts?refresh=1", "https://m.example/seller/v/payouts?return=1")
			return err
		}},
		{"create payment intent", func() error {
			_, err := g.createIntent(ctx, 12345, "EUR", "order-1", meta, "pi:1")
			return err
		}},
		{"retrieve payment intent", func() error { _, err := g.getIntent(ctx, "pi_123"); return err }},
		{"retrieve charge", func() error { _, err := g.getCharge(ctx, "ch_123"); return err }},
		{"create transfer", func() error {
			_, err := g.createTransfer(ctx, 1000, "EUR", "acct_123", "ch_123", "order-1", meta, "tr:1")
			return err
		}},
		{"retrieve transfer", func() error { _, err := g.getTransfer(ctx, "tr_123"); return err }},
		{"reverse transfer", func() error { _, err := g.reverseTransfer(ctx, "tr_123", 500, meta, "trr:1"); return err }},
		{"create refund", func() error { _, err := g.refund(ctx, "pi_123", 500, meta, "re:1"); return err }},
		{"retrieve balance", func() error { _, err := g.availableBalance(ctx, "acct_123", "EUR"); return err }},
		{"retrieve dispute", func() error { _, err := g.getDispute(ctx, "dp_123"); return err }},
	}
	for _, c := range calls {
		if err := c.call(); err != nil {
			t.Errorf("%s: refused by stripe-mock: %v", c.name, err)
		}
	}
	if t.Failed() {
		fmt.Println("stripe-mock at", base)
	}
}
