// Package media_test drives image uploads through the whole api: the seller's presigned upload
// to the local store, completion with type sniffing, and who may touch whose images.
package media_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, x%48, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload sends data as the product's image through the api and returns the upload's and the
// completion's answers.
func upload(t *testing.T, e *ct.Env, m *ct.Market, token, vendorID, productID string, data []byte) (ct.Resp, ct.Resp) {
	t.Helper()
	return e.Upload(t, m, token, vendorID, "product", productID, data)
}

func TestMedia_SellerUploadsProductImageThroughTheAPI(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "media")
	v := e.NewVendor(t, m, "pics")
	p := e.ActiveProduct(t, m, v, "Framed Print", 4500, 3, nil)
	pid := p.Str("id")

	_, done := upload(t, e, m, v.Owner.Token, v.ID, pid, pngBytes(t))
	ct.Want(t, done, 200)
	if done.Str("status") != "ready" || done.Str("content_type") != "image/png" || done.JSON["width"].(float64) != 64 {
		t.Fatalf("completed media: %s", done.Raw)
	}
	list := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Token: v.Owner.Token,
		Path: "/api/v1/media?owner_kind=product&owner_id=" + pid + "&vendor_id=" + v.ID}), 200)
	if len(list.Items()) != 1 {
		t.Fatalf("list: %s", list.Raw)
	}

	// An HTML page renamed .png is refused and nothing stays ready.
	_, refused := upload(t, e, m, v.Owner.Token, v.ID, pid, []byte("<!doctype html><script>alert(1)</script>"+string(make([]byte, 64))))
	if refused.Status != 422 {
		t.Fatalf("HTML as PNG: %d %s", refused.Status, refused.Raw)
	}
	if n := ct.Count(t, "media", "tenant_id = ? and status = 'ready'", m.Tenant.ID); n != 1 {
		t.Fatalf("%d ready images, want 1", n)
	}
}

func TestMedia_OnlyTheVendorsMembersTouchItsImages(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "mediaacl")
	v := e.NewVendor(t, m, "owner")
	other := e.NewVendor(t, m, "other")
	p := e.ActiveProduct(t, m, v, "Guarded Print", 4500, 3, nil)
	body := map[string]any{"owner_kind": "product", "owner_id": p.Str("id"), "vendor_id": v.ID, "filename": "x.png", "content_type": "image/png", "size": 100}

	// Another vendor's seller: the product looks like it does not exist.
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Token: other.Owner.Token, Body: body}), 404)
	// A buyer holds no seller role; anonymous callers must sign in.
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Token: m.Buyer.Token, Body: body}), 403)
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Body: body}), 401)
	// Another marketplace's seller.
	m2 := e.NewMarket(t, "mediaacl2")
	v2 := e.NewVendor(t, m2, "far")
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m2.Host, Path: "/api/v1/media/uploads", Token: v2.Owner.Token, Body: body}), 404)
	if n := ct.Count(t, "media", "tenant_id = ?", m.Tenant.ID); n != 0 {
		t.Fatalf("refused requests wrote %d media rows", n)
	}
	// Bad input: a type that is not an image.
	bad := map[string]any{"owner_kind": "product", "owner_id": p.Str("id"), "vendor_id": v.ID, "filename": "x.svg", "content_type": "image/svg+xml", "size": 100}
	if res := e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/media/uploads", Token: v.Owner.Token, Body: bad}); res.Status != 422 {
		t.Fatalf("SVG upload: %d %s", res.Status, res.Raw)
	}
}
