package shipping

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Errors of this package.
var (
	ErrProfileNotFound = fmt.Errorf("shipping profile: %w", errs.ErrNotFound)
)

// VendorAccess says whether the caller may manage a vendor (a member of it); it returns an
// errs.ErrNotFound kind when not, so other vendors' ids leak nothing.
type VendorAccess interface {
	CheckVendor(ctx context.Context, vendorID uuid.UUID) error
}

// Service manages shipping profiles and quotes rates.
type Service struct {
	tenants *tenants.Registry
}

// NewService returns the shipping service.
func NewService(reg *tenants.Registry) *Service { return &Service{tenants: reg} }

type profileRow struct {
	TenantID         uuid.UUID
	ID               uuid.UUID
	VendorID         uuid.UUID
	Name             string
	IsDefault        bool
	ShipFromCountry  string
	ShipFromLat      *float64
	ShipFromLon      *float64
	ReturnWindowDays int
	Currency         string
	Zones            []byte `gorm:"type:jsonb"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (profileRow) TableName() string { return "shipping_profiles" }

func (r profileRow) profile() (ShippingProfile, error) {
	p := ShippingProfile{ID: r.ID, VendorID: r.VendorID, Name: r.Name, IsDefault: r.IsDefault, ShipFromCountry: r.ShipFromCountry,
		ShipFromLat: r.ShipFromLat, ShipFromLon: r.ShipFromLon, ReturnWindowDays: r.ReturnWindowDays, Currency: r.Currency, UpdatedAt: r.UpdatedAt}
	if err := json.Unmarshal(r.Zones, &p.Zones); err != nil {
		return ShippingProfile{}, fmt.Errorf("decode zones of profile %s: %w", r.ID, err)
	}
	if p.Zones == nil {
		p.Zones = []ShippingZone{}
	}
	return p, nil
}

// Profiles lists a vendor's profiles.
func (s *Service) Profiles(ctx context.Context, vendorID uuid.UUID) ([]ShippingProfile, error) {
	var rows []profileRow
	if err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("vendor_id = ?", vendorID).Order("created_at").Find(&rows).Error
	}); err != nil {
		return nil, fmt.Errorf("list shipping profiles: %w", err)
	}
	out := make([]ShippingProfile, 0, len(rows))
	for _, r := range rows {
		p, err := r.profile()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Profile returns one profile of a vendor.
func (s *Service) Profile(ctx context.Context, vendorID, id uuid.UUID) (ShippingProfile, error) {
	var row profileRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("vendor_id = ? AND id = ?", vendorID, id).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ShippingProfile{}, ErrProfileNotFound
	}
	if err != nil {
		return ShippingProfile{}, fmt.Errorf("load shipping profile: %w", err)
	}
	return row.profile()
}

// SaveProfile creates (id nil) or replaces a vendor's profile. A vendor's first profile is its
// default; making a profile default clears the flag on the others.
func (s *Service) SaveProfile(ctx context.Context, vendorID, id uuid.UUID, in ShippingProfileInput) (ShippingProfile, error) {
	if err := in.validate(); err != nil {
		return ShippingProfile{}, err
	}
	zones, err := json.Marshal(in.Zones)
	if err != nil {
		return ShippingProfile{}, err
	}
	window := 30
	if in.ReturnWindowDays != nil {
		window = *in.ReturnWindowDays
	}
	now := time.Now()
	row := profileRow{TenantID: tenants.IDFromContext(ctx), ID: id, VendorID: vendorID, Name: in.Name, IsDefault: in.IsDefault,
		ShipFromCountry: in.ShipFromCountry, ShipFromLat: in.ShipFromLat, ShipFromLon: in.ShipFromLon, ReturnWindowDays: window,
		Currency: in.Currency, Zones: zones, UpdatedAt: now}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var others int64
		if err := tx.Model(&profileRow{}).Where("vendor_id = ? AND id <> ?", vendorID, id).Count(&others).Error; err != nil {
			return err
		}
		if others == 0 {
			row.IsDefault = true
		}
		if row.IsDefault {
			if err := tx.Model(&profileRow{}).Where("vendor_id = ? AND id <> ? AND is_default", vendorID, id).Update("is_default", false).Error; err != nil {
				return err
			}
		}
		if id == uuid.Nil {
			row.ID, row.CreatedAt = ids.New(), now
			return tx.Create(&row).Error
		}
		res := tx.Model(&profileRow{}).Where("vendor_id = ? AND id = ?", vendorID, id).Updates(map[string]any{
			"name": row.Name, "is_default": row.IsDefault, "ship_from_country": row.ShipFromCountry, "ship_from_lat": row.ShipFromLat,
			"ship_from_lon": row.ShipFromLon, "return_window_days": row.ReturnWindowDays, "currency": row.Currency,
			"zones": row.Zones, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrProfileNotFound
		}
		return tx.Where("id = ?", id).Take(&row).Error
	})
	if err != nil {
		return ShippingProfile{}, fmt.Errorf("save shipping profile: %w", err)
	}
	return row.profile()
}

// DeleteProfile removes a profile.
func (s *Service) DeleteProfile(ctx context.Context, vendorID, id uuid.UUID) error {
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("vendor_id = ? AND id = ?", vendorID, id).Delete(&profileRow{})
		if res.Error != nil {
			return fmt.Errorf("delete shipping profile: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrProfileNotFound
		}
		return nil
	})
}

// DefaultProfiles returns the default profile of each vendor that has one.
func (s *Service) DefaultProfiles(ctx context.Context, vendorIDs []uuid.UUID) (map[uuid.UUID]ShippingProfile, error) {
	var out map[uuid.UUID]ShippingProfile
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.DefaultProfilesIn(tx, vendorIDs)
		return err
	})
	return out, err
}

// DefaultProfilesIn is DefaultProfiles inside the caller's transaction (checkout).
func (s *Service) DefaultProfilesIn(tx *gorm.DB, vendorIDs []uuid.UUID) (map[uuid.UUID]ShippingProfile, error) {
	var rows []profileRow
	if err := tx.Where("vendor_id IN ? AND is_default", vendorIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load shipping profiles: %w", err)
	}
	out := make(map[uuid.UUID]ShippingProfile, len(rows))
	for _, r := range rows {
		p, err := r.profile()
		if err != nil {
			return nil, err
		}
		out[r.VendorID] = p
	}
	return out, nil
}
