package payments_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

const (
	platformSecret = "whsec_platform_test"
	connectSecret  = "whsec_connect_test"
)

// fakeOrders is module orders as payments sees it, per marketplace.
type fakeOrders struct {
	mu       sync.Mutex
	orders   map[uuid.UUID]payments.PaymentOrder
	tenantOf map[uuid.UUID]uuid.UUID
	marked   map[uuid.UUID]int
}

func (f *fakeOrders) add(tenantID uuid.UUID, o payments.PaymentOrder) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.orders[o.ID], f.tenantOf[o.ID] = o, tenantID
}

func (f *fakeOrders) PaymentOrder(ctx context.Context, id uuid.UUID) (payments.PaymentOrder, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[id]
	if !ok || f.tenantOf[id] != tenants.IDFromContext(ctx) {
		return payments.PaymentOrder{}, fmt.Errorf("order: %w", errs.ErrNotFound)
	}
	return o, nil
}

func (f *fakeOrders) MarkPaid(ctx context.Context, id uuid.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[id]
	if !ok || f.tenantOf[id] != tenants.IDFromContext(ctx) {
		return fmt.Errorf("order: %w", errs.ErrNotFound)
	}
	if o.PaymentStatus != "paid" {
		f.marked[id]++
	}
	o.PaymentStatus = "paid"
	f.orders[id] = o
	return nil
}

func (f *fakeOrders) markedPaid(id uuid.UUID) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.marked[id]
}

type fakeVendors struct{}

func (fakeVendors) Contact(_ context.Context, id uuid.UUID) (payments.VendorContact, error) {
	return payments.VendorContact{Name: "Shop " + id.String()[:8], Email: "seller-" + id.String()[:8] + "@example.com", Country: "DE"}, nil
}

type mailbox struct {
	mu   sync.Mutex
	sent []notifications.Email
}

func (m *mailbox) Send(_ *gorm.DB, e notifications.Email) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, e)
	return nil
}

func (m *mailbox) count(template string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range m.sent {
		if e.Template == template {
			n++
		}
	}
	return n
}

// env is a payments service on the package database with a fake Stripe.
type env struct {
	reg    *tenants.Registry
	owner  *gorm.DB
	fake   *stripefake.Fake
	svc    *payments.Service
	orders *fakeOrders
	mail   *mailbox
	mux    *asynq.ServeMux
}

func newEnv(t *testing.T, stripeOn bool) *env {
	t.Helper()
	e := &env{reg: testkit.Registry(t), owner: testkit.OwnerDB(t), fake: stripefake.New(t),
		orders: &fakeOrders{orders: map[uuid.UUID]payments.PaymentOrder{}, tenantOf: map[uuid.UUID]uuid.UUID{}, marked: map[uuid.UUID]int{}}, mail: &mailbox{}}
	cfg := payments.Config{}
	if stripeOn {
		cfg = payments.Config{SecretKey: "sk_test_fake", PublishableKey: "pk_test_fake", WebhookSecret: platformSecret, ConnectWebhookSecret: connectSecret,
			APIBase: e.fake.URL, NetworkRetries: new(int64)}
	}
	e.svc = payments.NewService(payments.Deps{DB: testkit.DB(t), Tenants: e.reg, Config: cfg, Orders: e.orders, Vendors: fakeVendors{}, Notify: e.mail,
		SiteURL: func(context.Context) string { return "http://shop.localhost" }})
	e.mux = asynq.NewServeMux()
	e.svc.RegisterTasks(e.mux)
	return e
}

func (e *env) tenant(t *testing.T) context.Context {
	t.Helper()
	tn := testkit.NewTenant(t, e.reg, "pay")
	return tenants.WithTenantID(context.Background(), tn.ID)
}

// drain runs the tenant's queued tasks like the worker would, until none is left; a failing
// task stays queued (retried on the next drain) and its error is returned.
func (e *env) drain(t *testing.T, ctx context.Context) []error {
	t.Helper()
	var failures []error
	failed := map[uuid.UUID]bool{}
	for range 50 {
		type row struct {
			ID       uuid.UUID
			TaskType string
			Payload  string
		}
		var rows []row
		if err := e.owner.Raw("select id, task_type, payload::text as payload from outbox where tenant_id = ? and sent_at is null order by created_at, id",
			tenants.IDFromContext(ctx)).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		ran := 0
		for _, r := range rows {
			if failed[r.ID] {
				continue
			}
			ran++
			env, _ := json.Marshal(workers.Envelope{TenantID: tenants.IDFromContext(ctx), MessageID: r.ID, Data: json.RawMessage(r.Payload)})
			if err := e.mux.ProcessTask(context.Background(), asynq.NewTask(r.TaskType, env)); err != nil {
				failed[r.ID] = true
				failures = append(failures, err)
				continue
			}
			if err := e.owner.Exec("update outbox set sent_at = now() where tenant_id = ? and id = ?", tenants.IDFromContext(ctx), r.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		if ran == 0 {
			return failures
		}
	}
	t.Fatal("tasks keep queueing tasks")
	return nil
}

func (e *env) mustDrain(t *testing.T, ctx context.Context) {
	t.Helper()
	if errs := e.drain(t, ctx); len(errs) > 0 {
		t.Fatalf("tasks failed: %v", errs)
	}
}

// deliver sends a signed event to the platform (or Connect) endpoint's service method.
func (e *env) deliver(t *testing.T, connect bool, body []byte) string {
	t.Helper()
	secret := platformSecret
	if connect {
		secret = connectSecret
	}
	out, err := e.svc.ReceiveWebhook(context.Background(), connect, body, stripefake.Sign(body, secret, time.Now()))
	if err != nil {
		t.Fatalf("deliver event: %v", err)
	}
	return out
}

// onboard gives a new vendor a ready Stripe account, confirmed by account.updated.
func (e *env) onboard(t *testing.T, ctx context.Context) (uuid.UUID, string) {
	t.Helper()
	vendorID := ids.New()
	ob, err := e.svc.StartOnboarding(ctx, vendorID)
	if err != nil {
		t.Fatal(err)
	}
	if ob.URL == "" || ob.Status.Ready {
		t.Fatalf("onboarding %+v", ob)
	}
	acct := ob.Status.AccountID
	e.fake.SetAccountReady(acct)
	e.deliver(t, true, stripefake.Event("evt_"+ids.New().String(), "account.updated", map[string]any{"id": acct, "object": "account"}, acct))
	e.mustDrain(t, ctx)
	st, err := e.svc.AccountStatus(ctx, vendorID)
	if err != nil || !st.Ready {
		t.Fatalf("account after account.updated: %+v %v", st, err)
	}
	return vendorID, acct
}

type part struct {
	vendor                  uuid.UUID
	subtotal, shipping, tax int64
}

// place creates an order of parts (tax exclusive) and its PaymentIntent through the provider,
// in a committed checkout transaction.
func (e *env) place(t *testing.T, ctx context.Context, parts ...part) (payments.PaymentOrder, string) {
	t.Helper()
	o := payments.PaymentOrder{ID: ids.New(), Number: "T-" + ids.New().String()[:6], Email: "buyer@example.com", Currency: "EUR", PaymentStatus: "pending"}
	for _, p := range parts {
		vo := payments.PaymentVendorOrder{ID: ids.New(), VendorID: p.vendor, Subtotal: p.subtotal, Shipping: p.shipping, Tax: p.tax, Total: p.subtotal + p.shipping + p.tax,
			Lines: []payments.PaymentLine{{ProductID: ids.New(), Subtotal: p.subtotal}}}
		o.VendorOrders = append(o.VendorOrders, vo)
		o.Total += vo.Total
	}
	e.orders.add(tenants.IDFromContext(ctx), o)
	var pi string
	err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		res, err := e.svc.Provider(orders.ManualProvider{}).CreatePayment(ctx, tx, orders.Order{ID: o.ID, Number: o.Number, Currency: o.Currency, Total: o.Total})
		pi = res.ExternalRef
		if err == nil && res.ClientSecret == "" {
			t.Error("no client secret for the Payment Element")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return o, pi
}

func intentEvent(id, pi string, ctx context.Context, orderID uuid.UUID) []byte {
	return stripefake.Event(id, "payment_intent.succeeded", map[string]any{"id": pi, "object": "payment_intent",
		"metadata": map[string]string{"tenant_id": tenants.IDFromContext(ctx).String(), "order_id": orderID.String()}}, "")
}

// pay confirms the intent at the fake and delivers payment_intent.succeeded.
func (e *env) pay(t *testing.T, ctx context.Context, o payments.PaymentOrder, pi string) string {
	t.Helper()
	ch := e.fake.SucceedIntent(pi)
	e.deliver(t, false, intentEvent("evt_"+ids.New().String(), pi, ctx, o.ID))
	e.mustDrain(t, ctx)
	return ch
}

func (e *env) refund(t *testing.T, ctx context.Context, o payments.PaymentOrder, vo payments.PaymentVendorOrder, amount int64) {
	t.Helper()
	err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		_, err := e.svc.Provider(orders.ManualProvider{}).Refund(ctx, tx, orders.RefundRequest{OrderID: o.ID, VendorOrder: vo.ID, Amount: amount, Currency: o.Currency,
			Reason: "test", IdempotencyKey: ids.New().String()})
		return err
	})
	if err != nil {
		t.Fatalf("refund: %v", err)
	}
}

func (e *env) assertBalanced(t *testing.T, ctx context.Context) {
	t.Helper()
	err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		tb, err := ledger.TrialBalance(tx)
		for c, d := range tb {
			if d != 0 {
				t.Errorf("ledger not balanced in %s: %d", c, d)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) balance(t *testing.T, ctx context.Context, code string, vendor uuid.UUID) int64 {
	t.Helper()
	var n int64
	err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		n, err = ledger.AccountBalance(tx, code, vendor, "EUR")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) split(t *testing.T, ctx context.Context, vo payments.PaymentVendorOrder) payments.PayoutSplit {
	t.Helper()
	sp, err := e.svc.SellerSplit(ctx, vo.VendorID, vo.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func stripefakeEvent(typ string, obj map[string]any) []byte {
	return stripefake.Event("evt_"+ids.New().String(), typ, obj, "")
}

func (f *fakeOrders) setStatus(orderID, voID uuid.UUID, status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[orderID]
	for i := range o.VendorOrders {
		if o.VendorOrders[i].ID == voID {
			o.VendorOrders[i].Status = status
		}
	}
	f.orders[orderID] = o
}

func commission(bps int) payments.CommissionRuleInput {
	return payments.CommissionRuleInput{Scope: "marketplace", PercentBps: bps}
}

// serveCtx is serve with the marketplace of ctx put on the request, as the tenant middleware
// does in the api.
func serveCtx(t *testing.T, ctx context.Context, e *env, vendors payments.VendorAccess, method, path string) (int, string) {
	t.Helper()
	return serveBody(t, ctx, e, vendors, method, path, "")
}

// serveBody is serveCtx with a JSON request body (none when body is empty).
func serveBody(t *testing.T, ctx context.Context, e *env, vendors payments.VendorAccess, method, path, body string) (int, string) {
	t.Helper()
	httpx.InstallHumaErrors()
	app := fiber.New(fiber.Config{ErrorHandler: httpx.ErrorHandler, DisableStartupMessage: true})
	app.Use(func(c *fiber.Ctx) error {
		c.SetUserContext(ctx)
		return c.Next()
	})
	cfg := huma.DefaultConfig("payments test", "1.0.0")
	cfg.CreateHooks = nil
	payments.Routes(humafiber.New(app, cfg), e.svc, vendors)
	var reqBody io.Reader
	if body != "" {
		reqBody = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, reqBody)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
