package vendors

import (
	"time"

	"github.com/google/uuid"
)

// Vendor statuses. A vendor starts pending; the operator approves or rejects it; an approved
// vendor can be suspended and reinstated. Only approved vendors are listed anywhere.
const (
	StatusPending   = "pending"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusSuspended = "suspended"
)

// Member roles (the same words module identity records).
const (
	RoleOwner = "owner"
	RoleStaff = "staff"
)

// Vendor is a seller of the marketplace.
type Vendor struct {
	ID             uuid.UUID
	Slug           string
	Name           string
	Description    string
	ContactEmail   string
	Country        string
	Status         string
	StatusReason   string
	ApplicantID    uuid.UUID
	ApplicantEmail string
	ShippingPolicy string
	ReturnsPolicy  string
	LogoMediaID    *uuid.UUID
	BannerMediaID  *uuid.UUID
	// AccentColor is the storefront's colour (#rrggbb, lower case); empty keeps the marketplace's.
	AccentColor string
	// LogoURL and BannerURL link to the ready logo and banner; set only by WithImages (views).
	LogoURL   string
	BannerURL string
	// Domain is the verified custom domain, if any.
	Domain     string
	ApprovedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Listed reports whether the vendor's storefront and products are shown to buyers.
func (v Vendor) Listed() bool { return v.Status == StatusApproved }

// Application is what an account submits to sell in the marketplace.
type Application struct {
	Name         string
	Slug         string
	Description  string
	ContactEmail string
	Country      string
}

// SettingsChange is a partial update of a storefront's settings; nil fields are left alone.
// An empty media id clears the image; an empty accent colour clears it.
type SettingsChange struct {
	Name           *string
	Description    *string
	ContactEmail   *string
	ShippingPolicy *string
	ReturnsPolicy  *string
	LogoMediaID    *uuid.UUID
	BannerMediaID  *uuid.UUID
	AccentColor    *string
}

// Membership is the caller's standing in a vendor.
type Membership struct {
	Vendor Vendor
	Role   string
}

// Member is one person of a vendor's team.
type Member struct {
	AccountID uuid.UUID
	Email     string
	Name      string
	Role      string
}

// Invitation asks someone to join a vendor's staff.
type Invitation struct {
	ID        uuid.UUID
	VendorID  uuid.UUID
	Email     string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Domain is a vendor's custom storefront domain and its verification state.
type Domain struct {
	Host string
	// RecordName and RecordValue are the TXT record the vendor must publish.
	RecordName  string
	RecordValue string
	VerifiedAt  *time.Time
}

// Page is one page of a listing.
type Page[T any] struct {
	Items      []T
	NextCursor string
}
