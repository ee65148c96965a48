package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// seedPlatform bulk-inserts a synthetic platform as the owner role (the fast path: about a
// minute for the defaults instead of hours through the API): nTenants marketplaces
// load-1..load-N, each with nSellers approved vendors (a default stock location and a shipping
// profile that ships everywhere), a two-level category tree and nProducts products spread over
// the vendors, each with two variants in stock. It is idempotent: marketplaces that exist are
// kept as they are. It returns the marketplace slugs.
func seedPlatform(ctx context.Context, dbURL string, nTenants, nSellers, nProducts int) ([]string, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var slugs []string
	for i := 1; i <= nTenants; i++ {
		slug := fmt.Sprintf("load-%d", i)
		slugs = append(slugs, slug)
		var exists bool
		if err := conn.QueryRow(ctx, "select exists(select 1 from tenants where slug = $1)", slug).Scan(&exists); err != nil {
			return nil, err
		}
		if exists {
			fmt.Fprintf(os.Stderr, "seed: %s exists, kept\n", slug)
			continue
		}
		start := time.Now()
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return seedTenant(ctx, tx, slug, nSellers, nProducts) }); err != nil {
			return nil, fmt.Errorf("seed %s: %w", slug, err)
		}
		fmt.Fprintf(os.Stderr, "seed: %s with %d sellers and %d products in %s\n", slug, nSellers, nProducts, time.Since(start).Round(time.Millisecond))
	}
	// As after any bulk load: statistics for the planner, visibility maps for index-only scans,
	// and every GIN index's pending list folded in.
	if _, err := conn.Exec(ctx, "vacuum analyze"); err != nil {
		return nil, err
	}
	return slugs, nil
}

// seedTenant fills one marketplace inside tx. The owner role is a superuser here, so RLS does not
// stand in the way; app.tenant_id is still set so that any trigger that reads it behaves.
func seedTenant(ctx context.Context, tx pgx.Tx, slug string, nSellers, nProducts int) error {
	steps := []struct {
		sql  string
		args []any
	}{
		{`create temp table seed_t on commit drop as select gen_random_uuid() as id`, nil},
		{`select set_config('app.tenant_id', (select id::text from seed_t), true)`, nil},
		{`insert into tenants (id, slug, name) select id, $1, 'Load ' || $1 from seed_t`, []any{slug}},
		{`insert into tenant_domains (tenant_id, host, is_primary, verified) select id, $1 || '.localhost', true, true from seed_t`, []any{slug}},
		// Sellers: an account (no usable password) and an approved vendor each.
		{`create temp table seed_v on commit drop as
			select g, gen_random_uuid() as vendor_id, gen_random_uuid() as account_id, gen_random_uuid() as location_id
			from generate_series(1, $1) g`, []any{nSellers}},
		{`insert into accounts (tenant_id, id, email, name, password_hash)
			select (select id from seed_t), account_id, 'seller' || g || '@' || $1 || '.example', 'Seller ' || g, '!' from seed_v`, []any{slug}},
		{`insert into vendors (tenant_id, id, slug, name, contact_email, country, status, applicant_id, applicant_email, approved_at)
			select (select id from seed_t), vendor_id, 'shop-' || g, 'Shop ' || g, 'seller' || g || '@' || $1 || '.example', 'US',
				'approved', account_id, 'seller' || g || '@' || $1 || '.example', now() from seed_v`, []any{slug}},
		{`insert into vendor_members (tenant_id, vendor_id, account_id, role)
			select (select id from seed_t), vendor_id, account_id, 'owner' from seed_v`, nil},
		{`insert into stock_locations (tenant_id, id, vendor_id, name, is_default, country)
			select (select id from seed_t), location_id, vendor_id, 'Main warehouse', true, 'US' from seed_v`, nil},
		{`insert into shipping_profiles (tenant_id, id, vendor_id, name, is_default, ship_from_country, currency, zones)
			select (select id from seed_t), gen_random_uuid(), vendor_id, 'Standard', true, 'US', 'USD',
				'[{"name":"Everywhere","countries":["*"],"rates":[{"id":"standard","name":"Standard","kind":"flat","amount":499,"min_days":2,"max_days":5},{"id":"express","name":"Express","kind":"flat","amount":1499,"min_days":1,"max_days":2}]}]'::jsonb
			from seed_v`, nil},
		{`insert into tax_rates (tenant_id, id, country, name, rate_bp) select id, gen_random_uuid(), 'US', 'Sales tax', 725 from seed_t`, nil},
		// Categories: 8 departments with 4 subcategories each.
		{`insert into categories (tenant_id, id, slug, name)
			select (select id from seed_t), gen_random_uuid(), 'dept-' || d, (array['Audio','Home','Kitchen','Outdoor','Fashion','Office','Toys','Sports'])[d]
			from generate_series(1, 8) d`, nil},
		{`insert into categories (tenant_id, id, parent_id, slug, name)
			select c.tenant_id, gen_random_uuid(), c.id, c.slug || '-' || s, c.name || ' ' || (array['Essentials','Premium','Accessories','Deals'])[s]
			from categories c, generate_series(1, 4) s where c.tenant_id = (select id from seed_t) and c.parent_id is null`, nil},
		{`create temp table seed_c on commit drop as
			select row_number() over (order by slug) - 1 as n, id from categories where tenant_id = (select id from seed_t) and parent_id is not null`, nil},
		{`insert into products (tenant_id, id, vendor_id, slug, title, description_html, description_text, status, category_id, tags,
				attributes, options, currency, price_min, price_max, in_stock, vendor_listed, published_at)
			select (select id from seed_t), gen_random_uuid(), (select vendor_id from seed_v where g = 1 + p % $1),
				'product-' || p,
				(array['Wireless','Studio','Travel','Classic','Compact','Organic','Smart','Vintage'])[1 + p % 8] || ' ' ||
				(array['Headphones','Speaker','Mug','Jacket','Backpack','Lamp','Kettle','Notebook','Sneakers','Blender'])[1 + p % 10] || ' ' || p,
				'<p>Product ' || p || ' is made to last, with care for every detail.</p>',
				'Product ' || p || ' is made to last, with care for every detail.', 'active',
				(select id from seed_c where n = p % 32), array['tag' || (p % 40), (array['gift','eco','bestseller','new'])[1 + p % 4]],
				jsonb_build_object('colour', (array['black','white','red','blue'])[1 + p % 4], 'wireless', p % 2 = 0, 'rating', 1 + p % 5),
				'[{"name":"Size","values":["S","M"]}]'::jsonb,
				'USD', 500 + (p * 37) % 50000, 700 + (p * 37) % 50000, true, true, now() - (p || ' seconds')::interval
			from generate_series(1, $2) p`, []any{nSellers, nProducts}},
		{`insert into product_variants (tenant_id, id, product_id, vendor_id, sku, title, option_values, price, currency, weight_grams, position, available)
			select p.tenant_id, gen_random_uuid(), p.id, p.vendor_id, upper(p.slug) || '-' || s, s, jsonb_build_object('Size', s),
				case s when 'S' then p.price_min else p.price_max end, p.currency, 500, case s when 'S' then 0 else 1 end, 1000
			from products p, unnest(array['S','M']) s where p.tenant_id = (select id from seed_t)`, nil},
		{`insert into inventory_items (tenant_id, variant_id, vendor_id, sku)
			select tenant_id, id, vendor_id, sku from product_variants where tenant_id = (select id from seed_t)`, nil},
		{`insert into stock_levels (tenant_id, variant_id, location_id, on_hand)
			select v.tenant_id, v.id, sv.location_id, 1000 from product_variants v join seed_v sv on sv.vendor_id = v.vendor_id
			where v.tenant_id = (select id from seed_t)`, nil},
	}
	for _, s := range steps {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("%.80s: %w", s.sql, err)
		}
	}
	return nil
}
