package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Tracking: the catalog calls these inside its own transaction.

// Track starts tracking a new variant inside tx, with its initial stock at the vendor's default
// location.
func (s *Service) Track(tx *gorm.DB, t Track) error {
	if t.Initial < 0 {
		return errs.Invalid("body.stock", "must not be negative")
	}
	if t.LowStockThreshold < 0 {
		return errs.Invalid("body.low_stock_threshold", "must not be negative")
	}
	tid, err := tenantOf(tx)
	if err != nil {
		return err
	}
	loc, err := s.EnsureDefaultLocation(tx, t.VendorID)
	if err != nil {
		return err
	}
	item := itemRow{TenantID: tid, VariantID: t.VariantID, VendorID: t.VendorID, SKU: t.SKU, LowStockThreshold: t.LowStockThreshold, CreatedAt: now(), UpdatedAt: now()}
	if err := tx.Create(&item).Error; err != nil {
		return fmt.Errorf("track variant: %w", err)
	}
	lvl := levelRow{TenantID: tid, VariantID: t.VariantID, LocationID: loc.ID, OnHand: t.Initial, UpdatedAt: now()}
	if err := tx.Create(&lvl).Error; err != nil {
		return fmt.Errorf("initial stock: %w", err)
	}
	if t.Initial > 0 {
		if err := s.record(tx, tid, movementRow{VendorID: t.VendorID, VariantID: t.VariantID, LocationID: loc.ID, OnHandDelta: t.Initial,
			OnHandAfter: t.Initial, Reason: ReasonInitial, ActorID: t.ActorID}); err != nil {
			return err
		}
	}
	return s.afterChange(tx, []uuid.UUID{t.VariantID})
}

// Rename keeps the SKU shown in inventory in step with the catalog.
func (s *Service) Rename(tx *gorm.DB, variantID uuid.UUID, sku string) error {
	return tx.Model(&itemRow{}).Where("variant_id = ?", variantID).Updates(map[string]any{"sku": sku, "updated_at": now()}).Error
}

// Untrack stops tracking a deleted variant inside tx; refused while stock is reserved.
func (s *Service) Untrack(tx *gorm.DB, variantID uuid.UUID) error {
	var held int64
	if err := tx.Model(&reservationRow{}).Where("variant_id = ? AND state = 'held'", variantID).Count(&held).Error; err != nil {
		return err
	}
	if held > 0 {
		return ErrStockHeld
	}
	if err := tx.Where("variant_id = ?", variantID).Delete(&reservationRow{}).Error; err != nil {
		return err
	}
	return tx.Where("variant_id = ?", variantID).Delete(&itemRow{}).Error
}

func (s *Service) record(tx *gorm.DB, tid uuid.UUID, m movementRow) error {
	m.TenantID, m.ID, m.CreatedAt = tid, ids.New(), now()
	if err := tx.Create(&m).Error; err != nil {
		return fmt.Errorf("record stock movement: %w", err)
	}
	return nil
}

// afterChange tells listeners the variants' new availability and raises or clears their
// low-stock alerts. The alert flag flips with a conditional update, so one crossing sends one
// email however many sales happen at once.
func (s *Service) afterChange(tx *gorm.DB, variantIDs []uuid.UUID) error {
	type avail struct {
		VariantID uuid.UUID
		Available int64
	}
	var rows []avail
	err := tx.Raw(`select i.variant_id, coalesce(sum(l.on_hand - l.reserved), 0) as available
		from inventory_items i left join stock_levels l on l.tenant_id = i.tenant_id and l.variant_id = i.variant_id
		where i.variant_id in ? group by i.variant_id order by i.variant_id`, variantIDs).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("sum availability: %w", err)
	}
	available := make(map[uuid.UUID]int64, len(rows))
	for _, r := range rows {
		available[r.VariantID] = r.Available
	}
	return s.publish(tx, available, nil)
}

// lowStockState is a variant's alert setting as a statement that changed its stock read it.
type lowStockState struct {
	Threshold int64
	Alerted   bool
}

// publish tells listeners the availability of changed variants and flips their low-stock
// alerts where the threshold was crossed. known holds each variant's alert state when the
// caller read it along with the change (a reservation); then a variant that crossed nothing
// costs no statement (a state read just before a concurrent restock delays that alert to the
// next change at most). Without it every variant is checked in the database.
func (s *Service) publish(tx *gorm.DB, available map[uuid.UUID]int64, known map[uuid.UUID]lowStockState) error {
	for _, l := range s.listeners {
		if err := l(tx, available); err != nil {
			return err
		}
	}
	changed, quantities := make([]string, 0, len(available)), make([]string, 0, len(available))
	for id, n := range available {
		if st, ok := known[id]; ok && (st.Threshold <= 0 || st.Alerted == (n <= st.Threshold)) {
			continue
		}
		changed, quantities = append(changed, id.String()), append(quantities, strconv.FormatInt(n, 10))
	}
	if len(changed) == 0 {
		return nil
	}
	var flipped []itemRow
	err := tx.Raw(`update inventory_items i set low_stock_alerted = (c.available <= i.low_stock_threshold), updated_at = now()
		from unnest(?::uuid[], ?::bigint[]) c(id, available)
		where i.variant_id = c.id and i.low_stock_threshold > 0 and i.low_stock_alerted <> (c.available <= i.low_stock_threshold)
		returning i.variant_id, i.vendor_id, i.sku, i.low_stock_threshold, i.low_stock_alerted`,
		db.TextArray(changed), db.TextArray(quantities)).Scan(&flipped).Error
	if err != nil {
		return fmt.Errorf("low-stock state: %w", err)
	}
	slices.SortFunc(flipped, func(a, b itemRow) int { return strings.Compare(a.VariantID.String(), b.VariantID.String()) })
	for _, f := range flipped {
		if !f.LowStockAlerted || s.d.Notify == nil {
			continue
		}
		if err := s.alert(tx, f, available[f.VariantID]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) alert(tx *gorm.DB, it itemRow, available int64) error {
	name, to, err := s.d.Vendors.ContactIn(tx, it.VendorID)
	if err != nil {
		return err
	}
	base := ""
	if t, ok := tenants.FromContext(tx.Statement.Context); ok && t.Slug != "" && s.d.TenantURL != nil {
		base = s.d.TenantURL(t.Slug)
	}
	url := notifications.LinksFor(base).SellerLowStock(it.VendorID)
	return s.d.Notify.Send(tx, notifications.Email{To: to, Template: "low_stock", Data: map[string]string{
		"sku": it.SKU, "available": strconv.FormatInt(available, 10), "threshold": strconv.FormatInt(it.LowStockThreshold, 10),
		"vendor": name, "url": url,
	}})
}
