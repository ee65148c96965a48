package identity

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// AddVendorMember makes an account of the marketplace of ctx an owner or staff member of a
// vendor, which gives it the seller role. Adding an existing member changes its role. The
// vendors module calls this; it checks that the vendor exists and the caller may manage it.
func (s *Service) AddVendorMember(ctx context.Context, vendorID, accountID uuid.UUID, role string) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	if role != MemberOwner && role != MemberStaff {
		return errs.Invalid("body.role", "must be owner or staff")
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acc accountRow
		if err := tx.Select("id").Where("id = ?", accountID).Take(&acc).Error; err != nil {
			return notFound(err, ErrAccountNotFound)
		}
		row := memberRow{TenantID: t.ID, VendorID: vendorID, AccountID: accountID, Role: role, CreatedAt: s.now()}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "tenant_id"}, {Name: "vendor_id"}, {Name: "account_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"role"}),
		}).Create(&row).Error
		if err != nil {
			return fmt.Errorf("add vendor member: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleGranted, TargetType: "account", TargetID: accountID.String(),
			Details: map[string]any{"role": access.RoleSeller, "vendor_id": vendorID.String(), "member_role": role}})
	})
}

// RemoveVendorMember ends an account's membership of a vendor; with no membership left the
// account is no longer a seller.
func (s *Service) RemoveVendorMember(ctx context.Context, vendorID, accountID uuid.UUID) error {
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("vendor_id = ? AND account_id = ?", vendorID, accountID).Delete(&memberRow{})
		if res.Error != nil {
			return fmt.Errorf("remove vendor member: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrAccountNotFound
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleRevoked, TargetType: "account", TargetID: accountID.String(),
			Details: map[string]any{"role": access.RoleSeller, "vendor_id": vendorID.String()}})
	})
}

// VendorMember is one member of a vendor.
type VendorMember struct {
	AccountID uuid.UUID
	Email     string
	Name      string
	Role      string
}

// VendorMembers lists the members of a vendor of the marketplace of ctx.
func (s *Service) VendorMembers(ctx context.Context, vendorID uuid.UUID) ([]VendorMember, error) {
	var out []VendorMember
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Table("vendor_members m").Select("m.account_id, a.email, a.name, m.role").
			Joins("JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id").
			Where("m.vendor_id = ?", vendorID).Order("m.created_at").Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list vendor members: %w", err)
	}
	return out, nil
}
