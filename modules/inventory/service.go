package inventory

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// Vendors is what inventory needs from module vendors.
type Vendors interface {
	Authorize(ctx context.Context, vendorID uuid.UUID) (vendors.Membership, error)
	ContactIn(tx *gorm.DB, vendorID uuid.UUID) (name, email string, err error)
}

// AvailabilityListener learns, inside the transaction that changed them, variants' new
// available quantities (on hand minus reserved, over all locations) by variant id.
type AvailabilityListener func(tx *gorm.DB, available map[uuid.UUID]int64) error

// Deps are what the service is built from.
type Deps struct {
	Tenants *tenants.Registry
	Notify  *notifications.Service
	Vendors Vendors
	// TenantURL is the public URL of a marketplace by slug, for links in emails.
	TenantURL func(slug string) string
}

// Service is the inventory module's only way in.
type Service struct {
	d         Deps
	listeners []AvailabilityListener
}

// NewService returns the inventory service.
func NewService(d Deps) *Service { return &Service{d: d} }

// OnAvailabilityChange subscribes l; call it while wiring.
func (s *Service) OnAvailabilityChange(l AvailabilityListener) { s.listeners = append(s.listeners, l) }

func now() time.Time { return time.Now().UTC() }

// tenantOf is the marketplace a Registry.Tx transaction is scoped to.
func tenantOf(tx *gorm.DB) (uuid.UUID, error) {
	if id := tenants.IDFromContext(tx.Statement.Context); id != uuid.Nil {
		return id, nil
	}
	var s string
	if err := tx.Raw("select current_setting('app.tenant_id', true)").Scan(&s).Error; err != nil {
		return uuid.Nil, err
	}
	return uuid.Parse(s)
}

// ---- locations

// EnsureDefaultLocation gives vendorID its default location ("Main warehouse") inside tx, if
// it has none; the vendors module calls it when a vendor is approved.
func (s *Service) EnsureDefaultLocation(tx *gorm.DB, vendorID uuid.UUID) (Location, error) {
	var row locationRow
	err := tx.Where("vendor_id = ? AND is_default", vendorID).Limit(1).Find(&row).Error
	if err != nil {
		return Location{}, fmt.Errorf("load default location: %w", err)
	}
	if row.ID != uuid.Nil {
		return row.location(), nil
	}
	tid, err := tenantOf(tx)
	if err != nil {
		return Location{}, err
	}
	row = locationRow{TenantID: tid, ID: ids.New(), VendorID: vendorID, Name: "Main warehouse", IsDefault: true, CreatedAt: now(), UpdatedAt: now()}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return Location{}, fmt.Errorf("create default location: %w", res.Error)
	}
	if res.RowsAffected == 0 { // made concurrently
		if err := tx.Where("vendor_id = ? AND is_default", vendorID).Take(&row).Error; err != nil {
			return Location{}, err
		}
	}
	return row.location(), nil
}

// Locations lists a vendor's stock locations, default first.
func (s *Service) Locations(ctx context.Context, vendorID uuid.UUID) ([]Location, error) {
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return nil, err
	}
	var rows []locationRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.EnsureDefaultLocation(tx, vendorID); err != nil {
			return err
		}
		return tx.Where("vendor_id = ?", vendorID).Order("is_default DESC, created_at, id").Find(&rows).Error
	})
	if err != nil {
		return nil, err
	}
	out := make([]Location, len(rows))
	for i, r := range rows {
		out[i] = r.location()
	}
	return out, nil
}

// LocationChange creates (Name required) or partially updates a location.
type LocationChange struct {
	Name      *string
	Country   *string
	IsDefault *bool
}

func cleanLocation(c LocationChange, changes map[string]any) error {
	if c.Name != nil {
		n := strings.TrimSpace(*c.Name)
		if n == "" || utf8.RuneCountInString(n) > 100 || strings.ContainsAny(n, "\r\n\x00") {
			return errs.Invalid("body.name", "must be 1 to 100 characters on one line")
		}
		changes["name"] = n
	}
	if c.Country != nil {
		cc := strings.ToUpper(strings.TrimSpace(*c.Country))
		switch {
		case cc == "":
			changes["country"] = nil
		case len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z':
			return errs.Invalid("body.country", "must be an ISO 3166-1 alpha-2 country code such as DE")
		default:
			changes["country"] = cc
		}
	}
	return nil
}

// CreateLocation adds a stock location to a vendor.
func (s *Service) CreateLocation(ctx context.Context, vendorID uuid.UUID, c LocationChange) (Location, error) {
	if c.Name == nil {
		return Location{}, errs.Invalid("body.name", "is required")
	}
	changes := map[string]any{}
	if err := cleanLocation(c, changes); err != nil {
		return Location{}, err
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Location{}, err
	}
	var row locationRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		def, err := s.EnsureDefaultLocation(tx, vendorID)
		if err != nil {
			return err
		}
		row = locationRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), VendorID: vendorID, Name: changes["name"].(string), CreatedAt: now(), UpdatedAt: now()}
		if cc, ok := changes["country"].(string); ok {
			row.Country = &cc
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if c.IsDefault != nil && *c.IsDefault {
			if err := tx.Model(&locationRow{}).Where("id = ?", def.ID).Update("is_default", false).Error; err != nil {
				return err
			}
			row.IsDefault = true
			return tx.Model(&locationRow{}).Where("id = ?", row.ID).Update("is_default", true).Error
		}
		return nil
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Location{}, ErrLocationNameTaken
	}
	if err != nil {
		return Location{}, fmt.Errorf("create location: %w", err)
	}
	return row.location(), nil
}

// UpdateLocation renames a location or makes it the default.
func (s *Service) UpdateLocation(ctx context.Context, vendorID, id uuid.UUID, c LocationChange) (Location, error) {
	changes := map[string]any{"updated_at": now()}
	if err := cleanLocation(c, changes); err != nil {
		return Location{}, err
	}
	if c.IsDefault != nil && !*c.IsDefault {
		return Location{}, errs.Invalid("body.is_default", "make another location the default instead")
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Location{}, err
	}
	var row locationRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND vendor_id = ?", id, vendorID).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrLocationNotFound
			}
			return err
		}
		if c.IsDefault != nil && *c.IsDefault && !row.IsDefault {
			if err := tx.Model(&locationRow{}).Where("vendor_id = ? AND is_default", vendorID).Update("is_default", false).Error; err != nil {
				return err
			}
			changes["is_default"] = true
		}
		if err := tx.Model(&locationRow{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return err
		}
		return tx.Where("id = ?", id).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Location{}, ErrLocationNameTaken
	}
	if err != nil {
		return Location{}, err
	}
	return row.location(), nil
}

// ---- tracking (called by the catalog inside its transaction)

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

// ---- seller reads and adjustments

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

// ---- reservations (checkout)

// Reserve holds stock for reference inside tx (the checkout's transaction). Each line takes
// its units from one location with enough available, through a conditional update that
// re-checks availability under the row lock, so concurrent checkouts can never oversell: the
// loser gets an *OutOfStockError (errs.ErrConflict) and the caller rolls back.
func (s *Service) Reserve(tx *gorm.DB, reference string, lines []Line) ([]Reservation, error) {
	return s.ReserveAll(tx, Hold{Reference: reference, Lines: lines})
}

// Hold is the stock one reference (a vendor order) wants held.
type Hold struct {
	Reference string
	Lines     []Line
}

// ReserveAll reserves several holds at once, as Reserve does each: one checkout's vendor
// orders in one pass, so the availability that listeners see is updated once for all of them.
func (s *Service) ReserveAll(tx *gorm.DB, holds ...Hold) ([]Reservation, error) {
	tid, err := tenantOf(tx)
	if err != nil {
		return nil, err
	}
	type want struct {
		reference string
		variantID uuid.UUID
		quantity  int64
	}
	var wants []want
	for _, h := range holds {
		ref := strings.TrimSpace(h.Reference)
		if ref == "" || len(ref) > 200 {
			return nil, errs.Invalid("reference", "must be 1 to 200 characters")
		}
		merged := map[uuid.UUID]int64{}
		for i, l := range h.Lines {
			if l.Quantity <= 0 {
				return nil, errs.Invalid(fmt.Sprintf("lines[%d].quantity", i), "must be at least 1")
			}
			merged[l.VariantID] += l.Quantity
		}
		for vid, q := range merged {
			wants = append(wants, want{ref, vid, q})
		}
	}
	// A fixed lock order (by variant id, across every hold) keeps concurrent multi-line
	// reservations from deadlocking one another.
	slices.SortFunc(wants, func(a, b want) int {
		if c := strings.Compare(a.variantID.String(), b.variantID.String()); c != 0 {
			return c
		}
		return strings.Compare(a.reference, b.reference)
	})
	out := make([]Reservation, 0, len(wants))
	available := make(map[uuid.UUID]int64, len(wants))
	states := make(map[uuid.UUID]lowStockState, len(wants))
	// One statement per round of distinct variants: the first line of each variant, then the
	// second line of the variants held for two references, and so on. Later rounds touch only
	// rows the first one already locked, so the lock order stays global.
	for rest := wants; len(rest) > 0; {
		var round []reserveLine
		var roundWants, later []want
		for i, w := range rest {
			if i > 0 && w.variantID == rest[i-1].variantID {
				later = append(later, w)
				continue
			}
			round = append(round, reserveLine{Reference: w.reference, VariantID: w.variantID, Quantity: w.quantity})
			roundWants = append(roundWants, w)
		}
		got, err := s.reserveLines(tx, tid, round)
		if err != nil {
			return nil, err
		}
		for i, g := range got {
			out = append(out, g.Reservation)
			available[roundWants[i].variantID], states[roundWants[i].variantID] = g.after.available, g.after.lowStock
		}
		rest = later
	}
	if err := s.publish(tx, available, states); err != nil {
		return nil, err
	}
	return out, nil
}

// reserveLine is one line of reserveLines: quantity units of a variant for a reference.
type reserveLine struct {
	Reference string
	VariantID uuid.UUID
	Quantity  int64
}

// reservedLine is what reserveLines did for one line.
type reservedLine struct {
	Reservation
	after afterReserve
}

// reserveLines reserves every line in one statement; the variants must be distinct and sorted
// by id. It first locks every stock row of those variants in (variant, location) order, the
// one global order every reservation locks in, so concurrent checkouts cannot deadlock. Under
// the locks it sees each row's latest committed units, so the location it picks (the one with
// the most available that covers the line) cannot be drained before its update, and no line
// needs a retry. A line no location covers fails the whole call with an *OutOfStockError (the
// best location's units as available); the caller rolls back.
func (s *Service) reserveLines(tx *gorm.DB, tid uuid.UUID, lines []reserveLine) ([]reservedLine, error) {
	// Array parameters as literals (GORM would expand a slice into a list of parameters), cast
	// with cast(… as …): GORM's named parameters end at a space, not at "::".
	vids, qs, refs := make([]string, len(lines)), make([]string, len(lines)), make([]string, len(lines))
	rids, ridText, mids := make([]uuid.UUID, len(lines)), make([]string, len(lines)), make([]string, len(lines))
	for i, l := range lines {
		vids[i], qs[i], refs[i] = l.VariantID.String(), strconv.FormatInt(l.Quantity, 10), l.Reference
		rids[i], mids[i] = ids.New(), ids.New().String()
		ridText[i] = rids[i].String()
	}
	type row struct {
		Ord               int
		LocationID        *uuid.UUID
		Available         int64
		Best              int64
		LowStockThreshold int64
		LowStockAlerted   bool
	}
	var rows []row
	err := tx.Raw(`with w as materialized (
			select * from unnest(cast(@vids as uuid[]), cast(@qs as bigint[]), cast(@refs as text[]), cast(@rids as uuid[]), cast(@mids as uuid[]))
				with ordinality as w(vid, q, ref, rid, mid, ord)),
		locked as materialized (
			select l.variant_id, l.location_id, l.on_hand - l.reserved as free
			from stock_levels l where l.variant_id = any(cast(@vids as uuid[]))
			order by l.variant_id, l.location_id
			for update),
		pick as materialized (
			select distinct on (w.ord) w.ord, w.vid, w.q, w.ref, w.rid, w.mid, k.location_id
			from w join locked k on k.variant_id = w.vid and k.free >= w.q
			order by w.ord, k.free desc, k.location_id),
		u as (
			update stock_levels l set reserved = l.reserved + p.q, updated_at = now()
			from pick p where l.variant_id = p.vid and l.location_id = p.location_id
			returning l.variant_id, l.location_id, l.on_hand),
		r as (
			insert into stock_reservations (tenant_id, id, reference, variant_id, location_id, quantity, state, created_at)
			select @tid, p.rid, p.ref, p.vid, p.location_id, p.q, 'held', now() from pick p),
		m as (
			insert into stock_movements (tenant_id, id, vendor_id, variant_id, location_id, reserved_delta, on_hand_after, reason, reference, created_at)
			select @tid, p.mid, i.vendor_id, p.vid, u.location_id, p.q, u.on_hand, @reason, p.ref, now()
			from pick p join u on u.variant_id = p.vid join inventory_items i on i.variant_id = p.vid)
		select w.ord, u.location_id,
			coalesce((select sum(k.free) from locked k where k.variant_id = w.vid), 0) - coalesce(p.q, 0) as available,
			coalesce((select max(k.free) from locked k where k.variant_id = w.vid), 0) as best,
			coalesce(i.low_stock_threshold, 0) as low_stock_threshold, coalesce(i.low_stock_alerted, false) as low_stock_alerted
		from w left join pick p on p.ord = w.ord left join u on u.variant_id = p.vid
			left join inventory_items i on i.variant_id = w.vid
		order by w.ord`,
		map[string]any{
			"vids": db.TextArray(vids), "qs": db.TextArray(qs),
			"refs": db.TextArray(refs), "rids": db.TextArray(ridText), "mids": db.TextArray(mids),
			"tid": tid, "reason": ReasonReserved,
		}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("reserve stock: %w", err)
	}
	if len(rows) != len(lines) {
		return nil, fmt.Errorf("reserve stock: %d answers for %d lines", len(rows), len(lines))
	}
	out := make([]reservedLine, len(lines))
	for i, r := range rows {
		l := lines[i]
		if r.LocationID == nil {
			return nil, &OutOfStockError{VariantID: l.VariantID, Requested: l.Quantity, Available: max(r.Best, 0)}
		}
		out[i] = reservedLine{
			Reservation: Reservation{ID: rids[i], Reference: l.Reference, VariantID: l.VariantID, LocationID: *r.LocationID, Quantity: l.Quantity},
			after:       afterReserve{available: r.Available, lowStock: lowStockState{Threshold: r.LowStockThreshold, Alerted: r.LowStockAlerted}},
		}
	}
	return out, nil
}

// afterReserve is a variant's availability once a reservation took its units, and its alert
// state, as the reserving statement read them.
type afterReserve struct {
	available int64
	lowStock  lowStockState
}

// Release gives back every unit still held for reference (an abandoned or failed checkout)
// inside tx. Releasing twice is harmless.
func (s *Service) Release(tx *gorm.DB, reference string) error {
	return s.settle(tx, reference, "released")
}

// Commit turns the units held for reference into a sale (the order is paid): they leave the
// on-hand stock. Committing twice is harmless.
func (s *Service) Commit(tx *gorm.DB, reference string) error {
	return s.settle(tx, reference, "committed")
}

func (s *Service) settle(tx *gorm.DB, reference, state string) error {
	tid, err := tenantOf(tx)
	if err != nil {
		return err
	}
	var rows []reservationRow
	err = tx.Raw(`update stock_reservations set state = ?, settled_at = now()
		where reference = ? and state = 'held' returning *`, state, reference).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("settle reservations: %w", err)
	}
	slices.SortFunc(rows, func(a, b reservationRow) int { return strings.Compare(a.VariantID.String(), b.VariantID.String()) })
	vids := make([]uuid.UUID, 0, len(rows))
	for _, r := range rows {
		onHandDelta, reason := int64(0), ReasonReleased
		if state == "committed" {
			onHandDelta, reason = -r.Quantity, ReasonSold
		}
		var after []int64
		err := tx.Raw(`update stock_levels set reserved = reserved - ?, on_hand = on_hand + ?, updated_at = now()
			where variant_id = ? and location_id = ? returning on_hand`, r.Quantity, onHandDelta, r.VariantID, r.LocationID).Scan(&after).Error
		if err != nil {
			return fmt.Errorf("settle stock: %w", err)
		}
		var item itemRow
		if err := tx.Select("vendor_id").Where("variant_id = ?", r.VariantID).Take(&item).Error; err != nil {
			return err
		}
		if err := s.record(tx, tid, movementRow{VendorID: item.VendorID, VariantID: r.VariantID, LocationID: r.LocationID,
			OnHandDelta: onHandDelta, ReservedDelta: -r.Quantity, OnHandAfter: after[0], Reason: reason, Reference: reference}); err != nil {
			return err
		}
		vids = append(vids, r.VariantID)
	}
	if len(vids) == 0 {
		return nil
	}
	return s.afterChange(tx, vids)
}
