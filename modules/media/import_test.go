package media

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/tenants"
)

// TestImport_StoresAReadyImageAndQueuesThumbnails: a server-side import passes Complete's
// checks, is listed ready with its dimensions and alt, and queues its thumbnails.
func TestImport_StoresAReadyImageAndQueuesThumbnails(t *testing.T) {
	t.Parallel()
	forEachStore(t, DefaultMaxBytes, func(t *testing.T, e env) {
		owner := productOwner()
		body := pngBytes(t, 320, 200, false)
		m, err := e.svc.Import(e.ctx, owner, "seed/cover.png", body, "  A blue mug  ")
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != StatusReady || m.ContentType != TypePNG || m.Width != 320 || m.Height != 200 ||
			m.Size != int64(len(body)) || m.Alt != "A blue mug" || m.Filename != "cover.png" || m.Position != 0 {
			t.Fatalf("imported %+v", m)
		}
		second, err := e.svc.Import(e.ctx, owner, "side.jpg", jpegBytes(t, 64, 64), "")
		if err != nil || second.Position != 1 || second.ContentType != TypeJPEG {
			t.Fatalf("second import %+v %v", second, err)
		}
		list, err := e.svc.List(e.ctx, owner)
		if err != nil || len(list) != 2 || list[0].ID != m.ID || list[0].Status != StatusReady || list[1].ID != second.ID {
			t.Fatalf("list %+v %v", list, err)
		}
		ready, err := e.svc.ListReady(e.ctx, OwnerProduct, []uuid.UUID{owner.ID})
		if err != nil || len(ready[owner.ID]) != 2 {
			t.Fatalf("list ready %+v %v", ready, err)
		}
		u, err := e.svc.URL(e.ctx, m, SizeOriginal)
		if err != nil {
			t.Fatal(err)
		}
		res, got := send(t, http.MethodGet, u, nil, nil)
		if res.StatusCode != http.StatusOK || !bytes.Equal(got, body) || res.Header.Get("Content-Type") != TypePNG {
			t.Fatalf("GET original: %d %v (%d bytes)", res.StatusCode, res.Header, len(got))
		}
		// Exactly one outbox row per image, which makes the thumbnails.
		e.runThumbnailTask(t, m.ID)
		m, err = e.svc.Get(e.ctx, m.ID)
		if err != nil || len(m.Thumbnails) == 0 {
			t.Fatalf("after thumbnails %+v %v", m, err)
		}
	})
}

// TestImport_RefusesWhatIsNotASafeImage: Import applies Complete's checks and records nothing
// for a refused file.
func TestImport_RefusesWhatIsNotASafeImage(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	forEachStore(t, limit, func(t *testing.T, e env) {
		owner := productOwner()
		cases := map[string][]byte{
			"html":            []byte(htmlAsPNG),
			"svg":             []byte(svgAsPNG),
			"empty":           nil,
			"50000×50000 png": bombPNG(t, 50_000, 50_000),
			"too large":       append(jpegBytes(t, 10, 10), make([]byte, limit)...),
		}
		for name, body := range cases {
			if _, err := e.svc.Import(e.ctx, owner, "evil.png", body, ""); !isFieldError(err, "file") {
				t.Errorf("%s: import err = %v, want an ErrInvalid on file", name, err)
			}
		}
		if _, err := e.svc.Import(e.ctx, Owner{Kind: OwnerProduct, ID: owner.ID}, "a.png", pngBytes(t, 4, 4, false), ""); !isFieldError(err, "vendor_id") {
			t.Errorf("owner without vendor: %v", err)
		}
		var n int64
		err := e.reg.Tx(e.ctx, func(tx *gorm.DB) error {
			return tx.Model(&mediaRow{}).Where("tenant_id = ?", tenants.IDFromContext(e.ctx)).Count(&n).Error
		})
		if err != nil || n != 0 {
			t.Fatalf("refused imports left %d rows (%v)", n, err)
		}
	})
}
