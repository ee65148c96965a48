package compose

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/modules/tax"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// ManualPayWithin is how long an unpaid manual-payment order keeps its stock before the
// orders:release-unpaid task cancels it.
const ManualPayWithin = 72 * time.Hour

// CommerceModules are the cart-to-order services.
type CommerceModules struct {
	Cart     *cart.Service
	Shipping *shipping.Service
	Tax      *tax.Service
	Orders   *orders.Service
	Checkout *checkout.Service
}

// newCommerce builds cart, shipping, tax, orders and checkout on top of the catalog modules.
// Orders takes payments' provider (Stripe with a key, else the manual one with its refunds
// booked) and its hooks (booking a paid order, releasing a delivered order's transfer), called
// inside orders' own transactions.
func newCommerce(d moduleDeps, ident *identity.Service, cm *CatalogModules, pay *payments.Service) (*CommerceModules, error) {
	if ident == nil || cm == nil || pay == nil {
		return nil, fmt.Errorf("commerce: identity, catalog and payments modules are required")
	}
	cfg := d.Config
	siteURL := func(ctx context.Context) string {
		if t, ok := tenants.FromContext(ctx); ok && t.Slug != "" {
			return cfg.TenantURL(t.Slug)
		}
		return ""
	}
	// payments is the seller gate: with Stripe a vendor takes orders only once its payout
	// account is ready (the cart refuses its items, checkout refuses the cart); offline, always.
	carts := cart.NewService(d.Tenants, catalogVariants{cm: cm, tenants: d.Tenants}, cart.WithSellerGate(pay))
	ship := shipping.NewService(d.Tenants)
	taxes := tax.NewService(d.Tenants, d.audit)
	ord := orders.NewService(orders.Deps{
		DB: d.DB, Tenants: d.Tenants, Notify: d.Notify, Stock: cm.Inventory, SiteURL: siteURL,
		OrderLinkSecret: []byte(cfg.OrderLinkSecret),
		Provider:        pay.Provider(orders.ManualProvider{PayWithin: ManualPayWithin}), Payments: pay, Audit: d.audit,
	})
	co := checkout.NewService(checkout.Deps{
		Tenants: d.Tenants, Carts: carts, Shipping: ship, Tax: taxes, Orders: ord, Stock: inventoryStock{inv: cm.Inventory},
		Addresses: addressBook{id: ident},
	})
	return &CommerceModules{Cart: carts, Shipping: ship, Tax: taxes, Orders: ord, Checkout: co}, nil
}

// catalogVariants adapts the catalog and vendors to cart.VariantCatalog: variant prices, stock
// and listing state from the catalog, the shop names from vendors.
type catalogVariants struct {
	cm      *catalogModules
	tenants *tenants.Registry
}

func (c catalogVariants) Variants(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) ([]cart.VariantSnapshot, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if tx == nil {
		// Both lookups in one transaction rather than one each.
		var out []cart.VariantSnapshot
		err := c.tenants.Tx(ctx, func(tx *gorm.DB) error {
			var err error
			out, err = c.Variants(ctx, tx, ids)
			return err
		})
		return out, err
	}
	infos, err := c.cm.Catalog.Variants(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	vendorIDs := make([]uuid.UUID, 0, len(infos))
	for _, v := range infos {
		vendorIDs = append(vendorIDs, v.VendorID)
	}
	// Name and email in one read: the cart shows the name, checkout records both.
	contacts, err := c.cm.Vendors.Contacts(ctx, tx, vendorIDs)
	if err != nil {
		return nil, err
	}
	thumbs, logos := c.images(ctx, tx, infos, contacts)
	out := make([]cart.VariantSnapshot, len(infos))
	for i, v := range infos {
		out[i] = cart.VariantSnapshot{
			VariantID: v.ID, ProductID: v.ProductID, VendorID: v.VendorID, VendorName: contacts[v.VendorID].Name, VendorEmail: contacts[v.VendorID].Email,
			ProductTitle: v.ProductTitle, VariantTitle: v.Title, SKU: v.SKU, Price: v.Price, Currency: v.Currency,
			WeightGrams: int64(v.WeightGrams), Available: v.Available, Purchasable: v.Listed,
			ThumbnailURL: thumbs[v.ID], VendorLogoURL: logos[v.VendorID],
		}
	}
	return out, nil
}

// images links the variants' thumbnails and the shops' logos for the cart's lines and groups;
// when that fails the cart shows none rather than failing.
func (c catalogVariants) images(ctx context.Context, tx *gorm.DB, infos []catalog.VariantInfo, contacts map[uuid.UUID]vendors.Contact) (thumbs, logos map[uuid.UUID]string) {
	if c.cm.images == nil {
		return nil, nil
	}
	variantProduct := make(map[uuid.UUID]uuid.UUID, len(infos))
	logoIDs := map[uuid.UUID]uuid.UUID{}
	for _, v := range infos {
		variantProduct[v.ID] = v.ProductID
		if id := contacts[v.VendorID].LogoMediaID; id != nil {
			logoIDs[v.VendorID] = *id
		}
	}
	thumbs, logos, err := c.cm.images.cartImages(ctx, tx, variantProduct, logoIDs)
	if err != nil {
		slog.WarnContext(ctx, "cart: linking images failed; showing none", "error", err)
		return nil, nil
	}
	return thumbs, logos
}

// inventoryStock adapts inventory's reservations to checkout.StockReserver; the reference is
// the vendor order id. (inventory.Service itself is the orders.StockLedger.)
type inventoryStock struct{ inv *inventory.Service }

func (s inventoryStock) Reserve(tx *gorm.DB, holds []checkout.StockHold) error {
	in := make([]inventory.Hold, len(holds))
	for i, h := range holds {
		in[i].Reference = h.Reference
		for _, l := range h.Lines {
			in[i].Lines = append(in[i].Lines, inventory.Line{VariantID: l.VariantID, Quantity: l.Quantity})
		}
	}
	_, err := s.inv.ReserveAll(tx, in...)
	return err
}

func (s inventoryStock) Release(tx *gorm.DB, reference string) error {
	return s.inv.Release(tx, reference)
}

func (s inventoryStock) Commit(tx *gorm.DB, reference string) error {
	return s.inv.Commit(tx, reference)
}

// addressBook adapts the signed-in account's saved addresses to checkout.AddressBook.
type addressBook struct{ id *identity.Service }

func (b addressBook) Address(ctx context.Context, id uuid.UUID) (orders.OrderAddress, error) {
	list, err := b.id.Addresses(ctx)
	if err != nil {
		return orders.OrderAddress{}, err
	}
	for _, a := range list {
		if a.ID == id {
			return orders.OrderAddress{Name: a.Name, Company: a.Company, Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.Region,
				PostalCode: a.PostalCode, Country: a.Country, Phone: a.Phone, Latitude: a.Latitude, Longitude: a.Longitude}, nil
		}
	}
	return orders.OrderAddress{}, fmt.Errorf("address %s: %w", id, errs.ErrNotFound)
}
