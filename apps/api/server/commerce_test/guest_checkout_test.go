package commerce_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"gorm.io/gorm"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// TestGuestCheckout_ThreeSellersThroughTheWholeAPI buys from three sellers as a guest with the
// real catalog, inventory, shipping and tax behind the api: the cart lives in the mk_cart cookie,
// and the order's vendor orders add up to the order to the cent.
func TestGuestCheckout_ThreeSellersThroughTheWholeAPI(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "guest")
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/admin/tax-rates", Token: m.Operator.Token,
		Body: map[string]any{"country": "US", "name": "Sales tax", "rate_bp": 725}}), 201)

	var variants []string
	for i, price := range []int64{2450, 1999, 12900} {
		v := e.NewVendor(t, m, "seller")
		ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
			Body: map[string]any{"name": "Standard", "ship_from_country": "US", "currency": "USD", "zones": []any{map[string]any{
				"name": "US", "countries": []string{"US"}, "rates": []any{map[string]any{"id": "standard", "name": "Standard", "kind": "flat", "amount": 500 + i*100, "min_days": 2, "max_days": 5}},
			}}}}), 201)
		p := e.ActiveProduct(t, m, v, "Guest Item "+ct.Short(), price, 5, nil)
		variants = append(variants, p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string))
	}

	send := func(method, path, cookie string, body any, headers map[string]string) (int, map[string]any, string) {
		t.Helper()
		b, _ := json.Marshal(body)
		req := httptest.NewRequestWithContext(context.Background(), method, path, bytes.NewReader(b))
		req.Host = m.Host
		req.Header.Set("Content-Type", "application/json")
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
		raw, _ := io.ReadAll(res.Body)
		var doc map[string]any
		_ = json.Unmarshal(raw, &doc)
		return res.StatusCode, doc, res.Header.Get("Set-Cookie")
	}

	status, _, setCookie := send("POST", "/api/v1/carts/current/lines", "", map[string]any{"variant_id": variants[0], "quantity": 2}, nil)
	if status != 201 || !strings.HasPrefix(setCookie, "mk_cart=") || !strings.Contains(setCookie, "HttpOnly") {
		t.Fatalf("first add: %d, Set-Cookie %q", status, setCookie)
	}
	cookie := strings.SplitN(setCookie, ";", 2)[0]
	for _, v := range variants[1:] {
		if status, doc, _ := send("POST", "/api/v1/carts/current/lines", cookie, map[string]any{"variant_id": v, "quantity": 1}, nil); status != 201 {
			t.Fatalf("add: %d %v", status, doc)
		}
	}
	status, cart, _ := send("GET", "/api/v1/carts/current", cookie, nil, nil)
	if status != 200 || cart["item_count"].(float64) != 4 || len(cart["vendors"].([]any)) != 3 {
		t.Fatalf("cart: %d %v", status, cart)
	}

	body := map[string]any{"email": "guest@example.com", "shipping_address": map[string]any{
		"name": "Guest Buyer", "line1": "1 Main St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US"}}
	status, res, _ := send("POST", "/api/v1/checkout", cookie, body, map[string]string{"Idempotency-Key": "guest-" + ct.Short()})
	if status != 201 && status != 200 {
		t.Fatalf("checkout: %d %v", status, res)
	}
	order := res["order"].(map[string]any)
	orderID := order["id"].(string)
	var total, sum int64
	if err := e.App.Tenants.Tx(m.Ctx, func(tx *gorm.DB) error {
		if err := tx.Raw("select total from orders where id = ?", orderID).Scan(&total).Error; err != nil {
			return err
		}
		return tx.Raw("select coalesce(sum(total), 0) from vendor_orders where order_id = ?", orderID).Scan(&sum).Error
	}); err != nil {
		t.Fatal(err)
	}
	// 2×24.50 + 19.99 + 129.00 = 197.99; shipping 5 + 6 + 7; tax 7.25% per line and on shipping.
	if total == 0 || total != sum || int64(order["total"].(float64)) != total {
		t.Fatalf("order total %d, vendor orders sum %d, response %v", total, sum, order["total"])
	}
	if n := ct.Count(t, "vendor_orders", "order_id = ?", orderID); n != 3 {
		t.Fatalf("%d vendor orders, want 3", n)
	}
	status, cart, _ = send("GET", "/api/v1/carts/current", cookie, nil, nil)
	if status != 200 || cart["item_count"].(float64) != 0 {
		t.Fatalf("cart after checkout: %d %v", status, cart)
	}
}
