package orders

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/tenants"
)

// cancelVendor cancels a locked vendor order: stock of its unshipped units goes back, and what
// was paid is refunded through the provider.
func (s *Service) cancelVendor(ctx context.Context, tx *gorm.DB, or *orderRow, vo *vendorOrderRow, a Actor, note string) error {
	if err := moveVendor(ctx, tx, vo, StatusCancelled, a, note); err != nil {
		return err
	}
	if s.d.Stock != nil {
		if err := s.d.Stock.Release(tx, vo.ID.String()); err != nil {
			return fmt.Errorf("release stock: %w", err)
		}
	}
	if or.PaymentStatus != "pending" && or.PaymentStatus != "cancelled" {
		if left := vo.Total - vo.RefundedTotal; left > 0 {
			if err := s.refund(ctx, tx, or, vo, left, nil, a, "cancelled"); err != nil {
				return err
			}
		}
	}
	return nil
}

// CancelByBuyer cancels an order of the account that has not shipped yet.
func (s *Service) CancelByBuyer(ctx context.Context, a Actor, orderID uuid.UUID) (Order, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		or, err := lockOrder(tx, "id = ? AND account_id = ?", orderID, a.ID)
		if err != nil {
			return err
		}
		return s.cancelOrder(ctx, tx, &or, a, "cancelled by the buyer")
	})
	if err != nil {
		return Order{}, err
	}
	return s.load(ctx, "id = ?", orderID)
}

func (s *Service) cancelOrder(ctx context.Context, tx *gorm.DB, or *orderRow, a Actor, note string) error {
	var vos []vendorOrderRow
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("order_id = ?", or.ID).Order("number").Find(&vos).Error; err != nil {
		return err
	}
	for _, vo := range vos {
		switch vo.Status {
		case StatusPendingPayment, StatusPaid, StatusProcessing, StatusCancelled:
		default:
			return ErrNotCancellable
		}
	}
	for i := range vos {
		if vos[i].Status == StatusCancelled {
			continue
		}
		if err := s.cancelVendor(ctx, tx, or, &vos[i], a, note); err != nil {
			return err
		}
	}
	if or.PaymentStatus == "pending" {
		if err := tx.Model(&orderRow{}).Where("id = ?", or.ID).Updates(map[string]any{"payment_status": "cancelled", "pay_by": nil}).Error; err != nil {
			return err
		}
		if err := tx.Model(&paymentRow{}).Where("order_id = ?", or.ID).Update("status", "cancelled").Error; err != nil {
			return err
		}
		or.PaymentStatus = "cancelled"
	}
	if err := s.syncOrder(ctx, tx, or, a); err != nil {
		return err
	}
	return s.notifyBuyer(ctx, tx, *or, "Order "+or.Number+" cancelled", "Your order "+or.Number+" was cancelled ("+note+").")
}

// SellerMoves are the statuses a seller sets directly; shipping and refunds have their own
// endpoints.
var SellerMoves = []string{StatusProcessing, StatusDelivered, StatusCompleted, StatusCancelled}

// SellerTransition moves a vendor order of the seller's vendor to `to` (processing, delivered,
// completed or cancelled), if the state machine allows it.
func (s *Service) SellerTransition(ctx context.Context, a Actor, vendorID, voID uuid.UUID, to, note string) (VendorOrder, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := lockVendorOrder(tx, vendorID, voID)
		if err != nil {
			return err
		}
		switch to {
		case StatusCancelled:
			if err := s.cancelVendor(ctx, tx, &or, &vo, a, strings.TrimSpace("cancelled by the seller "+note)); err != nil {
				return err
			}
			if err := s.notifyBuyer(ctx, tx, or, "Part of order "+or.Number+" cancelled", vo.VendorName+" cancelled its part of your order "+or.Number+". "+note); err != nil {
				return err
			}
		case StatusProcessing, StatusCompleted:
			if err := moveVendor(ctx, tx, &vo, to, a, note); err != nil {
				return err
			}
		case StatusDelivered:
			if err := moveVendor(ctx, tx, &vo, to, a, note); err != nil {
				return err
			}
			if s.d.Payments != nil {
				if err := s.d.Payments.ReleaseTransfer(ctx, tx, vo.ID); err != nil {
					return fmt.Errorf("release transfer: %w", err)
				}
			}
			if err := s.notifyBuyer(ctx, tx, or, "Order "+vo.Number+" delivered", "Your parcel from "+vo.VendorName+" was delivered. You can request a return within "+fmt.Sprint(vo.ReturnWindowDays)+" days."); err != nil {
				return err
			}
		default:
			return errs.Invalid("body.status", "must be processing, delivered, completed or cancelled")
		}
		return s.syncOrder(ctx, tx, &or, a)
	})
	if err != nil {
		return VendorOrder{}, err
	}
	return s.SellerOrder(ctx, vendorID, voID)
}

// NewOrderShipment is a parcel the seller sends: carrier, tracking number and the quantities of
// lines it holds (none: everything not yet shipped).
type NewOrderShipment struct {
	Carrier        string              `json:"carrier" minLength:"1" maxLength:"40" doc:"A code from GET /api/v1/carriers"`
	TrackingNumber string              `json:"tracking_number" minLength:"1" maxLength:"100"`
	Lines          []OrderItemQuantity `json:"lines,omitempty" maxItems:"500" doc:"Omit to ship everything that remains"`
}

// Ship records a shipment of a vendor order; the order becomes shipped when every unit has
// shipped, else partially_shipped. The buyer is emailed the tracking link.
func (s *Service) Ship(ctx context.Context, a Actor, vendorID, voID uuid.UUID, in NewOrderShipment) (VendorOrder, error) {
	if !shipping.KnownCarrier(in.Carrier) {
		return VendorOrder{}, errs.Invalid("body.carrier", "unknown carrier; see GET /api/v1/carriers")
	}
	in.TrackingNumber = strings.TrimSpace(in.TrackingNumber)
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := lockVendorOrder(tx, vendorID, voID)
		if err != nil {
			return err
		}
		switch vo.Status {
		case StatusPaid, StatusProcessing, StatusPartiallyShipped:
		default:
			return fmt.Errorf("vendor order %s is %s: %w", vo.Number, vo.Status, ErrBadTransition)
		}
		var lines []lineRow
		if err := tx.Where("vendor_order_id = ?", vo.ID).Find(&lines).Error; err != nil {
			return err
		}
		want := in.Lines
		if len(want) == 0 {
			for _, l := range lines {
				if q := l.Quantity - l.ShippedQty; q > 0 {
					want = append(want, OrderItemQuantity{LineID: l.ID, Quantity: q})
				}
			}
			if len(want) == 0 {
				return ErrNothingToShip
			}
		}
		for _, w := range want {
			if w.Quantity < 1 {
				return ErrNothingToShip
			}
			res := tx.Model(&lineRow{}).Where("vendor_order_id = ? AND id = ? AND shipped_qty + ? <= quantity", vo.ID, w.LineID, w.Quantity).
				Update("shipped_qty", gorm.Expr("shipped_qty + ?", w.Quantity))
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return ErrNothingToShip
			}
		}
		var remaining int64
		if err := tx.Model(&lineRow{}).Where("vendor_order_id = ? AND shipped_qty < quantity", vo.ID).Count(&remaining).Error; err != nil {
			return err
		}
		url := shipping.TrackingURL(in.Carrier, in.TrackingNumber)
		sh := shipmentRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), OrderID: vo.OrderID, VendorOrderID: vo.ID, Carrier: in.Carrier,
			TrackingNumber: in.TrackingNumber, TrackingURL: url, Lines: mustJSON(want), CreatedBy: idPtr(a.ID), CreatedAt: time.Now().UTC()}
		if err := tx.Create(&sh).Error; err != nil {
			return err
		}
		to := StatusShipped
		if remaining > 0 {
			to = StatusPartiallyShipped
		}
		if vo.Status != to {
			if err := moveVendor(ctx, tx, &vo, to, a, in.Carrier+" "+in.TrackingNumber); err != nil {
				return err
			}
		}
		if to == StatusShipped && s.d.Stock != nil {
			if err := s.d.Stock.Commit(tx, vo.ID.String()); err != nil {
				return fmt.Errorf("commit stock: %w", err)
			}
		}
		if err := s.syncOrder(ctx, tx, &or, a); err != nil {
			return err
		}
		msg := vo.VendorName + " shipped your order with " + in.Carrier + ", tracking number " + in.TrackingNumber + "."
		if url != "" {
			msg += " Track it: " + url
		}
		return s.notifyBuyer(ctx, tx, or, "Order "+vo.Number+" shipped", msg)
	})
	if err != nil {
		return VendorOrder{}, err
	}
	return s.SellerOrder(ctx, vendorID, voID)
}

// RefundKey is the idempotency key of a refund of amount on a vendor order that had refunded
// so far: it depends only on the vendor order's committed refund state, which advances only
// when a refund commits (under the vendor order's row lock). The provider is called inside the
// transaction, so an attempt can refund at Stripe and then roll back; its retry sends the same
// key and Stripe answers with the refund already made instead of refunding twice. The next
// refund of the same vendor order starts from a larger refunded total, so gets a new key.
func RefundKey(vendorOrderID uuid.UUID, refundedSoFar, amount int64) string {
	return "vo:" + vendorOrderID.String() + ":" + strconv.FormatInt(refundedSoFar, 10) + ":" + strconv.FormatInt(amount, 10)
}

// refund gives amount back on a locked vendor order through the provider and records it.
func (s *Service) refund(ctx context.Context, tx *gorm.DB, or *orderRow, vo *vendorOrderRow, amount int64, returnID *uuid.UUID, a Actor, reason string) error {
	if amount <= 0 || amount > vo.Total-vo.RefundedTotal {
		return ErrRefundTooLarge
	}
	var pay paymentRow
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("order_id = ?", or.ID).Take(&pay).Error; err != nil {
		return fmt.Errorf("load payment: %w", err)
	}
	id := ids.New()
	ref, err := s.d.Provider.Refund(ctx, tx, RefundRequest{PaymentRef: pay.ExternalRef, OrderID: or.ID, VendorOrder: vo.ID, Amount: amount,
		Currency: vo.Currency, Reason: reason, IdempotencyKey: RefundKey(vo.ID, vo.RefundedTotal, amount)})
	if err != nil {
		return fmt.Errorf("refund through %s: %w", pay.Provider, err)
	}
	if err := tx.Create(&refundRow{TenantID: pay.TenantID, ID: id, PaymentID: pay.ID, OrderID: or.ID, VendorOrderID: vo.ID, ReturnID: returnID,
		Amount: amount, Reason: reason, ExternalRef: ref, ActorID: idPtr(a.ID), CreatedAt: time.Now().UTC()}).Error; err != nil {
		return err
	}
	if err := s.record(ctx, tx, audit.Entry{Action: audit.ActionOrderRefunded, TargetType: "vendor_order", TargetID: vo.ID.String(),
		Details: map[string]any{"number": vo.Number, "order_id": or.ID.String(), "refund_id": id.String(), "by": a.Kind, "amount": amount,
			"currency": vo.Currency, "reason": reason, "before": map[string]any{"refunded_total": vo.RefundedTotal},
			"after": map[string]any{"refunded_total": vo.RefundedTotal + amount}}}); err != nil {
		return err
	}
	vo.RefundedTotal += amount
	or.RefundedTotal += amount
	payStatus := "partially_refunded"
	if pay.Refunded+amount == pay.Amount {
		payStatus = "refunded"
	}
	if err := tx.Model(&vendorOrderRow{}).Where("id = ?", vo.ID).Update("refunded_total", vo.RefundedTotal).Error; err != nil {
		return err
	}
	if err := tx.Model(&orderRow{}).Where("id = ?", or.ID).Updates(map[string]any{"refunded_total": or.RefundedTotal, "payment_status": payStatus}).Error; err != nil {
		return err
	}
	or.PaymentStatus = payStatus
	if err := tx.Model(&paymentRow{}).Where("id = ?", pay.ID).Updates(map[string]any{"refunded": pay.Refunded + amount, "status": payStatus, "updated_at": time.Now().UTC()}).Error; err != nil {
		return err
	}
	return s.notifyBuyer(ctx, tx, *or, "Refund for order "+vo.Number, money.Format(amount, vo.Currency)+" was refunded to you ("+reason+").")
}

// Refund gives back part or all of a vendor order (seller). A full refund moves it to refunded;
// a partial one to partially_refunded where the state machine allows, else the status stays.
func (s *Service) Refund(ctx context.Context, a Actor, vendorID, voID uuid.UUID, amount int64, reason string) (VendorOrder, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := lockVendorOrder(tx, vendorID, voID)
		if err != nil {
			return err
		}
		if or.PaymentStatus == "pending" || or.PaymentStatus == "cancelled" {
			return fmt.Errorf("%w: nothing was paid", errs.ErrConflict)
		}
		full := amount == vo.Total-vo.RefundedTotal
		to := StatusPartiallyRefunded
		if full {
			to = StatusRefunded
		}
		if full && !CanMove(VendorTransitions, vo.Status, to) {
			return fmt.Errorf("vendor order %s is %s: %w", vo.Number, vo.Status, ErrBadTransition)
		}
		if err := s.refund(ctx, tx, &or, &vo, amount, nil, a, reason); err != nil {
			return err
		}
		if CanMove(VendorTransitions, vo.Status, to) {
			if err := moveVendor(ctx, tx, &vo, to, a, reason); err != nil {
				return err
			}
		}
		return s.syncOrder(ctx, tx, &or, a)
	})
	if err != nil {
		return VendorOrder{}, err
	}
	return s.SellerOrder(ctx, vendorID, voID)
}

// NewReturnRequest is a buyer's return request.
type NewReturnRequest struct {
	Reason string              `json:"reason" minLength:"1" maxLength:"2000"`
	Lines  []OrderItemQuantity `json:"lines" minItems:"1" maxItems:"500"`
}

// RequestReturn opens a return request on a shipped vendor order of the buyer, within the
// vendor's return window (counted from delivery).
func (s *Service) RequestReturn(ctx context.Context, a Actor, orderID, voID uuid.UUID, in NewReturnRequest) (Order, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		or, err := lockOrder(tx, "id = ? AND account_id = ?", orderID, a.ID)
		if err != nil {
			return err
		}
		var vo vendorOrderRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("order_id = ? AND id = ?", or.ID, voID).Take(&vo).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrVendorOrderNotFound
			}
			return err
		}
		switch vo.Status {
		case StatusShipped, StatusDelivered, StatusCompleted, StatusPartiallyShipped, StatusPartiallyRefunded:
		default:
			return fmt.Errorf("vendor order %s is %s: %w", vo.Number, vo.Status, ErrBadTransition)
		}
		if vo.DeliveredAt != nil && time.Since(*vo.DeliveredAt) > time.Duration(vo.ReturnWindowDays)*24*time.Hour {
			return ErrReturnWindow
		}
		var lines []lineRow
		if err := tx.Where("vendor_order_id = ?", vo.ID).Find(&lines).Error; err != nil {
			return err
		}
		var open []returnRow
		if err := tx.Where("vendor_order_id = ? AND status IN ('requested', 'approved')", vo.ID).Find(&open).Error; err != nil {
			return err
		}
		pending := map[uuid.UUID]int{}
		for _, r := range open {
			for _, l := range r.ret().Lines {
				pending[l.LineID] += l.Quantity
			}
		}
		for _, w := range in.Lines {
			found := false
			for _, l := range lines {
				if l.ID == w.LineID {
					found = true
					if w.Quantity < 1 || w.Quantity+pending[l.ID] > l.ShippedQty-l.ReturnedQty {
						return ErrNothingToReturn
					}
					pending[l.ID] += w.Quantity
				}
			}
			if !found {
				return ErrLineNotFound
			}
		}
		now := time.Now().UTC()
		if err := tx.Create(&returnRow{TenantID: vo.TenantID, ID: ids.New(), OrderID: or.ID, VendorOrderID: vo.ID, Status: "requested",
			Reason: strings.TrimSpace(in.Reason), Lines: mustJSON(in.Lines), CreatedAt: now, UpdatedAt: now}).Error; err != nil {
			return err
		}
		if vo.VendorEmail != "" {
			return s.d.Notify.Send(tx, notifications.Email{To: vo.VendorEmail, Template: "notice", Data: map[string]string{
				"subject": "Return requested on order " + vo.Number, "message": "The buyer asks to return items of order " + vo.Number + ": " + in.Reason,
				"url": s.links(ctx).SellerOrder(vo.VendorID, vo.ID)}})
		}
		return nil
	})
	if err != nil {
		return Order{}, err
	}
	return s.load(ctx, "id = ?", orderID)
}

// ReturnRequest decisions of the seller.
const (
	DecisionApprove = "approve"
	DecisionReject  = "reject"
	DecisionReceive = "receive"
)

// DecideReturn approves or rejects a requested return, or records an approved return as
// received: its units count as returned and their price (with their tax) is refunded through
// the provider. When every unit is back the vendor order becomes returned, else
// partially_refunded.
func (s *Service) DecideReturn(ctx context.Context, a Actor, vendorID, voID, returnID uuid.UUID, decision, note string) (VendorOrder, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := lockVendorOrder(tx, vendorID, voID)
		if err != nil {
			return err
		}
		var rr returnRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("vendor_order_id = ? AND id = ?", vo.ID, returnID).Take(&rr).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrReturnNotFound
			}
			return err
		}
		set := func(status string, refund int64) error {
			return tx.Model(&returnRow{}).Where("id = ?", rr.ID).Updates(map[string]any{"status": status, "seller_note": note, "refund_amount": refund, "updated_at": time.Now().UTC()}).Error
		}
		switch {
		case decision == DecisionApprove && rr.Status == "requested":
			if err := set("approved", 0); err != nil {
				return err
			}
			return s.notifyBuyer(ctx, tx, or, "Return approved for order "+vo.Number, vo.VendorName+" approved your return. "+note)
		case decision == DecisionReject && rr.Status == "requested":
			if err := set("rejected", 0); err != nil {
				return err
			}
			return s.notifyBuyer(ctx, tx, or, "Return declined for order "+vo.Number, vo.VendorName+" declined your return. "+note)
		case decision == DecisionReceive && rr.Status == "approved":
		default:
			return fmt.Errorf("return is %s: %w", rr.Status, ErrBadTransition)
		}
		var amount int64
		for _, w := range rr.ret().Lines {
			var l lineRow
			if err := tx.Where("vendor_order_id = ? AND id = ?", vo.ID, w.LineID).Take(&l).Error; err != nil {
				return err
			}
			res := tx.Model(&lineRow{}).Where("id = ? AND returned_qty + ? <= shipped_qty", l.ID, w.Quantity).
				Update("returned_qty", gorm.Expr("returned_qty + ?", w.Quantity))
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return ErrNothingToReturn
			}
			// Pro rata of the line's total, half up.
			amount += (2*l.Total*int64(w.Quantity) + int64(l.Quantity)) / (2 * int64(l.Quantity))
		}
		amount = min(amount, vo.Total-vo.RefundedTotal)
		if err := set("received", amount); err != nil {
			return err
		}
		if amount > 0 && or.PaymentStatus != "pending" && or.PaymentStatus != "cancelled" {
			if err := s.refund(ctx, tx, &or, &vo, amount, &rr.ID, a, "return received"); err != nil {
				return err
			}
		}
		var notBack int64
		if err := tx.Model(&lineRow{}).Where("vendor_order_id = ? AND returned_qty < quantity", vo.ID).Count(&notBack).Error; err != nil {
			return err
		}
		to := StatusPartiallyRefunded
		if notBack == 0 {
			to = StatusReturned
		}
		if vo.Status != to && CanMove(VendorTransitions, vo.Status, to) {
			if err := moveVendor(ctx, tx, &vo, to, a, "return received"); err != nil {
				return err
			}
		}
		return s.syncOrder(ctx, tx, &or, a)
	})
	if err != nil {
		return VendorOrder{}, err
	}
	return s.SellerOrder(ctx, vendorID, voID)
}

// Messages lists the messages of a vendor order. The caller has already proven access.
func (s *Service) messages(tx *gorm.DB, voID uuid.UUID) ([]OrderMessage, error) {
	var rows []messageRow
	if err := tx.Where("vendor_order_id = ?", voID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]OrderMessage, len(rows))
	for i, r := range rows {
		out[i] = OrderMessage{ID: r.ID, AuthorKind: r.AuthorKind, Body: r.Body, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Thread says whose messages: the buyer (AccountID + OrderID), a seller (VendorID) or the
// operator (neither).
type Thread struct {
	OrderID   uuid.UUID
	AccountID uuid.UUID
	VendorID  uuid.UUID
}

func (s *Service) findThread(tx *gorm.DB, t Thread, voID uuid.UUID) (vendorOrderRow, orderRow, error) {
	var vo vendorOrderRow
	q := tx.Where("id = ?", voID)
	if t.VendorID != uuid.Nil {
		q = q.Where("vendor_id = ?", t.VendorID)
	}
	if t.OrderID != uuid.Nil {
		q = q.Where("order_id = ?", t.OrderID)
	}
	if err := q.Take(&vo).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return vo, orderRow{}, ErrVendorOrderNotFound
		}
		return vo, orderRow{}, err
	}
	var or orderRow
	q = tx.Where("id = ?", vo.OrderID)
	if t.AccountID != uuid.Nil {
		q = q.Where("account_id = ?", t.AccountID)
	}
	if err := q.Take(&or).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return vo, or, ErrVendorOrderNotFound
		}
		return vo, or, err
	}
	return vo, or, nil
}

// Messages lists the post-sale messages of a vendor order visible through t.
func (s *Service) Messages(ctx context.Context, t Thread, voID uuid.UUID) ([]OrderMessage, error) {
	var out []OrderMessage
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if _, _, err := s.findThread(tx, t, voID); err != nil {
			return err
		}
		var err error
		out, err = s.messages(tx, voID)
		return err
	})
	return out, err
}

// PostMessage adds a message from the buyer or the seller and emails the other side.
func (s *Service) PostMessage(ctx context.Context, a Actor, t Thread, voID uuid.UUID, body string) (OrderMessage, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return OrderMessage{}, errs.Invalid("body.body", "is required")
	}
	var m messageRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := s.findThread(tx, t, voID)
		if err != nil {
			return err
		}
		m = messageRow{TenantID: vo.TenantID, ID: ids.New(), OrderID: vo.OrderID, VendorOrderID: vo.ID, AuthorKind: a.Kind, AuthorID: idPtr(a.ID), Body: body, CreatedAt: time.Now().UTC()}
		if err := tx.Create(&m).Error; err != nil {
			return err
		}
		to, url := or.Email, s.buyerOrderLink(ctx, or)
		if a.Kind == ActorBuyer {
			to, url = vo.VendorEmail, s.links(ctx).SellerOrder(vo.VendorID, vo.ID)
		}
		if to == "" {
			return nil
		}
		return s.d.Notify.Send(tx, notifications.Email{To: to, Template: "order_message", Data: map[string]string{
			"number": vo.Number, "from": a.Kind, "message": body, "url": url}})
	})
	if err != nil {
		return OrderMessage{}, err
	}
	return OrderMessage{ID: m.ID, AuthorKind: m.AuthorKind, Body: m.Body, CreatedAt: m.CreatedAt}, nil
}
