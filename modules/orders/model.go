package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// OrderAddress is a postal address snapshotted on an order.
type OrderAddress struct {
	Name       string   `json:"name" minLength:"1" maxLength:"200"`
	Company    string   `json:"company,omitempty" maxLength:"200"`
	Line1      string   `json:"line1" minLength:"1" maxLength:"200"`
	Line2      string   `json:"line2,omitempty" maxLength:"200"`
	City       string   `json:"city" minLength:"1" maxLength:"100"`
	Region     string   `json:"region,omitempty" maxLength:"100"`
	PostalCode string   `json:"postal_code,omitempty" maxLength:"20"`
	Country    string   `json:"country" pattern:"^[A-Z]{2}$"`
	Phone      string   `json:"phone,omitempty" maxLength:"40"`
	Latitude   *float64 `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
	Longitude  *float64 `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
}

// OrderShippingMethod is the shipping a vendor order was sold with.
type OrderShippingMethod struct {
	RateID  string `json:"rate_id"`
	Name    string `json:"name"`
	Amount  int64  `json:"amount"`
	Tax     int64  `json:"tax"`
	MinDays int    `json:"min_days"`
	MaxDays int    `json:"max_days"`
}

// NewLine is one line of a new vendor order, priced by checkout.
type NewLine struct {
	VariantID    uuid.UUID
	ProductID    uuid.UUID
	SKU          string
	ProductTitle string
	VariantTitle string
	UnitPrice    int64
	Quantity     int
	Tax          int64
}

// NewVendorOrder is one seller's part of a new order.
type NewVendorOrder struct {
	// ID is chosen by checkout: the stock reservation's reference.
	ID               uuid.UUID
	VendorID         uuid.UUID
	VendorName       string
	VendorEmail      string
	Shipping         OrderShippingMethod
	ReturnWindowDays int
	Lines            []NewLine
}

// NewOrder is what checkout creates.
type NewOrder struct {
	// ID is chosen by checkout so stock reservations can name the order.
	ID           uuid.UUID
	AccountID    uuid.UUID
	Email        string
	Currency     string
	TaxInclusive bool
	Address      OrderAddress
	Vendors      []NewVendorOrder
	// GuestToken, when set, lets a guest read the order.
	GuestToken string
}

// OrderPayment is the payment of an order as the buyer sees it.
type OrderPayment struct {
	Provider     string `json:"provider"`
	Status       string `json:"status" enum:"pending,paid,partially_refunded,refunded,cancelled"`
	Amount       int64  `json:"amount"`
	Refunded     int64  `json:"refunded"`
	Instructions string `json:"instructions,omitempty"`
	ClientSecret string `json:"client_secret,omitempty" doc:"For providers paid in the browser"`
}

// OrderLine is one line of a vendor order.
type OrderLine struct {
	ID           uuid.UUID `json:"id"`
	VariantID    uuid.UUID `json:"variant_id"`
	ProductID    uuid.UUID `json:"product_id"`
	SKU          string    `json:"sku"`
	ProductTitle string    `json:"product_title"`
	VariantTitle string    `json:"variant_title"`
	UnitPrice    int64     `json:"unit_price"`
	Quantity     int       `json:"quantity"`
	Subtotal     int64     `json:"subtotal"`
	Tax          int64     `json:"tax"`
	Total        int64     `json:"total"`
	ShippedQty   int       `json:"shipped_quantity"`
	ReturnedQty  int       `json:"returned_quantity"`
}

// OrderItemQuantity is a quantity of one order line in a shipment or return.
type OrderItemQuantity struct {
	LineID   uuid.UUID `json:"line_id" format:"uuid"`
	Quantity int       `json:"quantity" minimum:"1" maximum:"999"`
}

// OrderShipment is a parcel sent by the seller.
type OrderShipment struct {
	ID             uuid.UUID           `json:"id"`
	Carrier        string              `json:"carrier"`
	TrackingNumber string              `json:"tracking_number"`
	TrackingURL    string              `json:"tracking_url"`
	Lines          []OrderItemQuantity `json:"lines"`
	CreatedAt      time.Time           `json:"created_at"`
}

// ReturnRequest is a buyer's return request.
type ReturnRequest struct {
	ID           uuid.UUID           `json:"id"`
	Status       string              `json:"status" enum:"requested,approved,rejected,received"`
	Reason       string              `json:"reason"`
	Lines        []OrderItemQuantity `json:"lines"`
	RefundAmount int64               `json:"refund_amount"`
	SellerNote   string              `json:"seller_note"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
}

// OrderEvent is one recorded transition.
type OrderEvent struct {
	VendorOrderID *uuid.UUID `json:"vendor_order_id,omitempty"`
	From          string     `json:"from"`
	To            string     `json:"to"`
	ActorKind     string     `json:"actor_kind"`
	Note          string     `json:"note,omitempty"`
	At            time.Time  `json:"at"`
}

// OrderMessage is a post-sale message on a vendor order.
type OrderMessage struct {
	ID         uuid.UUID `json:"id"`
	AuthorKind string    `json:"author_kind" enum:"buyer,seller,operator"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// VendorOrder is one seller's part of an order.
type VendorOrder struct {
	ID               uuid.UUID           `json:"id"`
	OrderID          uuid.UUID           `json:"order_id"`
	Number           string              `json:"number"`
	VendorID         uuid.UUID           `json:"vendor_id"`
	VendorName       string              `json:"vendor_name"`
	Status           string              `json:"status"`
	Currency         string              `json:"currency"`
	Subtotal         int64               `json:"subtotal"`
	ShippingTotal    int64               `json:"shipping_total"`
	TaxTotal         int64               `json:"tax_total"`
	TaxInclusive     bool                `json:"tax_inclusive" doc:"As the order's: prices include tax_total, otherwise it was added (false in seller order lists, which carry no totals breakdown)"`
	Total            int64               `json:"total"`
	RefundedTotal    int64               `json:"refunded_total"`
	ShippingMethod   OrderShippingMethod `json:"shipping_method"`
	ReturnWindowDays int                 `json:"return_window_days"`
	DeliveredAt      *time.Time          `json:"delivered_at"`
	CreatedAt        time.Time           `json:"created_at"`
	Lines            []OrderLine         `json:"lines"`
	Shipments        []OrderShipment     `json:"shipments"`
	Returns          []ReturnRequest     `json:"returns"`
	ItemCount        int                 `json:"item_count" doc:"Units ordered over all lines (also in lists, which carry no lines)"`
	// Seller views only.
	BuyerEmail string `json:"buyer_email,omitempty"`
	BuyerName  string `json:"buyer_name,omitempty" doc:"The recipient on the shipping address (guests have no account name)"`
	// CanMarkPaid tells the seller UI whether POST .../mark-paid would be accepted, so it never
	// offers a button the API refuses (multi-seller orders are marked paid by the operator).
	CanMarkPaid     bool          `json:"can_mark_paid,omitempty" doc:"The seller may record the payment: a pending order with no other seller"`
	ShippingAddress *OrderAddress `json:"shipping_address,omitempty"`
	Events          []OrderEvent  `json:"events,omitempty"`
}

// Order is the buyer's order.
type Order struct {
	ID              uuid.UUID     `json:"id"`
	Number          string        `json:"number"`
	Status          string        `json:"status"`
	Email           string        `json:"email"`
	Currency        string        `json:"currency"`
	Subtotal        int64         `json:"subtotal"`
	ShippingTotal   int64         `json:"shipping_total"`
	TaxTotal        int64         `json:"tax_total"`
	TaxInclusive    bool          `json:"tax_inclusive" doc:"Prices include tax_total; otherwise it was added"`
	Total           int64         `json:"total"`
	RefundedTotal   int64         `json:"refunded_total"`
	ShippingAddress OrderAddress  `json:"shipping_address"`
	Payment         OrderPayment  `json:"payment"`
	PayBy           *time.Time    `json:"pay_by" doc:"Unpaid orders are cancelled after this time"`
	PlacedAt        time.Time     `json:"placed_at"`
	PaidAt          *time.Time    `json:"paid_at"`
	VendorOrders    []VendorOrder `json:"vendor_orders"`
	Events          []OrderEvent  `json:"events,omitempty"`
}

// OrderSummary is a compact order for lists.
type OrderSummary struct {
	ID          uuid.UUID `json:"id"`
	Number      string    `json:"number"`
	Status      string    `json:"status"`
	Email       string    `json:"email"`
	Currency    string    `json:"currency"`
	Total       int64     `json:"total"`
	VendorCount int       `json:"vendor_count"`
	PlacedAt    time.Time `json:"placed_at"`
}

// PaymentResult is what a provider answers when an order's payment is created.
type PaymentResult struct {
	// Status is pending (waiting for money) or paid.
	Status       string
	ExternalRef  string
	Instructions string
	ClientSecret string
	// ProviderStatus is the provider's own status of the payment (Stripe: the PaymentIntent's).
	ProviderStatus string
	// PayWithin, for pending payments, is how long the order waits before its stock is
	// released; zero means forever.
	PayWithin time.Duration
}

// RefundRequest asks a provider to give money back.
type RefundRequest struct {
	PaymentRef  string
	OrderID     uuid.UUID
	VendorOrder uuid.UUID
	Amount      int64
	Currency    string
	Reason      string
	// IdempotencyKey is unique per refund.
	IdempotencyKey string
}

// PaymentProvider takes the money of orders. CreatePayment runs inside the checkout transaction
// (tx), so it must not call out over the network: a provider that does implements
// RemotePaymentProvider, and checkout creates its payment after the order commits.
type PaymentProvider interface {
	Name() string
	CreatePayment(ctx context.Context, tx *gorm.DB, order Order) (PaymentResult, error)
	Refund(ctx context.Context, tx *gorm.DB, r RefundRequest) (externalRef string, err error)
}

// RemotePaymentProvider is a PaymentProvider whose payments are created by a call over the
// network (Stripe's PaymentIntent). No transaction is open during that call: the order commits
// pending with PendingPayment's result and a TaskCreatePayment task in the outbox, then
// Service.CompletePayment calls StartPayment and records its answer in a short transaction; the
// task does the same if that never happened (the call failed, the process died).
type RemotePaymentProvider interface {
	PaymentProvider
	// PendingPayment is what an order records before its payment exists (status pending, how
	// long it keeps its stock).
	PendingPayment() PaymentResult
	// StartPayment creates the order's payment, or finds it again: with an idempotency key
	// derived from the order id, or by externalRef when one was recorded already. It is called
	// with no transaction open.
	StartPayment(ctx context.Context, order Order, externalRef string) (PaymentResult, error)
	// RecordPayment stores the provider's side of res inside tx; idempotent.
	RecordPayment(ctx context.Context, tx *gorm.DB, order Order, res PaymentResult) error
}

// StockLine is a quantity of a variant.
type StockLine struct {
	VariantID uuid.UUID
	Quantity  int64
}

// StockLedger settles the stock reserved at checkout for a vendor order (reference = the vendor
// order id), inside the caller's transaction: Release gives it back (cancelled before
// shipping), Commit turns it into a sale (shipped). Both are idempotent.
type StockLedger interface {
	Release(tx *gorm.DB, reference string) error
	Commit(tx *gorm.DB, reference string) error
}

// VendorAccess says whether the caller is a member of a vendor (errs.ErrNotFound kind if not).
type VendorAccess interface {
	CheckVendor(ctx context.Context, vendorID uuid.UUID) error
}

// Actor kinds.
const (
	ActorBuyer    = "buyer"
	ActorSeller   = "seller"
	ActorOperator = "operator"
	ActorSystem   = "system"
)

// Actor is who causes a change.
type Actor struct {
	Kind string
	ID   uuid.UUID
}

// Errors of this package.
var (
	ErrOrderNotFound       = fmt.Errorf("order: %w", errs.ErrNotFound)
	ErrVendorOrderNotFound = fmt.Errorf("vendor order: %w", errs.ErrNotFound)
	ErrReturnNotFound      = fmt.Errorf("return request: %w", errs.ErrNotFound)
	ErrLineNotFound        = errs.Invalid("body.lines", "a line does not belong to this order")
	ErrBadTransition       = fmt.Errorf("%w: this order cannot move to that status now", errs.ErrConflict)
	ErrNotCancellable      = fmt.Errorf("%w: part of this order has shipped; request a return instead", errs.ErrConflict)
	ErrReturnWindow        = fmt.Errorf("%w: the return window of this order has closed", errs.ErrConflict)
	ErrNothingToShip       = errs.Invalid("body.lines", "more than what remains to ship")
	ErrNothingToReturn     = errs.Invalid("body.lines", "more than what was shipped and not yet returned")
	ErrRefundTooLarge      = errs.Invalid("body.amount", "more than what remains refundable")
	ErrNotPending          = fmt.Errorf("%w: this order is not waiting for payment", errs.ErrConflict)
	ErrSellerMarkPaid      = fmt.Errorf("%w: this order has several sellers; the operator marks it paid", errs.ErrForbidden)
)
