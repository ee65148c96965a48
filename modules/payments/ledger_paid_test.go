package payments_test

import (
	"testing"

	"github.com/google/uuid"
)

// Every order_paid entry names a vendor order of the paid order (it was the nil uuid), and the
// books still balance.
func TestLedger_OrderPaidEntriesPointAtTheirVendorOrders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	a, _ := e.onboard(t, ctx)
	b, _ := e.onboard(t, ctx)
	setRules(t, e, ctx, commission(1000))
	o, pi := e.place(t, ctx, part{a, 10000, 500, 0}, part{b, 2599, 0, 0})
	e.pay(t, ctx, o, pi)
	e.mustDrain(t, ctx)

	var rows []struct {
		VendorOrderID *uuid.UUID
		Cash          int64
	}
	if err := e.owner.Raw(`select e.vendor_order_id, coalesce(sum(l.debit), 0) as cash from ledger_entries e
			join ledger_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.id
			join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id and a.code = 'platform_cash'
			where e.kind = 'order_paid' and e.order_id = ? group by e.id, e.vendor_order_id`, o.ID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	want := map[uuid.UUID]int64{}
	for _, vo := range o.VendorOrders {
		want[vo.ID] = vo.Total
	}
	if len(rows) != len(want) {
		t.Fatalf("%d order_paid entries, want one per vendor order (%d)", len(rows), len(want))
	}
	for _, r := range rows {
		if r.VendorOrderID == nil || want[*r.VendorOrderID] != r.Cash {
			t.Errorf("order_paid entry for vendor order %v books %d; want a vendor order of the order with its total", r.VendorOrderID, r.Cash)
		}
	}
	e.assertBalanced(t, ctx)
}
