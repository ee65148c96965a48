package vendors

import (
	"time"

	"github.com/google/uuid"
)

type vendorRow struct {
	TenantID       uuid.UUID `gorm:"primaryKey"`
	ID             uuid.UUID `gorm:"primaryKey"`
	Slug           string
	Name           string
	Description    string
	ContactEmail   string
	Country        string
	Status         string
	ApplicantID    uuid.UUID
	ApplicantEmail string
	StatusReason   string
	ShippingPolicy string
	ReturnsPolicy  string
	LogoMediaID    *uuid.UUID
	BannerMediaID  *uuid.UUID
	AccentColor    *string
	ApprovedAt     *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (vendorRow) TableName() string { return "vendors" }

func (r vendorRow) vendor() Vendor {
	accent := ""
	if r.AccentColor != nil {
		accent = *r.AccentColor
	}
	return Vendor{AccentColor: accent, ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description, ContactEmail: r.ContactEmail,
		Country: r.Country, Status: r.Status, StatusReason: r.StatusReason, ApplicantID: r.ApplicantID,
		ApplicantEmail: r.ApplicantEmail, ShippingPolicy: r.ShippingPolicy, ReturnsPolicy: r.ReturnsPolicy,
		LogoMediaID: r.LogoMediaID, BannerMediaID: r.BannerMediaID, ApprovedAt: r.ApprovedAt,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type invitationRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	VendorID   uuid.UUID
	Email      string
	TokenHash  []byte
	InvitedBy  uuid.UUID
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	CreatedAt  time.Time
}

func (invitationRow) TableName() string { return "vendor_invitations" }

type domainRow struct {
	TenantID          uuid.UUID `gorm:"primaryKey"`
	VendorID          uuid.UUID `gorm:"primaryKey"`
	Host              string
	VerificationToken string
	VerifiedAt        *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (domainRow) TableName() string { return "vendor_domains" }
