package checkout_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/shipping"
)

// vendorShippingFor creates a vendor whose only rate costs amount, saved through the service
// (which, like rows written before the API bounds, does not check the amount).
func (e *env) vendorShippingFor(amount int64) uuid.UUID {
	e.t.Helper()
	id := ids.New()
	_, err := e.shipping.SaveProfile(e.ctx, id, uuid.Nil, shipping.ShippingProfileInput{
		Name: "Default", ShipFromCountry: "FR", Currency: "EUR",
		Zones: []shipping.ShippingZone{{Name: "Europe", Countries: []string{"FR"}, Rates: []shipping.ShippingRate{
			{ID: "freight", Name: "Freight", Kind: shipping.KindFlat, Amount: amount, MinDays: 2, MaxDays: 4},
		}}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// TestCheckout_HugeButAllowedAmountsAddUpExactly: the largest price at the largest quantity,
// with the largest shipping rate, is an order like any other, totalled to the unit.
func TestCheckout_HugeButAllowedAmountsAddUpExactly(t *testing.T) {
	e := newEnv(t)
	vendor := e.vendorShippingFor(money.MaxAmount)
	v := e.variant(vendor, money.MaxAmount, money.MaxLineQuantity)
	tok := e.guestCart(map[uuid.UUID]int{v: money.MaxLineQuantity})
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest())
	if err != nil {
		t.Fatal(err)
	}
	subtotal := money.MaxAmount * money.MaxLineQuantity
	if r.Order.Subtotal != subtotal || r.Order.ShippingTotal != money.MaxAmount || r.Order.Total != subtotal+money.MaxAmount+r.Order.TaxTotal {
		t.Fatalf("order subtotal %d shipping %d tax %d total %d; want subtotal %d, shipping %d", r.Order.Subtotal,
			r.Order.ShippingTotal, r.Order.TaxTotal, r.Order.Total, subtotal, money.MaxAmount)
	}
}

// TestCheckout_TotalsThatWouldWrapAreRefused: a rate stored before the API bounded amounts
// (2^63-1) must not wrap the total negative: the quote and the checkout answer 422 and no
// order is written.
func TestCheckout_TotalsThatWouldWrapAreRefused(t *testing.T) {
	e := newEnv(t)
	vendor := e.vendorShippingFor(math.MaxInt64)
	tok := e.guestCart(map[uuid.UUID]int{e.variant(vendor, 1000, 5): 1})
	q, err := e.checkout.Quote(e.ctx, checkout.Buyer{CartToken: tok}, checkout.CheckoutQuoteRequest{ShippingAddress: frAddress()})
	if !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("quote: total %d, err %v; want a 422 (errs.ErrInvalid)", q.Total, err)
	}
	orders := e.count("orders")
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tok}, key(), guestRequest())
	if !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("checkout: total %d, err %v; want a 422 (errs.ErrInvalid)", r.Order.Total, err)
	}
	if n := e.count("orders"); n != orders {
		t.Fatalf("%d orders after a refused checkout, want %d", n, orders)
	}
}

// TestShippingRate_AmountsOverTheLimitAre422AndNothingIsStored: every amount of a shipping
// rate (flat amount, band amount, band threshold, free-shipping threshold) over MaxAmount is
// refused by the API, and no profile is stored.
func TestShippingRate_AmountsOverTheLimitAre422AndNothingIsStored(t *testing.T) {
	e := newEnv(t)
	app := e.api(t)
	v := uuid.New()
	as := map[string]string{"X-Test-Vendors": v.String()}
	profile := func(rate map[string]any) map[string]any {
		rate["id"], rate["name"], rate["min_days"], rate["max_days"] = "std", "Standard", 1, 3
		return map[string]any{"name": "EU", "ship_from_country": "FR", "currency": "EUR",
			"zones": []any{map[string]any{"name": "FR", "countries": []string{"FR"}, "rates": []any{rate}}}}
	}
	tooMuch := money.MaxAmount + 1
	for name, rate := range map[string]map[string]any{
		"flat amount 2^63-1":  {"kind": "flat", "amount": int64(math.MaxInt64)},
		"flat amount":         {"kind": "flat", "amount": tooMuch},
		"free_over":           {"kind": "flat", "amount": 500, "free_over": tooMuch},
		"band amount":         {"kind": "weight", "bands": []any{map[string]any{"up_to": 1000, "amount": tooMuch}}},
		"band from":           {"kind": "value", "bands": []any{map[string]any{"from": tooMuch, "amount": 0}}},
		"band up_to (weight)": {"kind": "weight", "bands": []any{map[string]any{"up_to": money.MaxWeightGrams + 1, "amount": 500}}},
	} {
		res := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + v.String() + "/shipping-profiles", body: profile(rate), headers: as})
		if res.status != 422 {
			t.Errorf("%s: %d %s, want 422", name, res.status, res.raw)
		}
	}
	if n := e.count("shipping_profiles"); n != 0 {
		t.Fatalf("%d shipping profiles stored from refused input", n)
	}
	// At the limit the rate is accepted.
	if res := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + v.String() + "/shipping-profiles",
		body: profile(map[string]any{"kind": "flat", "amount": money.MaxAmount, "free_over": money.MaxAmount}), headers: as}); res.status != 201 {
		t.Fatalf("rate at the limit: %d %s", res.status, res.raw)
	}
}
