package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// env is a Service on one store, with a marketplace to work in.
type env struct {
	svc   *Service
	store Store
	reg   *tenants.Registry
	ctx   context.Context
}

func newEnv(t *testing.T, s Store, maxBytes int64) env {
	t.Helper()
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "media")
	return env{svc: NewService(reg, s, Config{MaxBytes: maxBytes}), store: s, reg: reg, ctx: tenants.WithTenant(context.Background(), tn)}
}

// forEachStore runs fn against a Service on S3 (versitygw) and on the local folder.
func forEachStore(t *testing.T, maxBytes int64, fn func(t *testing.T, e env)) {
	t.Helper()
	for name, newStore := range map[string]func(t *testing.T) Store{
		"s3":    func(t *testing.T) Store { return newS3Store(t) },
		"local": func(t *testing.T) Store { return newLocalStore(t, maxBytes) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, newStore(t), maxBytes))
		})
	}
}

func productOwner() Owner { return Owner{Kind: OwnerProduct, ID: ids.New(), VendorID: ids.New()} }

// uploadFile starts an upload declared as contentType and sends body to its URL with a real
// HTTP client.
func (e env) uploadFile(t *testing.T, owner Owner, name, contentType string, body []byte) Upload {
	t.Helper()
	up, err := e.svc.CreateUpload(e.ctx, owner, name, contentType, int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	res, msg := send(t, up.Method, up.URL, up.Headers, body)
	if res.StatusCode/100 != 2 {
		t.Fatalf("PUT to upload URL: %d %s", res.StatusCode, msg)
	}
	return up
}

func TestUpload_PutThenCompleteMakesAReadyImage(t *testing.T) {
	t.Parallel()
	forEachStore(t, DefaultMaxBytes, func(t *testing.T, e env) {
		owner := productOwner()
		body := jpegBytes(t, 640, 400)
		up := e.uploadFile(t, owner, "front.JPG", TypeJPEG, body)
		if up.Media.Status != StatusPending || up.Method != http.MethodPut {
			t.Fatalf("upload %+v", up)
		}
		m, err := e.svc.Complete(e.ctx, up.Media.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != StatusReady || m.Width != 640 || m.Height != 400 || m.ContentType != TypeJPEG || m.Size != int64(len(body)) || m.Filename != "front.JPG" {
			t.Fatalf("completed %+v", m)
		}
		// The upload key is gone: the still-valid upload URL can no longer swap the bytes.
		mustNotExist(t, e.store, uploadKey(tenants.IDFromContext(e.ctx), m.ID))
		again, err := e.svc.Complete(e.ctx, m.ID)
		if err != nil || again.Status != StatusReady {
			t.Fatalf("second complete: %+v %v", again, err)
		}
		u, err := e.svc.URL(e.ctx, m, SizeOriginal)
		if err != nil {
			t.Fatal(err)
		}
		res, got := send(t, http.MethodGet, u, nil, nil)
		if res.StatusCode != http.StatusOK || !bytes.Equal(got, body) {
			t.Fatalf("GET original: %d (%d bytes)", res.StatusCode, len(got))
		}
		if res.Header.Get("Content-Type") != TypeJPEG || res.Header.Get("Cache-Control") != CacheControl {
			t.Fatalf("served with %v", res.Header)
		}
		list, err := e.svc.List(e.ctx, owner)
		if err != nil || len(list) != 1 || list[0].ID != m.ID {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

func TestUpload_ServedWithTheSniffedTypeNotTheDeclaredOne(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	up := e.uploadFile(t, productOwner(), "photo.png", TypePNG, jpegBytes(t, 50, 40))
	m, err := e.svc.Complete(e.ctx, up.Media.ID)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.svc.URL(e.ctx, m, SizeOriginal)
	res, _ := send(t, http.MethodGet, u, nil, nil)
	if m.ContentType != TypeJPEG || res.Header.Get("Content-Type") != TypeJPEG || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("media type %s, served as %q nosniff=%q", m.ContentType, res.Header.Get("Content-Type"), res.Header.Get("X-Content-Type-Options"))
	}
}

func TestUpload_AcceptsWebP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	up := e.uploadFile(t, productOwner(), "tiny.webp", TypeWebP, webpLossless(t))
	m, err := e.svc.Complete(e.ctx, up.Media.ID)
	if err != nil || m.ContentType != TypeWebP || m.Width != 1 || m.Height != 1 {
		t.Fatalf("webp: %+v %v", m, err)
	}
}

// TestUpload_RefusesWhatIsNotASafeImage: disguised HTML and SVG, oversized files and
// decompression bombs are refused on completion, marked rejected, and leave nothing stored.
func TestUpload_RefusesWhatIsNotASafeImage(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	forEachStore(t, limit, func(t *testing.T, e env) {
		tenant := tenants.IDFromContext(e.ctx)
		cases := map[string][]byte{
			"html named .png":       []byte(htmlAsPNG),
			"svg named .png":        []byte(svgAsPNG),
			"50000×50000 png":       bombPNG(t, 50_000, 50_000),
			"png cut in its header": pngBytes(t, 40, 40, false)[:20],
			"gif named .png":        []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
			"zero-width png":        bombPNG(t, 0, 10),
			"7000×6000 png (42M)":   bombPNG(t, 7000, 6000),
		}
		for name, body := range cases {
			up := e.uploadFile(t, productOwner(), "evil.png", TypePNG, body)
			_, err := e.svc.Complete(e.ctx, up.Media.ID)
			var fe *errs.FieldError
			if !errors.Is(err, errs.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "file" {
				t.Errorf("%s: complete err = %v, want an ErrInvalid on file", name, err)
				continue
			}
			m, err := e.svc.Get(e.ctx, up.Media.ID)
			if err != nil || m.Status != StatusRejected || m.RejectReason == "" {
				t.Errorf("%s: after refusal %+v %v", name, m, err)
			}
			mustNotExist(t, e.store, uploadKey(tenant, m.ID))
			for _, ct := range []string{TypeJPEG, TypePNG, TypeWebP} {
				mustNotExist(t, e.store, originalKey(tenant, m.ID, ct))
			}
			if _, err := e.svc.Complete(e.ctx, m.ID); !errors.Is(err, ErrRejected) {
				t.Errorf("%s: completing a rejected upload: %v", name, err)
			}
		}

		// An oversized upload is refused when asked for...
		if _, err := e.svc.CreateUpload(e.ctx, productOwner(), "big.jpg", TypeJPEG, limit+1); !isFieldError(err, "body.size") {
			t.Errorf("oversized CreateUpload: %v", err)
		}
		// ...and, should a store not enforce the signed length, on completion.
		up, err := e.svc.CreateUpload(e.ctx, productOwner(), "big.jpg", TypeJPEG, 1000)
		if err != nil {
			t.Fatal(err)
		}
		big := append(jpegBytes(t, 10, 10), make([]byte, limit)...)
		if err := e.store.Put(e.ctx, uploadKey(tenant, up.Media.ID), bytes.NewReader(big), int64(len(big)), PutOptions{ContentType: TypeJPEG}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Complete(e.ctx, up.Media.ID); !isFieldError(err, "file") {
			t.Errorf("oversized object: %v", err)
		}
		mustNotExist(t, e.store, uploadKey(tenant, up.Media.ID))
	})
}

func isFieldError(err error, field string) bool {
	var fe *errs.FieldError
	return errors.As(err, &fe) && fe.Field == field && errors.Is(err, errs.ErrInvalid)
}

func TestCreateUpload_ValidatesInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	good := productOwner()
	cases := []struct {
		name, field  string
		owner        Owner
		filename, ct string
		size         int64
	}{
		{"svg type", "body.content_type", good, "a.svg", "image/svg+xml", 10},
		{"html type", "body.content_type", good, "a.png", "text/html", 10},
		{"empty file", "body.size", good, "a.png", TypePNG, 0},
		{"no filename", "body.filename", good, "  ", TypePNG, 10},
		{"control chars", "body.filename", good, "a\x00.png", TypePNG, 10},
		{"unknown owner kind", "body.owner_kind", Owner{Kind: "order", ID: ids.New(), VendorID: ids.New()}, "a.png", TypePNG, 10},
		{"no owner", "body.owner_id", Owner{Kind: OwnerProduct, VendorID: ids.New()}, "a.png", TypePNG, 10},
		{"no vendor", "body.vendor_id", Owner{Kind: OwnerProduct, ID: ids.New()}, "a.png", TypePNG, 10},
	}
	for _, c := range cases {
		if _, err := e.svc.CreateUpload(e.ctx, c.owner, c.filename, c.ct, c.size); !isFieldError(err, c.field) {
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
	if list, _ := e.svc.List(e.ctx, good); len(list) != 0 {
		t.Fatalf("refused uploads were recorded: %+v", list)
	}
	up, err := e.svc.CreateUpload(e.ctx, good, `C:\Users\me\shot.png`, "image/png; charset=binary", 10)
	if err != nil || up.Media.Filename != "shot.png" || up.Media.ContentType != TypePNG {
		t.Fatalf("path stripped and parameters dropped: %+v %v", up.Media, err)
	}
	if _, err := e.svc.Complete(e.ctx, up.Media.ID); !errors.Is(err, ErrNotUploaded) {
		t.Fatalf("complete before upload: %v", err)
	}
}

// runThumbnailTask runs the media:thumbnails task exactly as the relay would deliver it: the
// envelope built from the outbox row Complete wrote.
func (e env) runThumbnailTask(t *testing.T, mediaID uuid.UUID) {
	t.Helper()
	var rows []struct {
		ID      uuid.UUID
		Payload []byte
	}
	err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
		return tx.Raw("select id, payload from outbox where task_type = ? and payload->>'media_id' = ?", TaskThumbnails, mediaID.String()).Scan(&rows).Error
	})
	if err != nil || len(rows) != 1 {
		t.Fatalf("outbox rows for %s: %d, %v", mediaID, len(rows), err)
	}
	envelope, _ := json.Marshal(workers.Envelope{TenantID: tenants.IDFromContext(e.ctx), MessageID: rows[0].ID, Data: rows[0].Payload})
	mux := asynq.NewServeMux()
	e.svc.RegisterTasks(mux)
	if err := mux.ProcessTask(context.Background(), asynq.NewTask(TaskThumbnails, envelope)); err != nil {
		t.Fatal(err)
	}
}

func TestThumbnails_ThreeWidthsOnceWithoutUpscaling(t *testing.T) {
	t.Parallel()
	forEachStore(t, DefaultMaxBytes, func(t *testing.T, e env) {
		cases := []struct {
			name        string
			body        []byte
			declared    string
			wantType    string
			wantWidths  [3]int
			wantHeights [3]int
		}{
			{"wide jpeg", jpegBytes(t, 1600, 900), TypeJPEG, TypeJPEG, [3]int{160, 480, 1200}, [3]int{90, 270, 675}},
			{"small png with transparency", pngBytes(t, 300, 200, true), TypePNG, TypePNG, [3]int{160, 300, 300}, [3]int{107, 200, 200}},
		}
		for _, c := range cases {
			up := e.uploadFile(t, productOwner(), "x", c.declared, c.body)
			if _, err := e.svc.Complete(e.ctx, up.Media.ID); err != nil {
				t.Fatal(err)
			}
			e.runThumbnailTask(t, up.Media.ID)
			m, err := e.svc.Get(e.ctx, up.Media.ID)
			if err != nil || len(m.Thumbnails) != 3 {
				t.Fatalf("%s: thumbnails %+v %v", c.name, m.Thumbnails, err)
			}
			infos := map[Size]ObjectInfo{}
			for i, th := range m.Thumbnails {
				if th.Size != ThumbnailSizes()[i] || th.Width != c.wantWidths[i] || th.Height != c.wantHeights[i] || th.ContentType != c.wantType {
					t.Errorf("%s: thumbnail %d = %+v", c.name, i, th)
				}
				rc, info, err := e.store.Get(e.ctx, th.objectKey)
				if err != nil {
					t.Fatal(err)
				}
				cfg, format, err := image.DecodeConfig(rc)
				_ = rc.Close()
				if err != nil || cfg.Width != th.Width || cfg.Height != th.Height || "image/"+format != th.ContentType ||
					info.ContentType != th.ContentType || info.CacheControl != CacheControl {
					t.Errorf("%s: stored thumbnail %d: %+v %s %+v %v", c.name, th.Size, cfg, format, info, err)
				}
				infos[th.Size] = info
			}

			// Delivered again (at-least-once): nothing changes, in the database or the store.
			e.runThumbnailTask(t, up.Media.ID)
			again, _ := e.svc.Get(e.ctx, up.Media.ID)
			if len(again.Thumbnails) != 3 {
				t.Fatalf("%s: after second run %+v", c.name, again.Thumbnails)
			}
			for _, th := range again.Thumbnails {
				info, err := e.store.Stat(e.ctx, th.objectKey)
				if err != nil || !info.LastModified.Equal(infos[th.Size].LastModified) {
					t.Errorf("%s: thumbnail %d rewritten by the second run", c.name, th.Size)
				}
			}
			u, err := e.svc.URL(e.ctx, again, Size480)
			if err != nil {
				t.Fatal(err)
			}
			if res, _ := send(t, http.MethodGet, u, nil, nil); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != c.wantType {
				t.Errorf("%s: GET 480: %d %s", c.name, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
	})
}

func TestThumbnails_DamagedPixelDataWithdrawsTheImage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	body := pngBytes(t, 200, 100, false)
	up := e.uploadFile(t, productOwner(), "cut.png", TypePNG, body[:len(body)/2])
	m, err := e.svc.Complete(e.ctx, up.Media.ID)
	if err != nil {
		t.Fatalf("a valid header passes completion: %v", err)
	}
	e.runThumbnailTask(t, m.ID)
	after, err := e.svc.Get(e.ctx, m.ID)
	if err != nil || after.Status != StatusRejected || len(after.Thumbnails) != 0 {
		t.Fatalf("after thumbnails: %+v %v", after, err)
	}
	mustNotExist(t, e.store, m.objectKey)
}

func TestThumbnails_DeletedImageNeedsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	up := e.uploadFile(t, productOwner(), "x.png", TypePNG, pngBytes(t, 200, 100, false))
	m, err := e.svc.Complete(e.ctx, up.Media.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Delete(e.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	e.runThumbnailTask(t, m.ID)
	for _, size := range ThumbnailSizes() {
		mustNotExist(t, e.store, thumbnailKey(tenants.IDFromContext(e.ctx), m.ID, size, TypeJPEG))
	}
	mustNotExist(t, e.store, m.objectKey)
}

func TestOrdering_PositionsAltAndReorder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	owner := productOwner()
	var order []uuid.UUID
	for i := range 3 {
		up := e.uploadFile(t, owner, "p.png", TypePNG, pngBytes(t, 20+i, 20, false))
		if up.Media.Position != i {
			t.Fatalf("upload %d got position %d", i, up.Media.Position)
		}
		order = append(order, up.Media.ID)
	}
	idsOf := func(list []Media) []uuid.UUID {
		var out []uuid.UUID
		for _, m := range list {
			out = append(out, m.ID)
		}
		return out
	}
	if _, err := e.svc.Move(e.ctx, order[2], 0); err != nil {
		t.Fatal(err)
	}
	list, _ := e.svc.List(e.ctx, owner)
	if got, want := idsOf(list), []uuid.UUID{order[2], order[0], order[1]}; !equalIDs(got, want) {
		t.Fatalf("after move: %v, want %v", got, want)
	}
	list, err := e.svc.Reorder(e.ctx, owner, []uuid.UUID{order[1], order[0], order[2]})
	if err != nil || !equalIDs(idsOf(list), []uuid.UUID{order[1], order[0], order[2]}) {
		t.Fatalf("after reorder: %v %v", idsOf(list), err)
	}
	for i, m := range list {
		if m.Position != i {
			t.Fatalf("positions not renumbered: %+v", list)
		}
	}
	if _, err := e.svc.Reorder(e.ctx, owner, []uuid.UUID{order[1], order[0]}); !isFieldError(err, "body.ids") {
		t.Fatalf("reorder missing one: %v", err)
	}
	if _, err := e.svc.Reorder(e.ctx, owner, []uuid.UUID{order[1], order[0], ids.New()}); !isFieldError(err, "body.ids") {
		t.Fatalf("reorder with a stranger: %v", err)
	}
	m, err := e.svc.UpdateAlt(e.ctx, order[0], "  Red mug, front  ")
	if err != nil || m.Alt != "Red mug, front" {
		t.Fatalf("alt: %+v %v", m, err)
	}
	if _, err := e.svc.UpdateAlt(e.ctx, order[0], string(make([]rune, MaxAltLength+1))); !isFieldError(err, "body.alt") {
		t.Fatalf("long alt: %v", err)
	}
	if err := e.svc.DeleteOwner(e.ctx, owner); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.List(e.ctx, owner); len(list) != 0 {
		t.Fatalf("after DeleteOwner: %+v", list)
	}
}

func equalIDs(a, b []uuid.UUID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTenancy_AnotherMarketplaceSeesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newLocalStore(t, DefaultMaxBytes), DefaultMaxBytes)
	owner := productOwner()
	up := e.uploadFile(t, owner, "p.png", TypePNG, pngBytes(t, 20, 20, false))
	other := tenants.WithTenant(context.Background(), testkit.NewTenant(t, e.reg, "other"))
	if _, err := e.svc.Get(other, up.Media.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Fatalf("get from another marketplace: %v", err)
	}
	if _, err := e.svc.Complete(other, up.Media.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("complete from another marketplace: %v", err)
	}
	if err := e.svc.Delete(other, up.Media.ID); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("delete from another marketplace: %v", err)
	}
	if list, _ := e.svc.List(other, owner); len(list) != 0 {
		t.Fatalf("list from another marketplace: %+v", list)
	}
	if ready, _ := e.svc.ListReady(other, OwnerProduct, []uuid.UUID{owner.ID}); len(ready) != 0 {
		t.Fatalf("ListReady from another marketplace: %+v", ready)
	}
}
