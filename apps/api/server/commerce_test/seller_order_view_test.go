package commerce_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// guestCheckout buys qty units of each variant as a fresh guest (own cart cookie) and returns the
// order id.
func guestCheckout(t *testing.T, e *ct.Env, m *ct.Market, email, name string, lines map[string]int) string {
	t.Helper()
	cookie := ""
	send := func(method, path string, body any, headers map[string]string) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req := httptest.NewRequestWithContext(context.Background(), method, path, bytes.NewReader(b))
		req.Host = m.Host
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "2001:db8::"+ct.Short()[:4])
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := e.App.Fiber.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if c := res.Header.Get("Set-Cookie"); strings.HasPrefix(c, "mk_cart=") {
			cookie = strings.SplitN(c, ";", 2)[0]
		}
		raw, _ := io.ReadAll(res.Body)
		var doc map[string]any
		_ = json.Unmarshal(raw, &doc)
		return res.StatusCode, doc
	}
	for variant, qty := range lines {
		if status, doc := send("POST", "/api/v1/carts/current/lines", map[string]any{"variant_id": variant, "quantity": qty}, nil); status != 201 {
			t.Fatalf("add to cart: %d %v", status, doc)
		}
	}
	status, res := send("POST", "/api/v1/checkout", map[string]any{"email": email, "shipping_address": map[string]any{
		"name": name, "line1": "1 Main St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US"}},
		map[string]string{"Idempotency-Key": "view-" + ct.Short()})
	if status != 201 && status != 200 {
		t.Fatalf("checkout: %d %v", status, res)
	}
	return res["order"].(map[string]any)["id"].(string)
}

// TestSellerOrders_ShowGuestBuyerItemsAndWhetherTheSellerMayMarkPaid: the seller's list carries
// the guest's email and name and the real item count (a list has no lines), and both views say
// whether mark-paid would be accepted — never for an order shared with another seller.
func TestSellerOrders_ShowGuestBuyerItemsAndWhetherTheSellerMayMarkPaid(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "sov")
	var vendors []ct.Vendor
	var variants []string
	for range 2 {
		v := e.NewVendor(t, m, "sov")
		ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
			Body: map[string]any{"name": "Standard", "ship_from_country": "US", "currency": "USD", "zones": []any{map[string]any{
				"name": "US", "countries": []string{"US"}, "rates": []any{map[string]any{"id": "standard", "name": "Standard", "kind": "flat", "amount": 500, "min_days": 2, "max_days": 5}},
			}}}}), 201)
		p := e.ActiveProduct(t, m, v, "View Item "+ct.Short(), 1500, 20, nil)
		vendors = append(vendors, v)
		variants = append(variants, p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string))
	}
	seller, other := vendors[0], vendors[1]

	soloOrder := guestCheckout(t, e, m, "solo@example.com", "Solo Guest", map[string]int{variants[0]: 3})
	sharedOrder := guestCheckout(t, e, m, "pair@example.com", "Pair Guest", map[string]int{variants[0]: 1, variants[1]: 2})

	list := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + seller.ID + "/orders", Token: seller.Owner.Token}), 200)
	rows, _ := list.JSON["vendor_orders"].([]any)
	if len(rows) != 2 {
		t.Fatalf("%d vendor orders, want 2: %s", len(rows), list.Raw)
	}
	byOrder := map[string]map[string]any{}
	for _, r := range rows {
		vo := r.(map[string]any)
		byOrder[vo["order_id"].(string)] = vo
	}
	want := map[string]struct {
		email, name string
		items       float64
		canMarkPaid bool
	}{
		soloOrder:   {"solo@example.com", "Solo Guest", 3, true},
		sharedOrder: {"pair@example.com", "Pair Guest", 1, false},
	}
	for orderID, w := range want {
		vo := byOrder[orderID]
		if vo == nil {
			t.Fatalf("order %s missing from the list: %s", orderID, list.Raw)
		}
		can, _ := vo["can_mark_paid"].(bool)
		if vo["buyer_email"] != w.email || vo["buyer_name"] != w.name || vo["item_count"] != w.items || can != w.canMarkPaid {
			t.Errorf("list row of %s: email %v name %v items %v can_mark_paid %v; want %+v", orderID, vo["buyer_email"], vo["buyer_name"], vo["item_count"], vo["can_mark_paid"], w)
		}
	}

	detail := func(voID string) ct.Resp {
		return ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + seller.ID + "/orders/" + voID, Token: seller.Owner.Token}), 200)
	}
	shared := detail(byOrder[sharedOrder]["id"].(string))
	if shared.JSON["can_mark_paid"] == true || shared.JSON["item_count"] != float64(1) || shared.JSON["buyer_name"] != "Pair Guest" {
		t.Fatalf("shared order detail: %s", shared.Raw)
	}
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + seller.ID + "/orders/" + shared.Str("id") + "/mark-paid", Token: seller.Owner.Token}), 403)

	soloID := byOrder[soloOrder]["id"].(string)
	if solo := detail(soloID); solo.JSON["can_mark_paid"] != true || solo.JSON["item_count"] != float64(3) {
		t.Fatalf("single-seller order detail: %s", solo.Raw)
	}
	// Another seller learns nothing about it.
	ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + other.ID + "/orders/" + soloID, Token: other.Owner.Token}), 404)

	paid := ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + seller.ID + "/orders/" + soloID + "/mark-paid", Token: seller.Owner.Token}), 200)
	if paid.Str("status") != "paid" || paid.JSON["can_mark_paid"] == true {
		t.Fatalf("after mark-paid: %s", paid.Raw)
	}
}
