package commerce_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/orders"
)

// TestLinkedOrder_GuestEmailLinkOpensOnlyItsOrder: a guest's confirmation email links to
// /guest-order with a signed token that GET /api/v1/orders/linked (token in X-Order-Link)
// answers with that order; forged, expired and other marketplaces' tokens are not found, and the
// seller's email links to the seller app's order page of the right shop.
func TestLinkedOrder_GuestEmailLinkOpensOnlyItsOrder(t *testing.T) {
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "olink"), e.NewMarket(t, "olinko")
	v := e.NewVendor(t, m, "olv")
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
		Body: map[string]any{"name": "Standard", "ship_from_country": "US", "currency": "USD", "zones": []any{map[string]any{
			"name": "US", "countries": []string{"US"}, "rates": []any{map[string]any{"id": "standard", "name": "Standard", "kind": "flat", "amount": 500, "min_days": 2, "max_days": 5}},
		}}}}), 201)
	p := e.ActiveProduct(t, m, v, "Linked Mug "+ct.Short(), 1500, 20, nil)
	variant := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	guest := "guest-" + ct.Short() + "@example.com"
	orderID := guestCheckout(t, e, m, guest, "Link Guest", map[string]int{variant: 2})

	guestLink := regexp.MustCompile(`/guest-order\?token=([A-Za-z0-9_\-.]+)`)
	sellerLink := regexp.MustCompile(`/sell/orders/([0-9a-f-]{36})\?vendor=([0-9a-f-]{36})`)
	token, sellerOK := "", false
	for _, ml := range e.Mail(t, m) {
		raw := strings.ReplaceAll(strings.ReplaceAll(ml.Raw, "=\r\n", ""), "=3D", "=")
		if ml.To[0] == guest {
			if mm := guestLink.FindStringSubmatch(raw); mm != nil {
				token = mm[1]
			}
			if strings.Contains(raw, "/account/orders/") {
				t.Fatalf("a guest's email links to the account pages: %s", raw)
			}
		}
		if mm := sellerLink.FindStringSubmatch(raw); mm != nil && mm[2] == v.ID {
			sellerOK = true
		}
	}
	if token == "" || !sellerOK {
		t.Fatalf("guest link token %q, seller order link found %v", token, sellerOK)
	}
	linked := func(host, tok string) ct.Resp {
		return e.Do(t, ct.Req{Method: "GET", Host: host, Path: "/api/v1/orders/linked", Header: map[string]string{"X-Order-Link": tok}})
	}
	res := ct.Want(t, linked(m.Host, token), 200)
	if res.Str("id") != orderID || len(res.JSON["vendor_orders"].([]any)) != 1 {
		t.Fatalf("linked order: %s", res.Raw)
	}
	secret := []byte(e.Cfg.OrderLinkSecret)
	oid := uuid.MustParse(orderID)
	ct.Want(t, linked(m.Host, token[:len(token)-2]+"AA"), 404)
	ct.Want(t, linked(m.Host, orders.SignOrderLink([]byte("another secret of at least 32 chars!"), m.Tenant.ID, oid, time.Now().Add(time.Hour))), 404)
	ct.Want(t, linked(m.Host, orders.SignOrderLink(secret, m.Tenant.ID, oid, time.Now().Add(-time.Minute))), 404)
	ct.Want(t, linked(other.Host, token), 404)
	ct.Want(t, linked(other.Host, orders.SignOrderLink(secret, other.Tenant.ID, oid, time.Now().Add(time.Hour))), 404)
	ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/orders/linked"}), 422)
}
