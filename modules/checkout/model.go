package checkout

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/shipping"
)

// StockReserver is the port to inventory. Reserve holds the stock of every vendor order of a
// checkout (reference = the vendor order's id; module orders later commits or releases it)
// inside the checkout transaction with conditional updates (never read-then-write); it fails
// with an error of kind errs.ErrConflict when a line cannot be covered, and the whole checkout
// then rolls back.
type StockReserver interface {
	Reserve(tx *gorm.DB, holds []StockHold) error
}

// StockHold is the stock one vendor order needs.
type StockHold struct {
	Reference string
	Lines     []orders.StockLine
}

// AddressBook is the port to the signed-in account's saved addresses (module identity); an
// unknown id is an errs.ErrNotFound kind.
type AddressBook interface {
	Address(ctx context.Context, id uuid.UUID) (orders.OrderAddress, error)
}

// ShippingProfiles is the port to module shipping: each vendor's default profile, read on its
// own (quotes) or inside the checkout transaction.
type ShippingProfiles interface {
	DefaultProfiles(ctx context.Context, vendorIDs []uuid.UUID) (map[uuid.UUID]shipping.ShippingProfile, error)
	DefaultProfilesIn(tx *gorm.DB, vendorIDs []uuid.UUID) (map[uuid.UUID]shipping.ShippingProfile, error)
}

// CheckoutShippingChoice picks a rate for one vendor.
type CheckoutShippingChoice struct {
	VendorID uuid.UUID `json:"vendor_id" format:"uuid"`
	RateID   string    `json:"rate_id" minLength:"1" maxLength:"40"`
}

// CheckoutQuoteRequest asks for shipping and tax at an address.
type CheckoutQuoteRequest struct {
	AddressID       *uuid.UUID               `json:"address_id,omitempty" format:"uuid" doc:"A saved address of the signed-in account"`
	ShippingAddress *orders.OrderAddress     `json:"shipping_address,omitempty" doc:"Or the address inline"`
	Shipping        []CheckoutShippingChoice `json:"shipping,omitempty" maxItems:"100" doc:"Rate per vendor; the cheapest when omitted"`
}

// CheckoutRequest places an order. Prices, currency and totals are never accepted from the client.
type CheckoutRequest struct {
	Email           string                   `json:"email,omitempty" maxLength:"254" doc:"Required for guests"`
	AddressID       *uuid.UUID               `json:"address_id,omitempty" format:"uuid" doc:"A saved address of the signed-in account"`
	ShippingAddress *orders.OrderAddress     `json:"shipping_address,omitempty" doc:"Or the address inline"`
	Shipping        []CheckoutShippingChoice `json:"shipping,omitempty" maxItems:"100" doc:"Rate per vendor; the cheapest when omitted"`
}

// CheckoutLine is one priced cart line.
type CheckoutLine struct {
	LineID       uuid.UUID `json:"line_id"`
	VariantID    uuid.UUID `json:"variant_id"`
	ProductTitle string    `json:"product_title"`
	VariantTitle string    `json:"variant_title"`
	SKU          string    `json:"sku"`
	Quantity     int       `json:"quantity"`
	UnitPrice    int64     `json:"unit_price"`
	Subtotal     int64     `json:"subtotal"`
	Tax          int64     `json:"tax"`
	Total        int64     `json:"total"`
}

// CheckoutVendor is one vendor's part of a quote.
type CheckoutVendor struct {
	VendorID    uuid.UUID                 `json:"vendor_id"`
	VendorName  string                    `json:"vendor_name"`
	Lines       []CheckoutLine            `json:"lines"`
	Subtotal    int64                     `json:"subtotal"`
	Options     []shipping.ShippingOption `json:"shipping_options"`
	Chosen      shipping.ShippingOption   `json:"shipping"`
	ShippingTax int64                     `json:"shipping_tax"`
	TaxTotal    int64                     `json:"tax_total"`
	Total       int64                     `json:"total"`
	ReturnDays  int                       `json:"return_window_days"`
}

// CheckoutQuote is a priced cart at an address.
type CheckoutQuote struct {
	Currency      string           `json:"currency"`
	Vendors       []CheckoutVendor `json:"vendors"`
	Subtotal      int64            `json:"subtotal"`
	ShippingTotal int64            `json:"shipping_total"`
	TaxTotal      int64            `json:"tax_total"`
	TaxInclusive  bool             `json:"tax_inclusive"`
	Total         int64            `json:"total"`
}

// CheckoutResult is the answer of a checkout; replays of the same Idempotency-Key return it unchanged.
type CheckoutResult struct {
	Order orders.Order `json:"order"`
	// OrderToken lets a guest read the order (header X-Order-Token).
	OrderToken string `json:"order_token,omitempty"`
}

// Errors of this package.
var (
	ErrEmptyCart      = errs.Invalid("cart", "the cart is empty")
	ErrNeedAddress    = errs.Invalid("body.shipping_address", "give a shipping_address or an address_id")
	ErrTwoAddresses   = errs.Invalid("body.address_id", "give either address_id or shipping_address, not both")
	ErrGuestEmail     = errs.Invalid("body.email", "guests must give an email address")
	ErrAddressIDGuest = errs.Invalid("body.address_id", "saved addresses need a signed-in account")
	ErrUnavailable    = errs.Invalid("cart", "some items are no longer for sale; remove them first")
	ErrPricesChanged  = fmt.Errorf("%w: prices changed since you last saw the cart; review it and try again", errs.ErrConflict)
	ErrKeyReused      = errs.Invalid("header.Idempotency-Key", "was already used for a different request")
	ErrOutOfStock     = fmt.Errorf("%w: not enough stock for an item in the cart", errs.ErrConflict)
	ErrUnknownRate    = errs.Invalid("body.shipping", "unknown shipping rate for this vendor and address")
	ErrUnknownVendor  = errs.Invalid("body.shipping", "this vendor has nothing in the cart")
)
