package checkout_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/modules/tax"
)

func TestCheckout_LastUnitSoldOnceUnderRace(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 3
	}
	e := newEnv(t)
	vendor := e.vendor()
	for round := range rounds {
		v := e.variant(vendor, 1500, 1)
		const buyers = 200
		tokens := make([]string, buyers)
		for i := range tokens {
			tokens[i] = e.guestCart(map[uuid.UUID]int{v: 1})
		}
		before := e.count("orders")
		var wg sync.WaitGroup
		var won, outOfStock atomic.Int64
		errCh := make(chan error, buyers)
		start := make(chan struct{})
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tokens[i]}, key(), guestRequest())
				switch {
				case err == nil:
					won.Add(1)
				case errors.Is(err, checkout.ErrOutOfStock):
					outOfStock.Add(1)
				default:
					errCh <- err
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errCh)
		for err := range errCh {
			t.Errorf("round %d: unexpected error: %v", round, err)
		}
		if won.Load() != 1 || outOfStock.Load() != buyers-1 {
			t.Fatalf("round %d: %d orders placed and %d refused, want 1 and %d", round, won.Load(), outOfStock.Load(), buyers-1)
		}
		if got := e.count("orders") - before; got != 1 {
			t.Fatalf("round %d: %d orders written, want 1", round, got)
		}
		if a := e.available(v); a != 0 {
			t.Fatalf("round %d: available = %d, want 0", round, a)
		}
	}
}

func TestCheckout_SameKeyFiftyTimesPlacesOneOrder(t *testing.T) {
	e := newEnv(t)
	vendor := e.vendor()
	v := e.variant(vendor, 2599, 10)
	tok := e.guestCart(map[uuid.UUID]int{v: 2})
	k := key()
	before := e.count("orders")
	const n = 50
	bodies := make([][]byte, n)
	errsSeen := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, k, guestRequest())
			errsSeen[i] = err
			bodies[i], _ = json.Marshal(r)
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errsSeen[i] != nil {
			t.Fatalf("request %d: %v", i, errsSeen[i])
		}
		if !bytes.Equal(bodies[i], bodies[0]) {
			t.Fatalf("request %d answered differently:\n%s\nvs\n%s", i, bodies[i], bodies[0])
		}
	}
	if got := e.count("orders") - before; got != 1 {
		t.Fatalf("%d orders, want 1", got)
	}
	if a := e.available(v); a != 8 {
		t.Fatalf("available = %d, want 8", a)
	}
	// A later retry still replays, though the cart is now empty.
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, k, guestRequest())
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(r); !bytes.Equal(b, bodies[0]) {
		t.Fatal("late retry answered differently")
	}
	// The same key with another body is refused.
	other := guestRequest()
	other.Email = "someone-else@example.com"
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, k, other); !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("same key, other body: err = %v, want invalid", err)
	}
}

func TestCheckout_ThreeVendorsSplitExactlyIntoVendorOrders(t *testing.T) {
	for _, inclusive := range []bool{false, true} {
		e := newEnv(t)
		if _, err := e.tax.SaveRate(e.ctx, uuid.Nil, tax.TaxRateInput{Country: "FR", Name: "TVA", RateBP: 1960, Inclusive: inclusive}); err != nil {
			t.Fatal(err)
		}
		lines := map[uuid.UUID]int{}
		for i := range 3 {
			vendor := e.vendor()
			lines[e.variant(vendor, 333+int64(i)*101, 50)] = 3
			lines[e.variant(vendor, 1999, 50)] = 1
		}
		tok := e.guestCart(lines)
		q, err := e.checkout.Quote(e.ctx, checkout.Buyer{CartToken: tok}, checkout.CheckoutQuoteRequest{ShippingAddress: frAddress()})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest())
		if err != nil {
			t.Fatal(err)
		}
		o, err := e.orders.OperatorOrder(e.ctx, r.Order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.VendorOrders) != 3 {
			t.Fatalf("%d vendor orders, want 3", len(o.VendorOrders))
		}
		var sub, shipSum, taxSum, total int64
		for _, vo := range o.VendorOrders {
			var lsub, ltax int64
			for _, l := range vo.Lines {
				lsub += l.Subtotal
				ltax += l.Tax
			}
			if lsub != vo.Subtotal || ltax+vo.ShippingMethod.Tax != vo.TaxTotal {
				t.Errorf("vendor order %s: lines %d/%d vs %d/%d", vo.Number, lsub, ltax, vo.Subtotal, vo.TaxTotal)
			}
			want := vo.Subtotal + vo.ShippingTotal
			if !inclusive {
				want += vo.TaxTotal
			}
			if vo.Total != want {
				t.Errorf("vendor order %s total %d, want %d", vo.Number, vo.Total, want)
			}
			sub, shipSum, taxSum, total = sub+vo.Subtotal, shipSum+vo.ShippingTotal, taxSum+vo.TaxTotal, total+vo.Total
		}
		if sub != o.Subtotal || shipSum != o.ShippingTotal || taxSum != o.TaxTotal || total != o.Total {
			t.Fatalf("inclusive=%v: vendor orders add up to %d/%d/%d/%d, order says %d/%d/%d/%d", inclusive, sub, shipSum, taxSum, total,
				o.Subtotal, o.ShippingTotal, o.TaxTotal, o.Total)
		}
		if q.Total != o.Total || q.TaxTotal != o.TaxTotal {
			t.Fatalf("quote %d (tax %d) differs from order %d (tax %d)", q.Total, q.TaxTotal, o.Total, o.TaxTotal)
		}
		if o.TaxTotal == 0 || o.Payment.Status != "pending" || o.Payment.Provider != orders.ManualName || o.Payment.Instructions == "" {
			t.Fatalf("order tax %d payment %+v", o.TaxTotal, o.Payment)
		}
		if n := e.count("outbox"); n != 4 {
			t.Fatalf("%d emails queued, want 4 (buyer + 3 sellers)", n)
		}
		// Each seller is recorded and mailed at its own address, as the cart snapshot read it.
		var reached, mailed int64
		if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
			if err := tx.Raw(`select count(*) from vendor_orders where order_id = ? and vendor_email = 'seller-' || right(vendor_id::text, 12) || '@example.com'`, o.ID).Scan(&reached).Error; err != nil {
				return err
			}
			return tx.Raw(`select count(*) from outbox o join vendor_orders v on v.order_id = ? and o.payload::text like '%' || v.vendor_email || '%'`, o.ID).Scan(&mailed).Error
		}); err != nil {
			t.Fatal(err)
		}
		if reached != 3 || mailed != 3 {
			t.Fatalf("%d vendor orders carry their seller's email and %d emails go to them, want 3 and 3", reached, mailed)
		}
		v, _ := e.carts.Snapshot(e.ctx, cart.Owner{Token: tok})
		if v.ItemCount != 0 {
			t.Fatalf("cart still holds %d items", v.ItemCount)
		}
	}
}

func TestCheckout_BadInputWritesNothing(t *testing.T) {
	e := newEnv(t)
	other := newEnv(t)
	vendor := e.vendor()
	v := e.variant(vendor, 1000, 5)
	foreign := other.variant(other.vendor(), 1000, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})

	for _, q := range []int{0, -1, 1000, 5000} {
		if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{Token: tok}, v, q); !errors.Is(err, errs.ErrInvalid) {
			t.Errorf("quantity %d: err = %v, want invalid", q, err)
		}
	}
	if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{Token: tok}, v, 5); !errors.Is(err, errs.ErrInvalid) {
		t.Errorf("more than available: err = %v, want invalid", err)
	}
	if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{Token: tok}, foreign, 1); !errors.Is(err, errs.ErrInvalid) {
		t.Errorf("another marketplace's variant: err = %v, want invalid", err)
	}
	lines := e.count("cart_lines")

	cases := map[string]checkout.CheckoutRequest{
		"unshipped zone":      {Email: "a@example.com", ShippingAddress: &orders.OrderAddress{Name: "A", Line1: "1 Main St", City: "Austin", Country: "US"}},
		"no address":          {Email: "a@example.com"},
		"guest no email":      {ShippingAddress: frAddress()},
		"bad email":           {Email: "not-an-email", ShippingAddress: frAddress()},
		"unknown rate":        {Email: "a@example.com", ShippingAddress: frAddress(), Shipping: []checkout.CheckoutShippingChoice{{VendorID: vendor, RateID: "teleport"}}},
		"foreign vendor":      {Email: "a@example.com", ShippingAddress: frAddress(), Shipping: []checkout.CheckoutShippingChoice{{VendorID: uuid.New(), RateID: "standard"}}},
		"address id as guest": {Email: "a@example.com", AddressID: &vendor},
	}
	for name, req := range cases {
		if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), req); !errors.Is(err, errs.ErrInvalid) {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, "short", guestRequest()); !errors.Is(err, errs.ErrInvalid) {
		t.Errorf("short key: err = %v, want invalid", err)
	}
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tokens.New()}, key(), guestRequest()); !errors.Is(err, errs.ErrInvalid) {
		t.Errorf("empty cart: err = %v, want invalid", err)
	}
	for table, want := range map[string]int64{"orders": 0, "vendor_orders": 0, "order_lines": 0, "payments": 0, "checkout_requests": 0, "outbox": 0, "cart_lines": lines} {
		if n := e.count(table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if a := e.available(v); a != 5 {
		t.Errorf("available = %d, want 5", a)
	}
}

func TestCheckout_ChosenRateAndFreeShipping(t *testing.T) {
	e := newEnv(t)
	vendor := e.vendor()
	cheap := e.variant(vendor, 1000, 5)
	tok := e.guestCart(map[uuid.UUID]int{cheap: 1})
	q, err := e.checkout.Quote(e.ctx, checkout.Buyer{CartToken: tok}, checkout.CheckoutQuoteRequest{ShippingAddress: frAddress()})
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Vendors[0].Chosen; got.RateID != "standard" || got.Amount != 490 || len(q.Vendors[0].Options) != 2 {
		t.Fatalf("default choice %+v of %d options", got, len(q.Vendors[0].Options))
	}
	req := guestRequest()
	req.Shipping = []checkout.CheckoutShippingChoice{{VendorID: vendor, RateID: "express"}}
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Order.ShippingTotal != 990 || r.Order.Total != 1990 || r.OrderToken == "" {
		t.Fatalf("order shipping %d total %d token %q", r.Order.ShippingTotal, r.Order.Total, r.OrderToken)
	}
	if _, err := e.orders.GuestOrder(e.ctx, r.Order.ID, r.OrderToken); err != nil {
		t.Fatalf("guest read: %v", err)
	}
	if _, err := e.orders.GuestOrder(e.ctx, r.Order.ID, "wrong"); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("guest read with a wrong token: %v", err)
	}
	big := e.guestCart(map[uuid.UUID]int{e.variant(vendor, 5000, 5): 2})
	q, err = e.checkout.Quote(e.ctx, checkout.Buyer{CartToken: big}, checkout.CheckoutQuoteRequest{ShippingAddress: frAddress()})
	if err != nil {
		t.Fatal(err)
	}
	if q.ShippingTotal != 0 {
		t.Fatalf("shipping over the free threshold = %d", q.ShippingTotal)
	}
}

func TestCheckout_OldIdempotencyRecordsArePurged(t *testing.T) {
	e := newEnv(t)
	v := e.variant(e.vendor(), 1000, 5)
	tok := e.guestCart(map[uuid.UUID]int{v: 1})
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest()); err != nil {
		t.Fatal(err)
	}
	if _, err := checkout.PurgeRequests(e.ctx, testkit.DB(t), time.Hour); err != nil {
		t.Fatal(err)
	}
	if n := e.count("checkout_requests"); n != 1 {
		t.Fatalf("fresh record purged: %d left", n)
	}
	if _, err := checkout.PurgeRequests(e.ctx, testkit.DB(t), -time.Hour); err != nil {
		t.Fatal(err)
	}
	if n := e.count("checkout_requests"); n != 0 {
		t.Fatalf("%d old records left", n)
	}
}
