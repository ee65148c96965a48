package checkout_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// failingStock is the real stock with its next fail reservations failing: the checkout
// transaction rolls back after the provider created the payment.
type failingStock struct {
	stock
	fail atomic.Int32
}

var errCrash = errors.New("injected failure after CreatePayment")

func (f *failingStock) Reserve(tx *gorm.DB, holds []checkout.StockHold) error {
	if f.fail.Add(-1) >= 0 {
		return errCrash
	}
	return f.stock.Reserve(tx, holds)
}

// stripeEnv is env with orders and checkout on module payments' Stripe provider and hooks, as
// the api wires them, against the stateful fake Stripe (no network retries: a lost response
// is an error of the attempt).
type stripeEnv struct {
	*env
	fake     *stripefake.Fake
	pay      *payments.Service
	orders   *orders.Service
	checkout *checkout.Service
	stock    *failingStock
}

func newStripeEnv(t *testing.T) *stripeEnv {
	t.Helper()
	fake := stripefake.New(t)
	return newStripeEnvOn(t, testkit.DB(t), fake, fake.URL)
}

// newStripeEnvOn is newStripeEnv on the connection pool gdb, calling Stripe at apiBase (the
// fake's URL, or a proxy in front of it).
func newStripeEnvOn(t testing.TB, gdb *gorm.DB, fake *stripefake.Fake, apiBase string) *stripeEnv {
	t.Helper()
	e := &stripeEnv{env: newEnvOn(t, gdb), fake: fake}
	notify, err := notifications.NewService(e.reg, nil, "shop@example.com")
	if err != nil {
		t.Fatal(err)
	}
	e.pay = payments.NewService(payments.Deps{DB: gdb, Tenants: e.reg, Notify: notify, Config: payments.Config{
		SecretKey: "sk_test_fake", PublishableKey: "pk_test_fake", WebhookSecret: "whsec_test", APIBase: apiBase, NetworkRetries: new(int64)}})
	e.stock = &failingStock{stock: stock{e.inv}}
	e.orders = orders.NewService(orders.Deps{DB: gdb, Tenants: e.reg, Notify: notify, Stock: stock{e.inv},
		Provider: e.pay.Provider(orders.ManualProvider{}), Payments: e.pay})
	e.checkout = checkout.NewService(checkout.Deps{Tenants: e.reg, Carts: e.carts, Shipping: e.shipping, Tax: e.tax, Orders: e.orders,
		Stock: e.stock})
	return e
}

func (e *stripeEnv) intentOf(t *testing.T, orderID uuid.UUID) string {
	t.Helper()
	var pi []string
	if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return tx.Table("stripe_payment_intents").Where("order_id = ?", orderID).Pluck("intent_id", &pi).Error
	}); err != nil {
		t.Fatal(err)
	}
	if len(pi) != 1 {
		t.Fatalf("order %s has %d payment intents", orderID, len(pi))
	}
	return pi[0]
}

func (e *stripeEnv) ledgerEntries(t *testing.T, key string) int64 {
	t.Helper()
	var n int64
	if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error { return tx.Table("ledger_entries").Where("key = ?", key).Count(&n).Error }); err != nil {
		t.Fatal(err)
	}
	return n
}

// placePaid checks out one line of vendor and marks the order paid at the fake and in orders.
func (e *stripeEnv) placePaid(t *testing.T, vendor uuid.UUID) orders.Order {
	t.Helper()
	v := e.variant(vendor, 2500, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest())
	if err != nil {
		t.Fatal(err)
	}
	e.fake.SucceedIntent(e.intentOf(t, r.Order.ID))
	o, err := e.orders.MarkPaid(e.ctx, orders.Actor{Kind: orders.ActorSystem}, r.Order.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestCheckout_RetryAfterRollbackFindsTheSamePaymentIntent(t *testing.T) {
	e := newStripeEnv(t)
	v := e.variant(e.vendor(), 2500, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})
	buyer, k := checkout.Buyer{CartToken: tok}, key()

	// The checkout transaction rolls back: Stripe was not called yet (the PaymentIntent is
	// created only once the order has committed).
	e.stock.fail.Store(1)
	if _, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest()); !errors.Is(err, errCrash) {
		t.Fatalf("first attempt: %v, want the injected failure", err)
	}
	if n := e.fake.Created("payment_intents"); n != 0 {
		t.Fatalf("rolled back attempt created %d PaymentIntents, want 0", n)
	}
	if n := e.count("orders"); n != 0 {
		t.Fatalf("rolled back attempt left %d orders", n)
	}

	// Stripe creates the PaymentIntent and its answer is lost: the order stays placed, pending.
	e.fake.LoseNextResponse("payment_intents", 1)
	if _, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest()); err == nil {
		t.Fatal("attempt with a lost Stripe answer succeeded")
	}
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Fatalf("second attempt created %d PaymentIntents, want 1", n)
	}
	if n := e.count("orders"); n != 1 {
		t.Fatalf("%d orders after the lost answer, want the pending one", n)
	}

	r, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Errorf("retry with the same Idempotency-Key: %d PaymentIntents at Stripe, want 1", n)
	}
	if n := e.count("orders"); n != 1 {
		t.Errorf("%d orders, want 1", n)
	}
	if want := checkout.OrderID(e.tenant.ID, buyer, k); r.Order.ID != want {
		t.Errorf("order id %s, want the one derived from the request %s", r.Order.ID, want)
	}
	if r.Order.Payment.ClientSecret == "" {
		t.Error("no client secret for the Payment Element")
	}
	e.intentOf(t, r.Order.ID)
	if again, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest()); err != nil || again.Order.ID != r.Order.ID {
		t.Errorf("replay: %v, order %s", err, again.Order.ID)
	}
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Errorf("after the replay: %d PaymentIntents, want 1", n)
	}
	// Another key of the same buyer is another order.
	if other := checkout.OrderID(e.tenant.ID, buyer, key()); other == r.Order.ID {
		t.Error("two keys give one order id")
	}
	if other := checkout.OrderID(e.tenant.ID, checkout.Buyer{CartToken: tok + "x"}, k); other == r.Order.ID {
		t.Error("two buyers with one key give one order id")
	}
}

func TestOrders_MarkPaidBooksInTheSameTransactionOnce(t *testing.T) {
	e := newStripeEnv(t)
	o := e.placePaid(t, e.vendor())
	if o.Payment.Status != "paid" {
		t.Fatalf("payment %s", o.Payment.Status)
	}
	if n := e.ledgerEntries(t, "paid:"+o.ID.String()+":"+o.VendorOrders[0].ID.String()); n != 1 {
		t.Fatalf("%d order_paid entries after MarkPaid, want 1", n)
	}
	// The webhook path books again after MarkPaid: a no-op.
	full, err := e.orders.OperatorOrder(e.ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return e.pay.RecordOrderPaid(e.ctx, tx, payments.FromOrder(full), payments.ProviderStripe)
	}); err != nil {
		t.Fatal(err)
	}
	if n := e.ledgerEntries(t, "paid:"+o.ID.String()+":"+o.VendorOrders[0].ID.String()); n != 1 {
		t.Errorf("%d order_paid entries after the second booking, want 1", n)
	}
	if n := e.count("payment_splits"); n != 1 {
		t.Errorf("%d splits, want 1", n)
	}
}

func TestOrders_DeliveryReleasesAHeldTransfer(t *testing.T) {
	e := newStripeEnv(t)
	if _, err := e.pay.UpdateSettings(e.ctx, payments.PaymentSettings{TransferPolicy: payments.TransferOnDelivery, RefundCommission: true}); err != nil {
		t.Fatal(err)
	}
	vendor := e.vendor()
	o := e.placePaid(t, vendor)
	vo := o.VendorOrders[0]
	status := func() string {
		t.Helper()
		var s []string
		if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
			return tx.Table("payment_splits").Where("vendor_order_id = ?", vo.ID).Pluck("transfer_status", &s).Error
		}); err != nil || len(s) != 1 {
			t.Fatalf("split: %v %v", s, err)
		}
		return s[0]
	}
	if s := status(); s != "held" {
		t.Fatalf("transfer %s after payment, want held", s)
	}
	a := orders.Actor{Kind: orders.ActorSystem}
	if _, err := e.orders.Ship(e.ctx, a, vendor, vo.ID, orders.NewOrderShipment{Carrier: "ups", TrackingNumber: "1Z999"}); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "held" {
		t.Fatalf("transfer %s after shipping, want held", s)
	}
	if _, err := e.orders.SellerTransition(e.ctx, a, vendor, vo.ID, orders.StatusDelivered, ""); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "pending" {
		t.Errorf("transfer %s after delivery, want pending (due)", s)
	}
}

func TestOrders_RefundRetriedAfterRollbackRefundsOnceAtStripe(t *testing.T) {
	e := newStripeEnv(t)
	vendor := e.vendor()
	o := e.placePaid(t, vendor)
	vo := o.VendorOrders[0]
	a := orders.Actor{Kind: orders.ActorSystem}

	// Stripe refunds, then the answer is lost: the refund's transaction rolls back.
	e.fake.LoseNextResponse("refunds", 1)
	if _, err := e.orders.Refund(e.ctx, a, vendor, vo.ID, 500, "damaged"); err == nil {
		t.Fatal("refund with a lost answer succeeded")
	}
	if n := e.fake.Created("refunds"); n != 1 {
		t.Fatalf("%d refunds at Stripe after the first attempt, want 1", n)
	}
	got, err := e.orders.Refund(e.ctx, a, vendor, vo.ID, 500, "damaged")
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n := e.fake.Created("refunds"); n != 1 {
		t.Errorf("%d refunds at Stripe after the retry, want 1", n)
	}
	if got.RefundedTotal != 500 {
		t.Errorf("refunded %d, want 500", got.RefundedTotal)
	}
	// A second refund of the same amount is a new refund.
	if got, err = e.orders.Refund(e.ctx, a, vendor, vo.ID, 500, "damaged"); err != nil || got.RefundedTotal != 1000 {
		t.Fatalf("second refund: %v, refunded %d", err, got.RefundedTotal)
	}
	if n := e.fake.Created("refunds"); n != 2 {
		t.Errorf("%d refunds at Stripe after a second refund, want 2", n)
	}
}
