package inventory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

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
