package inventory_test

import (
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type R = ct.Req

// newInventory is an inventory service on the test database, mirroring stock into the catalog
// as the api does; checkout will call it like this.
func newInventory(e *ct.Env) *inventory.Service {
	inv := inventory.NewService(inventory.Deps{Tenants: e.Registry})
	inv.OnAvailabilityChange(catalog.NewService(catalog.Deps{Tenants: e.Registry}).AvailabilityChanged)
	return inv
}

// variantOf returns the id of the first variant of a product response.
func variantOf(p ct.Resp) string {
	return p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
}

func TestReserve_LastUnitsSoldOnceUnderRace(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "race")
	v := e.NewVendor(t, m, "race")
	vid := uuid.MustParse(variantOf(e.ActiveProduct(t, m, v, "Limited Print", 5000, 10, nil)))
	inv := newInventory(e)

	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 100 {
		wg.Go(func() {
			<-start
			err := e.Registry.Tx(m.Ctx, func(tx *gorm.DB) error {
				_, err := inv.Reserve(tx, "cart-"+string(rune('a'+i%26))+uuid.NewString(), []inventory.Line{{VariantID: vid, Quantity: 1}})
				return err
			})
			var oos *inventory.OutOfStockError
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &oos) && errors.Is(err, errs.ErrConflict) && errors.Is(err, inventory.ErrOutOfStock):
				refused.Add(1)
			default:
				t.Errorf("reserve: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok.Load() != 10 || refused.Load() != 90 {
		t.Fatalf("%d reserved, %d refused; want 10 and 90", ok.Load(), refused.Load())
	}
	avail, err := inv.Available(m.Ctx, []uuid.UUID{vid})
	if err != nil {
		t.Fatal(err)
	}
	if avail[vid] != 0 {
		t.Fatalf("available %d, want 0", avail[vid])
	}
	if n := ct.Count(t, "stock_reservations", "variant_id = ? and state = 'held'", vid); n != 10 {
		t.Fatalf("%d held reservations, want 10", n)
	}
}

func TestReserveReleaseCommit(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "resv")
	v := e.NewVendor(t, m, "resv")
	p := e.ActiveProduct(t, m, v, "Teapot", 3000, 3, nil)
	vid := uuid.MustParse(variantOf(p))
	inv := newInventory(e)
	tx := func(fn func(tx *gorm.DB) error) error { return e.Registry.Tx(m.Ctx, fn) }
	avail := func() int64 {
		a, err := inv.Available(m.Ctx, []uuid.UUID{vid})
		if err != nil {
			t.Fatal(err)
		}
		return a[vid]
	}
	if err := tx(func(tx *gorm.DB) error {
		_, err := inv.Reserve(tx, "order-1", []inventory.Line{{VariantID: vid, Quantity: 2}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := tx(func(tx *gorm.DB) error {
		_, err := inv.Reserve(tx, "order-2", []inventory.Line{{VariantID: vid, Quantity: 2}})
		return err
	})
	var oos *inventory.OutOfStockError
	if !errors.As(err, &oos) || oos.Available != 1 || !strings.Contains(err.Error(), "1 available, 2 requested") {
		t.Fatalf("over-reserve: %v", err)
	}
	if err := tx(func(tx *gorm.DB) error { return inv.Release(tx, "order-1") }); err != nil {
		t.Fatal(err)
	}
	if err := tx(func(tx *gorm.DB) error { return inv.Release(tx, "order-1") }); err != nil {
		t.Fatal(err)
	}
	if a := avail(); a != 3 {
		t.Fatalf("after release: %d", a)
	}
	if err := tx(func(tx *gorm.DB) error {
		if _, err := inv.Reserve(tx, "order-3", []inventory.Line{{VariantID: vid, Quantity: 3}}); err != nil {
			return err
		}
		return inv.Commit(tx, "order-3")
	}); err != nil {
		t.Fatal(err)
	}
	if a := avail(); a != 0 {
		t.Fatalf("after commit: %d", a)
	}
	// The catalog mirrors it: the product is out of stock now.
	pub := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("slug")}), 200)
	if pub.JSON["in_stock"].(bool) {
		t.Fatalf("product still in stock: %s", pub.Raw)
	}
	// Stock cannot go below zero even by hand (database constraint).
	err = tx(func(tx *gorm.DB) error {
		return tx.Exec("update stock_levels set on_hand = on_hand - 1 where variant_id = ?", vid).Error
	})
	if err == nil {
		t.Fatal("on_hand went below zero")
	}
}

func TestAdjustments_HistoryAndOwnership(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "adj"), e.NewMarket(t, "adj-x")
	a, b := e.NewVendor(t, m, "adja"), e.NewVendor(t, m, "adjb")
	x := e.NewVendor(t, other, "adjx")
	p := e.ActiveProduct(t, m, a, "Candle", 1200, 5, nil)
	vid := variantOf(p)
	path := "/api/v1/seller/vendors/" + a.ID + "/inventory"
	adjust := func(token string, body map[string]any) ct.Resp {
		return e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/adjustments", Token: token, Body: body})
	}
	good := map[string]any{"variant_id": vid, "delta": 7, "reason": "restock", "note": "Delivery #42"}
	ct.Want(t, adjust("", good), 401)
	ct.Want(t, adjust(m.Buyer.Token, good), 403)
	ct.Want(t, adjust(b.Owner.Token, good), 404)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + b.ID + "/inventory/adjustments", Token: b.Owner.Token, Body: good}), 404)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: other.Host, Path: "/api/v1/seller/vendors/" + x.ID + "/inventory/adjustments", Token: x.Owner.Token, Body: good}), 404)
	for _, bad := range []map[string]any{
		{"variant_id": vid, "delta": 0, "reason": "restock"},
		{"variant_id": vid, "delta": -6, "reason": "damaged"},
		{"variant_id": vid, "delta": 1, "reason": "whim"},
		{"variant_id": vid, "delta": 1, "reason": "restock", "location_id": "nope"},
	} {
		if res := adjust(a.Owner.Token, bad); res.Status != 422 {
			t.Errorf("%v: %d %s", bad, res.Status, res.Raw)
		}
	}
	if n := ct.Count(t, "stock_movements", "variant_id = ?", vid); n != 1 {
		t.Fatalf("%d movements after refused adjustments, want the initial one", n)
	}
	res := ct.Want(t, adjust(a.Owner.Token, good), 200)
	if res.JSON["available"].(float64) != 12 {
		t.Fatalf("after restock: %s", res.Raw)
	}
	ct.Want(t, adjust(a.Owner.Token, map[string]any{"variant_id": vid, "delta": -2, "reason": "damaged"}), 200)
	hist := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path + "/movements?variant_id=" + vid, Token: a.Owner.Token}), 200)
	var reasons []string
	for _, it := range hist.Items() {
		reasons = append(reasons, it["reason"].(string))
	}
	if strings.Join(reasons, ",") != "damaged,restock,initial" || hist.Items()[1]["note"] != "Delivery #42" || hist.Items()[0]["on_hand_after"].(float64) != 10 {
		t.Fatalf("history: %s", hist.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path + "/movements", Token: b.Owner.Token}), 404)
	list := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path, Token: a.Owner.Token}), 200)
	if len(list.Items()) != 1 || list.Items()[0]["available"].(float64) != 10 {
		t.Fatalf("stock list: %s", list.Raw)
	}
	// Locations: a second warehouse takes stock of its own.
	loc := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/locations", Token: a.Owner.Token, Body: map[string]any{"name": "Overflow", "country": "nl"}}), 201)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/locations", Token: a.Owner.Token, Body: map[string]any{"name": "overflow"}}), 409)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/locations", Token: a.Owner.Token, Body: map[string]any{"name": ""}}), 422)
	ct.Want(t, adjust(a.Owner.Token, map[string]any{"variant_id": vid, "delta": 4, "reason": "restock", "location_id": loc.Str("id")}), 200)
	bLoc := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + b.ID + "/locations", Token: b.Owner.Token}), 200).Items()[0]["id"].(string)
	ct.Want(t, adjust(a.Owner.Token, map[string]any{"variant_id": vid, "delta": 4, "reason": "restock", "location_id": bLoc}), 404)
	locs := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/locations", Token: a.Owner.Token}), 200)
	if len(locs.Items()) != 2 || locs.Items()[0]["is_default"] != true {
		t.Fatalf("locations: %s", locs.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/locations/" + loc.Str("id"), Token: a.Owner.Token, Body: map[string]any{"is_default": true}}), 200)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + b.ID + "/locations/" + loc.Str("id"), Token: b.Owner.Token, Body: map[string]any{"name": "Mine"}}), 404)
	pub := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("id")}), 200)
	if av := pub.JSON["variants"].([]any)[0].(map[string]any)["available"].(float64); av != 14 {
		t.Fatalf("catalog availability %v, want 14", av)
	}
}

func TestLowStock_OneEmailPerCrossing(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "low")
	v := e.NewVendor(t, m, "low")
	p := e.ActiveProduct(t, m, v, "Rare Tea", 1500, 6, nil)
	vid := variantOf(p)
	base := "/api/v1/seller/vendors/" + v.ID + "/inventory"
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: base + "/" + vid + "/threshold", Token: v.Owner.Token, Body: map[string]any{"low_stock_threshold": -1}}), 422)
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: base + "/" + uuid.NewString() + "/threshold", Token: v.Owner.Token, Body: map[string]any{"low_stock_threshold": 3}}), 404)
	ct.Want(t, e.Do(t, R{Method: "PUT", Host: m.Host, Path: base + "/" + vid + "/threshold", Token: v.Owner.Token, Body: map[string]any{"low_stock_threshold": 3}}), 200)
	e.Mail(t, m) // drop the approval and welcome emails
	adjust := func(delta int64) {
		ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: base + "/adjustments", Token: v.Owner.Token, Body: map[string]any{"variant_id": vid, "delta": delta, "reason": "correction"}}), 200)
	}
	adjust(-2) // 4 left: above the threshold
	if n := len(e.Mail(t, m)); n != 0 {
		t.Fatalf("%d alerts above threshold", n)
	}
	adjust(-1) // 3: crossing
	adjust(-1) // 2: still low, no second alert
	mails := e.Mail(t, m)
	if len(mails) != 1 || mails[0].To[0] != "shop@"+v.Slug+".example" || !strings.Contains(mails[0].Subject, "Low stock") {
		t.Fatalf("alerts: %+v", mails)
	}
	adjust(10) // 12: back above, re-armed
	adjust(-9) // 3: crossing again
	if n := len(e.Mail(t, m)); n != 1 {
		t.Fatalf("%d alerts on the second crossing, want 1", n)
	}
}

// A product stays in stock while any of its variants is; the flag follows the last one out and
// the first one back (the catalog mirrors both in one statement).
func TestProductInStock_FollowsItsVariants(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "instock")
	v := e.NewVendor(t, m, "instock")
	p := e.ActiveProduct(t, m, v, "Two Size Apron", 2500, 0, map[string]any{
		"options":  []any{map[string]any{"name": "Size", "values": []string{"S", "M"}}},
		"variants": []any{ct.Variant("APRON-S-"+ct.Short(), 2500, 1, map[string]string{"Size": "S"}), ct.Variant("APRON-M-"+ct.Short(), 2500, 2, map[string]string{"Size": "M"})},
	})
	variants := p.JSON["variants"].([]any)
	small, medium := uuid.MustParse(variants[0].(map[string]any)["id"].(string)), uuid.MustParse(variants[1].(map[string]any)["id"].(string))
	inv := newInventory(e)
	inStock := func() bool {
		t.Helper()
		return ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("slug")}), 200).JSON["in_stock"].(bool)
	}
	reserve := func(ref string, vid uuid.UUID, q int64) {
		t.Helper()
		if err := e.Registry.Tx(m.Ctx, func(tx *gorm.DB) error {
			_, err := inv.Reserve(tx, ref, []inventory.Line{{VariantID: vid, Quantity: q}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	reserve("apron-1", small, 1)
	if !inStock() {
		t.Fatal("out of stock with size M left")
	}
	reserve("apron-2", medium, 2)
	if inStock() {
		t.Fatal("in stock with nothing left")
	}
	if err := e.Registry.Tx(m.Ctx, func(tx *gorm.DB) error { return inv.Release(tx, "apron-1") }); err != nil {
		t.Fatal(err)
	}
	if !inStock() {
		t.Fatal("out of stock after size S came back")
	}
}

// ReserveAll reserves a checkout's lines in one statement: each line from the location with the
// most units that covers it, every hold and movement written, and a line no location covers
// refused with the best location's units, nothing kept.
func TestReserveAll_EachLineFromTheFullestLocation(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "multi")
	v := e.NewVendor(t, m, "multi")
	lamp := uuid.MustParse(variantOf(e.ActiveProduct(t, m, v, "Lamp", 4000, 3, nil)))
	pen := e.ActiveProduct(t, m, v, "Pen", 300, 2, nil)
	penID := uuid.MustParse(variantOf(pen))
	loc := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/locations", Token: v.Owner.Token, Body: map[string]any{"name": "Overflow"}}), 201).Str("id")
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/inventory/adjustments", Token: v.Owner.Token,
		Body: map[string]any{"variant_id": lamp, "delta": 7, "reason": "restock", "location_id": loc}}), 200)
	inv := newInventory(e)
	reserve := func(holds ...inventory.Hold) ([]inventory.Reservation, error) {
		var out []inventory.Reservation
		err := e.Registry.Tx(m.Ctx, func(tx *gorm.DB) error {
			var err error
			out, err = inv.ReserveAll(tx, holds...)
			return err
		})
		return out, err
	}

	// Lamp: 3 at the default location, 7 at Overflow; pen: 2.
	got, err := reserve(inventory.Hold{Reference: "vo-1", Lines: []inventory.Line{{VariantID: lamp, Quantity: 2}}},
		inventory.Hold{Reference: "vo-2", Lines: []inventory.Line{{VariantID: penID, Quantity: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	byVariant := map[uuid.UUID]inventory.Reservation{}
	for _, r := range got {
		byVariant[r.VariantID] = r
	}
	if r := byVariant[lamp]; r.LocationID.String() != loc || r.Quantity != 2 || r.Reference != "vo-1" {
		t.Fatalf("lamp reservation %+v, want 2 from Overflow %s, the fuller location", r, loc)
	}
	if r := byVariant[penID]; r.Quantity != 2 || r.Reference != "vo-2" {
		t.Fatalf("pen reservation %+v", r)
	}
	if n := ct.Count(t, "stock_reservations", "reference in ('vo-1', 'vo-2') and state = 'held' and variant_id in (?, ?)", lamp, penID); n != 2 {
		t.Fatalf("%d holds, want 2", n)
	}
	if n := ct.Count(t, "stock_movements", "reference in ('vo-1', 'vo-2') and reason = 'reserved' and variant_id in (?, ?)", lamp, penID); n != 2 {
		t.Fatalf("%d reservation movements, want 2", n)
	}
	if n := ct.Count(t, "stock_levels", "variant_id = ? and location_id = ? and reserved = 2", lamp, loc); n != 1 {
		t.Fatal("Overflow's lamp row does not hold the 2 units")
	}
	// The catalog mirrors the availability the statement returned: the pen sold out.
	pub := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + pen.Str("slug")}), 200)
	if pub.JSON["in_stock"].(bool) {
		t.Fatalf("pen still in stock: %s", pub.Raw)
	}

	// Lamp now: 3 at the default location, 5 at Overflow. No location covers 6.
	_, err = reserve(inventory.Hold{Reference: "vo-3", Lines: []inventory.Line{{VariantID: lamp, Quantity: 6}}})
	var oos *inventory.OutOfStockError
	if !errors.As(err, &oos) || oos.VariantID != lamp || oos.Available != 5 || oos.Requested != 6 {
		t.Fatalf("6 lamps: %v, want out of stock with 5 available", err)
	}
	// A refused line in a multi-line call keeps nothing of the others either.
	_, err = reserve(inventory.Hold{Reference: "vo-4", Lines: []inventory.Line{{VariantID: lamp, Quantity: 1}, {VariantID: penID, Quantity: 1}}})
	if !errors.As(err, &oos) || oos.VariantID != penID || oos.Available != 0 {
		t.Fatalf("lamp + sold-out pen: %v", err)
	}
	if n := ct.Count(t, "stock_reservations", "reference in ('vo-3', 'vo-4') and variant_id in (?, ?)", lamp, penID); n != 0 {
		t.Fatalf("%d holds kept from refused calls", n)
	}
	// 3 more go to Overflow again (5 against 3); after them the default location is the fuller.
	got, err = reserve(inventory.Hold{Reference: "vo-5", Lines: []inventory.Line{{VariantID: lamp, Quantity: 3}}})
	if err != nil || len(got) != 1 || got[0].LocationID.String() != loc {
		t.Fatalf("3 lamps: %+v, %v; want them from Overflow", got, err)
	}
	got, err = reserve(inventory.Hold{Reference: "vo-6", Lines: []inventory.Line{{VariantID: lamp, Quantity: 1}}})
	if err != nil || len(got) != 1 || got[0].LocationID.String() == loc {
		t.Fatalf("1 lamp: %+v, %v; want it from the default location (3 against 2)", got, err)
	}
	// The same variant for two references (two vendor orders) is held twice, in two rounds.
	got, err = reserve(inventory.Hold{Reference: "vo-7", Lines: []inventory.Line{{VariantID: lamp, Quantity: 1}}},
		inventory.Hold{Reference: "vo-8", Lines: []inventory.Line{{VariantID: lamp, Quantity: 1}}})
	if err != nil || len(got) != 2 || ct.Count(t, "stock_reservations", "reference in ('vo-7', 'vo-8') and variant_id = ?", lamp) != 2 {
		t.Fatalf("one variant for two references: %+v, %v", got, err)
	}
}
