package catalog_test

import (
	"net/http/httptest"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// benchProducts is the size of the benchmark's marketplace.
const benchProducts = 10_000

// benchMarket makes a marketplace with benchProducts listed products (one variant each) across
// 20 categories, bulk-inserted as the owner; requests then go through the api as usual, under
// RLS.
func benchMarket(b *testing.B) (*ct.Env, *ct.Market, string) {
	b.Helper()
	e := ct.Setup(b)
	m := e.NewMarket(b, "bench")
	v := e.NewVendor(b, m, "bench")
	db := testkit.OwnerDB(b)
	err := db.Exec(`insert into categories (tenant_id, id, slug, name)
		select ?, gen_random_uuid(), 'cat-' || g, 'Category ' || g from generate_series(1, 20) g`, m.Tenant.ID).Error
	if err != nil {
		b.Fatal(err)
	}
	err = db.Exec(`insert into products (tenant_id, id, vendor_id, slug, title, description_html, description_text, status, category_id,
			tags, attributes, currency, price_min, price_max, in_stock, vendor_listed, published_at)
		select ?, gen_random_uuid(), ?, 'product-' || g, (array['Wireless','Studio','Travel','Classic','Compact'])[1 + g % 5] || ' ' ||
				(array['Headphones','Speaker','Mug','Jacket','Backpack','Lamp','Kettle'])[1 + g % 7] || ' ' || g,
			'<p>Description of product ' || g || '</p>', 'Description of product ' || g || ' with many useful words', 'active',
			(select id from categories c where c.tenant_id = ? and c.slug = 'cat-' || (1 + g % 20)),
			array['tag' || (g % 30)], jsonb_build_object('colour', (array['black','white','red'])[1 + g % 3], 'wireless', g % 2 = 0),
			'USD', 500 + (g * 37) % 50000, 500 + (g * 37) % 50000, g % 10 <> 0, true, now()
		from generate_series(1, ?) g`, m.Tenant.ID, v.ID, m.Tenant.ID, benchProducts).Error
	if err != nil {
		b.Fatal(err)
	}
	err = db.Exec(`insert into product_variants (tenant_id, id, product_id, vendor_id, sku, price, currency, available)
		select tenant_id, gen_random_uuid(), id, vendor_id, 'SKU-' || slug, price_min, currency, case when in_stock then 5 else 0 end
		from products where tenant_id = ?`, m.Tenant.ID).Error
	if err != nil {
		b.Fatal(err)
	}
	db.Exec("analyze products; analyze product_variants; analyze categories")
	return e, m, "product-4242"
}

func benchGet(b *testing.B, e *ct.Env, host, path string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = host
		res, err := e.App.Fiber.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		if res.StatusCode != 200 {
			b.Fatalf("%s: %d", path, res.StatusCode)
		}
		res.Body.Close()
	}
}

// BenchmarkProducts measures the product list, search and product page of a marketplace with
// 10,000 products, through the whole api (host resolution, authentication, authorization, RLS).
func BenchmarkProducts(b *testing.B) {
	e, m, slug := benchMarket(b)
	b.Run("list-newest", func(b *testing.B) { benchGet(b, e, m.Host, "/api/v1/products?limit=24") })
	b.Run("list-category-price", func(b *testing.B) {
		benchGet(b, e, m.Host, "/api/v1/products?limit=24&category=cat-3&sort=price_asc&in_stock=true")
	})
	b.Run("search-facets", func(b *testing.B) { benchGet(b, e, m.Host, "/api/v1/search?q=wireles+hedphones&limit=24") })
	b.Run("page", func(b *testing.B) { benchGet(b, e, m.Host, "/api/v1/products/"+slug) })
}
