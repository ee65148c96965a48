package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/tenants"
)

// StripeProvider is the orders.PaymentProvider of Stripe: one PaymentIntent per order on the
// platform account (separate charges and transfers), paid in the browser with the Payment
// Element; the order becomes paid only from the verified payment_intent.succeeded webhook.
type StripeProvider struct {
	s *Service
}

// stripePayWithin is how long an order paid by card keeps its stock while the buyer confirms.
const stripePayWithin = 2 * time.Hour

// Provider returns the payment provider of new orders: Stripe when a key is configured, else
// the manual provider, wrapped so its refunds are booked in the ledger.
func (s *Service) Provider(manual orders.ManualProvider) orders.PaymentProvider {
	if s.StripeEnabled() {
		return StripeProvider{s: s}
	}
	return ManualProvider{ManualProvider: manual, s: s}
}

// Name implements orders.PaymentProvider.
func (StripeProvider) Name() string { return ProviderStripe }

// IntentKey is the idempotency key of an order's PaymentIntent: a retried checkout of the same
// order id never creates a second one.
func IntentKey(orderID uuid.UUID) string { return "pi:" + orderID.String() }

// PendingPayment implements orders.RemotePaymentProvider: the order waits for the card payment
// stripePayWithin before its stock is released.
func (StripeProvider) PendingPayment() orders.PaymentResult {
	return orders.PaymentResult{Status: "pending", PayWithin: stripePayWithin}
}

// StartPayment implements orders.RemotePaymentProvider: it creates (or, on a retry, finds again
// at Stripe) the order's PaymentIntent, with no transaction open. An intent already recorded
// (externalRef) is read back for its client secret instead.
func (p StripeProvider) StartPayment(ctx context.Context, o orders.Order, externalRef string) (orders.PaymentResult, error) {
	var pi intent
	var err error
	if externalRef != "" {
		pi, err = p.s.stripe.getIntent(ctx, externalRef)
	} else {
		// Every parameter must be the same on a retry of the same checkout (same order id, so
		// same idempotency key): Stripe rejects a key reused with other parameters. The order
		// number is not sent: the order id identifies the order.
		pi, err = p.s.stripe.createIntent(ctx, o.Total, o.Currency, o.ID.String(),
			map[string]string{"tenant_id": tenants.IDFromContext(ctx).String(), "order_id": o.ID.String()}, IntentKey(o.ID))
	}
	if err != nil {
		return orders.PaymentResult{}, err
	}
	if pi.Amount != o.Total {
		return orders.PaymentResult{}, fmt.Errorf("order %s: %w", o.ID, ErrIntentMismatch)
	}
	return orders.PaymentResult{Status: "pending", ExternalRef: pi.ID, ClientSecret: pi.ClientSecret, ProviderStatus: pi.Status,
		PayWithin: stripePayWithin}, nil
}

// RecordPayment implements orders.RemotePaymentProvider: it records the order's PaymentIntent in
// tx (once; a second recording of the same order is a no-op).
func (p StripeProvider) RecordPayment(ctx context.Context, tx *gorm.DB, o orders.Order, res orders.PaymentResult) error {
	now := p.s.now()
	row := intentRow{TenantID: tenants.IDFromContext(ctx), OrderID: o.ID, IntentID: res.ExternalRef, Amount: o.Total, Currency: o.Currency,
		Status: res.ProviderStatus, Livemode: p.s.d.Config.Livemode(), CreatedAt: now, UpdatedAt: now}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("record payment intent: %w", err)
	}
	return nil
}

// CreatePayment creates the order's PaymentIntent and records it in tx. Module orders does not
// call it (it calls out over the network, and tx would stay open meanwhile: see
// orders.RemotePaymentProvider); it remains for callers that want both in one step.
func (p StripeProvider) CreatePayment(ctx context.Context, tx *gorm.DB, o orders.Order) (orders.PaymentResult, error) {
	res, err := p.StartPayment(ctx, o, "")
	if err != nil {
		return orders.PaymentResult{}, err
	}
	return res, p.RecordPayment(ctx, tx, o, res)
}

// Refund refunds the charge and reverses the seller's part of its transfer (see refund).
func (p StripeProvider) Refund(ctx context.Context, tx *gorm.DB, r orders.RefundRequest) (string, error) {
	var pi intentRow
	if err := tx.Where("order_id = ?", r.OrderID).Take(&pi).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", ErrNoSplit
		}
		return "", err
	}
	return p.s.refund(ctx, tx, RefundInput{Key: r.IdempotencyKey, OrderID: r.OrderID, VendorOrderID: r.VendorOrder, Amount: r.Amount,
		Currency: r.Currency, Reason: r.Reason}, ProviderStripe, pi.IntentID)
}

// ManualProvider is orders.ManualProvider with its refunds booked in the ledger, inside the
// refund's transaction. (Marking paid is booked by OrderPaid, which module orders calls inside
// the transaction that marks an order paid.)
type ManualProvider struct {
	orders.ManualProvider
	s *Service
}

// Refund records the refund and books it.
func (m ManualProvider) Refund(ctx context.Context, tx *gorm.DB, r orders.RefundRequest) (string, error) {
	ref, err := m.ManualProvider.Refund(ctx, tx, r)
	if err != nil {
		return "", err
	}
	err = m.s.RecordManualRefund(ctx, tx, RefundInput{Key: r.IdempotencyKey, OrderID: r.OrderID, VendorOrderID: r.VendorOrder, Amount: r.Amount,
		Currency: r.Currency, Reason: r.Reason})
	return ref, err
}

// FromOrder converts an order of module orders (with its vendor orders and lines) to what
// payments books.
func FromOrder(o orders.Order) PaymentOrder {
	out := PaymentOrder{ID: o.ID, Number: o.Number, Email: o.Email, Currency: o.Currency, Total: o.Total, PaymentStatus: o.Payment.Status}
	for _, vo := range o.VendorOrders {
		pv := PaymentVendorOrder{ID: vo.ID, VendorID: vo.VendorID, VendorName: vo.VendorName, Status: vo.Status, Subtotal: vo.Subtotal,
			Shipping: vo.ShippingTotal, Tax: vo.TaxTotal, Total: vo.Total}
		for _, l := range vo.Lines {
			pv.Lines = append(pv.Lines, PaymentLine{ProductID: l.ProductID, Subtotal: l.Subtotal})
		}
		out.VendorOrders = append(out.VendorOrders, pv)
	}
	return out
}

// OrderPaid is the hook module orders calls inside the transaction that marks an order paid
// (manual: the operator or seller marked it; Stripe: the webhook). o must carry its vendor
// orders and lines. It books the payment once (idempotent by order id), so calling it from both
// paths is safe.
func (s *Service) OrderPaid(ctx context.Context, tx *gorm.DB, o orders.Order) error {
	provider := o.Payment.Provider
	if provider == "" {
		provider = ProviderManual
	}
	return s.RecordOrderPaid(ctx, tx, FromOrder(o), provider)
}
