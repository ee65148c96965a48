package orders

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func TestTransitions_TablesOnlyNameKnownStatuses(t *testing.T) {
	for _, table := range []map[string][]string{VendorTransitions, OrderTransitions} {
		for from, tos := range table {
			if !slices.Contains(Statuses, from) {
				t.Errorf("unknown status %q", from)
			}
			for _, to := range tos {
				if !slices.Contains(Statuses, to) || to == from {
					t.Errorf("%s → %q", from, to)
				}
			}
		}
	}
	for _, terminal := range []string{StatusCancelled, StatusRefunded} {
		if len(VendorTransitions[terminal]) != 0 || len(OrderTransitions[terminal]) != 0 {
			t.Errorf("%s must be terminal", terminal)
		}
	}
}

// Every pair of statuses: the vendor order moves exactly when the table allows it, and an
// illegal move changes nothing and records nothing.
func TestVendorOrder_EveryIllegalTransitionRefused(t *testing.T) {
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "sm")
	ctx := tenants.WithTenant(context.Background(), tn)
	notify, err := notifications.NewService(reg, nil, "x@example.com")
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(Deps{Tenants: reg, Notify: notify, Provider: ManualProvider{}})
	var o Order
	err = reg.Tx(ctx, func(tx *gorm.DB) error {
		o, err = s.Create(ctx, tx, NewOrder{Email: "b@example.com", Currency: "EUR", Address: OrderAddress{Name: "B", Line1: "1", City: "C", Country: "FR"},
			Vendors: []NewVendorOrder{{VendorID: ids.New(), Lines: []NewLine{{VariantID: ids.New(), ProductID: ids.New(), SKU: "S", ProductTitle: "P", UnitPrice: 100, Quantity: 1}}}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	voID := o.VendorOrders[0].ID
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := reg.Tx(ctx, func(tx *gorm.DB) error {
				if err := tx.Model(&vendorOrderRow{}).Where("id = ?", voID).Update("status", from).Error; err != nil {
					return err
				}
				var vo vendorOrderRow
				if err := tx.Where("id = ?", voID).Take(&vo).Error; err != nil {
					return err
				}
				var before int64
				tx.Model(&eventRow{}).Where("vendor_order_id = ?", voID).Count(&before)
				moveErr := moveVendor(ctx, tx, &vo, to, Actor{Kind: ActorSystem}, "")
				var after int64
				tx.Model(&eventRow{}).Where("vendor_order_id = ?", voID).Count(&after)
				var status string
				tx.Model(&vendorOrderRow{}).Where("id = ?", voID).Pluck("status", &status)
				allowed := CanMove(VendorTransitions, from, to)
				switch {
				case allowed && (moveErr != nil || status != to || after != before+1):
					t.Errorf("%s → %s allowed but: err %v, status %s, events +%d", from, to, moveErr, status, after-before)
				case !allowed && (!errors.Is(moveErr, ErrBadTransition) || status != from || after != before):
					t.Errorf("%s → %s illegal but: err %v, status %s, events +%d", from, to, moveErr, status, after-before)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDerive_FollowsVendorOrders(t *testing.T) {
	cases := []struct {
		current  string
		vendors  []string
		refunded bool
		want     string
	}{
		{StatusPendingPayment, []string{StatusPaid, StatusPaid}, false, StatusPaid},
		{StatusPaid, []string{StatusShipped, StatusPaid}, false, StatusPartiallyShipped},
		{StatusPaid, []string{StatusShipped, StatusShipped}, false, StatusShipped},
		{StatusShipped, []string{StatusDelivered, StatusShipped}, false, StatusShipped},
		{StatusShipped, []string{StatusDelivered, StatusDelivered}, false, StatusDelivered},
		{StatusPaid, []string{StatusCancelled, StatusCancelled}, false, StatusCancelled},
		{StatusPaid, []string{StatusCancelled, StatusRefunded}, true, StatusRefunded},
		{StatusPaid, []string{StatusCancelled, StatusProcessing}, true, StatusProcessing},
		{StatusDelivered, []string{StatusDelivered, StatusPartiallyRefunded}, true, StatusPartiallyRefunded},
		{StatusDelivered, []string{StatusReturned, StatusReturned}, true, StatusReturned},
	}
	for _, c := range cases {
		got := derive(c.current, c.vendors, c.refunded)
		if got != c.want {
			t.Errorf("derive(%s, %v, %v) = %s, want %s", c.current, c.vendors, c.refunded, got, c.want)
		}
		if got != c.current && !CanMove(OrderTransitions, c.current, got) {
			t.Errorf("derive(%s, %v) = %s is not an allowed order transition", c.current, c.vendors, got)
		}
	}
	_ = uuid.Nil
}
