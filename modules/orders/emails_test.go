package orders

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// The buyer's confirmation and the seller's notice break the total down as the web app's order
// summaries do: subtotal, shipping, tax (said to be included in the prices or added) and total.
func TestPlacedEmails_ShowTheTaxRuleWithTheTotals(t *testing.T) {
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "taxmail")
	ctx := tenants.WithTenant(context.Background(), tn)
	notify, err := notifications.NewService(reg, nil, "x@example.com")
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(Deps{Tenants: reg, Notify: notify, Provider: ManualProvider{}})
	for _, tc := range []struct {
		inclusive bool
		email     string
		want      string
	}{
		// 2 × 10.00 with 2.00 tax, shipping 5.00 with 0.50 tax.
		{true, "incl@example.com", "Subtotal: 20.00 EUR\nShipping: 5.00 EUR\nTax (included in prices): 2.50 EUR\nTotal (incl. tax): 25.00 EUR"},
		{false, "excl@example.com", "Subtotal: 20.00 EUR\nShipping: 5.00 EUR\nTax (added): 2.50 EUR\nTotal (incl. tax): 27.50 EUR"},
	} {
		var payloads []string
		err = reg.Tx(ctx, func(tx *gorm.DB) error {
			if _, err := s.Create(ctx, tx, NewOrder{Email: tc.email, Currency: "EUR", TaxInclusive: tc.inclusive, Address: OrderAddress{Name: "B", Line1: "1", City: "C", Country: "FR"},
				Vendors: []NewVendorOrder{{VendorID: ids.New(), VendorName: "Shop", VendorEmail: "shop-" + tc.email, Shipping: OrderShippingMethod{Name: "Post", Amount: 500, Tax: 50},
					Lines: []NewLine{{VariantID: ids.New(), ProductID: ids.New(), SKU: "S", ProductTitle: "P", UnitPrice: 1000, Quantity: 2, Tax: 200}}}}}); err != nil {
				return err
			}
			return tx.Model(&workers.OutboxRow{}).Where("payload::text LIKE ?", "%"+tc.email+"%").Pluck("payload::text", &payloads).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(payloads) != 2 {
			t.Fatalf("inclusive=%v: %d emails queued, want the buyer's and the seller's", tc.inclusive, len(payloads))
		}
		want := strings.ReplaceAll(tc.want, "\n", `\n`)
		for _, p := range payloads {
			if !strings.Contains(p, want) {
				t.Errorf("inclusive=%v: email payload has no totals breakdown %q:\n%s", tc.inclusive, tc.want, p)
			}
			// A line shows its price as listed (what the subtotal adds up), never with the tax added.
			if strings.Contains(p, "order_confirmation") && !strings.Contains(p, "2 × P  (20.00 EUR)") {
				t.Errorf("inclusive=%v: the line is not priced as listed (2 × 10.00 = 20.00):\n%s", tc.inclusive, p)
			}
		}
	}
}
