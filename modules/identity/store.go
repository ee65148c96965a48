package identity

import (
	"time"

	"github.com/google/uuid"
)

type accountRow struct {
	TenantID        uuid.UUID `gorm:"primaryKey"`
	ID              uuid.UUID `gorm:"primaryKey"`
	Email           string
	Name            string
	PasswordHash    string
	EmailVerifiedAt *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (accountRow) TableName() string { return "accounts" }

func (r accountRow) account() Account {
	return Account{ID: r.ID, Email: r.Email, Name: r.Name, EmailVerified: r.EmailVerifiedAt != nil, CreatedAt: r.CreatedAt}
}

type sessionRow struct {
	TenantID          uuid.UUID `gorm:"primaryKey"`
	ID                uuid.UUID `gorm:"primaryKey"`
	AccountID         uuid.UUID
	TokenHash         []byte
	CreatedAt         time.Time
	LastSeenAt        time.Time
	ExpiresAt         time.Time
	AbsoluteExpiresAt time.Time
	RevokedAt         *time.Time
	IP                string
	UserAgent         string
}

func (sessionRow) TableName() string { return "sessions" }

// Token purposes.
const (
	purposeReset  = "password_reset"
	purposeVerify = "email_verify"
)

type tokenRow struct {
	TenantID  uuid.UUID `gorm:"primaryKey"`
	ID        uuid.UUID `gorm:"primaryKey"`
	AccountID uuid.UUID
	Purpose   string
	TokenHash []byte
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

func (tokenRow) TableName() string { return "account_tokens" }

type addressRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	AccountID  uuid.UUID
	Kind       string
	IsDefault  bool
	Name       string
	Company    string
	Line1      string
	Line2      string
	City       string
	Region     string
	PostalCode string
	Country    string
	Phone      string
	Latitude   *float64
	Longitude  *float64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (addressRow) TableName() string { return "addresses" }

func (r addressRow) address() Address {
	return Address{ID: r.ID, Kind: r.Kind, IsDefault: r.IsDefault, Name: r.Name, Company: r.Company, Line1: r.Line1, Line2: r.Line2,
		City: r.City, Region: r.Region, PostalCode: r.PostalCode, Country: r.Country, Phone: r.Phone, Latitude: r.Latitude,
		Longitude: r.Longitude, CreatedAt: r.CreatedAt}
}

type invitationRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	Email      string
	TokenHash  []byte
	InvitedBy  *uuid.UUID
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	CreatedAt  time.Time
}

func (invitationRow) TableName() string { return "operator_invitations" }

type memberRow struct {
	TenantID  uuid.UUID `gorm:"primaryKey"`
	VendorID  uuid.UUID `gorm:"primaryKey"`
	AccountID uuid.UUID `gorm:"primaryKey"`
	Role      string
	CreatedAt time.Time
}

func (memberRow) TableName() string { return "vendor_members" }

type adminRow struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (adminRow) TableName() string { return "platform_admins" }

type platformSessionRow struct {
	ID                uuid.UUID `gorm:"primaryKey"`
	AdminID           uuid.UUID
	TokenHash         []byte
	CreatedAt         time.Time
	LastSeenAt        time.Time
	ExpiresAt         time.Time
	AbsoluteExpiresAt time.Time
	RevokedAt         *time.Time
	IP                string
	UserAgent         string
}

func (platformSessionRow) TableName() string { return "platform_sessions" }
