package inventory

import (
	"time"

	"github.com/google/uuid"
)

type locationRow struct {
	TenantID  uuid.UUID `gorm:"primaryKey"`
	ID        uuid.UUID `gorm:"primaryKey"`
	VendorID  uuid.UUID
	Name      string
	IsDefault bool
	Country   *string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (locationRow) TableName() string { return "stock_locations" }

func (r locationRow) location() Location {
	l := Location{ID: r.ID, VendorID: r.VendorID, Name: r.Name, IsDefault: r.IsDefault, CreatedAt: r.CreatedAt}
	if r.Country != nil {
		l.Country = *r.Country
	}
	return l
}

type itemRow struct {
	TenantID          uuid.UUID `gorm:"primaryKey"`
	VariantID         uuid.UUID `gorm:"primaryKey"`
	VendorID          uuid.UUID
	SKU               string `gorm:"column:sku"`
	LowStockThreshold int64
	LowStockAlerted   bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (itemRow) TableName() string { return "inventory_items" }

type levelRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	VariantID  uuid.UUID `gorm:"primaryKey"`
	LocationID uuid.UUID `gorm:"primaryKey"`
	OnHand     int64
	Reserved   int64
	UpdatedAt  time.Time
}

func (levelRow) TableName() string { return "stock_levels" }

type reservationRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	Reference  string
	VariantID  uuid.UUID
	LocationID uuid.UUID
	Quantity   int64
	State      string
	CreatedAt  time.Time
	SettledAt  *time.Time
}

func (reservationRow) TableName() string { return "stock_reservations" }

type movementRow struct {
	TenantID      uuid.UUID `gorm:"primaryKey"`
	ID            uuid.UUID `gorm:"primaryKey"`
	VendorID      uuid.UUID
	VariantID     uuid.UUID
	LocationID    uuid.UUID
	OnHandDelta   int64
	ReservedDelta int64
	OnHandAfter   int64
	Reason        string
	Note          string
	Reference     string
	ActorID       *uuid.UUID
	CreatedAt     time.Time
}

func (movementRow) TableName() string { return "stock_movements" }

func (r movementRow) movement() Movement {
	return Movement{ID: r.ID, VariantID: r.VariantID, LocationID: r.LocationID, OnHandDelta: r.OnHandDelta,
		ReservedDelta: r.ReservedDelta, OnHandAfter: r.OnHandAfter, Reason: r.Reason, Note: r.Note,
		Reference: r.Reference, ActorID: r.ActorID, CreatedAt: r.CreatedAt}
}
