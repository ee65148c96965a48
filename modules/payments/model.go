package payments

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// PaymentLine is one line of a vendor order as payments needs it (commission per category).
type PaymentLine struct {
	ProductID uuid.UUID
	Subtotal  int64
}

// PaymentVendorOrder is one seller's part of a paid order.
type PaymentVendorOrder struct {
	ID          uuid.UUID
	VendorID    uuid.UUID
	VendorName  string
	VendorEmail string
	Status      string
	Subtotal    int64
	Shipping    int64
	Tax         int64
	// Total is what the buyer paid for this part (subtotal + shipping, + tax when exclusive).
	Total int64
	Lines []PaymentLine
}

// PaymentOrder is an order as payments needs it.
type PaymentOrder struct {
	ID            uuid.UUID
	Number        string
	Email         string
	Currency      string
	Total         int64
	PaymentStatus string
	VendorOrders  []PaymentVendorOrder
}

// OrderBook is the port to module orders.
type OrderBook interface {
	// PaymentOrder returns the order of the marketplace in ctx (errs.ErrNotFound kind if none).
	PaymentOrder(ctx context.Context, orderID uuid.UUID) (PaymentOrder, error)
	// MarkPaid records that the order was paid (by the system, from a verified webhook). An
	// order already paid is not an error.
	MarkPaid(ctx context.Context, orderID uuid.UUID) error
}

// VendorAccess says whether the caller is a member of a vendor (errs.ErrNotFound kind if not).
type VendorAccess interface {
	CheckVendor(ctx context.Context, vendorID uuid.UUID) error
}

// VendorContact is how payments names and reaches a seller.
type VendorContact struct {
	Name    string
	Email   string
	Country string
}

// VendorDirectory is the port to module vendors.
type VendorDirectory interface {
	Contact(ctx context.Context, vendorID uuid.UUID) (VendorContact, error)
}

// CategoryLookup gives the category of products, for per-category commission (optional).
type CategoryLookup interface {
	ProductCategories(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID]uuid.UUID, error)
	// CategoryExists reports whether id is a category of the marketplace of ctx.
	CategoryExists(ctx context.Context, id uuid.UUID) (bool, error)
}

// OperatorDirectory lists the emails of the marketplace's operators, for dispute and account
// notices (optional).
type OperatorDirectory interface {
	OperatorEmails(ctx context.Context) ([]string, error)
}

// Notifier queues emails inside a transaction (module notifications).
type Notifier interface {
	Send(tx *gorm.DB, e notifications.Email) error
}

// Transfer policies.
const (
	TransferAtPayment  = "at_payment"
	TransferOnDelivery = "on_delivery"
)

// PaymentSettings is a marketplace's payout policy.
type PaymentSettings struct {
	TransferPolicy   string `json:"transfer_policy" enum:"at_payment,on_delivery" doc:"When sellers are paid: as soon as the order is paid, or once their part is delivered"`
	RefundCommission bool   `json:"refund_commission" doc:"Whether refunds also give back the marketplace's commission (else the seller bears the whole refund)"`
}

// CommissionRule is a commission: percent (basis points) of the subtotal plus a fixed amount per
// vendor order, clamped to [Min, Max].
type CommissionRule struct {
	ID         uuid.UUID  `json:"id"`
	Scope      string     `json:"scope" enum:"marketplace,category,vendor"`
	ScopeID    *uuid.UUID `json:"scope_id,omitempty" doc:"The category or vendor id; absent for the marketplace rule"`
	PercentBps int        `json:"percent_bps" minimum:"0" maximum:"10000" doc:"1000 = 10%"`
	Fixed      int64      `json:"fixed" minimum:"0" doc:"Minor units per vendor order"`
	Min        int64      `json:"min" minimum:"0"`
	Max        *int64     `json:"max,omitempty" minimum:"0"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// PayoutAccount is a seller's Stripe account as the last account.updated event reported it.
type PayoutAccount struct {
	VendorID         uuid.UUID `json:"vendor_id"`
	Connected        bool      `json:"connected"`
	AccountID        string    `json:"account_id,omitempty"`
	ChargesEnabled   bool      `json:"charges_enabled"`
	PayoutsEnabled   bool      `json:"payouts_enabled"`
	DetailsSubmitted bool      `json:"details_submitted"`
	CurrentlyDue     []string  `json:"currently_due"`
	DisabledReason   string    `json:"disabled_reason,omitempty"`
	Deauthorized     bool      `json:"deauthorized"`
	LastPayoutStatus string    `json:"last_payout_status,omitempty"`
	// Ready is true when the seller can sell: charges and payouts enabled, details submitted,
	// nothing currently due, not disconnected.
	Ready     bool      `json:"ready"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PayoutSplit is a vendor order's money: gross, commission (with the rule used), transfer.
type PayoutSplit struct {
	VendorOrderID      uuid.UUID       `json:"vendor_order_id"`
	OrderID            uuid.UUID       `json:"order_id"`
	VendorID           uuid.UUID       `json:"vendor_id"`
	Provider           string          `json:"provider"`
	Currency           string          `json:"currency"`
	Subtotal           int64           `json:"subtotal"`
	Shipping           int64           `json:"shipping"`
	Tax                int64           `json:"tax"`
	Gross              int64           `json:"gross"`
	Commission         int64           `json:"commission"`
	Fees               int64           `json:"fees" doc:"Processing fees charged to the seller (the platform bears Stripe's fees: 0)"`
	Net                int64           `json:"net" doc:"gross - commission - fees, before refunds"`
	Refunded           int64           `json:"refunded"`
	CommissionRefunded int64           `json:"commission_refunded"`
	Rule               json.RawMessage `json:"rule" doc:"The commission rules used, snapshotted when the order was paid"`
	TransferStatus     string          `json:"transfer_status" enum:"held,pending,transferred,failed,not_applicable"`
	TransferID         string          `json:"transfer_id,omitempty"`
	Transferred        int64           `json:"transferred"`
	DebtNetted         int64           `json:"debt_netted"`
	Reversed           int64           `json:"reversed"`
	TransferredAt      *time.Time      `json:"transferred_at"`
	CreatedAt          time.Time       `json:"created_at"`
}

// SellerBalance is a seller's position in the ledger.
type SellerBalance struct {
	Currency string `json:"currency"`
	// Payable is what the marketplace owes the seller and has not transferred yet.
	Payable int64 `json:"payable"`
	// Debt is what the seller owes (refunds and disputes it could not cover), netted from its
	// next transfers.
	Debt int64 `json:"debt"`
	// Transferred is the sum of transfers sent so far.
	Transferred int64 `json:"transferred"`
}

// MoneySummary is the operator's view of the marketplace's money per currency.
type MoneySummary struct {
	Currency          string `json:"currency"`
	Cash              int64  `json:"cash"`
	CommissionRevenue int64  `json:"commission_revenue"`
	SellerPayables    int64  `json:"seller_payables"`
	SellerDebt        int64  `json:"seller_debt"`
	StripeFees        int64  `json:"stripe_fees"`
	BuyerRefunds      int64  `json:"buyer_refunds"`
}

// ReconciliationIssue is one mismatch between the ledger and Stripe.
type ReconciliationIssue struct {
	ID         uuid.UUID `json:"id"`
	Kind       string    `json:"kind"`
	ObjectID   string    `json:"object_id"`
	Expected   int64     `json:"expected"`
	Actual     int64     `json:"actual"`
	Detail     string    `json:"detail"`
	DetectedAt time.Time `json:"detected_at"`
}

// ReconciliationStatus is the last reconciliation run and what it found.
type ReconciliationStatus struct {
	LastRunAt  *time.Time            `json:"last_run_at"`
	Checked    int                   `json:"checked"`
	Mismatches int                   `json:"mismatches"`
	Issues     []ReconciliationIssue `json:"issues"`
}

// Errors of this package.
var (
	ErrStripeDisabled   = fmt.Errorf("payments: Stripe is not configured for this platform: %w", errs.ErrConflict)
	ErrBadSignature     = fmt.Errorf("payments: webhook signature: %w", errs.ErrBadRequest)
	ErrLivemodeMismatch = fmt.Errorf("payments: event livemode does not match the key: %w", errs.ErrBadRequest)
	ErrIntentMismatch   = fmt.Errorf("payments: PaymentIntent does not match its order: %w", errs.ErrConflict)
	ErrNoSplit          = fmt.Errorf("payments: vendor order has no recorded payment: %w", errs.ErrNotFound)
	ErrNoAccount        = fmt.Errorf("payments: seller has no Stripe account: %w", errs.ErrNotFound)
	ErrRuleNotFound     = fmt.Errorf("payments: commission rule: %w", errs.ErrNotFound)
	ErrSplitNotFound    = fmt.Errorf("payments: vendor order: %w", errs.ErrNotFound)
)
