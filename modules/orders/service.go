package orders

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Notifier queues emails inside a transaction (module notifications).
type Notifier interface {
	Send(tx *gorm.DB, e notifications.Email) error
	// Jobs are the outbox jobs that send emails, checked as Send checks one: an order's
	// confirmation and seller notices, written with the order in one statement.
	Jobs(emails ...notifications.Email) ([]workers.Job, error)
}

// Deps are what the orders service is built from.
type Deps struct {
	// DB is the app-role pool; used only for the narrow cross-tenant lookup of overdue orders.
	DB       *gorm.DB
	Tenants  *tenants.Registry
	Notify   Notifier
	Provider PaymentProvider
	Stock    StockLedger
	// SiteURL returns the web origin of the marketplace of ctx, for links in emails ("" gives
	// relative links).
	SiteURL func(ctx context.Context) string
	// OrderLinkSecret signs the order links of guests' emails (MARKETPLACE_ORDER_LINK_SECRET);
	// empty sends guests no link.
	OrderLinkSecret []byte
	// Payments books money movements in the same transaction as the status changes that cause
	// them (module payments); nil books nothing.
	Payments PaymentHooks
	// Audit records payments marked by people and refunds; nil records nothing.
	Audit *audit.Log
}

// PaymentHooks are module payments' hooks, called inside the transaction of the change.
type PaymentHooks interface {
	// OrderPaid books a paid order; o carries its vendor orders and their lines. It is
	// idempotent per order (the webhook path may book the same order again).
	OrderPaid(ctx context.Context, tx *gorm.DB, o Order) error
	// ReleaseTransfer makes the seller's transfer of a delivered vendor order due (when the
	// marketplace holds transfers until delivery); a no-op otherwise.
	ReleaseTransfer(ctx context.Context, tx *gorm.DB, vendorOrderID uuid.UUID) error
}

// Service runs orders.
type Service struct {
	d Deps
}

// NewService returns the orders service.
func NewService(d Deps) *Service {
	if d.SiteURL == nil {
		d.SiteURL = func(context.Context) string { return "" }
	}
	return &Service{d: d}
}

// record appends e to the marketplace's audit log inside tx (when an audit log is wired).
func (s *Service) record(ctx context.Context, tx *gorm.DB, e audit.Entry) error {
	if s.d.Audit == nil {
		return nil
	}
	return s.d.Audit.Record(ctx, tx, e)
}

// Provider is the payment provider of new orders.
func (s *Service) Provider() PaymentProvider { return s.d.Provider }

const numberAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newNumber() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = numberAlphabet[int(b[i])%len(numberAlphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// Create writes a new order inside the checkout transaction tx: the order, one vendor order per
// seller with its lines, the pending payment through the provider, the first events and the
// confirmation emails. Totals are computed here from the lines, so the vendor orders always add
// up to the order: line total = subtotal (+ tax when prices exclude it); vendor total =
// subtotal + shipping (+ line and shipping tax when exclusive); order total = Σ vendor totals.
func (s *Service) Create(ctx context.Context, tx *gorm.DB, n NewOrder) (Order, error) {
	now := time.Now().UTC()
	tenantID := tenants.IDFromContext(ctx)
	if n.ID == uuid.Nil {
		n.ID = ids.New()
	}
	or := orderRow{TenantID: tenantID, ID: n.ID, Number: newNumber(), AccountID: idPtr(n.AccountID), Email: strings.ToLower(n.Email),
		Status: StatusPendingPayment, Currency: n.Currency, TaxInclusive: n.TaxInclusive, ShippingAddress: mustJSON(n.Address),
		PaymentProvider: s.d.Provider.Name(), PaymentStatus: "pending", PlacedAt: now, CreatedAt: now, UpdatedAt: now}
	if n.GuestToken != "" {
		or.GuestTokenHash = tokens.Hash(n.GuestToken)
	}
	var vos []vendorOrderRow
	var lines []lineRow
	for i, nv := range n.Vendors {
		if nv.ID == uuid.Nil {
			nv.ID = ids.New()
		}
		vo := vendorOrderRow{TenantID: tenantID, ID: nv.ID, OrderID: n.ID, VendorID: nv.VendorID, VendorName: nv.VendorName,
			VendorEmail: strings.ToLower(nv.VendorEmail), Number: or.Number + "-" + strconv.Itoa(i+1), Status: StatusPendingPayment,
			Currency: n.Currency, ShippingTotal: nv.Shipping.Amount, TaxTotal: nv.Shipping.Tax, ShippingMethod: mustJSON(nv.Shipping),
			ReturnWindowDays: nv.ReturnWindowDays, CreatedAt: now, UpdatedAt: now}
		for j, nl := range nv.Lines {
			sub := nl.UnitPrice * int64(nl.Quantity)
			l := lineRow{TenantID: tenantID, ID: ids.New(), OrderID: n.ID, VendorOrderID: vo.ID, VariantID: nl.VariantID, ProductID: nl.ProductID,
				SKU: nl.SKU, ProductTitle: nl.ProductTitle, VariantTitle: nl.VariantTitle, UnitPrice: nl.UnitPrice, Quantity: nl.Quantity,
				Subtotal: sub, Tax: nl.Tax, Total: sub, Position: j}
			if !n.TaxInclusive {
				l.Total += nl.Tax
			}
			vo.Subtotal += sub
			vo.TaxTotal += nl.Tax
			lines = append(lines, l)
		}
		vo.Total = vo.Subtotal + vo.ShippingTotal
		if !n.TaxInclusive {
			vo.Total += vo.TaxTotal
		}
		or.Subtotal += vo.Subtotal
		or.ShippingTotal += vo.ShippingTotal
		or.TaxTotal += vo.TaxTotal
		or.Total += vo.Total
		vos = append(vos, vo)
	}
	view := or.order()
	var res PaymentResult
	var finish []workers.OutboxRow
	if remote, ok := s.d.Provider.(RemotePaymentProvider); ok {
		// No network call in the checkout transaction: the payment is created once the order
		// has committed (CompletePayment), or by this task if that never happens.
		res = remote.PendingPayment()
		rows, err := workers.Rows(tenantID, createPaymentJob(n.ID, now))
		if err != nil {
			return Order{}, err
		}
		finish = rows
	} else {
		var err error
		if res, err = s.d.Provider.CreatePayment(ctx, tx, view); err != nil {
			return Order{}, fmt.Errorf("create payment: %w", err)
		}
	}
	or.PaymentInstructions = res.Instructions
	if res.PayWithin > 0 && res.Status != "paid" {
		or.PayBy = ptr(now.Add(res.PayWithin))
	}
	pay := paymentRow{TenantID: tenantID, ID: ids.New(), OrderID: n.ID, Provider: s.d.Provider.Name(), Status: "pending", Amount: or.Total,
		Currency: n.Currency, ExternalRef: res.ExternalRef, Instructions: res.Instructions, CreatedAt: now, UpdatedAt: now}
	events := []eventRow{{TenantID: tenantID, ID: ids.New(), OrderID: n.ID, FromStatus: "", ToStatus: StatusPendingPayment,
		ActorKind: actorKindOf(n.AccountID), ActorID: idPtr(n.AccountID), Note: "placed", CreatedAt: now}}
	for _, vo := range vos {
		events = append(events, eventRow{TenantID: tenantID, ID: ids.New(), OrderID: n.ID, VendorOrderID: ptr(vo.ID), ToStatus: StatusPendingPayment,
			ActorKind: actorKindOf(n.AccountID), ActorID: idPtr(n.AccountID), Note: "placed", CreatedAt: now})
	}
	// The order, its vendor orders, lines, payment, events and emails in one round trip:
	// checkout holds its locks for as few round trips as it can.
	emails, err := s.placedEmails(ctx, or, vos, lines)
	if err != nil {
		return Order{}, err
	}
	emails = append(emails, finish...)
	if err := db.InsertAll(tx, &or, &vos, &lines, &pay, &events, &emails); err != nil {
		return Order{}, fmt.Errorf("insert order: %w", err)
	}
	if res.Status == "paid" {
		if err := s.markPaid(ctx, tx, &or, Actor{Kind: ActorSystem}, "paid at checkout"); err != nil {
			return Order{}, err
		}
	}
	view = or.order()
	view.Payment.ClientSecret = res.ClientSecret
	byVO := map[uuid.UUID]*VendorOrder{}
	for _, vo := range vos {
		v := vo.vendorOrder()
		v.TaxInclusive = view.TaxInclusive
		view.VendorOrders = append(view.VendorOrders, v)
	}
	for i := range view.VendorOrders {
		byVO[view.VendorOrders[i].ID] = &view.VendorOrders[i]
	}
	for _, l := range lines {
		byVO[l.VendorOrderID].Lines = append(byVO[l.VendorOrderID].Lines, l.line())
	}
	return view, nil
}

func actorKindOf(accountID uuid.UUID) string {
	if accountID == uuid.Nil {
		return ActorSystem
	}
	return ActorBuyer
}

// placedEmails are the outbox rows of an order's confirmation to the buyer and a notice to each
// seller with an email address.
func (s *Service) placedEmails(ctx context.Context, or orderRow, vos []vendorOrderRow, lines []lineRow) ([]workers.OutboxRow, error) {
	var items strings.Builder
	for _, l := range lines {
		// The line as listed (quantity × catalog price), as the web app shows it; the tax is its own total line.
		fmt.Fprintf(&items, "%d × %s %s (%s)\n", l.Quantity, l.ProductTitle, l.VariantTitle, money.Format(l.Subtotal, or.Currency))
	}
	links := s.links(ctx)
	emails := []notifications.Email{{To: or.Email, Template: "order_confirmation", Data: map[string]string{
		"number": or.Number, "total": money.Format(or.Total, or.Currency), "items": items.String(),
		"instructions": or.PaymentInstructions, "url": s.buyerOrderLink(ctx, or)}}}
	for _, vo := range vos {
		if vo.VendorEmail == "" {
			continue
		}
		var vi strings.Builder
		for _, l := range lines {
			if l.VendorOrderID == vo.ID {
				fmt.Fprintf(&vi, "%d × %s %s [%s]\n", l.Quantity, l.ProductTitle, l.VariantTitle, l.SKU)
			}
		}
		emails = append(emails, notifications.Email{To: vo.VendorEmail, Template: "vendor_new_order", Data: map[string]string{
			"number": vo.Number, "vendor": vo.VendorName, "total": money.Format(vo.Total, vo.Currency), "items": vi.String(),
			"url": links.SellerOrder(vo.VendorID, vo.ID)}})
	}
	emails[0].Data["totals"] = totalsText(or.Subtotal, or.ShippingTotal, or.TaxTotal, or.Total, or.TaxInclusive, or.Currency)
	for i, vo := range sellerNotified(vos) {
		emails[1+i].Data["totals"] = totalsText(vo.Subtotal, vo.ShippingTotal, vo.TaxTotal, vo.Total, or.TaxInclusive, or.Currency)
	}
	jobs, err := s.d.Notify.Jobs(emails...)
	if err != nil {
		return nil, fmt.Errorf("queue order confirmation and seller notices: %w", err)
	}
	return workers.Rows(or.TenantID, jobs...)
}

// notifyBuyer queues an order_update email to the buyer; failures to queue are real errors
// (the transaction rolls back), a bad address is logged and skipped.
func (s *Service) notifyBuyer(ctx context.Context, tx *gorm.DB, or orderRow, subject, message string) error {
	err := s.d.Notify.Send(tx, notifications.Email{To: or.Email, Template: "order_update", Data: map[string]string{
		"number": or.Number, "subject": subject, "message": message, "url": s.buyerOrderLink(ctx, or)}})
	if errors.Is(err, errs.ErrInvalid) {
		slog.WarnContext(ctx, "order email skipped", "order", or.ID, "error", err)
		return nil
	}
	return err
}

// record writes a transition event.
func record(ctx context.Context, tx *gorm.DB, orderID uuid.UUID, voID *uuid.UUID, from, to string, a Actor, note string) error {
	return tx.Create(&eventRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), OrderID: orderID, VendorOrderID: voID,
		FromStatus: from, ToStatus: to, ActorKind: a.Kind, ActorID: idPtr(a.ID), Note: note, CreatedAt: time.Now().UTC()}).Error
}

// moveVendor moves a locked vendor order to status `to` if the state machine allows it.
func moveVendor(ctx context.Context, tx *gorm.DB, vo *vendorOrderRow, to string, a Actor, note string) error {
	if !CanMove(VendorTransitions, vo.Status, to) {
		return fmt.Errorf("vendor order %s: %s → %s: %w", vo.Number, vo.Status, to, ErrBadTransition)
	}
	changes := map[string]any{"status": to, "updated_at": time.Now().UTC()}
	if to == StatusDelivered {
		changes["delivered_at"] = time.Now().UTC()
	}
	res := tx.Model(&vendorOrderRow{}).Where("id = ? AND status = ?", vo.ID, vo.Status).Updates(changes)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("vendor order %s changed meanwhile: %w", vo.Number, errs.ErrConflict)
	}
	from := vo.Status
	vo.Status = to
	return record(ctx, tx, vo.OrderID, &vo.ID, from, to, a, note)
}

// syncOrder recomputes the buyer order's status from its vendor orders and records the
// transition when it changes and is allowed.
func (s *Service) syncOrder(ctx context.Context, tx *gorm.DB, or *orderRow, a Actor) error {
	var statuses []string
	if err := tx.Model(&vendorOrderRow{}).Where("order_id = ?", or.ID).Pluck("status", &statuses).Error; err != nil {
		return err
	}
	to := derive(or.Status, statuses, or.RefundedTotal > 0)
	if to == or.Status {
		return nil
	}
	if !CanMove(OrderTransitions, or.Status, to) {
		return fmt.Errorf("order %s: %s → %s: %w", or.Number, or.Status, to, ErrBadTransition)
	}
	if err := tx.Model(&orderRow{}).Where("id = ?", or.ID).Updates(map[string]any{"status": to, "updated_at": time.Now().UTC()}).Error; err != nil {
		return err
	}
	from := or.Status
	or.Status = to
	return record(ctx, tx, or.ID, nil, from, to, a, "")
}

func lockOrder(tx *gorm.DB, where string, args ...any) (orderRow, error) {
	var or orderRow
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where(where, args...).Take(&or).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return or, ErrOrderNotFound
	}
	return or, err
}

func lockVendorOrder(tx *gorm.DB, vendorID, id uuid.UUID) (vendorOrderRow, orderRow, error) {
	var vo vendorOrderRow
	if err := tx.Where("vendor_id = ? AND id = ?", vendorID, id).Take(&vo).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return vo, orderRow{}, ErrVendorOrderNotFound
		}
		return vo, orderRow{}, err
	}
	// Lock order first, then the vendor order: the same order everywhere, so no deadlocks.
	or, err := lockOrder(tx, "id = ?", vo.OrderID)
	if err != nil {
		return vo, or, err
	}
	err = tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&vo).Error
	return vo, or, err
}

// markPaid moves a pending order and all its vendor orders to paid.
func (s *Service) markPaid(ctx context.Context, tx *gorm.DB, or *orderRow, a Actor, note string) error {
	if or.Status != StatusPendingPayment {
		return ErrNotPending
	}
	var vos []vendorOrderRow
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("order_id = ?", or.ID).Order("number").Find(&vos).Error; err != nil {
		return err
	}
	for i := range vos {
		if vos[i].Status == StatusPendingPayment {
			if err := moveVendor(ctx, tx, &vos[i], StatusPaid, a, note); err != nil {
				return err
			}
		}
	}
	now := time.Now().UTC()
	if err := tx.Model(&orderRow{}).Where("id = ?", or.ID).Updates(map[string]any{"payment_status": "paid", "paid_at": now, "pay_by": nil}).Error; err != nil {
		return err
	}
	if err := tx.Model(&paymentRow{}).Where("order_id = ?", or.ID).Updates(map[string]any{"status": "paid", "updated_at": now}).Error; err != nil {
		return err
	}
	or.PaymentStatus, or.PaidAt, or.PayBy = "paid", &now, nil
	if err := s.syncOrder(ctx, tx, or, a); err != nil {
		return err
	}
	// A payment the provider confirmed is not a decision of anyone's; one marked by an operator
	// or a seller is.
	if a.Kind != ActorSystem {
		if err := s.record(ctx, tx, audit.Entry{Action: audit.ActionOrderMarkedPaid, TargetType: "order", TargetID: or.ID.String(),
			Details: map[string]any{"number": or.Number, "by": a.Kind, "amount": or.Total, "currency": or.Currency,
				"before": map[string]any{"payment_status": "pending"}, "after": map[string]any{"payment_status": "paid"}}}); err != nil {
			return err
		}
	}
	if s.d.Payments != nil {
		o, err := paidView(tx, *or, vos)
		if err != nil {
			return err
		}
		if err := s.d.Payments.OrderPaid(ctx, tx, o); err != nil {
			return fmt.Errorf("book payment: %w", err)
		}
	}
	return s.notifyBuyer(ctx, tx, *or, "Payment received for order "+or.Number, "We received your payment of "+money.Format(or.Total, or.Currency)+". The sellers are preparing your order.")
}

// paidView is the order of a locked row with its vendor orders and their lines, as the payments
// hook needs it (read inside tx).
func paidView(tx *gorm.DB, or orderRow, vos []vendorOrderRow) (Order, error) {
	var lines []lineRow
	if err := tx.Where("order_id = ?", or.ID).Order("vendor_order_id, position").Find(&lines).Error; err != nil {
		return Order{}, fmt.Errorf("load order lines: %w", err)
	}
	o := or.order()
	for _, vo := range vos {
		v := vo.vendorOrder()
		v.TaxInclusive = o.TaxInclusive
		for _, l := range lines {
			if l.VendorOrderID == vo.ID {
				v.Lines = append(v.Lines, l.line())
			}
		}
		o.VendorOrders = append(o.VendorOrders, v)
	}
	return o, nil
}

// MarkPaid records that a manual order was paid (operator).
func (s *Service) MarkPaid(ctx context.Context, a Actor, orderID uuid.UUID) (Order, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		or, err := lockOrder(tx, "id = ?", orderID)
		if err != nil {
			return err
		}
		return s.markPaid(ctx, tx, &or, a, "marked paid")
	})
	if err != nil {
		return Order{}, err
	}
	return s.load(ctx, "id = ?", orderID)
}

// SellerMarkPaid lets the seller of a single-seller order record its payment (cash on
// delivery, bank transfer to the seller).
func (s *Service) SellerMarkPaid(ctx context.Context, a Actor, vendorID, voID uuid.UUID) (VendorOrder, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		vo, or, err := lockVendorOrder(tx, vendorID, voID)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&vendorOrderRow{}).Where("order_id = ?", vo.OrderID).Count(&n).Error; err != nil {
			return err
		}
		if !sellerMayMarkPaid(StatusPendingPayment, n) {
			return ErrSellerMarkPaid
		}
		return s.markPaid(ctx, tx, &or, a, "marked paid by seller")
	})
	if err != nil {
		return VendorOrder{}, err
	}
	return s.SellerOrder(ctx, vendorID, voID)
}

// sellerNotified are the vendor orders whose seller gets a new-order email (those with an
// address), in the order placedEmails queues them.
func sellerNotified(vos []vendorOrderRow) []vendorOrderRow {
	out := make([]vendorOrderRow, 0, len(vos))
	for _, vo := range vos {
		if vo.VendorEmail != "" {
			out = append(out, vo)
		}
	}
	return out
}

// totalsText is the breakdown every order email prints, in the words of the web app's order
// summaries: line prices are the catalog's, and the tax line says whether those prices include
// the tax (as where the destination's rate is inclusive) or it was added on top.
func totalsText(subtotal, shipping, tax, total int64, inclusive bool, currency string) string {
	taxLabel := "Tax (added)"
	if inclusive {
		taxLabel = "Tax (included in prices)"
	}
	return fmt.Sprintf("Subtotal: %s\nShipping: %s\n%s: %s\nTotal (incl. tax): %s",
		money.Format(subtotal, currency), money.Format(shipping, currency), taxLabel, money.Format(tax, currency), money.Format(total, currency))
}
