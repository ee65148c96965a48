package catalog_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{B: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadImage sends data through the media api as v's image of owner (kind, id) and returns
// the ready media's JSON.
func uploadImage(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, kind, ownerID string, data []byte) ct.Resp {
	t.Helper()
	created, done := e.Upload(t, m, v.Owner.Token, v.ID, kind, ownerID, data)
	ct.Want(t, created, 201)
	return ct.Want(t, done, 200)
}

// mediaOf returns the "media" array of a product or summary.
func mediaOf(t *testing.T, x map[string]any) []map[string]any {
	t.Helper()
	list, ok := x["media"].([]any)
	if !ok {
		t.Fatalf("no media array in %v", x)
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		out[i] = it.(map[string]any)
	}
	return out
}

func TestProductImages_BuyersSeeThemOnTheProductListsAndSearch(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "imgs")
	v := e.NewVendor(t, m, "imgshop")
	p := e.ActiveProduct(t, m, v, "Quokka Poster", 2500, 4, nil)
	bare := e.ActiveProduct(t, m, v, "Plain Quokka Card", 500, 4, nil)
	pid, slug := p.Str("id"), p.Str("slug")
	vid := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)

	// No images yet: empty arrays, never null.
	got := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + slug}), 200)
	if len(mediaOf(t, got.JSON)) != 0 {
		t.Fatalf("images before any upload: %s", got.Raw)
	}

	first := uploadImage(t, e, m, v, "product", pid, pngImage(t, 64, 48))
	second := uploadImage(t, e, m, v, "product", pid, pngImage(t, 32, 32))
	variantImg := uploadImage(t, e, m, v, "variant", vid, pngImage(t, 16, 16))
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/media/" + first.Str("id"), Token: v.Owner.Token,
		Body: map[string]any{"alt": "A quokka, framed"}}), 200)
	// A pending upload (never completed) is not shown.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Token: v.Owner.Token, Body: map[string]any{
		"owner_kind": "product", "owner_id": pid, "vendor_id": v.ID, "filename": "later.png", "content_type": "image/png", "size": 100,
	}}), 201)

	// The product page, as an anonymous buyer: every ready image in order, the variant's own.
	got = ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + slug}), 200)
	imgs := mediaOf(t, got.JSON)
	if len(imgs) != 2 || imgs[0]["id"] != first.Str("id") || imgs[1]["id"] != second.Str("id") {
		t.Fatalf("product images: %s", got.Raw)
	}
	if imgs[0]["alt"] != "A quokka, framed" || imgs[0]["width"].(float64) != 64 || imgs[0]["height"].(float64) != 48 {
		t.Fatalf("first image: %v", imgs[0])
	}
	urls := imgs[0]["urls"].(map[string]any)
	for _, size := range []string{"original", "160", "480", "1200"} {
		if s, _ := urls[size].(string); s == "" {
			t.Fatalf("no %s link: %v", size, urls)
		}
	}
	if len(got.JSON["media_ids"].([]any)) != 0 {
		t.Fatalf("media_ids changed: %s", got.Raw)
	}
	vimgs := mediaOf(t, got.JSON["variants"].([]any)[0].(map[string]any))
	if len(vimgs) != 1 || vimgs[0]["id"] != variantImg.Str("id") {
		t.Fatalf("variant images: %s", got.Raw)
	}

	// The link is fetchable by the buyer's browser: the verified bytes, typed, never sniffed.
	u, err := url.Parse(urls["480"].(string))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", u.RequestURI(), nil)
	req.Host = m.Host
	res, err := e.App.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("GET image: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("X-Content-Type-Options"))
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(body)); err != nil || cfg.Width != 64 {
		t.Fatalf("image bytes: %v %v", cfg, err)
	}

	// Lists and search: the cover only (the first image); a product without images has none.
	for _, c := range []struct{ host, path string }{
		{m.Host, "/api/v1/products"}, {m.Host, "/api/v1/search?q=quokka"}, {m.Host, "/api/v1/products?vendor=" + v.ID},
		{m.StorefrontHost(v.Slug), "/api/v1/products"},
	} {
		path := c.host + c.path
		list := ct.Want(t, e.Do(t, R{Method: "GET", Host: c.host, Path: c.path}), 200)
		seen := 0
		for _, it := range list.Items() {
			covers := mediaOf(t, it)
			switch it["id"] {
			case pid:
				seen++
				if len(covers) != 1 || covers[0]["id"] != first.Str("id") || covers[0]["alt"] != "A quokka, framed" {
					t.Fatalf("%s: cover %v", path, covers)
				}
				if s, _ := covers[0]["urls"].(map[string]any)["480"].(string); !strings.Contains(s, "/media/local/") {
					t.Fatalf("%s: cover link %q", path, s)
				}
			case bare.Str("id"):
				if len(covers) != 0 {
					t.Fatalf("%s: imageless product has %v", path, covers)
				}
			}
		}
		if seen != 1 {
			t.Fatalf("%s: product missing: %s", path, list.Raw)
		}
	}
}
