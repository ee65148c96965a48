package inventory

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// ReasonCSVImport marks stock set by a CSV import (module catalogio).
const ReasonCSVImport = "csv_import"

// StockCount sets a variant's on-hand stock at one location to an absolute number.
type StockCount struct {
	VendorID   uuid.UUID
	VariantID  uuid.UUID
	LocationID uuid.UUID
	OnHand     int64
	Reason     string
	Note       string
	ActorID    *uuid.UUID
	// Field names the input in errors (a CSV column such as "stock:Main warehouse").
	Field string
}

// SetOnHand sets a tracked variant's on-hand stock at a location inside tx and records the
// difference as a movement. Setting (rather than adding) makes a repeated import harmless: the
// second time the difference is zero and nothing is written. The count may not go below zero
// or below what is reserved for checkouts. It reports whether the stock changed.
func (s *Service) SetOnHand(tx *gorm.DB, c StockCount) (bool, error) {
	field := c.Field
	if field == "" {
		field = "on_hand"
	}
	if c.OnHand < 0 || c.OnHand > 1_000_000_000 {
		return false, errs.Invalid(field, "must be a whole number of units from 0 to 1000000000")
	}
	var item itemRow
	if err := tx.Where("variant_id = ? AND vendor_id = ?", c.VariantID, c.VendorID).Take(&item).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return false, ErrItemNotFound
		}
		return false, err
	}
	var n int64
	if err := tx.Model(&locationRow{}).Where("id = ? AND vendor_id = ?", c.LocationID, c.VendorID).Count(&n).Error; err != nil {
		return false, err
	}
	if n == 0 {
		return false, ErrLocationNotFound
	}
	ins := levelRow{TenantID: item.TenantID, VariantID: item.VariantID, LocationID: c.LocationID, UpdatedAt: now()}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ins).Error; err != nil {
		return false, err
	}
	var lvl levelRow
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("variant_id = ? AND location_id = ?", c.VariantID, c.LocationID).Take(&lvl).Error; err != nil {
		return false, fmt.Errorf("lock stock level: %w", err)
	}
	delta := c.OnHand - lvl.OnHand
	if delta == 0 {
		return false, nil
	}
	if c.OnHand < lvl.Reserved {
		return false, errs.Invalid(field, fmt.Sprintf("%d units are reserved for checkouts in progress; set at least that many", lvl.Reserved))
	}
	if err := tx.Model(&levelRow{}).Where("variant_id = ? AND location_id = ?", c.VariantID, c.LocationID).
		Updates(map[string]any{"on_hand": c.OnHand, "updated_at": now()}).Error; err != nil {
		return false, fmt.Errorf("set stock: %w", err)
	}
	if err := s.record(tx, item.TenantID, movementRow{VendorID: c.VendorID, VariantID: c.VariantID, LocationID: c.LocationID,
		OnHandDelta: delta, OnHandAfter: c.OnHand, Reason: c.Reason, Note: c.Note, ActorID: c.ActorID}); err != nil {
		return false, err
	}
	return true, s.afterChange(tx, []uuid.UUID{c.VariantID})
}
