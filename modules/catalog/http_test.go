package catalog_test

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type R = ct.Req

func titles(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["title"].(string)
	}
	return out
}

func TestSellerRoutes_OnlyTheOwningVendorsMembers(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "own"), e.NewMarket(t, "own-x")
	a, b, x := e.NewVendor(t, m, "owna"), e.NewVendor(t, m, "ownb"), e.NewVendor(t, other, "ownx")
	p := e.CreateProduct(t, m, a, map[string]any{"title": "Vendor A Kettle", "status": "active",
		"options":  []any{map[string]any{"name": "Colour", "values": []string{"Red", "Blue"}}},
		"variants": []any{ct.Variant("KET-RED", 3900, 5, map[string]string{"Colour": "Red"}), ct.Variant("KET-BLU", 3900, 5, map[string]string{"Colour": "Blue"})}})
	pid := p.Str("id")
	vid := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	base := "/api/v1/seller/vendors/" + a.ID
	routes := []R{
		{Method: "GET", Path: base + "/products"},
		{Method: "POST", Path: base + "/products", Body: map[string]any{"title": "Intruder"}},
		{Method: "GET", Path: base + "/products/" + pid},
		{Method: "PATCH", Path: base + "/products/" + pid, Body: map[string]any{"title": "Hijacked"}},
		{Method: "POST", Path: base + "/products/" + pid + "/variants", Body: map[string]any{"sku": "X-1", "price": 1, "option_values": map[string]string{"Colour": "Red"}}},
		{Method: "PATCH", Path: base + "/products/" + pid + "/variants/" + vid, Body: map[string]any{"price": 1}},
		{Method: "DELETE", Path: base + "/products/" + pid + "/variants/" + vid},
		{Method: "GET", Path: base + "/collections"},
		{Method: "POST", Path: base + "/collections", Body: map[string]any{"title": "Mine"}},
		{Method: "GET", Path: base + "/inventory"},
		{Method: "POST", Path: base + "/inventory/adjustments", Body: map[string]any{"variant_id": vid, "delta": 100, "reason": "restock"}},
		{Method: "PUT", Path: base + "/inventory/" + vid + "/threshold", Body: map[string]any{"low_stock_threshold": 2}},
		{Method: "GET", Path: base + "/locations"},
		{Method: "POST", Path: base + "/locations", Body: map[string]any{"name": "Elsewhere"}},
	}
	for _, r := range routes {
		r.Host = m.Host
		name := r.Method + " " + strings.TrimPrefix(r.Path, base)
		for _, c := range []struct {
			who    string
			token  string
			host   string
			status int
		}{
			{"anonymous", "", m.Host, 401},
			{"buyer", m.Buyer.Token, m.Host, 403},
			{"seller of vendor B", b.Owner.Token, m.Host, 404},
			{"seller of another marketplace, there", x.Owner.Token, other.Host, 404},
			{"operator", m.Operator.Token, m.Host, 403},
		} {
			rr := r
			rr.Token, rr.Host = c.token, c.host
			if res := e.Do(t, rr); res.Status != c.status {
				t.Errorf("%s as %s: %d, want %d: %s", name, c.who, res.Status, c.status, res.Raw)
			}
		}
	}
	// Nothing changed.
	got := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + pid}), 200)
	if got.Str("title") != "Vendor A Kettle" || len(got.JSON["variants"].([]any)) != 2 {
		t.Fatalf("product changed: %s", got.Raw)
	}
	if n := ct.Count(t, "stock_movements", "variant_id = ?", vid); n != 1 {
		t.Fatalf("%d stock movements, want the initial one", n)
	}
	if n := ct.Count(t, "products", "tenant_id = ?", m.Tenant.ID); n != 1 {
		t.Fatalf("%d products in the marketplace, want 1", n)
	}
	// A's ids are not found in the other marketplace even on public routes.
	ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/products/" + pid}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/products/" + p.Str("slug")}), 404)
	// The owner can do all of it.
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: base + "/products/" + pid, Token: a.Owner.Token, Body: map[string]any{"title": "Vendor A Kettle 2"}}), 200)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: base + "/products/" + pid + "/variants/" + vid, Token: a.Owner.Token}), 200)
}

func TestCreateProduct_BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "badin")
	v := e.NewVendor(t, m, "badin")
	opts := []any{map[string]any{"name": "Size", "values": []string{"S", "M"}}}
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no title", map[string]any{"title": " "}, "body.title"},
		{"bad slug", map[string]any{"title": "T", "slug": "Not A Slug"}, "body.slug"},
		{"active without variants", map[string]any{"title": "T", "status": "active"}, "body.status"},
		{"nested attribute", map[string]any{"title": "T", "attributes": map[string]any{"dims": map[string]any{"w": 1}}}, "body.attributes.dims"},
		{"bad attribute key", map[string]any{"title": "T", "attributes": map[string]any{"Bad Key": "x"}}, "body.attributes"},
		{"unknown category", map[string]any{"title": "T", "category_id": "0190f3a0-0000-7000-8000-000000000001"}, "body.category_id"},
		{"negative price", map[string]any{"title": "T", "variants": []any{ct.Variant("A-1", -5, 0, nil)}}, "body.variants[0].price"},
		{"bad sku", map[string]any{"title": "T", "variants": []any{ct.Variant("bad sku!", 5, 0, nil)}}, "body.variants[0].sku"},
		{"duplicate sku", map[string]any{"title": "T", "variants": []any{ct.Variant("A-1", 5, 0, nil), ct.Variant("A-1", 5, 0, nil)}}, "body.variants[1].sku"},
		{"missing option value", map[string]any{"title": "T", "options": opts, "variants": []any{ct.Variant("A-1", 5, 0, nil)}}, "body.variants[0].option_values"},
		{"unknown option value", map[string]any{"title": "T", "options": opts, "variants": []any{ct.Variant("A-1", 5, 0, map[string]string{"Size": "XL"})}}, "body.variants[0].option_values"},
		{"negative stock", map[string]any{"title": "T", "variants": []any{ct.Variant("A-1", 5, -1, nil)}}, "body.variants[0].stock"},
		{"too many tags", map[string]any{"title": "T", "tags": strings.Split(strings.Repeat("t,", 21), ",")}, "body.tags"},
	}
	for _, tc := range cases {
		res := e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token, Body: tc.body})
		if res.Status != 422 || !res.ErrorAt(tc.field) {
			t.Errorf("%s: %d %s, want 422 at %s", tc.name, res.Status, res.Raw, tc.field)
		}
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token, Body: `{"title": `}), 400)
	for _, table := range []string{"products", "product_variants", "inventory_items", "stock_movements"} {
		if n := ct.Count(t, table, "tenant_id = ?", m.Tenant.ID); n != 0 {
			t.Errorf("%d rows in %s after refused requests", n, table)
		}
	}
	// SKUs are unique per vendor, not per marketplace.
	e.ActiveProduct(t, m, v, "First", 100, 1, map[string]any{"variants": []any{ct.Variant("SAME-1", 100, 1, nil)}})
	dup := e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token,
		Body: map[string]any{"title": "Second", "variants": []any{ct.Variant("SAME-1", 100, 1, nil)}}})
	ct.Want(t, dup, 409)
	w := e.NewVendor(t, m, "badin2")
	e.ActiveProduct(t, m, w, "Other shop", 100, 1, map[string]any{"variants": []any{ct.Variant("SAME-1", 100, 1, nil)}})
}

func TestProduct_DescriptionSanitisedSlugUniqueVariants(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "desc")
	v := e.NewVendor(t, m, "desc")
	p := e.ActiveProduct(t, m, v, "Ceramic Mug", 1500, 2, map[string]any{
		"description_html": `<p onclick="steal()">Handmade <b>stoneware</b><script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>`,
	})
	html := p.Str("description_html")
	if strings.Contains(html, "script") || strings.Contains(html, "onclick") || strings.Contains(html, "javascript:") || !strings.Contains(html, "<b>stoneware</b>") {
		t.Fatalf("description not sanitised: %q", html)
	}
	p2 := e.CreateProduct(t, m, v, map[string]any{"title": "Ceramic Mug", "status": "active",
		"options":  []any{map[string]any{"name": "Size", "values": []string{"Regular", "Large"}}},
		"variants": []any{ct.Variant("MUG-REG", 1500, 2, map[string]string{"Size": "Regular"})}})
	if p.Str("slug") != "ceramic-mug" || p2.Str("slug") != "ceramic-mug-2" {
		t.Fatalf("slugs %q %q", p.Str("slug"), p2.Str("slug"))
	}
	path := "/api/v1/seller/vendors/" + v.ID + "/products/" + p2.Str("id")
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: v.Owner.Token, Body: map[string]any{"slug": "ceramic-mug"}}), 409)
	res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/variants", Token: v.Owner.Token,
		Body: map[string]any{"sku": "MUG-BIG", "price": 2500, "compare_at_price": 3000, "stock": 0, "option_values": map[string]string{"Size": "Large"}}}), 201)
	if res.JSON["price_min"].(float64) != 1500 || res.JSON["price_max"].(float64) != 2500 || len(res.JSON["variants"].([]any)) != 2 {
		t.Fatalf("after add variant: %s", res.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/variants", Token: v.Owner.Token,
		Body: map[string]any{"sku": "MUG-BIG2", "price": 2500, "option_values": map[string]string{"Size": "Large"}}}), 422)
	only := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	res = ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products/" + p.Str("id") + "/variants/" + only,
		Token: v.Owner.Token, Body: map[string]any{"price": 1800}}), 200)
	if res.JSON["price_min"].(float64) != 1800 {
		t.Fatalf("price range not refreshed: %s", res.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products/" + p.Str("id") + "/variants/" + only, Token: v.Owner.Token}), 409)
	pub := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/ceramic-mug"}), 200)
	if pub.Str("id") != p.Str("id") || !pub.JSON["in_stock"].(bool) {
		t.Fatalf("public product: %s", pub.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("id")}), 200)
}

func TestListings_NeverShowDraftArchivedOrSuspended(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "hide")
	v, susp := e.NewVendor(t, m, "hide"), e.NewVendor(t, m, "gone")
	e.ActiveProduct(t, m, v, "Visible Lantern", 2000, 1, nil)
	draft := e.CreateProduct(t, m, v, map[string]any{"title": "Draft Lantern", "variants": []any{ct.Variant("DL-1", 100, 1, nil)}})
	arch := e.ActiveProduct(t, m, v, "Archived Lantern", 2000, 1, nil)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products/" + arch.Str("id"), Token: v.Owner.Token, Body: map[string]any{"status": "archived"}}), 200)
	gone := e.ActiveProduct(t, m, susp, "Suspended Lantern", 2000, 1, nil)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/vendors/" + susp.ID + "/suspend", Token: m.Operator.Token, Body: map[string]any{"reason": "fraud"}}), 200)
	// A product created while suspended stays hidden too.
	e.ActiveProduct(t, m, susp, "Late Lantern", 2000, 1, nil)

	for _, path := range []string{"/api/v1/products", "/api/v1/search?q=lantern", "/api/v1/search?q=lanturn", "/api/v1/products?q=lantern&sort=price_asc"} {
		res := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path}), 200)
		if got := titles(res.Items()); !slices.Equal(got, []string{"Visible Lantern"}) {
			t.Errorf("%s: %v", path, got)
		}
	}
	sug := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search/suggest?q=lant"}), 200)
	if got := titles(sug.Items()); !slices.Equal(got, []string{"Visible Lantern"}) {
		t.Errorf("suggest: %v", got)
	}
	for _, ref := range []string{draft.Str("slug"), arch.Str("id"), gone.Str("slug")} {
		ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + ref}), 404)
	}
	// The storefront shows its own vendor only; other vendors' products are not found there.
	w := e.NewVendor(t, m, "other")
	wp := e.ActiveProduct(t, m, w, "Other Shop Lamp", 900, 1, nil)
	sf := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(v.Slug), Path: "/api/v1/products"}), 200)
	if got := titles(sf.Items()); !slices.Equal(got, []string{"Visible Lantern"}) {
		t.Errorf("storefront: %v", got)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(v.Slug), Path: "/api/v1/products/" + wp.Str("slug")}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(w.Slug), Path: "/api/v1/products/" + wp.Str("slug")}), 200)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(susp.Slug), Path: "/api/v1/products"}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost("no-such-shop"), Path: "/api/v1/products"}), 404)
	all := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products"}), 200)
	if len(all.Items()) != 2 {
		t.Errorf("marketplace list: %v", titles(all.Items()))
	}
	// The seller still sees every status of its own.
	mine := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products", Token: v.Owner.Token}), 200)
	if len(mine.Items()) != 3 {
		t.Errorf("seller list: %v", titles(mine.Items()))
	}
	// The operator unpublishes: back to draft with a note, gone from listings.
	vis := all.Items()[1]
	if vis["title"] != "Visible Lantern" {
		vis = all.Items()[0]
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/products/" + vis["id"].(string) + "/unpublish", Token: v.Owner.Token, Body: map[string]any{"reason": "x"}}), 403)
	un := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/products/" + vis["id"].(string) + "/unpublish", Token: m.Operator.Token, Body: map[string]any{"reason": "Misleading photos"}}), 200)
	if un.Str("status") != "draft" || un.Str("moderation_note") != "Misleading photos" {
		t.Fatalf("unpublish: %s", un.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + vis["slug"].(string)}), 404)
	other := e.NewMarket(t, "hide-x")
	ct.Want(t, e.Do(t, R{Method: "POST", Host: other.Host, Path: "/api/v1/admin/products/" + wp.Str("id") + "/unpublish", Token: other.Operator.Token, Body: map[string]any{"reason": "x"}}), 404)
}

func TestSearch_TypoTolerantWithFacets(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "search")
	op := m.Operator.Token
	audio := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: op, Body: map[string]any{"name": "Audio"}}), 201)
	phones := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: op, Body: map[string]any{"name": "Headphones", "parent_id": audio.Str("id")}}), 201)
	speakers := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: op, Body: map[string]any{"name": "Speakers", "parent_id": audio.Str("id")}}), 201)
	kitchen := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: op, Body: map[string]any{"name": "Kitchen"}}), 201)
	a, b := e.NewVendor(t, m, "sa"), e.NewVendor(t, m, "sb")
	mk := func(v ct.Vendor, title string, cat map[string]any, price, stock int64, attrs map[string]any, tags []string) {
		e.ActiveProduct(t, m, v, title, price, stock, map[string]any{"category_id": cat["id"], "attributes": attrs, "tags": tags,
			"description_html": "<p>" + title + " for everyday use.</p>"})
	}
	mk(a, "Wireless Headphones", phones.JSON, 12900, 4, map[string]any{"colour": "black", "wireless": true, "battery_hours": 30}, []string{"bluetooth"})
	mk(a, "Studio Wired Headphones", phones.JSON, 8900, 0, map[string]any{"colour": "silver", "wireless": false}, []string{"studio"})
	mk(b, "Wireless Earbuds", phones.JSON, 5900, 10, map[string]any{"colour": "black", "wireless": true, "battery_hours": 8}, []string{"headphones", "bluetooth"})
	mk(b, "Bookshelf Speaker", speakers.JSON, 19900, 2, map[string]any{"colour": "black", "wireless": true}, nil)
	mk(a, "Chef Knife", kitchen.JSON, 4500, 3, map[string]any{"colour": "steel"}, nil)

	res := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search?q=" + url.QueryEscape("wireles hedphones")}), 200)
	got := titles(res.Items())
	if len(got) == 0 || got[0] != "Wireless Headphones" {
		t.Fatalf("wireles hedphones: %v", got)
	}
	if slices.Contains(got, "Chef Knife") {
		t.Fatalf("unrelated result: %v", got)
	}
	res = ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search?q=headphones"}), 200)
	got = titles(res.Items())
	// Title matches rank above a tag match.
	if len(got) != 3 || got[2] != "Wireless Earbuds" {
		t.Fatalf("headphones ranking: %v", got)
	}
	f := res.Obj("facets")
	count := func(list any, value string) float64 {
		for _, x := range list.([]any) {
			if mm := x.(map[string]any); mm["value"] == value {
				return mm["count"].(float64)
			}
		}
		return 0
	}
	if count(f["categories"], phones.Str("id")) != 3 || len(f["categories"].([]any)) != 1 {
		t.Errorf("category facet: %v", f["categories"])
	}
	if count(f["vendors"], a.ID) != 2 || count(f["vendors"], b.ID) != 1 {
		t.Errorf("vendor facet: %v", f["vendors"])
	}
	attrs := f["attributes"].(map[string]any)
	if count(attrs["colour"], "black") != 2 || count(attrs["colour"], "silver") != 1 || count(attrs["wireless"], "true") != 2 {
		t.Errorf("attribute facets: %v", attrs)
	}
	if count(f["price_bands"], "5000..9999") != 2 || count(f["price_bands"], "10000..24999") != 1 {
		t.Errorf("price bands: %v", f["price_bands"])
	}
	// A facet's own filter leaves its counts alone; the others narrow.
	res = ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search?q=headphones&attr=colour:black&vendor=" + a.ID}), 200)
	f = res.Obj("facets")
	if got := titles(res.Items()); !slices.Equal(got, []string{"Wireless Headphones"}) {
		t.Errorf("filtered: %v", got)
	}
	attrs = f["attributes"].(map[string]any)
	if count(attrs["colour"], "silver") != 1 || count(attrs["colour"], "black") != 1 {
		t.Errorf("colour facet under its own filter: %v", attrs["colour"])
	}
	if count(f["vendors"], b.ID) != 1 || count(f["vendors"], a.ID) != 1 {
		t.Errorf("vendor facet under its own filter: %v", f["vendors"])
	}
	ranges := f["ranges"].(map[string]any)
	if r := ranges["battery_hours"].(map[string]any); r["min"].(float64) != 30 || r["max"].(float64) != 30 {
		t.Errorf("ranges: %v", ranges)
	}

	// Filters: category with descendants, price, attributes, stock, sort.
	list := func(q string) []string {
		return titles(ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products?" + q}), 200).Items())
	}
	for q, want := range map[string][]string{
		"category=" + audio.Str("slug") + "&sort=price_asc":                {"Wireless Earbuds", "Studio Wired Headphones", "Wireless Headphones", "Bookshelf Speaker"},
		"category=" + speakers.Str("id"):                                   {"Bookshelf Speaker"},
		"price_min=5000&price_max=13000&sort=price_desc":                   {"Wireless Headphones", "Studio Wired Headphones", "Wireless Earbuds"},
		"attr=wireless:true&attr=battery_hours:10..&sort=price_asc":        {"Wireless Headphones"},
		"attr=colour:black&attr=colour:steel&sort=price_asc":               {"Chef Knife", "Wireless Earbuds", "Wireless Headphones", "Bookshelf Speaker"},
		"in_stock=true&category=" + phones.Str("slug") + "&sort=price_asc": {"Wireless Earbuds", "Wireless Headphones"},
	} {
		if got := list(q); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{"category=nope", "price_min=abc", "price_min=500&price_max=100", "attr=bad", "sort=cheapest", "vendor=xyz", "cursor=garbage"} {
		if res := e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products?" + q}); res.Status != 422 {
			t.Errorf("%s: %d, want 422: %s", q, res.Status, res.Raw)
		}
	}
	sug := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search/suggest?q=wirel"}), 200)
	if got := titles(sug.Items()); len(got) < 2 || !strings.HasPrefix(got[0], "Wireless") {
		t.Errorf("suggest wirel: %v", got)
	}
	sug = ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search/suggest?q=speak"}), 200)
	kinds := map[string]bool{}
	for _, it := range sug.Items() {
		kinds[it["kind"].(string)] = true
	}
	if !kinds["product"] || !kinds["category"] {
		t.Errorf("suggest speak: %s", sug.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search/suggest?q="}), 422)
	// Nothing of this marketplace is found from another.
	other := e.NewMarket(t, "search-x")
	if items := ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/search?q=headphones"}), 200).Items(); len(items) != 0 {
		t.Fatalf("other marketplace sees %v", titles(items))
	}
}

func TestProducts_CursorPagesThroughEverySortOnce(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "pages")
	v := e.NewVendor(t, m, "pages")
	for i := range 7 {
		e.ActiveProduct(t, m, v, fmt.Sprintf("Widget %d", i), int64(1000+(i%3)*100), 1, nil)
	}
	for _, sort := range []string{"newest", "price_asc", "price_desc", "relevance"} {
		seen := map[string]bool{}
		cursor := ""
		var prices []float64
		for range 10 {
			path := "/api/v1/products?limit=3&q=widget&sort=" + sort
			if cursor != "" {
				path += "&cursor=" + url.QueryEscape(cursor)
			}
			res := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path}), 200)
			for _, it := range res.Items() {
				if seen[it["id"].(string)] {
					t.Fatalf("%s: %s twice", sort, it["title"])
				}
				seen[it["id"].(string)] = true
				prices = append(prices, it["price_min"].(float64))
			}
			next, _ := res.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != 7 {
			t.Errorf("%s: %d products over all pages, want 7", sort, len(seen))
		}
		if sort == "price_asc" && !slices.IsSorted(prices) {
			t.Errorf("price_asc order: %v", prices)
		}
	}
	// A cursor of one sort is refused by another.
	res := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products?limit=3&sort=newest"}), 200)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products?sort=price_asc&cursor=" + url.QueryEscape(res.Str("next_cursor"))}), 422)
}

func TestCategories_OperatorManagesTree(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "cats"), e.NewMarket(t, "cats-x")
	v := e.NewVendor(t, m, "cats")
	op := m.Operator.Token
	post := func(token string, body map[string]any) ct.Resp {
		return e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: token, Body: body})
	}
	ct.Want(t, post("", map[string]any{"name": "Home"}), 401)
	ct.Want(t, post(m.Buyer.Token, map[string]any{"name": "Home"}), 403)
	ct.Want(t, post(v.Owner.Token, map[string]any{"name": "Home"}), 403)
	if r := ct.Want(t, post(op, map[string]any{"name": ""}), 422); !r.ErrorAt("body.name") {
		t.Fatalf("%s", r.Raw)
	}
	ct.Want(t, post(op, map[string]any{"name": "X", "parent_id": "0190f3a0-0000-7000-8000-000000000001"}), 422)
	home := ct.Want(t, post(op, map[string]any{"name": "Home & Garden"}), 201)
	if home.Str("slug") != "home-garden" {
		t.Fatalf("slug: %s", home.Raw)
	}
	ct.Want(t, post(op, map[string]any{"name": "Again", "slug": "home-garden"}), 409)
	deco := ct.Want(t, post(op, map[string]any{"name": "Decor", "parent_id": home.Str("id")}), 201)
	tree := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/categories"}), 200)
	if len(tree.Items()) != 1 || len(tree.Items()[0]["children"].([]any)) != 1 {
		t.Fatalf("tree: %s", tree.Raw)
	}
	path := "/api/v1/admin/categories/" + home.Str("id")
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: op, Body: map[string]any{"parent_id": deco.Str("id")}}), 422)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: other.Host, Path: path, Token: other.Operator.Token, Body: map[string]any{"name": "Mine"}}), 404)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: other.Host, Path: path, Token: other.Operator.Token}), 404)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: m.Buyer.Token, Body: map[string]any{"name": "Mine"}}), 403)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: op, Body: map[string]any{"name": "Home"}}), 200)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path, Token: op}), 409)
	e.ActiveProduct(t, m, v, "Vase", 3000, 1, map[string]any{"category_id": deco.Str("id")})
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: "/api/v1/admin/categories/" + deco.Str("id"), Token: op}), 409)
	empty := ct.Want(t, post(op, map[string]any{"name": "Empty"}), 201)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: "/api/v1/admin/categories/" + empty.Str("id"), Token: op}), 204)
	if items := ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/categories"}), 200).Items(); len(items) != 0 {
		t.Fatalf("other marketplace sees categories: %v", items)
	}
}

func TestCollections_OperatorAndVendorCurated(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "coll"), e.NewMarket(t, "coll-x")
	a, b := e.NewVendor(t, m, "colla"), e.NewVendor(t, m, "collb")
	pa := e.ActiveProduct(t, m, a, "Alpha Tea", 900, 1, nil)
	pb := e.ActiveProduct(t, m, b, "Beta Tea", 800, 1, nil)
	op := m.Operator.Token
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/collections", Token: m.Buyer.Token, Body: map[string]any{"title": "Teas"}}), 403)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/collections", Token: op, Body: map[string]any{"title": ""}}), 422)
	c := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/collections", Token: op,
		Body: map[string]any{"title": "Teas", "featured": true, "product_ids": []string{pb.Str("id"), pa.Str("id")}}}), 201)
	got := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/collections/teas"}), 200)
	var order []string
	for _, p := range got.JSON["products"].([]any) {
		order = append(order, p.(map[string]any)["title"].(string))
	}
	if !slices.Equal(order, []string{"Beta Tea", "Alpha Tea"}) {
		t.Fatalf("collection order: %v", order)
	}
	// A vendor collects only its own products.
	vpath := "/api/v1/seller/vendors/" + a.ID + "/collections"
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath, Token: a.Owner.Token, Body: map[string]any{"title": "Ours", "product_ids": []string{pb.Str("id")}}}), 422)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath, Token: b.Owner.Token, Body: map[string]any{"title": "Ours"}}), 404)
	vc := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath, Token: a.Owner.Token, Body: map[string]any{"title": "Ours", "product_ids": []string{pa.Str("id")}}}), 201)
	sf := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(a.Slug), Path: "/api/v1/collections"}), 200)
	if len(sf.Items()) != 1 || sf.Items()[0]["slug"] != "ours" {
		t.Fatalf("storefront collections: %s", sf.Raw)
	}
	mk := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/collections"}), 200)
	if len(mk.Items()) != 1 || mk.Items()[0]["slug"] != "teas" {
		t.Fatalf("marketplace collections: %s", mk.Raw)
	}
	// The operator cannot edit a vendor's collection through the admin routes, nor another marketplace's.
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/admin/collections/" + vc.Str("id"), Token: op, Body: map[string]any{"title": "x"}}), 404)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: other.Host, Path: "/api/v1/admin/collections/" + c.Str("id"), Token: other.Operator.Token, Body: map[string]any{"title": "x"}}), 404)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/admin/collections/" + c.Str("id"), Token: op, Body: map[string]any{"product_ids": []string{}}}), 200)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: vpath + "/" + vc.Str("id"), Token: a.Owner.Token}), 204)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: "/api/v1/admin/collections/" + c.Str("id"), Token: op}), 204)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/collections/teas"}), 404)
}

func TestVariants_LookupForCarts(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "lookup"), e.NewMarket(t, "lookup-x")
	v := e.NewVendor(t, m, "lookup")
	p := e.ActiveProduct(t, m, v, "Walnut Board", 4500, 7, nil)
	draft := e.CreateProduct(t, m, v, map[string]any{"title": "Draft Board", "variants": []any{ct.Variant("DB-1", 100, 1, nil)}})
	vid := uuid.MustParse(p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string))
	did := uuid.MustParse(draft.JSON["variants"].([]any)[0].(map[string]any)["id"].(string))
	svc := catalog.NewService(catalog.Deps{Tenants: e.Registry})
	got, err := svc.Variants(m.Ctx, nil, []uuid.UUID{vid, did, uuid.New()})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d variants, want 2: %+v", len(got), got)
	}
	for _, g := range got {
		switch g.ID {
		case vid:
			if !g.Listed || g.Available != 7 || g.Price != 4500 || g.ProductTitle != "Walnut Board" || g.VendorID.String() != v.ID || g.Currency != "USD" {
				t.Errorf("listed variant: %+v", g)
			}
		case did:
			if g.Listed {
				t.Errorf("draft variant listed: %+v", g)
			}
		}
	}
	if got, err := svc.Variants(other.Ctx, nil, []uuid.UUID{vid}); err != nil || len(got) != 0 {
		t.Fatalf("other marketplace: %+v %v", got, err)
	}
}
