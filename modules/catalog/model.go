package catalog

import (
	"time"

	"github.com/google/uuid"
)

// Product statuses. Only active products of approved vendors are listed.
const (
	StatusDraft    = "draft"
	StatusActive   = "active"
	StatusArchived = "archived"
)

// DefaultCurrency is the marketplace currency when none is configured.
const DefaultCurrency = "USD"

// ProductOption is a dimension along which a product's variants differ, such as size or colour.
type ProductOption struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Product is something a vendor sells.
type Product struct {
	ID              uuid.UUID
	VendorID        uuid.UUID
	Slug            string
	Title           string
	DescriptionHTML string
	Status          string
	CategoryID      *uuid.UUID
	Tags            []string
	SEOTitle        string
	SEODescription  string
	Options         []ProductOption
	// Attributes are typed facts for filtering: string, float64 or bool values.
	Attributes     map[string]any
	MediaIDs       []uuid.UUID
	Currency       string
	PriceMin       *int64
	PriceMax       *int64
	InStock        bool
	VendorListed   bool
	ModerationNote string
	PublishedAt    *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Variants       []Variant
}

// Listed reports whether buyers can see the product: it is active and its vendor approved
// (mirrored into products.vendor_listed). listedSQL is the same rule for queries.
func (p Product) Listed() bool { return p.Status == StatusActive && p.VendorListed }

// listedSQL returns the SQL condition of Product.Listed on the products row named table (an
// alias such as "p", or "products"). Every query that shows products to buyers uses it.
func listedSQL(table string) string {
	return table + ".status = '" + StatusActive + "' AND " + table + ".vendor_listed"
}

// listedP and listedProducts are listedSQL for the two ways queries name the products table,
// computed once because the search and list queries are built on every request.
var (
	listedP        = listedSQL("p")
	listedProducts = listedSQL("products")
)

// Variant is one purchasable version of a product.
type Variant struct {
	ID             uuid.UUID
	ProductID      uuid.UUID
	SKU            string
	Title          string
	OptionValues   map[string]string
	Price          int64
	CompareAtPrice *int64
	Currency       string
	WeightGrams    int
	MediaIDs       []uuid.UUID
	Position       int
	Available      int64
}

// NewProduct is a product to create; Variants may be given at once.
type NewProduct struct {
	Title           string
	Slug            string
	DescriptionHTML string
	Status          string
	CategoryID      *uuid.UUID
	Tags            []string
	SEOTitle        string
	SEODescription  string
	Options         []ProductOption
	Attributes      map[string]any
	MediaIDs        []uuid.UUID
	Variants        []NewVariant
}

// ProductChange is a partial update; nil fields are left alone. A zero CategoryID clears it.
type ProductChange struct {
	Title           *string
	Slug            *string
	DescriptionHTML *string
	Status          *string
	CategoryID      *uuid.UUID
	Tags            *[]string
	SEOTitle        *string
	SEODescription  *string
	Options         *[]ProductOption
	Attributes      *map[string]any
	MediaIDs        *[]uuid.UUID
}

// NewVariant is a variant to create, with its opening stock.
type NewVariant struct {
	SKU               string
	Title             string
	OptionValues      map[string]string
	Price             int64
	CompareAtPrice    *int64
	WeightGrams       int
	MediaIDs          []uuid.UUID
	Stock             int64
	LowStockThreshold int64
}

// VariantChange is a partial update of a variant. Stock changes go through inventory.
type VariantChange struct {
	SKU            *string
	Title          *string
	OptionValues   *map[string]string
	Price          *int64
	CompareAtPrice **int64
	WeightGrams    *int
	MediaIDs       *[]uuid.UUID
	Position       *int
}

// Category is a node of the marketplace's category tree.
type Category struct {
	ID          uuid.UUID
	ParentID    *uuid.UUID
	Slug        string
	Name        string
	Description string
	Position    int
	Children    []*Category
}

// CategoryChange creates (Name and Slug required) or partially updates a category. A zero
// ParentID moves it to the top level.
type CategoryChange struct {
	ParentID    *uuid.UUID
	Slug        *string
	Name        *string
	Description *string
	Position    *int
}

// Collection is a curated list of products, by the operator (VendorID nil) or a vendor.
type Collection struct {
	ID          uuid.UUID
	VendorID    *uuid.UUID
	Slug        string
	Title       string
	Description string
	Featured    bool
	ProductIDs  []uuid.UUID
	CreatedAt   time.Time
}

// CollectionChange creates (Slug and Title required) or partially updates a collection;
// ProductIDs replaces the list, in order.
type CollectionChange struct {
	Slug        *string
	Title       *string
	Description *string
	Featured    *bool
	ProductIDs  *[]uuid.UUID
}
