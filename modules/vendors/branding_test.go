package vendors_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

func brandPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// storefrontImage uploads a ready storefront image (kind storefront_logo or storefront_banner)
// of v and returns its media id.
func storefrontImage(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, kind string) string {
	t.Helper()
	created, done := e.Upload(t, m, v.Owner.Token, v.ID, kind, v.ID, brandPNG(t, 40, 20))
	ct.Want(t, created, 201)
	return ct.Want(t, done, 200).Str("id")
}

// A seller's logo, banner and accent colour are shown on its public profile and storefront
// (issue 14, item 3): links to the images, not bare media ids.
func TestBranding_LogoBannerAndAccentArePublic(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "brand")
	v := e.NewVendor(t, m, "brandshop")
	logo, banner := storefrontImage(t, e, m, v, "storefront_logo"), storefrontImage(t, e, m, v, "storefront_banner")
	path := "/api/v1/seller/vendors/" + v.ID

	res := ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: v.Owner.Token,
		Body: map[string]any{"logo_media_id": logo, "banner_media_id": banner, "accent_color": "#1A7F5A"}}), 200)
	if res.Str("accent_color") != "#1a7f5a" || res.Str("logo_media_id") != logo {
		t.Fatalf("settings: %s", res.Raw)
	}
	check := func(where string, view map[string]any) {
		t.Helper()
		for _, k := range []string{"logo_url", "banner_url"} {
			if s, _ := view[k].(string); !strings.Contains(s, "/media/local/") {
				t.Errorf("%s: %s = %v, want a link to the image", where, k, view[k])
			}
		}
		if view["accent_color"] != "#1a7f5a" || view["name"] != "Shop "+v.Slug {
			t.Errorf("%s: accent %v name %v", where, view["accent_color"], view["name"])
		}
	}
	check("storefront", ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.StorefrontHost(v.Slug), Path: "/api/v1/storefront"}), 200).JSON)
	check("shop page", ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/vendors/" + v.Slug}), 200).JSON)
	found := false
	for _, it := range ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/vendors"}), 200).Items() {
		if it["id"] == v.ID {
			found = true
			check("shop list", it)
		}
	}
	if !found {
		t.Fatal("shop missing from the list")
	}

	// Bad colours: 422 at the field, nothing changed.
	for _, bad := range []string{"red", "#12345", "#GGGGGG", "1a7f5a", "#1a7f5a0"} {
		r := e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: v.Owner.Token, Body: map[string]any{"accent_color": bad, "name": "Changed"}})
		if r.Status != 422 || !r.ErrorAt("body.accent_color") {
			t.Errorf("accent %q: %d %s, want 422 at body.accent_color", bad, r.Status, r.Raw)
		}
	}
	got := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: path, Token: v.Owner.Token}), 200).Obj("vendor")
	if got["accent_color"] != "#1a7f5a" || got["name"] != "Shop "+v.Slug {
		t.Fatalf("refused changes were written: %v", got)
	}
	// Empty clears the colour and images.
	res = ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: v.Owner.Token,
		Body: map[string]any{"accent_color": "", "logo_media_id": "", "banner_media_id": ""}}), 200)
	if res.JSON["accent_color"] != nil || res.JSON["logo_url"] != nil || res.JSON["banner_url"] != nil {
		t.Fatalf("not cleared: %s", res.Raw)
	}
	// Anonymous and buyers cannot brand a shop.
	ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Body: map[string]any{"accent_color": "#000000"}}), 401)
	ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: m.Buyer.Token, Body: map[string]any{"accent_color": "#000000"}}), 403)
}

// The logo and banner must be the seller's own storefront images (issue 14, item 12): another
// seller's, another marketplace's, an unknown id or an image of another kind is refused with
// 422, and nothing is changed (so nothing foreign is ever shown on the storefront).
func TestBranding_LogoAndBannerMustBeTheSellersOwn(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "brandown"), e.NewMarket(t, "brandown-x")
	a, b := e.NewVendor(t, m, "owna"), e.NewVendor(t, m, "ownb")
	x := e.NewVendor(t, other, "ownx")
	mine := storefrontImage(t, e, m, a, "storefront_logo")
	myBanner := storefrontImage(t, e, m, a, "storefront_banner")
	theirs := storefrontImage(t, e, m, b, "storefront_logo")
	foreign := storefrontImage(t, e, other, x, "storefront_logo")
	p := e.ActiveProduct(t, m, a, "Own Product", 1000, 1, nil)
	created, done := e.Upload(t, m, a.Owner.Token, a.ID, "product", p.Str("id"), brandPNG(t, 8, 8))
	ct.Want(t, created, 201)
	productImage := ct.Want(t, done, 200).Str("id")
	path := "/api/v1/seller/vendors/" + a.ID

	for _, tc := range []struct{ name, field, id string }{
		{"another seller's logo", "logo_media_id", theirs},
		{"another marketplace's logo", "logo_media_id", foreign},
		{"an unknown id", "logo_media_id", "0190f3a0-0000-7000-8000-000000000001"},
		{"a product image", "logo_media_id", productImage},
		{"the banner as logo", "logo_media_id", myBanner},
		{"another seller's banner", "banner_media_id", theirs},
		{"another marketplace's banner", "banner_media_id", foreign},
		{"an unknown banner", "banner_media_id", "0190f3a0-0000-7000-8000-000000000002"},
	} {
		r := e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token, Body: map[string]any{tc.field: tc.id, "name": "Hijacked"}})
		if r.Status != 422 || !r.ErrorAt("body."+tc.field) || !strings.Contains(string(r.Raw), "not yours") {
			t.Errorf("%s: %d %s, want 422 \"not yours\" at body.%s", tc.name, r.Status, r.Raw, tc.field)
		}
	}
	sf := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.StorefrontHost(a.Slug), Path: "/api/v1/storefront"}), 200)
	if sf.JSON["logo_media_id"] != nil || sf.JSON["banner_media_id"] != nil || sf.Str("name") != "Shop "+a.Slug {
		t.Fatalf("refused references were written: %s", sf.Raw)
	}
	// Its own images are accepted.
	res := ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token,
		Body: map[string]any{"logo_media_id": mine, "banner_media_id": myBanner}}), 200)
	if res.Str("logo_media_id") != mine || res.Str("banner_media_id") != myBanner {
		t.Fatalf("own images: %s", res.Raw)
	}
}
