package inventory

import (
	"errors"
	"fmt"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Errors of this package.
var (
	// ErrOutOfStock is wrapped by every OutOfStockError.
	ErrOutOfStock = errors.New("out of stock")
	// ErrItemNotFound: no such tracked variant for this vendor (also other vendors' variants).
	ErrItemNotFound = fmt.Errorf("inventory item: %w", errs.ErrNotFound)
	// ErrLocationNotFound: no such location for this vendor.
	ErrLocationNotFound = fmt.Errorf("stock location: %w", errs.ErrNotFound)
	// ErrLocationNameTaken: the vendor already has a location with this name.
	ErrLocationNameTaken = fmt.Errorf("%w: name: the vendor already has a location with this name", errs.ErrConflict)
	// ErrBelowReserved: the adjustment would leave less on hand than is reserved or below zero.
	ErrBelowReserved = errs.Invalid("body.delta", "would leave less stock on hand than zero or than is reserved for orders")
	// ErrStockHeld: the variant has stock reserved for checkouts and cannot stop being tracked.
	ErrStockHeld = fmt.Errorf("stock of this variant is reserved for open checkouts: %w", errs.ErrConflict)
)
