package inventory

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Reasons a stock level changes. Adjustments by sellers use the first group; the rest are
// written by the system.
const (
	ReasonRestock    = "restock"
	ReasonCorrection = "correction"
	ReasonDamaged    = "damaged"
	ReasonLost       = "lost"
	ReasonReturned   = "returned"

	ReasonInitial  = "initial"
	ReasonReserved = "reserved"
	ReasonReleased = "released"
	ReasonSold     = "sold"
)

// AdjustmentReasons are the reasons a seller may give for an adjustment.
var AdjustmentReasons = []string{ReasonRestock, ReasonCorrection, ReasonDamaged, ReasonLost, ReasonReturned}

// Location is one of a vendor's warehouses.
type Location struct {
	ID        uuid.UUID
	VendorID  uuid.UUID
	Name      string
	IsDefault bool
	Country   string
	CreatedAt time.Time
}

// Level is a variant's stock at one location.
type Level struct {
	LocationID uuid.UUID
	OnHand     int64
	Reserved   int64
}

// Available is what can still be sold from the level.
func (l Level) Available() int64 { return l.OnHand - l.Reserved }

// Item is a tracked variant with its stock everywhere.
type Item struct {
	VariantID         uuid.UUID
	VendorID          uuid.UUID
	SKU               string
	LowStockThreshold int64
	Levels            []Level
}

// Available sums the item's sellable stock over its locations.
func (it Item) Available() int64 {
	var n int64
	for _, l := range it.Levels {
		n += l.Available()
	}
	return n
}

// Track is what the catalog tells inventory about a new variant.
type Track struct {
	VendorID  uuid.UUID
	VariantID uuid.UUID
	SKU       string
	// Initial stock at the vendor's default location.
	Initial           int64
	LowStockThreshold int64
	ActorID           *uuid.UUID
}

// Adjustment changes the on-hand stock of a variant at a location.
type Adjustment struct {
	VariantID uuid.UUID
	// LocationID defaults to the vendor's default location.
	LocationID uuid.UUID
	Delta      int64
	Reason     string
	Note       string
}

// Movement is one line of the stock history.
type Movement struct {
	ID            uuid.UUID
	VariantID     uuid.UUID
	LocationID    uuid.UUID
	OnHandDelta   int64
	ReservedDelta int64
	OnHandAfter   int64
	Reason        string
	Note          string
	Reference     string
	ActorID       *uuid.UUID
	CreatedAt     time.Time
}

// Line asks to hold Quantity units of a variant.
type Line struct {
	VariantID uuid.UUID
	Quantity  int64
}

// Reservation is stock held for a reference (a cart or an order) at one location.
type Reservation struct {
	ID         uuid.UUID
	Reference  string
	VariantID  uuid.UUID
	LocationID uuid.UUID
	Quantity   int64
}

// OutOfStockError says which variant could not be reserved. It unwraps to errs.ErrConflict.
type OutOfStockError struct {
	VariantID uuid.UUID
	Requested int64
	Available int64
}

func (e *OutOfStockError) Error() string {
	return fmt.Sprintf("out of stock: variant %s has %d available, %d requested", e.VariantID, max(e.Available, 0), e.Requested)
}

// Unwrap makes errors.Is(err, errs.ErrConflict) and errors.Is(err, ErrOutOfStock) true.
func (e *OutOfStockError) Unwrap() []error { return []error{ErrOutOfStock, errs.ErrConflict} }

// Page is one page of a listing.
type Page[T any] struct {
	Items      []T
	NextCursor string
}
