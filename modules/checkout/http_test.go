package checkout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/tenants"
)

// The real api cannot price carts until the catalog can look variants up by id; until then
// these tests serve the commerce routes alone, on the same services, with the caller named by
// test headers (X-Test-Account, X-Test-Vendors) instead of a session, and no route policies.

type memberships struct{}

func (memberships) CheckVendor(ctx context.Context, vendorID uuid.UUID) error {
	if slices.Contains(vendorsOf(ctx), vendorID) {
		return nil
	}
	return fmt.Errorf("vendor: %w", errs.ErrNotFound)
}

type vendorsKey struct{}

func vendorsOf(ctx context.Context) []uuid.UUID {
	v, _ := ctx.Value(vendorsKey{}).([]uuid.UUID)
	return v
}

func (e *env) api(t *testing.T) *fiber.App {
	t.Helper()
	httpx.InstallHumaErrors()
	app := fiber.New(fiber.Config{ErrorHandler: httpx.ErrorHandler})
	cfg := huma.DefaultConfig("test", "1")
	cfg.CreateHooks = nil
	api := humafiber.New(app, cfg)
	api.UseMiddleware(func(ctx huma.Context, next func(huma.Context)) {
		c := tenants.WithTenant(ctx.Context(), e.tenant)
		if id, err := uuid.Parse(ctx.Header("X-Test-Account")); err == nil {
			c = access.WithPrincipal(c, access.Principal{AccountID: id, Email: "acct@example.com", Roles: []string{access.RoleBuyer}})
		}
		var vs []uuid.UUID
		for _, s := range strings.Split(ctx.Header("X-Test-Vendors"), ",") {
			if id, err := uuid.Parse(s); err == nil {
				vs = append(vs, id)
			}
		}
		next(huma.WithContext(ctx, context.WithValue(c, vendorsKey{}, vs)))
	})
	cart.Routes(api, e.carts, cart.Options{})
	checkout.Routes(api, e.checkout, checkout.Options{})
	shipping.Routes(api, e.shipping, memberships{})
	orders.Routes(api, e.orders, memberships{})
	return app
}

type call struct {
	method, path string
	body         any
	headers      map[string]string
	cookie       string
}

type reply struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

func do(t *testing.T, app *fiber.App, c call) reply {
	t.Helper()
	var rd io.Reader
	if c.body != nil {
		if s, ok := c.body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(c.body)
			rd = bytes.NewReader(b)
		}
	}
	r := httptest.NewRequest(c.method, c.path, rd)
	if c.body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.headers {
		r.Header.Set(k, v)
	}
	if c.cookie != "" {
		r.AddCookie(&http.Cookie{Name: cart.CookieName, Value: c.cookie})
	}
	res, err := app.Test(r, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := reply{status: res.StatusCode, header: res.Header}
	out.raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.raw, &out.json)
	return out
}

func cookieOf(t *testing.T, r reply) string {
	t.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == cart.CookieName {
			if !c.HttpOnly {
				t.Fatal("cart cookie is not HttpOnly")
			}
			return c.Value
		}
	}
	return ""
}

// A guest fills a cart from three sellers over HTTP, checks out (50 parallel retries with one
// key answer the same), each seller sees only its own vendor order and ships it, and the guest
// reads the tracking links.
func TestHTTP_GuestBuysFromThreeSellersWhoShip(t *testing.T) {
	e := newEnv(t)
	app := e.api(t)
	var vendorIDs, variants []uuid.UUID
	for i := range 3 {
		v := e.vendor()
		vendorIDs = append(vendorIDs, v)
		variants = append(variants, e.variant(v, 1234+int64(i), 10))
	}
	res := do(t, app, call{method: "POST", path: "/api/v1/carts/current/lines", body: map[string]any{"variant_id": variants[0], "quantity": 2}})
	if res.status != 201 {
		t.Fatalf("add: %d %s", res.status, res.raw)
	}
	cookie := cookieOf(t, res)
	if cookie == "" || res.header.Get(cart.HeaderName) != cookie {
		t.Fatalf("no cart token: cookie %q header %q", cookie, res.header.Get(cart.HeaderName))
	}
	for _, v := range variants[1:] {
		// The cookie and the header name the same cart.
		if res := do(t, app, call{method: "POST", path: "/api/v1/carts/current/lines", body: map[string]any{"variant_id": v, "quantity": 1},
			headers: map[string]string{cart.HeaderName: cookie}}); res.status != 201 {
			t.Fatalf("add: %d %s", res.status, res.raw)
		}
	}
	res = do(t, app, call{method: "POST", path: "/api/v1/carts/current/lines", body: map[string]any{"variant_id": variants[0], "quantity": 1, "unit_price": 1}, cookie: cookie})
	if res.status != 422 {
		t.Fatalf("client price accepted: %d", res.status)
	}
	res = do(t, app, call{method: "GET", path: "/api/v1/carts/current", cookie: cookie})
	if res.status != 200 || res.json["item_count"] != float64(4) || len(res.json["vendors"].([]any)) != 3 {
		t.Fatalf("cart: %d %s", res.status, res.raw)
	}
	body := map[string]any{"email": "guest@example.com", "shipping_address": map[string]any{"name": "G", "line1": "1 rue", "city": "Paris", "postal_code": "75001", "country": "FR"}}
	res = do(t, app, call{method: "POST", path: "/api/v1/checkout/quote", body: map[string]any{"shipping_address": body["shipping_address"]}, cookie: cookie})
	if res.status != 200 || len(res.json["vendors"].([]any)) != 3 {
		t.Fatalf("quote: %d %s", res.status, res.raw)
	}
	quoteTotal := res.json["total"]

	key := map[string]string{"Idempotency-Key": "k-" + uuid.NewString()}
	replies := make([]reply, 50)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = do(t, app, call{method: "POST", path: "/api/v1/checkout", body: body, headers: key, cookie: cookie})
		}()
	}
	wg.Wait()
	for i, r := range replies {
		if r.status != 201 || !bytes.Equal(r.raw, replies[0].raw) {
			t.Fatalf("checkout %d: %d %s\nfirst: %s", i, r.status, r.raw, replies[0].raw)
		}
	}
	order := replies[0].json["order"].(map[string]any)
	token := replies[0].json["order_token"].(string)
	if order["total"] != quoteTotal || len(order["vendor_orders"].([]any)) != 3 {
		t.Fatalf("order total %v (quote %v), %d vendor orders", order["total"], quoteTotal, len(order["vendor_orders"].([]any)))
	}
	other := body
	other["email"] = "other@example.com"
	if r := do(t, app, call{method: "POST", path: "/api/v1/checkout", body: other, headers: key, cookie: cookie}); r.status != 422 {
		t.Fatalf("same key, other body: %d", r.status)
	}
	orderID := order["id"].(string)

	// The operator marks it paid; each seller ships its own part and cannot touch the others.
	if _, err := e.orders.MarkPaid(e.ctx, orders.Actor{Kind: orders.ActorOperator}, uuid.MustParse(orderID)); err != nil {
		t.Fatal(err)
	}
	for i, vo := range order["vendor_orders"].([]any) {
		voID := vo.(map[string]any)["id"].(string)
		mine := vendorIDs[slices.IndexFunc(vendorIDs, func(v uuid.UUID) bool { return v.String() == vo.(map[string]any)["vendor_id"] })]
		notMine := vendorIDs[(slices.Index(vendorIDs, mine)+1)%3]
		as := func(v uuid.UUID) map[string]string { return map[string]string{"X-Test-Vendors": v.String()} }
		ship := map[string]any{"carrier": "ups", "tracking_number": fmt.Sprintf("1Z%03d", i)}
		if r := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + notMine.String() + "/orders/" + voID + "/shipments", body: ship, headers: as(notMine)}); r.status != 404 {
			t.Fatalf("another seller ships: %d", r.status)
		}
		if r := do(t, app, call{method: "GET", path: "/api/v1/seller/vendors/" + mine.String() + "/orders/" + voID, headers: as(notMine)}); r.status != 404 {
			t.Fatalf("seller of another vendor reads: %d", r.status)
		}
		if r := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + mine.String() + "/orders/" + voID + "/transitions", body: map[string]any{"status": "completed"}, headers: as(mine)}); r.status != 409 {
			t.Fatalf("paid → completed: %d %s", r.status, r.raw)
		}
		if r := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + mine.String() + "/orders/" + voID + "/shipments", body: ship, headers: as(mine)}); r.status != 201 || r.json["status"] != "shipped" {
			t.Fatalf("ship: %d %s", r.status, r.raw)
		}
	}
	res = do(t, app, call{method: "GET", path: "/api/v1/orders/guest/" + orderID, headers: map[string]string{"X-Order-Token": token}})
	if res.status != 200 || res.json["status"] != "shipped" {
		t.Fatalf("guest order: %d %s", res.status, res.raw)
	}
	for _, vo := range res.json["vendor_orders"].([]any) {
		sh := vo.(map[string]any)["shipments"].([]any)
		if len(sh) != 1 || !strings.HasPrefix(sh[0].(map[string]any)["tracking_url"].(string), "https://www.ups.com/") {
			t.Fatalf("tracking: %+v", sh)
		}
	}
	if r := do(t, app, call{method: "GET", path: "/api/v1/orders/guest/" + orderID, headers: map[string]string{"X-Order-Token": "nope"}}); r.status != 404 {
		t.Fatalf("guest order with a wrong token: %d", r.status)
	}
	// Another buyer (signed in) sees none of it.
	if r := do(t, app, call{method: "GET", path: "/api/v1/me/orders/" + orderID, headers: map[string]string{"X-Test-Account": uuid.NewString()}}); r.status != 404 {
		t.Fatalf("another buyer reads the order: %d", r.status)
	}
}

func TestHTTP_ShippingProfilesBelongToTheirVendor(t *testing.T) {
	e := newEnv(t)
	app := e.api(t)
	v, other := uuid.New(), uuid.New()
	as := map[string]string{"X-Test-Vendors": v.String()}
	profile := map[string]any{"name": "EU", "ship_from_country": "FR", "currency": "EUR", "ship_from_lat": 48.85, "ship_from_lon": 2.35,
		"zones": []any{map[string]any{"name": "FR", "countries": []string{"FR"}, "postcodes": []string{"75*"}, "rates": []any{
			map[string]any{"id": "near", "name": "Courier", "kind": "distance", "bands": []any{map[string]any{"up_to": 20, "amount": 500}}, "min_days": 0, "max_days": 1},
		}}}}
	res := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + v.String() + "/shipping-profiles", body: profile, headers: as})
	if res.status != 201 || res.json["is_default"] != true {
		t.Fatalf("create: %d %s", res.status, res.raw)
	}
	id := res.json["id"].(string)
	bad := map[string]any{"name": "x", "ship_from_country": "FR", "currency": "EUR", "zones": []any{map[string]any{"name": "z", "countries": []string{"FR"},
		"rates": []any{map[string]any{"id": "d", "name": "d", "kind": "distance", "bands": []any{map[string]any{"up_to": 5, "amount": 1}}, "min_days": 1, "max_days": 1}}}}}
	if r := do(t, app, call{method: "POST", path: "/api/v1/seller/vendors/" + v.String() + "/shipping-profiles", body: bad, headers: as}); r.status != 422 {
		t.Fatalf("distance rate without coordinates: %d %s", r.status, r.raw)
	}
	if r := do(t, app, call{method: "GET", path: "/api/v1/seller/vendors/" + other.String() + "/shipping-profiles", headers: as}); r.status != 404 {
		t.Fatalf("another vendor's profiles: %d", r.status)
	}
	if r := do(t, app, call{method: "DELETE", path: "/api/v1/seller/vendors/" + other.String() + "/shipping-profiles/" + id, headers: map[string]string{"X-Test-Vendors": other.String()}}); r.status != 404 {
		t.Fatalf("delete through another vendor: %d", r.status)
	}
	if r := do(t, app, call{method: "DELETE", path: "/api/v1/seller/vendors/" + v.String() + "/shipping-profiles/" + id, headers: as}); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
}
