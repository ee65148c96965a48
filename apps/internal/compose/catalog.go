package compose

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// catalogModules are the sellers-and-catalog services, for modules mounted after them.
type catalogModules = CatalogModules

// CatalogModules are the sellers-and-catalog services.
type CatalogModules struct {
	Vendors   *vendors.Service
	Catalog   *catalog.Service
	Inventory *inventory.Service
	// MediaGuard lets members of a vendor edit the images of its products, variants and
	// storefront; module media takes it in media.Routes.
	MediaGuard media.OwnerGuard
	// images links and checks images through module media.
	images *mediaImages
}

// NewCatalogModules builds the vendors, inventory and catalog services and wires their
// listeners: a vendor's status onto its products, a default stock location on approval, stock
// onto variants. Their views link images through mediaSvc, which also checks that logos,
// banners and product images are the seller's own. Build uses it; marketctl seeds demo data
// through it.
func NewCatalogModules(reg *tenants.Registry, notify *notifications.Service, ident *identity.Service, auditLog *audit.Log, mediaSvc *media.Service, cfg configs.Config) *CatalogModules {
	images := &mediaImages{svc: mediaSvc}
	vend := vendors.NewService(vendors.Deps{
		Tenants: reg, Notify: notify, Members: identityMembers{ident},
		Verifier: vendors.NewDNSVerifier(), TenantURL: cfg.TenantURL, BaseDomain: cfg.BaseDomain, Images: images, Audit: auditLog,
	})
	inv := inventory.NewService(inventory.Deps{Tenants: reg, Notify: notify, Vendors: vend, TenantURL: cfg.TenantURL})
	cat := catalog.NewService(catalog.Deps{Tenants: reg, Vendors: vend, Inventory: inv, Images: images, Media: images})

	vend.OnStatusChange(cat.VendorStatusChanged)
	vend.OnStatusChange(func(tx *gorm.DB, v vendors.Vendor) error {
		if v.Status != vendors.StatusApproved {
			return nil
		}
		_, err := inv.EnsureDefaultLocation(tx, v.ID)
		return err
	})
	inv.OnAvailabilityChange(cat.AvailabilityChanged)
	return &catalogModules{Vendors: vend, Catalog: cat, Inventory: inv, MediaGuard: mediaGuard{cat: cat, vend: vend}, images: images}
}

// identityMembers adapts the identity service to vendors.Members.
type identityMembers struct{ s *identity.Service }

func (m identityMembers) AddVendorMember(ctx context.Context, vendorID, accountID uuid.UUID, role string) error {
	return m.s.AddVendorMember(ctx, vendorID, accountID, role)
}

func (m identityMembers) RemoveVendorMember(ctx context.Context, vendorID, accountID uuid.UUID) error {
	return m.s.RemoveVendorMember(ctx, vendorID, accountID)
}

func (m identityMembers) VendorMembers(ctx context.Context, vendorID uuid.UUID) ([]vendors.Member, error) {
	ms, err := m.s.VendorMembers(ctx, vendorID)
	if err != nil {
		return nil, err
	}
	out := make([]vendors.Member, len(ms))
	for i, x := range ms {
		out[i] = vendors.Member{AccountID: x.AccountID, Email: x.Email, Name: x.Name, Role: x.Role}
	}
	return out, nil
}

func (m identityMembers) MembershipsOf(ctx context.Context, accountID uuid.UUID) (map[uuid.UUID]string, error) {
	u, err := m.s.User(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]string, len(u.VendorMemberships))
	for _, vm := range u.VendorMemberships {
		out[vm.VendorID] = vm.Role
	}
	return out, nil
}

// mediaGuard is media's OwnerGuard: the caller must be a member of the vendor that owns the
// product, variant or storefront. Everything else is not found.
type mediaGuard struct {
	cat  *catalog.Service
	vend *vendors.Service
}

var errMediaOwnerNotFound = fmt.Errorf("image owner: %w", errs.ErrNotFound)

func (g mediaGuard) CanEdit(ctx context.Context, o media.Owner) error {
	switch o.Kind {
	case media.OwnerProduct, media.OwnerVariant:
		vendorID, err := g.cat.AuthorizeMediaOwner(ctx, string(o.Kind), o.ID)
		if err != nil || vendorID != o.VendorID {
			return errMediaOwnerNotFound
		}
		return nil
	case media.OwnerStorefrontLogo, media.OwnerStorefrontBanner:
		if o.ID != o.VendorID {
			return errMediaOwnerNotFound
		}
		if _, err := g.vend.Authorize(ctx, o.VendorID); err != nil {
			return errMediaOwnerNotFound
		}
		return nil
	}
	return errMediaOwnerNotFound
}
