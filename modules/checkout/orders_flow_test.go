package checkout_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

func (e *env) accountOrder(account uuid.UUID, lines map[uuid.UUID]int) orders.Order {
	e.t.Helper()
	for v, q := range lines {
		if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{AccountID: account}, v, q); err != nil {
			e.t.Fatal(err)
		}
	}
	r, err := e.checkout.Checkout(e.ctx, checkout.Buyer{AccountID: account, Email: "buyer@example.com"}, key(), checkout.CheckoutRequest{ShippingAddress: frAddress()})
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Order
}

func vendorOrderOf(t *testing.T, o orders.Order, vendor uuid.UUID) orders.VendorOrder {
	t.Helper()
	for _, vo := range o.VendorOrders {
		if vo.VendorID == vendor {
			return vo
		}
	}
	t.Fatalf("no vendor order of %s", vendor)
	return orders.VendorOrder{}
}

func TestOrders_LifecycleAcrossTwoSellers(t *testing.T) {
	e := newEnv(t)
	v1, v2 := e.vendor(), e.vendor()
	a, b, c := e.variant(v1, 1200, 10), e.variant(v1, 800, 10), e.variant(v2, 3000, 10)
	buyer, stranger := ids.New(), ids.New()
	o := e.accountOrder(buyer, map[uuid.UUID]int{a: 2, b: 1, c: 1})
	vo1, vo2 := vendorOrderOf(t, o, v1), vendorOrderOf(t, o, v2)
	seller := orders.Actor{Kind: orders.ActorSeller, ID: ids.New()}
	operator := orders.Actor{Kind: orders.ActorOperator, ID: ids.New()}
	buyerActor := orders.Actor{Kind: orders.ActorBuyer, ID: buyer}

	// Isolation: other buyers and other sellers see nothing.
	if _, err := e.orders.BuyerOrder(e.ctx, stranger, o.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another buyer reads the order: %v", err)
	}
	if _, err := e.orders.SellerOrder(e.ctx, v2, vo1.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another seller reads the vendor order: %v", err)
	}
	if _, err := e.orders.SellerTransition(e.ctx, seller, v2, vo1.ID, orders.StatusCancelled, ""); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another seller cancels the vendor order: %v", err)
	}
	if _, err := e.orders.Ship(e.ctx, seller, v2, vo1.ID, orders.NewOrderShipment{Carrier: "ups", TrackingNumber: "1Z"}); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another seller ships the vendor order: %v", err)
	}
	if _, err := e.orders.Messages(e.ctx, orders.Thread{VendorID: v2}, vo1.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another seller reads messages: %v", err)
	}
	if _, err := e.orders.CancelByBuyer(e.ctx, orders.Actor{Kind: orders.ActorBuyer, ID: stranger}, o.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another buyer cancels: %v", err)
	}

	// Unpaid: no fulfilment; a multi-seller order is marked paid by the operator only.
	if _, err := e.orders.SellerTransition(e.ctx, seller, v1, vo1.ID, orders.StatusProcessing, ""); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("processing before payment: %v", err)
	}
	if _, err := e.orders.SellerMarkPaid(e.ctx, seller, v1, vo1.ID); !errors.Is(err, errs.ErrForbidden) {
		t.Fatalf("seller marks a multi-seller order paid: %v", err)
	}
	paid, err := e.orders.MarkPaid(e.ctx, operator, o.ID)
	if err != nil || paid.Status != orders.StatusPaid || paid.PayBy != nil {
		t.Fatalf("mark paid: %v %s", err, paid.Status)
	}
	if _, err := e.orders.MarkPaid(e.ctx, operator, o.ID); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("mark paid twice: %v", err)
	}

	// Seller 1 ships in two parcels, then it is delivered.
	if _, err := e.orders.SellerTransition(e.ctx, seller, v1, vo1.ID, orders.StatusProcessing, ""); err != nil {
		t.Fatal(err)
	}
	lineA := vo1.Lines[0]
	if lineA.VariantID != a {
		lineA = vo1.Lines[1]
	}
	got, err := e.orders.Ship(e.ctx, seller, v1, vo1.ID, orders.NewOrderShipment{Carrier: "ups", TrackingNumber: "1Z999",
		Lines: []orders.OrderItemQuantity{{LineID: lineA.ID, Quantity: 1}}})
	if err != nil || got.Status != orders.StatusPartiallyShipped || got.Shipments[0].TrackingURL == "" {
		t.Fatalf("partial shipment: %v %+v", err, got.Status)
	}
	if _, err := e.orders.Ship(e.ctx, seller, v1, vo1.ID, orders.NewOrderShipment{Carrier: "ups", TrackingNumber: "1Z",
		Lines: []orders.OrderItemQuantity{{LineID: lineA.ID, Quantity: 2}}}); !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("ship more than ordered: %v", err)
	}
	if o, _ := e.orders.BuyerOrder(e.ctx, buyer, o.ID); o.Status != orders.StatusPartiallyShipped {
		t.Fatalf("order status %s, want partially_shipped", o.Status)
	}
	if got, err = e.orders.Ship(e.ctx, seller, v1, vo1.ID, orders.NewOrderShipment{Carrier: "dhl", TrackingNumber: "JD01"}); err != nil || got.Status != orders.StatusShipped {
		t.Fatalf("ship the rest: %v %s", err, got.Status)
	}
	if _, err := e.orders.CancelByBuyer(e.ctx, buyerActor, o.ID); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("buyer cancels after shipping: %v", err)
	}
	if _, err := e.orders.SellerTransition(e.ctx, seller, v1, vo1.ID, orders.StatusDelivered, ""); err != nil {
		t.Fatal(err)
	}

	// Seller 2 cancels: stock back, money back.
	availC := e.available(c)
	got, err = e.orders.SellerTransition(e.ctx, seller, v2, vo2.ID, orders.StatusCancelled, "out of stock")
	if err != nil || got.Status != orders.StatusCancelled || got.RefundedTotal != vo2.Total {
		t.Fatalf("seller cancel: %v %s refunded %d of %d", err, got.Status, got.RefundedTotal, vo2.Total)
	}
	if e.available(c) != availC+1 {
		t.Fatalf("cancelled stock not released: %d → %d", availC, e.available(c))
	}

	// A return of one unit of line A: approved, received, refunded pro rata.
	if _, err := e.orders.RequestReturn(e.ctx, buyerActor, o.ID, vo1.ID, orders.NewReturnRequest{Reason: "too big",
		Lines: []orders.OrderItemQuantity{{LineID: lineA.ID, Quantity: 3}}}); !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("return more than shipped: %v", err)
	}
	if _, err := e.orders.RequestReturn(e.ctx, orders.Actor{Kind: orders.ActorBuyer, ID: stranger}, o.ID, vo1.ID, orders.NewReturnRequest{Reason: "x",
		Lines: []orders.OrderItemQuantity{{LineID: lineA.ID, Quantity: 1}}}); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("another buyer returns: %v", err)
	}
	withReturn, err := e.orders.RequestReturn(e.ctx, buyerActor, o.ID, vo1.ID, orders.NewReturnRequest{Reason: "too big",
		Lines: []orders.OrderItemQuantity{{LineID: lineA.ID, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	ret := vendorOrderOf(t, withReturn, v1).Returns[0]
	if _, err := e.orders.DecideReturn(e.ctx, seller, v1, vo1.ID, ret.ID, orders.DecisionReceive, ""); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("receive before approval: %v", err)
	}
	if _, err := e.orders.DecideReturn(e.ctx, seller, v1, vo1.ID, ret.ID, orders.DecisionApprove, "ok"); err != nil {
		t.Fatal(err)
	}
	got, err = e.orders.DecideReturn(e.ctx, seller, v1, vo1.ID, ret.ID, orders.DecisionReceive, "")
	if err != nil {
		t.Fatal(err)
	}
	wantRefund := (2*lineA.Total*1 + int64(lineA.Quantity)) / (2 * int64(lineA.Quantity))
	if got.Status != orders.StatusPartiallyRefunded || got.RefundedTotal != wantRefund || got.Returns[0].Status != "received" {
		t.Fatalf("after return: %s refunded %d (want %d) return %s", got.Status, got.RefundedTotal, wantRefund, got.Returns[0].Status)
	}
	final, err := e.orders.BuyerOrder(e.ctx, buyer, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status != orders.StatusPartiallyRefunded || final.RefundedTotal != vo2.Total+wantRefund || final.Payment.Status != "partially_refunded" {
		t.Fatalf("order %s refunded %d payment %s", final.Status, final.RefundedTotal, final.Payment.Status)
	}
	if len(final.Events) < 5 {
		t.Fatalf("only %d order events", len(final.Events))
	}

	// Messages: buyer ↔ seller 1, the operator reads.
	if _, err := e.orders.PostMessage(e.ctx, buyerActor, orders.Thread{OrderID: o.ID, AccountID: buyer}, vo1.ID, "Where is my parcel?"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.orders.PostMessage(e.ctx, seller, orders.Thread{VendorID: v1}, vo1.ID, "On its way."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.orders.PostMessage(e.ctx, buyerActor, orders.Thread{OrderID: o.ID, AccountID: stranger}, vo1.ID, "hi"); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("stranger posts: %v", err)
	}
	ms, err := e.orders.Messages(e.ctx, orders.Thread{OrderID: o.ID}, vo1.ID)
	if err != nil || len(ms) != 2 || ms[0].AuthorKind != "buyer" || ms[1].AuthorKind != "seller" {
		t.Fatalf("operator reads messages: %v %+v", err, ms)
	}

	// Operator tools.
	list, err := e.orders.Search(e.ctx, orders.Filter{VendorID: v2, Email: "BUYER@", Status: orders.StatusPartiallyRefunded})
	if err != nil || len(list) != 1 || list[0].VendorCount != 2 {
		t.Fatalf("search: %v %+v", err, list)
	}
	if list, _ := e.orders.Search(e.ctx, orders.Filter{From: time.Now().Add(time.Hour)}); len(list) != 0 {
		t.Fatalf("date filter: %d orders", len(list))
	}
	sum, err := e.orders.Summarise(e.ctx, orders.Filter{})
	if err != nil || len(sum.ByStatus) != 1 || sum.ByStatus[0].Total != o.Total || len(sum.ByVendor) != 2 {
		t.Fatalf("summary: %v %+v", err, sum)
	}
	rows, err := e.orders.Export(e.ctx, orders.Filter{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("export: %v %d rows", err, len(rows))
	}
}

func TestOrders_BuyerCancelsBeforeShippingAndUnpaidOrdersExpire(t *testing.T) {
	e := newEnv(t)
	v := e.variant(e.vendor(), 1000, 3)
	buyer := ids.New()
	o := e.accountOrder(buyer, map[uuid.UUID]int{v: 2})
	if e.available(v) != 1 {
		t.Fatalf("available %d after checkout", e.available(v))
	}
	got, err := e.orders.CancelByBuyer(e.ctx, orders.Actor{Kind: orders.ActorBuyer, ID: buyer}, o.ID)
	if err != nil || got.Status != orders.StatusCancelled || got.Payment.Status != "cancelled" {
		t.Fatalf("cancel: %v %s %s", err, got.Status, got.Payment.Status)
	}
	if e.available(v) != 3 {
		t.Fatalf("available %d after cancel", e.available(v))
	}

	o = e.accountOrder(buyer, map[uuid.UUID]int{v: 3})
	if o.PayBy == nil {
		t.Fatal("manual order without pay-by time")
	}
	if _, err := e.orders.ReleaseUnpaid(e.ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.orders.BuyerOrder(e.ctx, buyer, o.ID); got.Status != orders.StatusPendingPayment {
		t.Fatalf("released before the deadline: %s", got.Status)
	}
	// Other marketplaces of this test database may hold overdue orders too: at least ours.
	n, err := e.orders.ReleaseUnpaid(e.ctx, o.PayBy.Add(time.Minute))
	if err != nil || n < 1 {
		t.Fatalf("release after the deadline: %d %v", n, err)
	}
	got, _ = e.orders.BuyerOrder(e.ctx, buyer, o.ID)
	if got.Status != orders.StatusCancelled || e.available(v) != 3 {
		t.Fatalf("expired order %s, available %d", got.Status, e.available(v))
	}
	var events int64
	_ = e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return tx.Table("order_events").Where("order_id = ? AND actor_kind = 'system' AND to_status = 'cancelled'", o.ID).Count(&events).Error
	})
	if events == 0 {
		t.Fatal("expiry not recorded as a system event")
	}
}

func TestCart_GuestCartMergesIntoAccountCart(t *testing.T) {
	e := newEnv(t)
	vendor := e.vendor()
	a, b := e.variant(vendor, 1000, 50), e.variant(vendor, 700, 50)
	account := ids.New()
	if _, _, err := e.carts.AddLine(e.ctx, cart.Owner{AccountID: account}, a, 1); err != nil {
		t.Fatal(err)
	}
	tok := e.guestCart(map[uuid.UUID]int{a: 2, b: 1})
	v, cleared, err := e.carts.Current(e.ctx, cart.Owner{AccountID: account, Token: tok})
	if err != nil || !cleared {
		t.Fatalf("merge: %v %v", err, cleared)
	}
	if v.ItemCount != 4 || v.Subtotal != 3*1000+700 || len(v.Vendors) != 1 {
		t.Fatalf("merged cart %d items, subtotal %d", v.ItemCount, v.Subtotal)
	}
	if g, _ := e.carts.Snapshot(e.ctx, cart.Owner{Token: tok}); g.ItemCount != 0 {
		t.Fatal("guest cart still exists")
	}
	// A price change shows once as a notice, and blocks checkout until seen.
	snap, _ := e.catalog.Variants(e.ctx, nil, []uuid.UUID{a})
	snap[0].Price = 1100
	e.catalog.put(e.tenant.ID, snap[0])
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{AccountID: account, Email: "m@example.com"}, key(), checkout.CheckoutRequest{ShippingAddress: frAddress()}); !errors.Is(err, checkout.ErrPricesChanged) {
		t.Fatalf("checkout with a stale price: %v", err)
	}
	v, _, _ = e.carts.Current(e.ctx, cart.Owner{AccountID: account})
	if len(v.Notices) != 1 || v.Notices[0].Code != cart.NoticePriceChanged || v.Subtotal != 3*1100+700 {
		t.Fatalf("notices %+v subtotal %d", v.Notices, v.Subtotal)
	}
	v, _, _ = e.carts.Current(e.ctx, cart.Owner{AccountID: account})
	if len(v.Notices) != 0 {
		t.Fatalf("notice shown twice: %+v", v.Notices)
	}
	if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{AccountID: account, Email: "m@example.com"}, key(), checkout.CheckoutRequest{ShippingAddress: frAddress()}); err != nil {
		t.Fatal(err)
	}
}
