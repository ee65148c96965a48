package tenants

import (
	"time"

	"github.com/google/uuid"
)

type tenantRow struct {
	ID         uuid.UUID `gorm:"primaryKey"`
	Slug       string
	Name       string
	Status     string
	ThemeColor string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (tenantRow) TableName() string { return "tenants" }

func (r tenantRow) tenant() Tenant {
	return Tenant(r)
}

type domainRow struct {
	TenantID          uuid.UUID `gorm:"primaryKey"`
	Host              string    `gorm:"primaryKey"`
	ID                uuid.UUID
	IsPrimary         bool
	Verified          bool
	VerificationToken *string
	VerifiedAt        *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (domainRow) TableName() string { return "tenant_domains" }
