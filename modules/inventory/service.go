package inventory

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
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
