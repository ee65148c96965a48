package checkout_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/workers"
)

// slowStripe is the fake Stripe behind a proxy whose PaymentIntent creation waits until the
// test releases it (at most maxDelay), telling the test when a call has arrived.
type slowStripe struct {
	URL     string
	entered chan struct{}
	release chan struct{}
}

func newSlowStripe(t testing.TB, fake *stripefake.Fake, maxDelay time.Duration) *slowStripe {
	t.Helper()
	target, err := url.Parse(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	s := &slowStripe{entered: make(chan struct{}, 16), release: make(chan struct{})}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/payment_intents" {
			select {
			case s.entered <- struct{}{}:
			default: // nobody waits for it (the benchmark)
			}
			timer := time.NewTimer(maxDelay)
			defer timer.Stop()
			select {
			case <-s.release:
			case <-timer.C:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// openPool is a connection pool of the package database (app role) used by nothing else, so
// its statistics are the checkout's.
func openPool(t *testing.T) (*gorm.DB, func() int) {
	t.Helper()
	pool, err := db.Open(context.Background(), testkit.AppURL(t), db.Options{MaxConns: 4, StatementTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, err := pool.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sqlDB.Close() })
	return pool, func() int { return sqlDB.Stats().InUse }
}

func TestCheckout_SlowStripeHoldsNoLockNorConnection(t *testing.T) {
	fake := stripefake.New(t)
	slow := newSlowStripe(t, fake, 2*time.Second)
	pool, inUse := openPool(t)
	e := newStripeEnvOn(t, pool, fake, slow.URL)
	v := e.variant(e.vendor(), 2500, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})
	buyer, k := checkout.Buyer{CartToken: tok}, key()

	type outcome struct {
		r   checkout.CheckoutResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
		done <- outcome{r, err}
	}()
	select {
	case <-slow.entered:
	case o := <-done:
		t.Fatalf("checkout ended before calling Stripe: %v", o.err)
	}

	// Stripe is answering: the checkout holds no pooled connection, and its backend no lock.
	if n := inUse(); n != 0 {
		t.Errorf("%d connections of the checkout's pool in use while Stripe answers, want 0", n)
	}
	var locks []struct {
		Pid      int
		Locktype string
		Mode     string
		Relation string
	}
	if err := testkit.OwnerDB(t).Raw(`select l.pid, l.locktype, l.mode, coalesce(l.relation::regclass::text, '') as relation from pg_locks l
		join pg_stat_activity a on a.pid = l.pid where a.datname = current_database() and l.pid <> pg_backend_pid()`).Scan(&locks).Error; err != nil {
		t.Fatal(err)
	}
	if len(locks) != 0 {
		t.Errorf("locks held while Stripe answers: %+v", locks)
	}
	// The cart and the idempotency row can be locked by another transaction at once.
	var carts, requests int64
	err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		if err := tx.Raw("select count(*) from (select id from carts for update nowait) c").Scan(&carts).Error; err != nil {
			return err
		}
		return tx.Raw("select count(*) from (select key from checkout_requests where key = ? for update nowait) r", k).Scan(&requests).Error
	})
	if err != nil {
		t.Fatalf("lock the cart and the idempotency row while Stripe answers: %v", err)
	}
	if carts == 0 || requests != 1 {
		t.Errorf("locked %d carts and %d idempotency rows, want the cart and the committed request", carts, requests)
	}
	if n := e.count("orders"); n != 1 {
		t.Errorf("%d orders while Stripe answers, want the committed pending order", n)
	}

	close(slow.release)
	o := <-done
	if o.err != nil {
		t.Fatalf("checkout: %v", o.err)
	}
	if o.r.Order.Payment.ClientSecret == "" {
		t.Error("no client secret in the checkout's answer")
	}
	e.intentOf(t, o.r.Order.ID)
	// A replay answers the stored client secret without asking Stripe again.
	again, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	if err != nil || again.Order.ID != o.r.Order.ID || again.Order.Payment.ClientSecret != o.r.Order.Payment.ClientSecret {
		t.Errorf("replay: %v, order %s, client secret %q", err, again.Order.ID, again.Order.Payment.ClientSecret)
	}
	if n := fake.Created("payment_intents"); n != 1 {
		t.Errorf("%d PaymentIntents, want 1", n)
	}
	if n := inUse(); n != 0 {
		t.Errorf("%d connections in use after the checkout", n)
	}
}

// runCreatePaymentTasks runs the orders:create-payment tasks in the outbox of e's marketplace
// through module orders' handlers, as the worker would; it returns how many ran.
func (e *stripeEnv) runCreatePaymentTasks(t *testing.T) int {
	t.Helper()
	var rows []struct {
		ID       uuid.UUID
		TaskType string
		Payload  string
	}
	if err := testkit.OwnerDB(t).Raw("select id, task_type, payload::text as payload from outbox where tenant_id = ? and task_type = ? order by created_at, id",
		e.tenant.ID, orders.TaskCreatePayment).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	mux := asynq.NewServeMux()
	e.orders.RegisterTasks(mux)
	for _, r := range rows {
		env, _ := json.Marshal(workers.Envelope{TenantID: e.tenant.ID, MessageID: r.ID, Data: json.RawMessage(r.Payload)})
		if err := mux.ProcessTask(context.Background(), asynq.NewTask(r.TaskType, env)); err != nil {
			t.Fatalf("task %s: %v", r.TaskType, err)
		}
	}
	return len(rows)
}

func TestCheckout_FailedStripeLeavesAPendingOrderItsTaskCompletes(t *testing.T) {
	e := newStripeEnv(t)
	v := e.variant(e.vendor(), 2500, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})
	buyer, k := checkout.Buyer{CartToken: tok}, key()

	e.fake.FailNext("payment_intents", 1)
	_, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	if !errors.Is(err, errs.ErrUnavailable) {
		t.Fatalf("checkout with Stripe down: %v, want unavailable", err)
	}
	orderID := checkout.OrderID(e.tenant.ID, buyer, k)
	pending, err := e.orders.OperatorOrder(e.ctx, orderID)
	if err != nil {
		t.Fatalf("the order is not placed: %v", err)
	}
	if pending.Status != orders.StatusPendingPayment || pending.Payment.Status != "pending" {
		t.Fatalf("order %s, payment %s; want pending", pending.Status, pending.Payment.Status)
	}
	if n := e.count("stripe_payment_intents"); n != 0 {
		t.Fatalf("%d payment intents recorded after the failed call", n)
	}

	if n := e.runCreatePaymentTasks(t); n != 1 {
		t.Fatalf("%d create-payment tasks in the outbox, want 1", n)
	}
	pi := e.intentOf(t, orderID)
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Errorf("%d PaymentIntents at Stripe after the task, want 1", n)
	}
	var ref []string
	if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return tx.Table("payments").Where("order_id = ?", orderID).Pluck("external_ref", &ref).Error
	}); err != nil || len(ref) != 1 || ref[0] != pi {
		t.Errorf("payment reference %v (%v), want %s", ref, err, pi)
	}

	// The buyer retries: the same order, now with the client secret of the same intent.
	r, err := e.checkout.Checkout(e.ctx, buyer, k, guestRequest())
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if r.Order.ID != orderID || r.Order.Payment.ClientSecret == "" {
		t.Errorf("retry answered order %s with client secret %q", r.Order.ID, r.Order.Payment.ClientSecret)
	}
	// The task again (a redelivery) changes nothing.
	e.runCreatePaymentTasks(t)
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Errorf("%d PaymentIntents at Stripe after the retry and a redelivery, want 1", n)
	}
	if n := e.count("orders"); n != 1 {
		t.Errorf("%d orders, want 1", n)
	}
}
