package identity

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

// MaxAddresses bounds one account's address book.
const MaxAddresses = 50

// Addresses lists the signed-in user's address book, defaults first.
func (s *Service) Addresses(ctx context.Context) ([]Address, error) {
	p := access.PrincipalFrom(ctx)
	var rows []addressRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("account_id = ?", p.AccountID).Order("is_default desc, created_at").Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list addresses: %w", err)
	}
	out := make([]Address, len(rows))
	for i, r := range rows {
		out[i] = r.address()
	}
	return out, nil
}

// AddAddress adds an address to the signed-in user's book. The first address of a kind becomes
// its default; a new default replaces the old one.
func (s *Service) AddAddress(ctx context.Context, c AddressChange) (Address, error) {
	p := access.PrincipalFrom(ctx)
	t, err := tenantOf(ctx)
	if err != nil {
		return Address{}, err
	}
	for field, v := range map[string]*string{"body.kind": c.Kind, "body.name": c.Name, "body.line1": c.Line1, "body.city": c.City, "body.country": c.Country} {
		if v == nil {
			return Address{}, errs.Invalid(field, "is required")
		}
	}
	row := addressRow{TenantID: t.ID, ID: ids.New(), AccountID: p.AccountID}
	applyAddress(&row, c)
	if err := validateAddress(&row); err != nil {
		return Address{}, err
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var n, sameKind int64
		if err := tx.Model(&addressRow{}).Where("account_id = ?", p.AccountID).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxAddresses {
			return errs.Invalid("body", fmt.Sprintf("an address book holds at most %d addresses", MaxAddresses))
		}
		if err := tx.Model(&addressRow{}).Where("account_id = ? AND kind = ?", p.AccountID, row.Kind).Count(&sameKind).Error; err != nil {
			return err
		}
		if sameKind == 0 {
			row.IsDefault = true
		}
		if row.IsDefault {
			if err := clearDefault(tx, p.AccountID, row.Kind); err != nil {
				return err
			}
		}
		now := s.now()
		row.CreatedAt, row.UpdatedAt = now, now
		return tx.Create(&row).Error
	})
	if err != nil {
		return Address{}, fmt.Errorf("add address: %w", err)
	}
	return row.address(), nil
}

// UpdateAddress changes one of the signed-in user's addresses; other people's are not found.
func (s *Service) UpdateAddress(ctx context.Context, id uuid.UUID, c AddressChange) (Address, error) {
	p := access.PrincipalFrom(ctx)
	var row addressRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND account_id = ?", id, p.AccountID).Take(&row).Error; err != nil {
			return notFound(err, ErrAddressNotFound)
		}
		wasDefault, oldKind := row.IsDefault, row.Kind
		applyAddress(&row, c)
		if err := validateAddress(&row); err != nil {
			return err
		}
		if row.IsDefault && (!wasDefault || oldKind != row.Kind) {
			if err := clearDefault(tx, p.AccountID, row.Kind); err != nil {
				return err
			}
		}
		row.UpdatedAt = s.now()
		return tx.Save(&row).Error
	})
	if err != nil {
		return Address{}, fmt.Errorf("update address: %w", err)
	}
	return row.address(), nil
}

// DeleteAddress removes one of the signed-in user's addresses; other people's are not found.
func (s *Service) DeleteAddress(ctx context.Context, id uuid.UUID) error {
	p := access.PrincipalFrom(ctx)
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND account_id = ?", id, p.AccountID).Delete(&addressRow{})
		if res.Error != nil {
			return fmt.Errorf("delete address: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrAddressNotFound
		}
		return nil
	})
}

func clearDefault(tx *gorm.DB, accountID uuid.UUID, kind string) error {
	return tx.Model(&addressRow{}).Where("account_id = ? AND kind = ? AND is_default", accountID, kind).Update("is_default", false).Error
}

func applyAddress(r *addressRow, c AddressChange) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&r.Kind, c.Kind)
	set(&r.Name, c.Name)
	set(&r.Company, c.Company)
	set(&r.Line1, c.Line1)
	set(&r.Line2, c.Line2)
	set(&r.City, c.City)
	set(&r.Region, c.Region)
	set(&r.PostalCode, c.PostalCode)
	set(&r.Country, c.Country)
	set(&r.Phone, c.Phone)
	if c.IsDefault != nil {
		r.IsDefault = *c.IsDefault
	}
	if c.Latitude != nil {
		r.Latitude = c.Latitude
	}
	if c.Longitude != nil {
		r.Longitude = c.Longitude
	}
	r.Country = strings.ToUpper(r.Country)
	r.PostalCode = strings.ToUpper(r.PostalCode)
	r.Region = strings.ToUpper(r.Region)
}

// validateAddress checks the fields and the country's rules: postal code format where the
// country has postcodes, state or province where the country needs one.
func validateAddress(r *addressRow) error {
	if r.Kind != AddressShipping && r.Kind != AddressBilling {
		return errs.Invalid("body.kind", "must be shipping or billing")
	}
	for field, v := range map[string]string{"body.name": r.Name, "body.line1": r.Line1, "body.city": r.City} {
		if v == "" || utf8.RuneCountInString(v) > 200 {
			return errs.Invalid(field, "must be 1 to 200 characters")
		}
	}
	for field, v := range map[string]string{"body.company": r.Company, "body.line2": r.Line2, "body.region": r.Region} {
		if utf8.RuneCountInString(v) > 200 {
			return errs.Invalid(field, "must be at most 200 characters")
		}
	}
	if !countryCodes[r.Country] {
		return errs.Invalid("body.country", "must be an ISO 3166-1 alpha-2 country code such as US")
	}
	if r.Phone != "" && !phonePattern.MatchString(r.Phone) {
		return errs.Invalid("body.phone", "must be a phone number such as +1 555 123 4567")
	}
	switch {
	case withoutPostcodes[r.Country]:
		r.PostalCode = ""
	case r.PostalCode == "":
		return errs.Invalid("body.postal_code", "is required in this country")
	default:
		re := postcodePatterns[r.Country]
		if re == nil {
			re = loosePostcode
		}
		if !re.MatchString(r.PostalCode) {
			return errs.Invalid("body.postal_code", "is not a valid postal code for "+r.Country)
		}
	}
	if regions, ok := regionsRequired[r.Country]; ok && !regions[r.Region] {
		return errs.Invalid("body.region", "must be the state or province code for "+r.Country+", such as "+exampleRegion[r.Country])
	}
	if (r.Latitude == nil) != (r.Longitude == nil) {
		return errs.Invalid("body.latitude", "latitude and longitude go together")
	}
	return nil
}

var exampleRegion = map[string]string{"US": "CA", "CA": "ON", "AU": "NSW"}
