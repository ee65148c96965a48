package media

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

// ownerList is an OwnerGuard that lets the caller edit the listed owners only.
type ownerList map[uuid.UUID]bool

func (g ownerList) CanEdit(_ context.Context, o Owner) error {
	if !g[o.ID] {
		return fmt.Errorf("owner %s: %w", o.ID, errs.ErrNotFound)
	}
	return nil
}

// api is the media routes served on a loopback port, as apps/api will mount them.
type api struct {
	base string
	host string // the marketplace's host
	reg  *tenants.Registry
	svc  *Service
	ctx  context.Context
}

func newAPI(t *testing.T, guard OwnerGuard, maxBytes int64) api {
	t.Helper()
	ln, base := listen(t)
	store, err := NewLocalStore(t.TempDir(), bytes.Repeat([]byte("k"), 32), base)
	if err != nil {
		t.Fatal(err)
	}
	reg := testkit.Registry(t)
	svc := NewService(reg, store, Config{MaxBytes: maxBytes})
	serveAPI(t, ln, func(a huma.API) { Routes(a, svc, guard) }, tenants.Middleware(reg, LocalPathPrefix+"*"))
	tn := testkit.NewTenant(t, reg, "mediahttp")
	return api{base: base, host: tn.Slug + ".localhost", reg: reg, svc: svc, ctx: tenants.WithTenant(context.Background(), tn)}
}

func (a api) call(t *testing.T, method, path string, body any) (*http.Response, map[string]any) {
	t.Helper()
	var b []byte
	headers := map[string]string{"Host": a.host}
	if body != nil {
		b, _ = json.Marshal(body)
		headers["Content-Type"] = "application/json"
	}
	res, raw := send(t, method, a.base+path, headers, b)
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	return res, doc
}

func wantStatus(t *testing.T, what string, res *http.Response, doc map[string]any, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d (%v)", what, res.StatusCode, status, doc)
	}
	if status >= 400 && !strings.HasPrefix(res.Header.Get("Content-Type"), httpx.ProblemContentType) {
		t.Fatalf("%s: content type %q, want a problem", what, res.Header.Get("Content-Type"))
	}
}

func uploadBody(owner Owner, ct string, size int) map[string]any {
	return map[string]any{"owner_kind": owner.Kind, "owner_id": owner.ID, "vendor_id": owner.VendorID,
		"filename": "photo.png", "content_type": ct, "size": size}
}

// upload runs create → PUT → complete through the API and returns the completed image.
func (a api) upload(t *testing.T, owner Owner, body []byte) (*http.Response, map[string]any) {
	t.Helper()
	res, doc := a.call(t, http.MethodPost, "/api/v1/media/uploads", uploadBody(owner, TypePNG, len(body)))
	wantStatus(t, "create upload", res, doc, http.StatusCreated)
	if res.Header.Get("Location") != "/api/v1/media/"+doc["id"].(string) || doc["method"] != http.MethodPut {
		t.Fatalf("create upload: %v %v", res.Header, doc)
	}
	headers := map[string]string{}
	for k, v := range doc["headers"].(map[string]any) {
		headers[k] = v.(string)
	}
	put, msg := send(t, http.MethodPut, doc["upload_url"].(string), headers, body)
	if put.StatusCode/100 != 2 {
		t.Fatalf("PUT upload: %d %s", put.StatusCode, msg)
	}
	return a.call(t, http.MethodPost, "/api/v1/media/"+doc["id"].(string)+"/complete", nil)
}

func TestHTTP_UploadListEditDelete(t *testing.T) {
	t.Parallel()
	owner := productOwner()
	a := newAPI(t, ownerList{owner.ID: true}, DefaultMaxBytes)
	img := pngBytes(t, 500, 250, false)

	res, doc := a.upload(t, owner, img)
	wantStatus(t, "complete", res, doc, http.StatusOK)
	id := doc["id"].(string)
	if doc["status"] != "ready" || doc["width"] != 500.0 || doc["height"] != 250.0 || doc["content_type"] != TypePNG {
		t.Fatalf("completed: %v", doc)
	}
	urls := doc["urls"].(map[string]any)
	for _, k := range []string{"original", "160", "480", "1200"} {
		if urls[k] == nil {
			t.Fatalf("no %s url in %v", k, urls)
		}
	}
	// Links are served on any host: they carry their own authorization.
	got, raw := send(t, http.MethodGet, urls["original"].(string), nil, nil)
	if got.StatusCode != http.StatusOK || !bytes.Equal(raw, img) || got.Header.Get("Content-Type") != TypePNG ||
		got.Header.Get("X-Content-Type-Options") != "nosniff" || got.Header.Get("Cache-Control") != CacheControl {
		t.Fatalf("GET original: %d %v", got.StatusCode, got.Header)
	}

	res, doc = a.upload(t, owner, pngBytes(t, 40, 40, false))
	wantStatus(t, "second upload", res, doc, http.StatusOK)
	second := doc["id"].(string)

	q := fmt.Sprintf("/api/v1/media?owner_kind=product&owner_id=%s&vendor_id=%s", owner.ID, owner.VendorID)
	res, doc = a.call(t, http.MethodGet, q, nil)
	wantStatus(t, "list", res, doc, http.StatusOK)
	if items := doc["items"].([]any); len(items) != 2 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("list: %v", doc)
	}

	alt := "A red mug"
	res, doc = a.call(t, http.MethodPatch, "/api/v1/media/"+second, map[string]any{"alt": alt, "position": 0})
	wantStatus(t, "patch", res, doc, http.StatusOK)
	if doc["alt"] != alt || doc["position"] != 0.0 {
		t.Fatalf("patch: %v", doc)
	}
	res, doc = a.call(t, http.MethodPut, "/api/v1/media/order", map[string]any{"owner_kind": "product",
		"owner_id": owner.ID, "vendor_id": owner.VendorID, "ids": []string{id, second}})
	wantStatus(t, "reorder", res, doc, http.StatusOK)
	if items := doc["items"].([]any); items[0].(map[string]any)["id"] != id || items[1].(map[string]any)["alt"] != alt {
		t.Fatalf("reorder: %v", doc)
	}

	res, doc = a.call(t, http.MethodDelete, "/api/v1/media/"+id, nil)
	wantStatus(t, "delete", res, doc, http.StatusNoContent)
	res, doc = a.call(t, http.MethodGet, "/api/v1/media/"+id, nil)
	wantStatus(t, "get deleted", res, doc, http.StatusNotFound)
	if gone, _ := send(t, http.MethodGet, urls["original"].(string), nil, nil); gone.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted image still served: %d", gone.StatusCode)
	}
}

func TestHTTP_BadInputIsAProblemAndWritesNothing(t *testing.T) {
	t.Parallel()
	owner := productOwner()
	a := newAPI(t, ownerList{owner.ID: true}, 1<<20)
	noVendor := uploadBody(owner, TypePNG, 10)
	delete(noVendor, "vendor_id")
	cases := map[string]map[string]any{
		"svg":       uploadBody(owner, "image/svg+xml", 10),
		"html":      uploadBody(owner, "text/html", 10),
		"empty":     uploadBody(owner, TypePNG, 0),
		"too big":   uploadBody(owner, TypePNG, 1<<20+1),
		"no vendor": noVendor,
	}
	for name, body := range cases {
		res, doc := a.call(t, http.MethodPost, "/api/v1/media/uploads", body)
		wantStatus(t, name, res, doc, http.StatusUnprocessableEntity)
	}
	if list, _ := a.svc.List(a.ctx, owner); len(list) != 0 {
		t.Fatalf("refused requests wrote %+v", list)
	}

	res, doc := a.upload(t, owner, []byte(htmlAsPNG))
	wantStatus(t, "complete html", res, doc, http.StatusUnprocessableEntity)
	if errsList, _ := doc["errors"].([]any); len(errsList) != 1 || errsList[0].(map[string]any)["location"] != "file" {
		t.Fatalf("problem does not point at the file: %v", doc)
	}
	res, doc = a.call(t, http.MethodPatch, "/api/v1/media/"+uuid.NewString(), map[string]any{"alt": "x"})
	wantStatus(t, "patch unknown", res, doc, http.StatusNotFound)
}

func TestHTTP_ForeignImagesLookMissing(t *testing.T) {
	t.Parallel()
	mine, theirs := productOwner(), productOwner()
	a := newAPI(t, ownerList{mine.ID: true}, DefaultMaxBytes)

	// Another vendor's image in the same marketplace: the guard refuses its owner.
	up, err := a.svc.CreateUpload(a.ctx, theirs, "x.png", TypePNG, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Another marketplace's image: invisible under RLS.
	otherCtx := tenants.WithTenant(context.Background(), testkit.NewTenant(t, a.reg, "elsewhere"))
	foreign, err := a.svc.CreateUpload(otherCtx, mine, "x.png", TypePNG, 10)
	if err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]uuid.UUID{"other vendor": up.Media.ID, "other marketplace": foreign.Media.ID} {
		for _, c := range []struct{ method, path string }{
			{http.MethodGet, "/api/v1/media/" + id.String()},
			{http.MethodPost, "/api/v1/media/" + id.String() + "/complete"},
			{http.MethodPatch, "/api/v1/media/" + id.String()},
			{http.MethodDelete, "/api/v1/media/" + id.String()},
		} {
			var body any
			if c.method == http.MethodPatch {
				body = map[string]any{"alt": "mine now"}
			}
			res, doc := a.call(t, c.method, c.path, body)
			wantStatus(t, name+": "+c.method+" "+c.path, res, doc, http.StatusNotFound)
		}
	}
	res, doc := a.call(t, http.MethodPost, "/api/v1/media/uploads", uploadBody(theirs, TypePNG, 10))
	wantStatus(t, "upload to another vendor's product", res, doc, http.StatusNotFound)
	res, doc = a.call(t, http.MethodGet, fmt.Sprintf("/api/v1/media?owner_kind=product&owner_id=%s&vendor_id=%s", theirs.ID, theirs.VendorID), nil)
	wantStatus(t, "list another vendor's product", res, doc, http.StatusNotFound)
	res, doc = a.call(t, http.MethodPut, "/api/v1/media/order", map[string]any{"owner_kind": "product",
		"owner_id": theirs.ID, "vendor_id": theirs.VendorID, "ids": []string{up.Media.ID.String()}})
	wantStatus(t, "reorder another vendor's product", res, doc, http.StatusNotFound)

	if m, err := a.svc.Get(a.ctx, up.Media.ID); err != nil || m.Alt != "" {
		t.Fatalf("foreign image changed: %+v %v", m, err)
	}
}
