package catalog

import (
	"fmt"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Errors of this package.
var (
	// ErrProductNotFound is also the answer for other vendors' and other marketplaces'
	// products, and for products that are not listed (on public routes).
	ErrProductNotFound = fmt.Errorf("product: %w", errs.ErrNotFound)
	// ErrVariantNotFound: no such variant of the product.
	ErrVariantNotFound = fmt.Errorf("variant: %w", errs.ErrNotFound)
	// ErrCategoryNotFound: no such category in the marketplace.
	ErrCategoryNotFound = fmt.Errorf("category: %w", errs.ErrNotFound)
	// ErrCollectionNotFound: no such collection (or not the caller's).
	ErrCollectionNotFound = fmt.Errorf("collection: %w", errs.ErrNotFound)
	// ErrSlugTaken: another product (or category, collection) uses the slug.
	ErrSlugTaken = fmt.Errorf("%w: slug: already used; choose another", errs.ErrConflict)
	// ErrSKUTaken: the vendor already has a variant with this SKU.
	ErrSKUTaken = fmt.Errorf("%w: sku: the shop already has a variant with this SKU", errs.ErrConflict)
	// ErrNoVariants: a product needs a variant before it can be active.
	ErrNoVariants = errs.Invalid("body.status", "add at least one variant before activating the product")
	// ErrLastVariant: an active product keeps at least one variant.
	ErrLastVariant = fmt.Errorf("an active product keeps at least one variant; archive it instead: %w", errs.ErrConflict)
	// ErrCategoryInUse: the category has subcategories or products.
	ErrCategoryInUse = fmt.Errorf("the category still has subcategories or products: %w", errs.ErrConflict)
)
