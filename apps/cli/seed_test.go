package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/apps/cli/demo"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

// TestSeed_DemoStoreLooksReal seeds the demo marketplace into the package's database and checks
// what an operator sees first: every shop approved, every product active with a rendered
// picture (and one per colour variant), stock in every state, and orders in several states.
// A second run changes nothing.
func TestSeed_DemoStoreLooksReal(t *testing.T) {
	ctx := context.Background()
	cfg := testkit.Config(t)
	if err := db.Migrate(ctx, cfg.MigrateDatabaseURL); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := seed(ctx, cfg, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	owner := testkit.OwnerDB(t)
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := owner.Raw(query, args...).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	const inDemo = ` tenant_id = (select id from tenants where slug = 'demo')`

	wantProducts := 0
	for _, dv := range demoVendors {
		wantProducts += len(dv.products)
	}
	if n := count(`select count(*) from vendors where status = 'approved' and` + inDemo); n != len(demoVendors) {
		t.Errorf("%d approved shops, want %d", n, len(demoVendors))
	}
	if n := count(`select count(*) from products where status = 'active' and` + inDemo); n != wantProducts {
		t.Errorf("%d active products, want %d", n, wantProducts)
	}
	if n := count(`select count(*) from products p where` + inDemo + ` and not exists
		(select 1 from media m where m.owner_kind = 'product' and m.owner_id = p.id and m.status = 'ready')`); n != 0 {
		t.Errorf("%d products without a picture", n)
	}
	if n := count(`select count(*) from media where owner_kind = 'variant' and status = 'ready' and` + inDemo); n < 50 {
		t.Errorf("only %d variant pictures: colour variants should each have one", n)
	}
	if n := count(`select count(*) from products where not in_stock and` + inDemo); n == 0 {
		t.Error("no product is sold out")
	}
	if n := count(`select count(*) from stock_levels where on_hand - reserved between 1 and ? and`+inDemo, demoLowStock); n == 0 {
		t.Error("no variant is running low")
	}
	var statuses []string
	if err := owner.Raw(`select status from orders where` + inDemo + ` order by status`).Scan(&statuses).Error; err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(statuses, ","), "delivered,paid,pending_payment,shipped"; got != want {
		t.Errorf("order statuses %s, want %s", got, want)
	}
	if n := count(`select count(*) from shipments where tracking_number <> '' and` + inDemo); n < 3 {
		t.Errorf("%d shipments with tracking, want at least 3", n)
	}

	out.Reset()
	if err := seed(ctx, cfg, &out); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	for _, want := range []string{"0 products created", "0 product pictures rendered", "demo orders: 0 placed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("second seed output lacks %q:\n%s", want, out.String())
		}
	}
	if n := count(`select count(*) from orders where` + inDemo); n != len(demoOrders) {
		t.Errorf("%d orders after a second seed, want %d", n, len(demoOrders))
	}

	// A demo seeded by an earlier version has one abstract "<slug>.png" per product: reseeding
	// replaces it with the rendered pictures.
	reg := tenants.NewRegistry(testkit.DB(t), testkit.Redis(t), cfg.BaseDomain, 0)
	tenant, err := findTenant(ctx, reg, demoSlug)
	if err != nil {
		t.Fatal(err)
	}
	tctx := tenants.WithTenant(ctx, tenant)
	images, err := media.NewServiceFromConfig(ctx, reg, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ID, VendorID uuid.UUID
		Slug         string
	}
	if err := owner.Raw(`select id, vendor_id, slug from products where slug = 'stoneware-coffee-mug' and` + inDemo).Scan(&p).Error; err != nil {
		t.Fatal(err)
	}
	mugOwner := media.Owner{Kind: media.OwnerProduct, ID: p.ID, VendorID: p.VendorID}
	if err := images.DeleteOwner(tctx, mugOwner); err != nil {
		t.Fatal(err)
	}
	var placeholder bytes.Buffer
	if err := png.Encode(&placeholder, image.NewGray(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	if _, err := images.Import(tctx, mugOwner, p.Slug+".png", placeholder.Bytes(), "Stoneware Coffee Mug"); err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, cfg, &out); err != nil {
		t.Fatalf("third seed: %v", err)
	}
	got, err := images.List(tctx, mugOwner)
	if err != nil || len(got) != 1 || got[0].Filename != p.Slug+".jpg" {
		t.Fatalf("after reseeding, the mug's images are %+v (%v), want the rendered %s.jpg", got, err, p.Slug)
	}
	if n := count(`select count(*) from media m join product_variants v on v.id = m.owner_id where m.owner_kind = 'variant' and v.product_id = ?`, p.ID); n != 3 {
		t.Errorf("the mug's three glazes have %d pictures after reseeding, want 3", n)
	}
}

// TestDemoProducts_EveryPictureCanBeRendered checks the catalog's pictures: every product
// names a kind the renderer draws and a colour it knows, and colour options only hold known
// colours, so no product falls back to the neutral grey.
func TestDemoProducts_EveryPictureCanBeRendered(t *testing.T) {
	known := map[demo.Kind]bool{}
	for _, k := range demo.Kinds {
		known[k] = true
	}
	for _, dv := range demoVendors {
		for _, dp := range dv.products {
			if !known[dp.kind] {
				t.Errorf("%s: kind %q is not drawn", dp.title, dp.kind)
			}
			names := []string{dp.colour}
			if colourOptions[dp.option] {
				names = dp.values
			} else if dp.colour == "" {
				t.Errorf("%s: no colour for its picture", dp.title)
			}
			for _, n := range names {
				if n != "" && !demo.KnownColour(n) {
					t.Errorf("%s: colour %q is unknown", dp.title, n)
				}
			}
		}
	}
}

// TestDemoSKU_UniqueAndNotNumberedByPlace: every demo variant has its own SKU, and none has the
// "PFX-NNN-N" form earlier seeds numbered by list position (reseeding such a demo clashed on
// them: "conflict: sku: the shop already has a variant with this SKU").
func TestDemoSKU_UniqueAndNotNumberedByPlace(t *testing.T) {
	seen := map[string]string{}
	for _, dv := range demoVendors {
		for _, dp := range dv.products {
			slug := catalog.Slugify(dp.title, 100)
			for j := range max(len(dp.values), 1) {
				sku := demoSKU(dv, slug, j)
				if other, ok := seen[sku]; ok {
					t.Errorf("%s and %s share SKU %s", other, dp.title, sku)
				}
				seen[sku] = dp.title
				var n, m int
				if _, err := fmt.Sscanf(sku[len(dv.skuPrefix):], "-%03d-%d", &n, &m); err == nil && len(sku) == len(dv.skuPrefix)+6 {
					t.Errorf("%s: SKU %s is numbered by place", dp.title, sku)
				}
			}
		}
	}
}
