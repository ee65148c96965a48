package checkout_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

const connectSecret = "whsec_connect_test"

type payoutVendors struct{}

func (payoutVendors) Contact(_ context.Context, id uuid.UUID) (payments.VendorContact, error) {
	return payments.VendorContact{Name: "Shop " + id.String()[:8], Email: "seller-" + id.String()[:8] + "@example.com", Country: "FR"}, nil
}

// gatedEnv is env wired as the api wires it with Stripe configured: payments (on the fake
// Stripe) is the seller gate of the cart and of checkout. ungated is a cart service without
// the gate on the same tables, to put items in a cart as if they were added before the vendor's
// account stopped being ready.
type gatedEnv struct {
	*env
	fake    *stripefake.Fake
	pay     *payments.Service
	mux     *asynq.ServeMux
	ungated *cart.Service
}

func newGatedEnv(t *testing.T) *gatedEnv {
	t.Helper()
	e := &gatedEnv{env: newEnv(t), fake: stripefake.New(t), mux: asynq.NewServeMux()}
	notify, err := notifications.NewService(e.reg, nil, "shop@example.com")
	if err != nil {
		t.Fatal(err)
	}
	e.pay = payments.NewService(payments.Deps{DB: testkit.DB(t), Tenants: e.reg, Notify: notify, Vendors: payoutVendors{},
		SiteURL: func(context.Context) string { return "http://shop.localhost" },
		Config: payments.Config{SecretKey: "sk_test_fake", PublishableKey: "pk_test_fake", WebhookSecret: "whsec_test", ConnectWebhookSecret: connectSecret,
			APIBase: e.fake.URL, NetworkRetries: new(int64)}})
	e.pay.RegisterTasks(e.mux)
	e.ungated = e.carts
	e.carts = cart.NewService(e.reg, e.catalog, cart.WithSellerGate(e.pay))
	e.orders = orders.NewService(orders.Deps{DB: testkit.DB(t), Tenants: e.reg, Notify: notify, Stock: stock{e.inv},
		Provider: e.pay.Provider(orders.ManualProvider{}), Payments: e.pay})
	e.checkout = checkout.NewService(checkout.Deps{Tenants: e.reg, Carts: e.carts, Shipping: e.shipping, Tax: e.tax, Orders: e.orders,
		Stock: stock{e.inv}})
	return e
}

// onboard creates the vendor's Express account and delivers the account.updated event that
// says it is ready, processed as the worker would.
func (e *gatedEnv) onboard(t *testing.T, vendorID uuid.UUID) {
	t.Helper()
	ob, err := e.pay.StartOnboarding(e.ctx, vendorID)
	if err != nil {
		t.Fatal(err)
	}
	acct := ob.Status.AccountID
	e.fake.SetAccountReady(acct)
	body := stripefake.Event("evt_"+ids.New().String(), "account.updated", map[string]any{"id": acct, "object": "account"}, acct)
	if _, err := e.pay.ReceiveWebhook(context.Background(), true, body, stripefake.Sign(body, connectSecret, time.Now())); err != nil {
		t.Fatalf("deliver account.updated: %v", err)
	}
	e.drain(t)
}

// drain runs the marketplace's queued outbox tasks through payments' handlers until none is
// left (emails and other modules' tasks are marked sent without running).
func (e *gatedEnv) drain(t *testing.T) {
	t.Helper()
	owner := testkit.OwnerDB(t)
	for range 20 {
		type row struct {
			ID       uuid.UUID
			TaskType string
			Payload  string
		}
		var rows []row
		if err := owner.Raw("select id, task_type, payload::text as payload from outbox where tenant_id = ? and sent_at is null order by created_at, id",
			e.tenant.ID).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			return
		}
		for _, r := range rows {
			if strings.HasPrefix(r.TaskType, "payments:") {
				env, _ := json.Marshal(workers.Envelope{TenantID: e.tenant.ID, MessageID: r.ID, Data: json.RawMessage(r.Payload)})
				if err := e.mux.ProcessTask(context.Background(), asynq.NewTask(r.TaskType, env)); err != nil {
					t.Fatalf("task %s: %v", r.TaskType, err)
				}
			}
			if err := owner.Exec("update outbox set sent_at = now() where tenant_id = ? and id = ?", e.tenant.ID, r.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Fatal("tasks keep queueing tasks")
}

func (e *gatedEnv) vendorName(vendorID uuid.UUID) string { return "Vendor " + vendorID.String()[24:] }

func TestCheckout_VendorWithoutReadyPayoutsCannotSellUntilStripeSaysSo(t *testing.T) {
	e := newGatedEnv(t)
	vendor := e.vendor()
	v := e.variant(vendor, 2500, 5)
	name := e.vendorName(vendor)

	// Adding its items is refused with the shop's name.
	_, _, err := e.carts.AddLine(e.ctx, cart.Owner{}, v, 1)
	if !errors.Is(err, errs.ErrInvalid) || !strings.Contains(err.Error(), name+" cannot accept orders yet") {
		t.Fatalf("add to cart: %v, want 422 naming %s", err, name)
	}

	// Items already in a cart are flagged, and quote and checkout refuse the cart.
	_, tok, err := e.ungated.AddLine(e.ctx, cart.Owner{}, v, 2)
	if err != nil {
		t.Fatal(err)
	}
	buyer := checkout.Buyer{CartToken: tok}
	view, _, err := e.carts.Current(e.ctx, cart.Owner{Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	if l := view.Vendors[0].Lines[0]; l.Purchasable {
		t.Error("the line of a vendor that cannot sell is purchasable")
	}
	if len(view.Notices) != 1 || view.Notices[0].Code != cart.NoticeUnavailable || view.Notices[0].Message != name+" cannot accept orders yet." {
		t.Errorf("notices %+v", view.Notices)
	}
	if _, err := e.checkout.Quote(e.ctx, buyer, checkout.CheckoutQuoteRequest{ShippingAddress: frAddress()}); !errors.Is(err, errs.ErrInvalid) ||
		!strings.Contains(err.Error(), name) {
		t.Errorf("quote: %v, want 422 naming %s", err, name)
	}
	k := key()
	_, err = e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	var fe *errs.FieldError
	if !errors.As(err, &fe) || fe.Field != "cart" || !strings.HasPrefix(fe.Message, name+" cannot accept orders yet.") {
		t.Fatalf("checkout: %v, want a 422 on the cart naming %s", err, name)
	}
	for _, table := range []string{"orders", "vendor_orders", "checkout_requests", "stripe_payment_intents"} {
		if n := e.count(table); n != 0 {
			t.Errorf("refused checkout wrote %d %s", n, table)
		}
	}
	if got := e.available(v); got != 5 {
		t.Errorf("stock available %d after a refused checkout, want 5", got)
	}
	if n := e.fake.Created("payment_intents"); n != 0 {
		t.Errorf("refused checkout created %d PaymentIntents", n)
	}
	if after, err := e.carts.Snapshot(e.ctx, cart.Owner{Token: tok}); err != nil || after.ItemCount != 2 {
		t.Errorf("cart after a refused checkout: %d items, %v", after.ItemCount, err)
	}

	// Only Stripe's account.updated makes the vendor ready; then the same cart checks out.
	e.onboard(t, vendor)
	if ok, err := e.pay.CanSell(e.ctx, vendor); err != nil || !ok {
		t.Fatalf("CanSell after account.updated: %v %v", ok, err)
	}
	r, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	if err != nil {
		t.Fatalf("checkout once ready: %v", err)
	}
	if r.Order.Payment.Provider != payments.ProviderStripe || r.Order.Payment.ClientSecret == "" {
		t.Errorf("payment %+v, want Stripe with a client secret", r.Order.Payment)
	}
	if got := e.available(v); got != 3 {
		t.Errorf("stock available %d after checkout, want 3", got)
	}
	if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{}, v, 1); err != nil {
		t.Errorf("add to cart once ready: %v", err)
	}
}

func TestCheckout_OfflineEveryVendorCanSell(t *testing.T) {
	e := newEnv(t)
	pay := payments.NewService(payments.Deps{DB: testkit.DB(t), Tenants: e.reg})
	e.carts = cart.NewService(e.reg, e.catalog, cart.WithSellerGate(pay))
	e.checkout = checkout.NewService(checkout.Deps{Tenants: e.reg, Carts: e.carts, Shipping: e.shipping, Tax: e.tax, Orders: e.orders,
		Stock: stock{e.inv}})
	v := e.variant(e.vendor(), 1500, 3)
	_, tok, err := e.carts.AddLine(e.ctx, cart.Owner{}, v, 1)
	if err != nil {
		t.Fatalf("add to cart with the manual provider: %v", err)
	}
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest()); err != nil {
		t.Fatalf("checkout with the manual provider: %v", err)
	}
}

func TestCheckout_SellerGateIsPerMarketplace(t *testing.T) {
	e := newGatedEnv(t)
	vendor := e.vendor()
	e.onboard(t, vendor)
	other := tenants.WithTenant(context.Background(), testkit.NewTenant(t, e.reg, "other"))
	if ok, err := e.pay.CanSell(other, vendor); err != nil || ok {
		t.Errorf("another marketplace sees the vendor's ready account: %v %v", ok, err)
	}
	ready, err := e.pay.SellersReady(e.ctx, nil, []uuid.UUID{vendor, ids.New()})
	if err != nil || len(ready) != 2 || !ready[vendor] {
		t.Errorf("SellersReady = %v, %v", ready, err)
	}
}

func TestHTTP_CheckoutNamesTheShopThatCannotSellYet(t *testing.T) {
	e := newGatedEnv(t)
	app := e.api(t)
	vendor := e.vendor()
	v := e.variant(vendor, 2500, 5)
	name := e.vendorName(vendor)

	res := do(t, app, call{method: "POST", path: "/api/v1/carts/current/lines", body: map[string]any{"variant_id": v, "quantity": 1}})
	if res.status != 422 || !strings.Contains(string(res.raw), name+" cannot accept orders yet") {
		t.Fatalf("add to cart: %d %s", res.status, res.raw)
	}
	_, tok, err := e.ungated.AddLine(e.ctx, cart.Owner{}, v, 1)
	if err != nil {
		t.Fatal(err)
	}
	res = do(t, app, call{method: "POST", path: "/api/v1/checkout", body: guestRequest(),
		headers: map[string]string{cart.HeaderName: tok, "Idempotency-Key": key()}})
	if res.status != 422 {
		t.Fatalf("checkout: %d %s, want 422", res.status, res.raw)
	}
	problems, _ := res.json["errors"].([]any)
	if len(problems) != 1 {
		t.Fatalf("problem %s, want one error on the cart", res.raw)
	}
	p, _ := problems[0].(map[string]any)
	if p["location"] != "cart" || !strings.HasPrefix(p["message"].(string), name+" cannot accept orders yet.") {
		t.Errorf("problem error %v", p)
	}
	if n := e.count("orders"); n != 0 {
		t.Errorf("%d orders after a refused checkout", n)
	}
}
