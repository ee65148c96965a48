package payments_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
)

// onlyVendor lets the caller act for one vendor, like vendors.Authorize (404 for the others).
type onlyVendor struct{ id uuid.UUID }

func (o onlyVendor) CheckVendor(_ context.Context, id uuid.UUID) error {
	if id != o.id {
		return fmt.Errorf("vendor: %w", errs.ErrNotFound)
	}
	return nil
}

func TestSeller_PayoutEndpointsShowNetAmountsAndStatement(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	other, _ := e.onboard(t, ctx)
	setRulesHTTP := func() {
		if _, err := e.svc.SetCommissionRule(ctx, commission(1200)); err != nil {
			t.Fatal(err)
		}
	}
	setRulesHTTP()
	o, pi := e.place(t, ctx, part{v, 10000, 500, 0}, part{other, 1000, 0, 0})
	e.pay(t, ctx, o, pi)
	// Routes read the marketplace from the request context: serve them inside one.
	do := func(method, path string) (int, string) {
		return serveCtx(t, tenants.WithTenantID(context.Background(), tenants.IDFromContext(ctx)), e, onlyVendor{v}, method, path)
	}
	base := "/api/v1/seller/vendors/" + v.String() + "/payouts"
	cases := []struct {
		path, want string
		status     int
	}{
		{base + "/account", `"ready":true`, 200},
		{base + "/balance", `"transferred":9300`, 200},
		{base + "/transfers?status=past", `"commission":1200`, 200},
		{base + "/orders/" + o.VendorOrders[0].ID.String(), `"net":9300`, 200},
		{base + "/orders/" + o.VendorOrders[1].ID.String(), ``, 404},
		{base + "/statement", "seller_transfer", 200},
		{base + "/statement?from=2020-13-01", ``, 422},
		{"/api/v1/seller/vendors/" + other.String() + "/payouts/balance", ``, 404},
	}
	for _, c := range cases {
		status, body := do(http.MethodGet, c.path)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %s; want %d with %q", c.path, status, body, c.status, c.want)
		}
	}
	status, body := do(http.MethodPost, base+"/onboarding")
	if status != 200 || !strings.Contains(body, "https://connect.stripe.test/setup/") {
		t.Errorf("onboarding link again: %d %s", status, body)
	}
	if n := e.fake.Created("accounts"); n != 2 {
		t.Errorf("accounts = %d: asking for a fresh link must not create another account", n)
	}
}
