package orders

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/money"
)

// ManualProvider is the offline payment provider (bank transfer, cash on delivery): the order
// waits for payment with instructions, and the operator or seller marks it paid. Refunds are
// recorded; the money moves outside the platform.
type ManualProvider struct {
	// Instructions tell the buyer how to pay; {number} and {amount} are replaced.
	Instructions string
	// PayWithin is how long an unpaid order keeps its stock (0: forever).
	PayWithin time.Duration
}

// ManualName is the name of the manual provider.
const ManualName = "manual"

// Name implements PaymentProvider.
func (ManualProvider) Name() string { return ManualName }

// CreatePayment records nothing outside: the order waits, pending.
func (m ManualProvider) CreatePayment(_ context.Context, _ *gorm.DB, o Order) (PaymentResult, error) {
	text := m.Instructions
	if text == "" {
		text = "Pay {amount} by bank transfer with the reference {number}. Your order ships once the payment is received."
	}
	r := stringsReplacer("{number}", o.Number, "{amount}", money.Format(o.Total, o.Currency))
	return PaymentResult{Status: "pending", ExternalRef: "manual:" + o.Number, Instructions: r.Replace(text), PayWithin: m.PayWithin}, nil
}

// Refund records the refund; the operator pays it back outside the platform.
func (ManualProvider) Refund(_ context.Context, _ *gorm.DB, r RefundRequest) (string, error) {
	return "manual:" + r.IdempotencyKey, nil
}
