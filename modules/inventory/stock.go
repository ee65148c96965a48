package inventory

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Seller reads and adjustments of stock.

// ItemFilter narrows a vendor's stock listing.
type ItemFilter struct {
	VariantIDs []uuid.UUID
	LowOnly    bool
	Cursor     string
	Limit      int
}

func decodeCursor(field, c string) (uuid.UUID, error) {
	if c == "" {
		return uuid.Nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		var id uuid.UUID
		if id, err = uuid.FromBytes(b); err == nil {
			return id, nil
		}
	}
	return uuid.Nil, errs.Invalid(field, "is not a cursor from a previous page")
}

func encodeCursor(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

// Items lists a vendor's tracked variants with their stock per location, by SKU.
func (s *Service) Items(ctx context.Context, vendorID uuid.UUID, f ItemFilter) (Page[Item], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 100
	}
	after, err := decodeCursor("query.cursor", f.Cursor)
	if err != nil {
		return Page[Item]{}, err
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Page[Item]{}, err
	}
	var page Page[Item]
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var rows []itemRow
		q := tx.Where("vendor_id = ?", vendorID).Order("variant_id").Limit(f.Limit + 1)
		if len(f.VariantIDs) > 0 {
			q = q.Where("variant_id IN ?", f.VariantIDs)
		}
		if f.LowOnly {
			q = q.Where("low_stock_alerted")
		}
		if after != uuid.Nil {
			q = q.Where("variant_id > ?", after)
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) > f.Limit {
			rows = rows[:f.Limit]
			page.NextCursor = encodeCursor(rows[len(rows)-1].VariantID)
		}
		page.Items, err = s.withLevels(tx, rows)
		return err
	})
	return page, err
}

func (s *Service) withLevels(tx *gorm.DB, rows []itemRow) ([]Item, error) {
	out := make([]Item, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := map[uuid.UUID]int{}
	vids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		out[i] = Item{VariantID: r.VariantID, VendorID: r.VendorID, SKU: r.SKU, LowStockThreshold: r.LowStockThreshold, Levels: []Level{}}
		idx[r.VariantID] = i
		vids[i] = r.VariantID
	}
	var lvls []levelRow
	if err := tx.Where("variant_id IN ?", vids).Order("variant_id, location_id").Find(&lvls).Error; err != nil {
		return nil, err
	}
	for _, l := range lvls {
		i := idx[l.VariantID]
		out[i].Levels = append(out[i].Levels, Level{LocationID: l.LocationID, OnHand: l.OnHand, Reserved: l.Reserved})
	}
	return out, nil
}

// Adjust changes a variant's on-hand stock at a location by a signed delta, with a reason;
// the stock can never drop below zero or below what is reserved.
func (s *Service) Adjust(ctx context.Context, vendorID uuid.UUID, a Adjustment) (Item, error) {
	if a.Delta == 0 || a.Delta > 1_000_000_000 || a.Delta < -1_000_000_000 {
		return Item{}, errs.Invalid("body.delta", "must be a non-zero whole number of units")
	}
	if !slices.Contains(AdjustmentReasons, a.Reason) {
		return Item{}, errs.Invalid("body.reason", "must be one of "+strings.Join(AdjustmentReasons, ", "))
	}
	a.Note = strings.TrimSpace(a.Note)
	if utf8.RuneCountInString(a.Note) > 500 {
		return Item{}, errs.Invalid("body.note", "must be at most 500 characters")
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Item{}, err
	}
	actor := access.PrincipalFrom(ctx).AccountID
	var out Item
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var item itemRow
		if err := tx.Where("variant_id = ? AND vendor_id = ?", a.VariantID, vendorID).Take(&item).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrItemNotFound
			}
			return err
		}
		loc := a.LocationID
		if loc == uuid.Nil {
			def, err := s.EnsureDefaultLocation(tx, vendorID)
			if err != nil {
				return err
			}
			loc = def.ID
		} else {
			var n int64
			if err := tx.Model(&locationRow{}).Where("id = ? AND vendor_id = ?", loc, vendorID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return ErrLocationNotFound
			}
		}
		if a.Delta > 0 {
			ins := levelRow{TenantID: item.TenantID, VariantID: item.VariantID, LocationID: loc, UpdatedAt: now()}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ins).Error; err != nil {
				return err
			}
		}
		var after []int64
		err := tx.Raw(`update stock_levels set on_hand = on_hand + ?, updated_at = now()
			where variant_id = ? and location_id = ? and on_hand + ? >= reserved
			returning on_hand`, a.Delta, item.VariantID, loc, a.Delta).Scan(&after).Error
		if err != nil {
			return fmt.Errorf("adjust stock: %w", err)
		}
		if len(after) == 0 {
			return ErrBelowReserved
		}
		if err := s.record(tx, item.TenantID, movementRow{VendorID: vendorID, VariantID: item.VariantID, LocationID: loc,
			OnHandDelta: a.Delta, OnHandAfter: after[0], Reason: a.Reason, Note: a.Note, ActorID: &actor}); err != nil {
			return err
		}
		if err := s.afterChange(tx, []uuid.UUID{item.VariantID}); err != nil {
			return err
		}
		items, err := s.withLevels(tx, []itemRow{item})
		if err != nil {
			return err
		}
		out = items[0]
		return nil
	})
	return out, err
}

// SetThreshold sets the stock level at or below which the vendor is alerted (0 = never).
func (s *Service) SetThreshold(ctx context.Context, vendorID, variantID uuid.UUID, threshold int64) (Item, error) {
	if threshold < 0 || threshold > 1_000_000_000 {
		return Item{}, errs.Invalid("body.low_stock_threshold", "must be 0 (no alerts) or a positive number of units")
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Item{}, err
	}
	var out Item
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&itemRow{}).Where("variant_id = ? AND vendor_id = ?", variantID, vendorID).
			Updates(map[string]any{"low_stock_threshold": threshold, "updated_at": now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrItemNotFound
		}
		if err := s.afterChange(tx, []uuid.UUID{variantID}); err != nil {
			return err
		}
		var item itemRow
		if err := tx.Where("variant_id = ?", variantID).Take(&item).Error; err != nil {
			return err
		}
		items, err := s.withLevels(tx, []itemRow{item})
		if err == nil {
			out = items[0]
		}
		return err
	})
	return out, err
}

// MovementFilter narrows the stock history.
type MovementFilter struct {
	VariantID uuid.UUID
	Cursor    string
	Limit     int
}

// Movements lists a vendor's stock history, newest first.
func (s *Service) Movements(ctx context.Context, vendorID uuid.UUID, f MovementFilter) (Page[Movement], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	before, err := decodeCursor("query.cursor", f.Cursor)
	if err != nil {
		return Page[Movement]{}, err
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Page[Movement]{}, err
	}
	var page Page[Movement]
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var rows []movementRow
		q := tx.Where("vendor_id = ?", vendorID).Order("id DESC").Limit(f.Limit + 1)
		if f.VariantID != uuid.Nil {
			q = q.Where("variant_id = ?", f.VariantID)
		}
		if before != uuid.Nil {
			q = q.Where("id < ?", before)
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) > f.Limit {
			rows = rows[:f.Limit]
			page.NextCursor = encodeCursor(rows[len(rows)-1].ID)
		}
		page.Items = make([]Movement, len(rows))
		for i, r := range rows {
			page.Items[i] = r.movement()
		}
		return nil
	})
	return page, err
}

// Available returns the sellable quantity of each variant (absent variants are untracked).
func (s *Service) Available(ctx context.Context, variantIDs []uuid.UUID) (map[uuid.UUID]int64, error) {
	out := map[uuid.UUID]int64{}
	if len(variantIDs) == 0 {
		return out, nil
	}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		type row struct {
			VariantID uuid.UUID
			Available int64
		}
		var rows []row
		if err := tx.Raw(`select variant_id, sum(on_hand - reserved) as available from stock_levels where variant_id in ? group by variant_id`, variantIDs).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[r.VariantID] = r.Available
		}
		return nil
	})
	return out, err
}
