package cart

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// MaxQuantity is the largest quantity of one line; MaxLines the most lines of one cart.
const (
	MaxQuantity = 999
	MaxLines    = 100
)

// VariantSnapshot is what the cart needs to know about a variant, as the catalog and inventory
// see it now.
type VariantSnapshot struct {
	VariantID  uuid.UUID
	ProductID  uuid.UUID
	VendorID   uuid.UUID
	VendorName string
	// VendorEmail is where the seller is reached. Checkout records it on the vendor order and
	// mails the seller there; buyers never see it.
	VendorEmail  string
	ProductTitle string
	VariantTitle string
	SKU          string
	Price        int64
	Currency     string
	WeightGrams  int64
	// Available is how many units can be sold now (on hand minus reserved).
	Available int64
	// Purchasable is false when the product is not active or its vendor is not approved.
	Purchasable bool
	// ThumbnailURL links a small image of the variant (its own, else the product's cover) and
	// VendorLogoURL the shop's logo; empty without one.
	ThumbnailURL  string
	VendorLogoURL string
}

// VariantCatalog is the port to the catalog: snapshots of the variants of the marketplace of
// ctx; ids that do not exist there are simply missing from the result.
type VariantCatalog interface {
	// Variants reads in tx (the cart's transaction) when given, else in a transaction of its own.
	Variants(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) ([]VariantSnapshot, error)
}

// SellerGate is the port to payments: whether vendors may take orders now. With Stripe a vendor
// sells only once its payout account is ready; its products stay listed (buyers can find them
// and sellers can check their storefront before onboarding), but the cart refuses to add them
// and flags lines it already holds, and checkout refuses the cart. Every id asked is a key of
// the answer.
type SellerGate interface {
	// SellersReady reads in tx (the caller's transaction) when given, else in its own.
	SellersReady(ctx context.Context, tx *gorm.DB, vendorIDs []uuid.UUID) (map[uuid.UUID]bool, error)
}

// Owner says whose cart: a signed-in account, a guest token, or both (before a merge).
type Owner struct {
	AccountID uuid.UUID
	Token     string
}

// CartNotice codes.
const (
	NoticePriceChanged      = "price_changed"
	NoticeOutOfStock        = "out_of_stock"
	NoticeInsufficientStock = "insufficient_stock"
	NoticeUnavailable       = "unavailable"
)

// CartNotice tells the buyer something changed about a line.
type CartNotice struct {
	Code     string     `json:"code" enum:"price_changed,out_of_stock,insufficient_stock,unavailable"`
	LineID   *uuid.UUID `json:"line_id,omitempty"`
	Message  string     `json:"message"`
	OldPrice *int64     `json:"old_price,omitempty"`
	NewPrice *int64     `json:"new_price,omitempty"`
}

// CartLine is one line of a priced cart.
type CartLine struct {
	ID           uuid.UUID `json:"id"`
	VariantID    uuid.UUID `json:"variant_id"`
	ProductID    uuid.UUID `json:"product_id"`
	SKU          string    `json:"sku"`
	ProductTitle string    `json:"product_title"`
	VariantTitle string    `json:"variant_title"`
	Quantity     int       `json:"quantity"`
	UnitPrice    int64     `json:"unit_price" doc:"Minor units, from the catalog now"`
	LineTotal    int64     `json:"line_total"`
	Currency     string    `json:"currency"`
	WeightGrams  int64     `json:"weight_grams" doc:"Unit weight"`
	Available    int64     `json:"available"`
	Purchasable  bool      `json:"purchasable"`
	ThumbnailURL *string   `json:"thumbnail_url" doc:"A small (160 px) image of the variant, else of the product; null without one"`
	// SeenPrice is the price the buyer last saw.
	SeenPrice int64 `json:"-"`
}

// CartVendorGroup is the lines of one vendor.
type CartVendorGroup struct {
	VendorID    uuid.UUID  `json:"vendor_id"`
	VendorName  string     `json:"vendor_name"`
	VendorLogo  *string    `json:"vendor_logo_url" doc:"The shop's logo; null without one"`
	VendorEmail string     `json:"-"` // see VariantSnapshot.VendorEmail
	Lines       []CartLine `json:"lines"`
	Subtotal    int64      `json:"subtotal"`
	WeightGrams int64      `json:"weight_grams"`
	ItemCount   int        `json:"item_count"`
	// SellerReady is false when the seller gate says the vendor cannot take orders yet;
	// checkout refuses such a cart (the buyer reads why in the lines' notices).
	SellerReady bool `json:"-"`
}

// CartView is a priced cart.
type CartView struct {
	ID        *uuid.UUID        `json:"id" doc:"Null until the first line is added"`
	Currency  string            `json:"currency"`
	Vendors   []CartVendorGroup `json:"vendors"`
	ItemCount int               `json:"item_count"`
	Subtotal  int64             `json:"subtotal"`
	Notices   []CartNotice      `json:"notices"`
	// Version changes with every change of the cart's lines; checkout compares it.
	Version int64 `json:"version"`
}

// Errors of this package.
var (
	ErrLineNotFound     = fmt.Errorf("cart line: %w", errs.ErrNotFound)
	ErrVariantNotFound  = errs.Invalid("body.variant_id", "no such product variant")
	ErrNotPurchasable   = errs.Invalid("body.variant_id", "this product is not for sale")
	ErrCurrencyMismatch = errs.Invalid("body.variant_id", "this product is priced in another currency than the cart")
	ErrQuantity         = errs.Invalid("body.quantity", "must be a whole number from 1 to 999")
	ErrTooManyLines     = errs.Invalid("body.variant_id", "a cart holds at most 100 different items")
)
