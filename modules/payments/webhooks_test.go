package payments_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// serve runs one request through the module's routes on a Fiber+Huma app.
func serve(t *testing.T, svc *payments.Service, vendors payments.VendorAccess, method, path string, body []byte, headers map[string]string) (int, string) {
	t.Helper()
	httpx.InstallHumaErrors()
	app := fiber.New(fiber.Config{ErrorHandler: httpx.ErrorHandler, DisableStartupMessage: true})
	cfg := huma.DefaultConfig("payments test", "1.0.0")
	cfg.CreateHooks = nil
	payments.Routes(humafiber.New(app, cfg), svc, vendors)
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

type allowVendors struct{}

func (allowVendors) CheckVendor(context.Context, uuid.UUID) error { return nil }

// counts is what a webhook may change in the marketplace of ctx (other tests run in parallel
// on other marketplaces).
func (e *env) counts(t *testing.T, ctx context.Context) [3]int64 {
	t.Helper()
	var out [3]int64
	for i, q := range []string{"select count(*) from stripe_events where tenant_id = ?", "select count(*) from outbox where task_type like 'payments:%' and tenant_id = ?",
		"select count(*) from ledger_entries where tenant_id = ?"} {
		if err := e.owner.Raw(q, tenants.IDFromContext(ctx)).Scan(&out[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestWebhook_MissingBadOrStaleSignatureIs400AndChangesNothing(t *testing.T) {
	t.Parallel()
	httpx.InstallHumaErrors()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{v, 1000, 0, 0})
	e.fake.SucceedIntent(pi)
	post := func(path string, body []byte, sig string) (int, string) {
		h := map[string]string{}
		if sig != "" {
			h["Stripe-Signature"] = sig
		}
		return serve(t, e.svc, allowVendors{}, http.MethodPost, path, body, h)
	}
	body := intentEvent("evt_"+ids.New().String(), pi, ctx, o.ID)
	before := e.counts(t, ctx)
	cases := []struct {
		name, path, sig string
		body            []byte
	}{
		{"missing signature", "/api/v1/platform/webhooks/stripe", "", body},
		{"wrong secret", "/api/v1/platform/webhooks/stripe", stripefake.Sign(body, "whsec_other", time.Now()), body},
		{"stale", "/api/v1/platform/webhooks/stripe", stripefake.Sign(body, platformSecret, time.Now().Add(-6*time.Minute)), body},
		{"tampered body", "/api/v1/platform/webhooks/stripe", stripefake.Sign(body, platformSecret, time.Now()), bytes.Replace(body, []byte(`"livemode":false`), []byte(`"livemode":true `), 1)},
		{"connect secret on the platform endpoint", "/api/v1/platform/webhooks/stripe", stripefake.Sign(body, connectSecret, time.Now()), body},
		{"platform secret on the connect endpoint", "/api/v1/platform/webhooks/stripe/connect", stripefake.Sign(body, platformSecret, time.Now()), body},
	}
	for _, c := range cases {
		if code, b := post(c.path, c.body, c.sig); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %s", c.name, code, b)
		}
	}
	if after := e.counts(t, ctx); after != before {
		t.Fatalf("rejected webhooks changed state: %v → %v", before, after)
	}
	if code, b := post("/api/v1/platform/webhooks/stripe", body, stripefake.Sign(body, platformSecret, time.Now())); code != http.StatusOK || !bytes.Contains([]byte(b), []byte(`"stored"`)) {
		t.Fatalf("valid event: %d %s", code, b)
	}
}

func TestWebhook_EventDeliveredTenTimesAmongOthersHasOneEffect(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, acct := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{v, 7000, 300, 0})
	o2, pi2 := e.place(t, ctx, part{v, 1500, 0, 0})
	e.fake.SucceedIntent(pi)
	paid := intentEvent("evt_paid_"+ids.New().String(), pi, ctx, o.ID)
	var deliveries [][]byte
	for range 10 {
		deliveries = append(deliveries, paid)
	}
	deliveries = append(deliveries,
		stripefake.Event("evt_acct_"+ids.New().String(), "account.updated", map[string]any{"id": acct, "object": "account"}, acct),
		stripefake.Event("evt_fail_"+ids.New().String(), "payment_intent.payment_failed", map[string]any{"id": pi2, "object": "payment_intent",
			"metadata": map[string]string{"order_id": o2.ID.String()}}, ""),
		stripefake.Event("evt_payout_"+ids.New().String(), "payout.paid", map[string]any{"id": "po_1", "object": "payout"}, acct),
		stripefake.Event("evt_unknown_"+ids.New().String(), "payment_intent.succeeded", map[string]any{"id": "pi_of_nobody", "object": "payment_intent"}, ""))
	rand.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })
	outcomes := map[string]int{}
	for i, d := range deliveries {
		outcomes[e.deliver(t, i%2 == 1 && bytes.Contains(d, []byte(`"account":`)), d)]++
		if i == 4 {
			e.mustDrain(t, ctx) // processing interleaves with deliveries
		}
	}
	e.mustDrain(t, ctx)
	if outcomes[payments.WebhookStored] != 4 || outcomes[payments.WebhookDuplicate] != 9 || outcomes[payments.WebhookIgnored] != 1 {
		t.Fatalf("outcomes %v", outcomes)
	}
	if n := e.orders.markedPaid(o.ID); n != 1 {
		t.Errorf("order marked paid %d times", n)
	}
	if n := e.fake.Created("transfers"); n != 1 {
		t.Errorf("transfers = %d, want 1", n)
	}
	var entries int64
	if err := e.owner.Raw("select count(*) from ledger_entries where tenant_id = ? and key like 'paid:%'", tenants.IDFromContext(ctx)).Scan(&entries).Error; err != nil || entries != 1 {
		t.Errorf("paid entries = %d (%v)", entries, err)
	}
	st, _ := e.svc.AccountStatus(ctx, v)
	if st.LastPayoutStatus != "paid" || !st.Ready {
		t.Errorf("account %+v", st)
	}
	e.assertBalanced(t, ctx)
}

func TestWebhook_EventOfAnotherMarketplaceNeverTouchesThisOne(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctxA, ctxB := e.tenant(t), e.tenant(t)
	vb, _ := e.onboard(t, ctxB)
	ob, piB := e.place(t, ctxB, part{vb, 2000, 0, 0})
	e.fake.SucceedIntent(piB)
	// Metadata claiming marketplace A for B's PaymentIntent: refused.
	forged := stripefake.Event("evt_forged_"+ids.New().String(), "payment_intent.succeeded", map[string]any{"id": piB, "object": "payment_intent",
		"metadata": map[string]string{"tenant_id": tenants.IDFromContext(ctxA).String(), "order_id": ob.ID.String()}}, "")
	if out := e.deliver(t, false, forged); out != payments.WebhookIgnored {
		t.Fatalf("forged metadata: %s", out)
	}
	e.deliver(t, false, intentEvent("evt_b_"+ids.New().String(), piB, ctxB, ob.ID))
	e.mustDrain(t, ctxA)
	e.mustDrain(t, ctxB)
	for _, table := range []string{"stripe_events", "ledger_entries", "payment_splits", "stripe_payment_intents", "outbox"} {
		var n int64
		if err := e.owner.Raw(fmt.Sprintf("select count(*) from %s where tenant_id = ?", table), tenants.IDFromContext(ctxA)).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("marketplace A has %d rows in %s", n, table)
		}
	}
	if e.orders.markedPaid(ob.ID) != 1 {
		t.Error("B's order was not paid")
	}
}

var cardLike = regexp.MustCompile(`\b\d{13,19}\b`)

func luhn(s string) bool {
	sum, double := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func TestNoCardData_DatabaseHoldsNoCardNumbers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{v, 4242, 0, 0})
	e.pay(t, ctx, o, pi)
	e.refund(t, ctx, o, o.VendorOrders[0], 100)
	if !luhn("4242424242424242") || luhn("4242424242424241") {
		t.Fatal("luhn check is wrong")
	}
	var tables []string
	if err := e.owner.Raw("select tablename from pg_tables where schemaname = 'public'").Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var rows []string
		if err := e.owner.Raw(fmt.Sprintf("select t::text from %q t", table)).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, m := range cardLike.FindAllString(r, -1) {
				if luhn(m) {
					t.Errorf("table %s holds a card-number-like string %s…", table, m[:4])
				}
			}
		}
	}
}
