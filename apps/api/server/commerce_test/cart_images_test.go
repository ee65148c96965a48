package commerce_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

func cartPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 24, 24))
	for x := range 24 {
		img.Set(x, x, color.RGBA{G: 180, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Cart lines carry the product's thumbnail and each seller group its logo (issue 14, item 8):
// the cart showed a letter placeholder because the view had no image at all.
func TestCart_LinesCarryThumbnailsAndGroupsTheSellersLogo(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "cartimg")
	v, bare := e.NewVendor(t, m, "cartimg"), e.NewVendor(t, m, "cartbare")
	p := e.ActiveProduct(t, m, v, "Pictured Mug", 1500, 5, nil)
	plain := e.ActiveProduct(t, m, bare, "Plain Mug", 900, 5, nil)
	created, done := e.Upload(t, m, v.Owner.Token, v.ID, "product", p.Str("id"), cartPNG(t))
	ct.Want(t, created, 201)
	ct.Want(t, done, 200)
	created, done = e.Upload(t, m, v.Owner.Token, v.ID, "storefront_logo", v.ID, cartPNG(t))
	ct.Want(t, created, 201)
	logo := ct.Want(t, done, 200).Str("id")
	ct.Want(t, e.Do(t, ct.Req{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID, Token: v.Owner.Token,
		Body: map[string]any{"logo_media_id": logo}}), 200)

	for _, prod := range []ct.Resp{p, plain} {
		variant := prod.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
		ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/carts/current/lines", Token: m.Buyer.Token,
			Body: map[string]any{"variant_id": variant, "quantity": 1}}), 201)
	}
	cart := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/carts/current", Token: m.Buyer.Token}), 200)
	groups := cart.JSON["vendors"].([]any)
	if len(groups) != 2 {
		t.Fatalf("cart: %s", cart.Raw)
	}
	for _, g := range groups {
		gm := g.(map[string]any)
		line := gm["lines"].([]any)[0].(map[string]any)
		thumb, _ := line["thumbnail_url"].(string)
		logoURL, _ := gm["vendor_logo_url"].(string)
		switch gm["vendor_id"] {
		case v.ID:
			if !strings.Contains(thumb, "/media/local/") || !strings.Contains(logoURL, "/media/local/") {
				t.Errorf("pictured line: thumbnail %q, logo %q; want links to the images", thumb, logoURL)
			}
		case bare.ID:
			if line["thumbnail_url"] != nil || gm["vendor_logo_url"] != nil {
				t.Errorf("plain line: thumbnail %v, logo %v; want null", line["thumbnail_url"], gm["vendor_logo_url"])
			}
		}
	}
}
