package orders

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
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
	r := stringsReplacer("{number}", o.Number, "{amount}", FormatMoney(o.Total, o.Currency))
	return PaymentResult{Status: "pending", ExternalRef: "manual:" + o.Number, Instructions: r.Replace(text), PayWithin: m.PayWithin}, nil
}

// Refund records the refund; the operator pays it back outside the platform.
func (ManualProvider) Refund(_ context.Context, _ *gorm.DB, r RefundRequest) (string, error) {
	return "manual:" + r.IdempotencyKey, nil
}

// zeroDecimal are the ISO 4217 currencies without minor units.
var zeroDecimal = map[string]bool{"BIF": true, "CLP": true, "DJF": true, "GNF": true, "ISK": true, "JPY": true, "KMF": true, "KRW": true,
	"PYG": true, "RWF": true, "UGX": true, "VND": true, "VUV": true, "XAF": true, "XOF": true, "XPF": true}

// FormatMoney renders minor units with the currency's decimals and its code (for emails).
func FormatMoney(amount int64, currency string) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	if zeroDecimal[currency] {
		return fmt.Sprintf("%s%d %s", sign, amount, currency)
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, amount/100, amount%100, currency)
}
