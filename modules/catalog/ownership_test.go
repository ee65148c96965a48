package catalog_test

import (
	"slices"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// A product's media_ids take only its own seller's images (issue 14, item 12): another seller's
// image, another marketplace's or an unknown id is refused with 422 "not yours", on create, on
// update and on variants, and nothing is written.
func TestProductMedia_OnlyTheSellersOwnImages(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "pmedia"), e.NewMarket(t, "pmedia-x")
	a, b := e.NewVendor(t, m, "pma"), e.NewVendor(t, m, "pmb")
	x := e.NewVendor(t, other, "pmx")
	pa := e.ActiveProduct(t, m, a, "Own Teapot", 2000, 3, nil)
	pb := e.ActiveProduct(t, m, b, "Their Teapot", 2000, 3, nil)
	px := e.ActiveProduct(t, other, x, "Far Teapot", 2000, 3, nil)
	mine := uploadImage(t, e, m, a, "product", pa.Str("id"), pngImage(t, 20, 20)).Str("id")
	theirs := uploadImage(t, e, m, b, "product", pb.Str("id"), pngImage(t, 20, 20)).Str("id")
	foreign := uploadImage(t, e, other, x, "product", px.Str("id"), pngImage(t, 20, 20)).Str("id")
	unknown := "0190f3a0-0000-7000-8000-0000000000aa"
	base := "/api/v1/seller/vendors/" + a.ID + "/products"
	variantPath := base + "/" + pa.Str("id") + "/variants/" + pa.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	before := ct.Count(t, "products", "tenant_id = ?", m.Tenant.ID)

	for _, id := range []string{theirs, foreign, unknown} {
		for _, tc := range []struct{ name, method, path, field string }{
			{"update", "PATCH", base + "/" + pa.Str("id"), "body.media_ids"},
			{"create", "POST", base, "body.media_ids"},
			{"variant", "PATCH", variantPath, "body.media_ids"},
		} {
			body := map[string]any{"media_ids": []string{mine, id}, "title": "Renamed"}
			if tc.method == "POST" {
				body["variants"] = []any{ct.Variant("SKU-"+ct.Short(), 100, 1, nil)}
			}
			if tc.name == "variant" {
				delete(body, "title")
				body["price"] = 999
			}
			r := e.Do(t, R{Method: tc.method, Host: m.Host, Path: tc.path, Token: a.Owner.Token, Body: body})
			if r.Status != 422 || !r.ErrorAt(tc.field) || !strings.Contains(string(r.Raw), "not yours") {
				t.Errorf("%s with %s: %d %s, want 422 \"not yours\" at %s", tc.name, id, r.Status, r.Raw, tc.field)
			}
		}
	}
	if n := ct.Count(t, "products", "tenant_id = ?", m.Tenant.ID); n != before {
		t.Fatalf("refused creates wrote products: %d, want %d", n, before)
	}
	got := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: base + "/" + pa.Str("id"), Token: a.Owner.Token}), 200)
	if got.Str("title") != "Own Teapot" || len(got.JSON["media_ids"].([]any)) != 0 || got.JSON["variants"].([]any)[0].(map[string]any)["price"].(float64) != 2000 {
		t.Fatalf("refused updates were written: %s", got.Raw)
	}
	// Its own images are accepted.
	res := ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: base + "/" + pa.Str("id"), Token: a.Owner.Token, Body: map[string]any{"media_ids": []string{mine}}}), 200)
	if ids := res.JSON["media_ids"].([]any); len(ids) != 1 || ids[0] != mine {
		t.Fatalf("own image: %s", res.Raw)
	}
}

// The search's vendor facet is labelled with the shop's name (issue 14, item 8), so the filter
// reads "Shop …" rather than an id.
func TestSearch_VendorFacetIsLabelledWithTheShopName(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "vfacet")
	a, b := e.NewVendor(t, m, "vfa"), e.NewVendor(t, m, "vfb")
	e.ActiveProduct(t, m, a, "Walnut Bowl", 3000, 2, nil)
	e.ActiveProduct(t, m, b, "Walnut Spoon", 900, 2, nil)
	for _, path := range []string{"/api/v1/search?q=walnut", "/api/v1/search"} {
		res := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path}), 200)
		labels := map[string]string{}
		for _, f := range res.Obj("facets")["vendors"].([]any) {
			fm := f.(map[string]any)
			labels[fm["value"].(string)], _ = fm["label"].(string)
		}
		if labels[a.ID] != "Shop "+a.Slug || labels[b.ID] != "Shop "+b.Slug {
			t.Errorf("%s: vendor facet labels %v, want the shop names", path, labels)
		}
		if slices.Contains([]string{labels[a.ID], labels[b.ID]}, "") {
			t.Errorf("%s: empty label", path)
		}
	}
}
