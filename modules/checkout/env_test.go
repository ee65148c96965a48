package checkout_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/modules/tax"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

// fakeCatalog is an in-test catalog: variants per marketplace, availability from the real
// inventory service.
type fakeCatalog struct {
	mu  sync.RWMutex
	inv *inventory.Service
	by  map[uuid.UUID]map[uuid.UUID]cart.VariantSnapshot
}

func (f *fakeCatalog) Variants(ctx context.Context, tx *gorm.DB, idList []uuid.UUID) ([]cart.VariantSnapshot, error) {
	tid := tenants.IDFromContext(ctx)
	avail := map[uuid.UUID]int64{}
	if tx == nil {
		var err error
		if avail, err = f.inv.Available(ctx, idList); err != nil {
			return nil, err
		}
	} else {
		// In the caller's transaction, as the real catalog reads: a second connection here
		// could wait forever on a pool that the callers' transactions hold.
		var rows []struct {
			VariantID uuid.UUID
			Available int64
		}
		if err := tx.Raw(`select variant_id, sum(on_hand - reserved) as available from stock_levels where variant_id in ? group by variant_id`, idList).
			Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			avail[r.VariantID] = r.Available
		}
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	var out []cart.VariantSnapshot
	for _, id := range idList {
		if v, ok := f.by[tid][id]; ok {
			v.Available = avail[id]
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *fakeCatalog) put(tid uuid.UUID, v cart.VariantSnapshot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.by[tid] == nil {
		f.by[tid] = map[uuid.UUID]cart.VariantSnapshot{}
	}
	f.by[tid][v.VariantID] = v
}

// stock adapts the real inventory service to the checkout and orders ports, as the api does.
type stock struct{ inv *inventory.Service }

func (s stock) Reserve(tx *gorm.DB, holds []checkout.StockHold) error {
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
func (s stock) Release(tx *gorm.DB, ref string) error { return s.inv.Release(tx, ref) }
func (s stock) Commit(tx *gorm.DB, ref string) error  { return s.inv.Commit(tx, ref) }

// env is one marketplace with the commerce services wired to real PostgreSQL.
type env struct {
	t        testing.TB
	reg      *tenants.Registry
	tenant   tenants.Tenant
	ctx      context.Context
	catalog  *fakeCatalog
	inv      *inventory.Service
	carts    *cart.Service
	shipping *shipping.Service
	tax      *tax.Service
	orders   *orders.Service
	checkout *checkout.Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvOn(t, testkit.DB(t))
}

// newEnvOn is newEnv on the connection pool gdb (the package database's, as the app role).
func newEnvOn(t testing.TB, gdb *gorm.DB) *env {
	t.Helper()
	reg := tenants.NewRegistry(gdb, testkit.Redis(t), "localhost", 0)
	tn := testkit.NewTenant(t, reg, "shop")
	inv := inventory.NewService(inventory.Deps{Tenants: reg})
	cat := &fakeCatalog{inv: inv, by: map[uuid.UUID]map[uuid.UUID]cart.VariantSnapshot{}}
	notify, err := notifications.NewService(reg, nil, "shop@example.com")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, reg: reg, tenant: tn, ctx: tenants.WithTenant(context.Background(), tn), catalog: cat, inv: inv}
	e.carts = cart.NewService(reg, cat)
	e.shipping = shipping.NewService(reg)
	e.tax = tax.NewService(reg, nil)
	e.orders = orders.NewService(orders.Deps{DB: gdb, Tenants: reg, Notify: notify, Stock: stock{inv}, Provider: orders.ManualProvider{PayWithin: 72 * 3600e9}})
	e.checkout = checkout.NewService(checkout.Deps{Tenants: reg, Carts: e.carts, Shipping: e.shipping, Tax: e.tax, Orders: e.orders,
		Stock: stock{inv}})
	return e
}

func i64(v int64) *int64 { return &v }

// vendor creates a vendor that ships to FR and DE: standard (flat 490, free over 10000) and
// express (flat 990).
func (e *env) vendor() uuid.UUID {
	e.t.Helper()
	id := ids.New()
	_, err := e.shipping.SaveProfile(e.ctx, id, uuid.Nil, shipping.ShippingProfileInput{
		Name: "Default", ShipFromCountry: "FR", Currency: "EUR",
		Zones: []shipping.ShippingZone{{Name: "Europe", Countries: []string{"FR", "DE"}, Rates: []shipping.ShippingRate{
			{ID: "standard", Name: "Standard", Kind: shipping.KindFlat, Amount: 490, FreeOver: i64(10000), MinDays: 2, MaxDays: 4},
			{ID: "express", Name: "Express", Kind: shipping.KindFlat, Amount: 990, MinDays: 1, MaxDays: 1},
		}}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// variant creates a purchasable variant of vendor with price and stock.
func (e *env) variant(vendorID uuid.UUID, price, onHand int64) uuid.UUID {
	e.t.Helper()
	id := ids.New()
	err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return e.inv.Track(tx, inventory.Track{VendorID: vendorID, VariantID: id, SKU: "SKU-" + id.String()[24:], Initial: onHand})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	// Names and emails from the id's last part: ids are UUIDv7, whose first part is the time.
	e.catalog.put(e.tenant.ID, cart.VariantSnapshot{VariantID: id, ProductID: ids.New(), VendorID: vendorID,
		VendorName: "Vendor " + vendorID.String()[24:], VendorEmail: "seller-" + vendorID.String()[24:] + "@example.com",
		ProductTitle: "Product " + id.String()[24:], SKU: "SKU-" + id.String()[24:], Price: price, Currency: "EUR", WeightGrams: 250, Purchasable: true})
	return id
}

// guestCart fills a new guest cart and returns its token.
func (e *env) guestCart(lines map[uuid.UUID]int) string {
	e.t.Helper()
	tok := ""
	for v, q := range lines {
		_, issued, err := e.carts.AddLine(e.ctx, cart.Owner{Token: tok}, v, q)
		if err != nil {
			e.t.Fatalf("add line: %v", err)
		}
		if issued != "" {
			tok = issued
		}
	}
	return tok
}

func (e *env) available(v uuid.UUID) int64 {
	e.t.Helper()
	m, err := e.inv.Available(e.ctx, []uuid.UUID{v})
	if err != nil {
		e.t.Fatal(err)
	}
	return m[v]
}

func (e *env) count(table string) int64 {
	e.t.Helper()
	var n int64
	if err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error { return tx.Table(table).Count(&n).Error }); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func frAddress() *orders.OrderAddress {
	return &orders.OrderAddress{Name: "Ada Buyer", Line1: "1 rue de Rivoli", City: "Paris", PostalCode: "75001", Country: "FR"}
}

func guestRequest() checkout.CheckoutRequest {
	return checkout.CheckoutRequest{Email: "ada@example.com", ShippingAddress: frAddress()}
}

func key() string { return fmt.Sprintf("key-%s", ids.New()) }
