package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// UploadTTL is how long an upload URL stays valid.
const UploadTTL = 15 * time.Minute

// URLTTL is how long a presigned read URL stays valid (S3 allows at most seven days).
const URLTTL = 7 * 24 * time.Hour

// MaxAltLength bounds alt text, in characters.
const MaxAltLength = 500

// Service manages images: upload URLs, verification, thumbnails, order, alt text and links.
// It is the only way other modules reach media.
type Service struct {
	tenants   *tenants.Registry
	store     Store
	maxBytes  int64
	publicURL string
}

// NewService returns a Service keeping bytes in store. It reads cfg.MaxBytes and, when cfg
// describes an S3 store, cfg.PublicURL.
func NewService(reg *tenants.Registry, store Store, cfg Config) *Service {
	s := &Service{tenants: reg, store: store, maxBytes: cfg.maxBytes()}
	if cfg.Endpoint != "" {
		s.publicURL = strings.TrimSuffix(cfg.PublicURL, "/")
	}
	return s
}

// MaxBytes is the upload size limit.
func (s *Service) MaxBytes() int64 { return s.maxBytes }

// Object keys: uploads land under uploads/ (a bucket lifecycle rule may expire that prefix),
// verified renditions under media/. Both are derived from the media id, never reused.
func uploadKey(tenant, id uuid.UUID) string { return "uploads/" + tenant.String() + "/" + id.String() }

func originalKey(tenant, id uuid.UUID, contentType string) string {
	return "media/" + tenant.String() + "/" + id.String() + "/original." + extension(contentType)
}

func thumbnailKey(tenant, id uuid.UUID, size Size, contentType string) string {
	return fmt.Sprintf("media/%s/%s/w%d.%s", tenant, id, int(size), extension(contentType))
}

func tenantOf(ctx context.Context) (uuid.UUID, error) {
	id := tenants.IDFromContext(ctx)
	if id == uuid.Nil {
		return uuid.Nil, errors.New("media: no marketplace in context")
	}
	return id, nil
}

// CreateUpload records a pending image for owner and returns a URL the client PUTs the file
// to. The URL accepts only contentType and exactly size bytes, for UploadTTL; the client then
// calls Complete.
func (s *Service) CreateUpload(ctx context.Context, owner Owner, filename, contentType string, size int64) (Upload, error) {
	if err := owner.validate("body."); err != nil {
		return Upload{}, err
	}
	filename, err := cleanFilename(filename)
	if err != nil {
		return Upload{}, err
	}
	ct, _, err := mime.ParseMediaType(contentType)
	if err != nil || (ct != TypeJPEG && ct != TypePNG && ct != TypeWebP) {
		return Upload{}, errs.Invalid("body.content_type", "must be image/jpeg, image/png or image/webp")
	}
	if size < 1 || size > s.maxBytes {
		return Upload{}, errs.Invalid("body.size", fmt.Sprintf("must be between 1 and %d bytes (%s)", s.maxBytes, humanBytes(s.maxBytes)))
	}
	tenant, err := tenantOf(ctx)
	if err != nil {
		return Upload{}, err
	}
	id := ids.New()
	req, err := s.store.PresignPut(ctx, uploadKey(tenant, id), UploadTTL, PutOptions{ContentType: ct, ContentLength: size})
	if err != nil {
		return Upload{}, err
	}
	row := mediaRow{TenantID: tenant, ID: id, OwnerKind: string(owner.Kind), OwnerID: owner.ID, VendorID: owner.VendorID,
		Status: string(StatusPending), Filename: filename, DeclaredType: ct, DeclaredSize: size, UploadKey: uploadKey(tenant, id)}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if row.Position, err = nextPosition(tx, owner); err != nil {
			return err
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return Upload{}, fmt.Errorf("media: record upload: %w", err)
	}
	return Upload{Media: row.media(nil), URL: req.URL, Method: req.Method, Headers: req.Headers, ExpiresAt: req.ExpiresAt}, nil
}

func cleanFilename(name string) (string, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" || name == "" || len(name) > 255 || !utf8.ValidString(name) ||
		strings.ContainsFunc(name, unicode.IsControl) {
		return "", errs.Invalid("body.filename", "must be a file name of 1 to 255 characters")
	}
	return name, nil
}

func humanBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// Complete verifies an uploaded file and makes the image ready: the object must exist and be
// within the size limit, its bytes must sniff as JPEG, PNG or WebP (the declared type does not
// count) with sane dimensions. The verified bytes are copied to a key the client never had a
// URL for, so the still-valid upload URL cannot swap them afterwards, and a media:thumbnails task
// is queued. A refused file is deleted, the image marked rejected, and an errs.ErrInvalid error
// returned. Completing a ready image again returns it unchanged.
func (s *Service) Complete(ctx context.Context, id uuid.UUID) (Media, error) {
	row, err := s.row(ctx, id)
	if err != nil {
		return Media{}, err
	}
	switch Status(row.Status) {
	case StatusReady:
		return s.Get(ctx, id)
	case StatusRejected:
		return Media{}, ErrRejected
	}
	info, err := s.store.Stat(ctx, row.UploadKey)
	if errors.Is(err, ErrObjectNotFound) {
		return Media{}, ErrNotUploaded
	}
	if err != nil {
		return Media{}, err
	}
	if info.Size > s.maxBytes {
		return Media{}, s.reject(ctx, row, errs.Invalid("file", fmt.Sprintf("is larger than %s", humanBytes(s.maxBytes))))
	}
	rc, _, err := s.store.Get(ctx, row.UploadKey)
	if err != nil {
		return Media{}, err
	}
	data, err := io.ReadAll(io.LimitReader(rc, s.maxBytes+1))
	_ = rc.Close()
	if err != nil {
		return Media{}, fmt.Errorf("media: read upload: %w", err)
	}
	ct, width, height, err := s.check(data)
	if err != nil {
		return Media{}, s.reject(ctx, row, err)
	}
	key, err := s.putOriginal(ctx, row.TenantID, row.ID, ct, data)
	if err != nil {
		return Media{}, err
	}
	var updated int64
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&mediaRow{}).Where("id = ? and status = ?", id, StatusPending).Updates(map[string]any{
			"status": StatusReady, "content_type": ct, "size_bytes": len(data), "width": width, "height": height,
			"object_key": key, "updated_at": time.Now(),
		})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		updated = res.RowsAffected
		return enqueueThumbnails(tx, id)
	})
	if err != nil {
		return Media{}, fmt.Errorf("media: mark ready: %w", err)
	}
	s.deleteObjects(ctx, row.UploadKey)
	m, err := s.Get(ctx, id)
	if updated == 0 && errors.Is(err, ErrMediaNotFound) {
		// Deleted while we verified it.
		s.deleteObjects(ctx, key)
	}
	return m, err
}

// check applies the limits every image passes, however it arrives: at most maxBytes, bytes that
// sniff as JPEG, PNG or WebP, sane dimensions. It returns the real type and size, or an
// errs.ErrInvalid error.
func (s *Service) check(data []byte) (contentType string, width, height int, err error) {
	if int64(len(data)) > s.maxBytes {
		return "", 0, 0, errs.Invalid("file", fmt.Sprintf("is larger than %s", humanBytes(s.maxBytes)))
	}
	return inspect(data)
}

// putOriginal stores verified bytes under the image's final key and returns the key.
func (s *Service) putOriginal(ctx context.Context, tenant, id uuid.UUID, contentType string, data []byte) (string, error) {
	key := originalKey(tenant, id, contentType)
	if err := s.store.Put(ctx, key, bytes.NewReader(data), int64(len(data)), PutOptions{ContentType: contentType, CacheControl: CacheControl}); err != nil {
		return "", err
	}
	return key, nil
}

// enqueueThumbnails queues the media:thumbnails task of a ready image through the outbox, in
// the transaction that made it ready.
func enqueueThumbnails(tx *gorm.DB, id uuid.UUID) error {
	_, err := workers.Enqueue(tx, workers.Job{Type: TaskThumbnails, Payload: thumbnailsPayload{MediaID: id}, Queue: workers.QueueDefault})
	return err
}

// nextPosition is the position of a new image of owner: after its live ones. Concurrent
// additions may share a position, which the id breaks.
func nextPosition(tx *gorm.DB, owner Owner) (int, error) {
	var pos int
	err := tx.Raw(`select coalesce(max(position) + 1, 0) from media
		where owner_kind = ? and owner_id = ? and status <> 'rejected'`, owner.Kind, owner.ID).Scan(&pos).Error
	return pos, err
}

// Import adds an image from bytes the caller already holds, for trusted server-side callers
// (the demo seeder, importers) that need no upload URL. The bytes pass the same checks as
// Complete (size limit, sniffed type, dimensions) and are stored under the same key scheme; the
// image is recorded ready, last among owner's images, with alt, and a media:thumbnails task is
// queued in the same transaction. A refused file records nothing and returns an errs.ErrInvalid
// error.
func (s *Service) Import(ctx context.Context, owner Owner, filename string, data []byte, alt string) (Media, error) {
	if err := owner.validate(""); err != nil {
		return Media{}, err
	}
	filename, err := cleanFilename(filename)
	if err != nil {
		return Media{}, err
	}
	alt, err = cleanAlt(alt)
	if err != nil {
		return Media{}, err
	}
	tenant, err := tenantOf(ctx)
	if err != nil {
		return Media{}, err
	}
	if len(data) == 0 {
		return Media{}, errs.Invalid("file", "is empty")
	}
	ct, width, height, err := s.check(data)
	if err != nil {
		return Media{}, err
	}
	id := ids.New()
	key, err := s.putOriginal(ctx, tenant, id, ct, data)
	if err != nil {
		return Media{}, err
	}
	now := time.Now()
	row := mediaRow{TenantID: tenant, ID: id, OwnerKind: string(owner.Kind), OwnerID: owner.ID, VendorID: owner.VendorID,
		Status: string(StatusReady), Filename: filename, DeclaredType: ct, DeclaredSize: int64(len(data)),
		ContentType: ct, SizeBytes: int64(len(data)), Width: width, Height: height, ObjectKey: key, Alt: alt,
		CreatedAt: now, UpdatedAt: now}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		pos, err := nextPosition(tx, owner)
		if err != nil {
			return err
		}
		row.Position = pos
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return enqueueThumbnails(tx, id)
	})
	if err != nil {
		s.deleteObjects(ctx, key)
		return Media{}, fmt.Errorf("media: record import: %w", err)
	}
	return s.Get(ctx, id)
}

// reject deletes the uploaded object, marks the image rejected and returns reason.
func (s *Service) reject(ctx context.Context, row mediaRow, reason error) error {
	if err := s.store.Delete(ctx, row.UploadKey); err != nil {
		return err
	}
	msg := reason.Error()
	var fe *errs.FieldError
	if errors.As(reason, &fe) {
		msg = fe.Message
	}
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&mediaRow{}).Where("id = ? and status = ?", row.ID, StatusPending).
			Updates(map[string]any{"status": StatusRejected, "reject_reason": msg, "updated_at": time.Now()}).Error
	})
	if err != nil {
		return fmt.Errorf("media: mark rejected: %w", err)
	}
	return reason
}

// deleteObjects removes objects whose rows are gone. A failure leaves an orphan object, never
// a dangling row, so it is logged rather than returned.
func (s *Service) deleteObjects(ctx context.Context, keys ...string) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if err := s.store.Delete(ctx, k); err != nil {
			slog.WarnContext(ctx, "media: delete object", "key", k, "error", err)
		}
	}
}

func (s *Service) row(ctx context.Context, id uuid.UUID) (mediaRow, error) {
	var row mediaRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", id).Take(&row).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mediaRow{}, ErrMediaNotFound
	}
	return row, err
}

// Get returns the image with id, with its thumbnails.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Media, error) {
	var m Media
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row mediaRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrMediaNotFound
			}
			return err
		}
		var thumbs []thumbnailRow
		if err := tx.Where("media_id = ?", id).Order("size").Find(&thumbs).Error; err != nil {
			return err
		}
		m = row.media(thumbs)
		return nil
	})
	return m, err
}

// List returns owner's images that are pending or ready, in display order. Callers showing
// images to buyers keep only StatusReady ones (or use ListReady).
func (s *Service) List(ctx context.Context, owner Owner) ([]Media, error) {
	var out []Media
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = listTx(tx, tx.Where("owner_kind = ? and owner_id = ? and vendor_id = ? and status <> ?",
			owner.Kind, owner.ID, owner.VendorID, StatusRejected))
		return err
	})
	return out, err
}

// ListReady returns the ready images of many owners of one kind at once (a product list page),
// keyed by owner id, each in display order.
func (s *Service) ListReady(ctx context.Context, kind OwnerKind, ownerIDs []uuid.UUID) (map[uuid.UUID][]Media, error) {
	return s.ListReadyIn(ctx, nil, kind, ownerIDs)
}

// ListReadyIn is ListReady read in tx (the caller's transaction, scoped to the marketplace) when
// given, so a caller holding a transaction does not take a second connection.
func (s *Service) ListReadyIn(ctx context.Context, tx *gorm.DB, kind OwnerKind, ownerIDs []uuid.UUID) (map[uuid.UUID][]Media, error) {
	out := map[uuid.UUID][]Media{}
	if len(ownerIDs) == 0 {
		return out, nil
	}
	err := s.tenants.Within(ctx, tx, func(tx *gorm.DB) error {
		list, err := listTx(tx, tx.Where("owner_kind = ? and owner_id in ? and status = ?", kind, ownerIDs, StatusReady))
		for _, m := range list {
			out[m.Owner.ID] = append(out[m.Owner.ID], m)
		}
		return err
	})
	return out, err
}

// ByIDs returns the images among ids that exist in the marketplace of ctx, whatever their
// status, keyed by id; unknown ids (and other marketplaces' images) are absent. Other modules
// use it to check that a reference is one of the caller's own images and to link it.
func (s *Service) ByIDs(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]Media, error) {
	return s.ByIDsIn(ctx, nil, ids)
}

// ByIDsIn is ByIDs read in tx (the caller's transaction, scoped to the marketplace) when given.
func (s *Service) ByIDsIn(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]Media, error) {
	out := map[uuid.UUID]Media{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.tenants.Within(ctx, tx, func(tx *gorm.DB) error {
		list, err := listTx(tx, tx.Where("id in ?", ids))
		for _, m := range list {
			out[m.ID] = m
		}
		return err
	})
	return out, err
}

func listTx(tx, query *gorm.DB) ([]Media, error) {
	var rows []mediaRow
	if err := query.Order("position, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	mediaIDs := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		mediaIDs[i] = r.ID
	}
	var thumbs []thumbnailRow
	if err := tx.Where("media_id in ?", mediaIDs).Order("size").Find(&thumbs).Error; err != nil {
		return nil, err
	}
	out := make([]Media, len(rows))
	for i, r := range rows {
		out[i] = r.media(thumbs)
	}
	return out, nil
}

// UpdateAlt sets an image's alt text (trimmed; empty removes it).
func (s *Service) UpdateAlt(ctx context.Context, id uuid.UUID, alt string) (Media, error) {
	alt, err := cleanAlt(alt)
	if err != nil {
		return Media{}, err
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&mediaRow{}).Where("id = ? and status <> ?", id, StatusRejected).
			Updates(map[string]any{"alt": alt, "updated_at": time.Now()})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrMediaNotFound
		}
		return res.Error
	})
	if err != nil {
		return Media{}, err
	}
	return s.Get(ctx, id)
}

// cleanAlt trims alt text and checks it is plain text of at most MaxAltLength characters.
func cleanAlt(alt string) (string, error) {
	alt = strings.TrimSpace(alt)
	if utf8.RuneCountInString(alt) > MaxAltLength || !utf8.ValidString(alt) || strings.ContainsFunc(alt, unicode.IsControl) {
		return "", errs.Invalid("body.alt", fmt.Sprintf("must be plain text of at most %d characters", MaxAltLength))
	}
	return alt, nil
}

// Move puts an image at position (0 = first, the cover) among its owner's images, shifting the
// others; positions past the end move it last.
func (s *Service) Move(ctx context.Context, id uuid.UUID, position int) (Media, error) {
	if position < 0 {
		return Media{}, errs.Invalid("body.position", "must be 0 or more")
	}
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row mediaRow
		if err := tx.Where("id = ? and status <> ?", id, StatusRejected).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrMediaNotFound
			}
			return err
		}
		siblings, err := lockOwner(tx, row.OwnerKind, row.OwnerID)
		if err != nil {
			return err
		}
		order := slices.DeleteFunc(siblings, func(r uuid.UUID) bool { return r == id })
		order = slices.Insert(order, min(position, len(order)), id)
		return renumber(tx, order)
	})
	if err != nil {
		return Media{}, err
	}
	return s.Get(ctx, id)
}

// Reorder sets the display order of owner's images: ids must list each of its pending and ready
// images exactly once.
func (s *Service) Reorder(ctx context.Context, owner Owner, order []uuid.UUID) ([]Media, error) {
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		current, err := lockOwner(tx, string(owner.Kind), owner.ID)
		if err != nil {
			return err
		}
		a, b := slices.Clone(current), slices.Clone(order)
		sortIDs(a)
		sortIDs(b)
		if !slices.Equal(a, b) {
			return errs.Invalid("body.ids", "must list each of the owner's images exactly once")
		}
		return renumber(tx, order)
	})
	if err != nil {
		return nil, err
	}
	return s.List(ctx, owner)
}

func sortIDs(ids []uuid.UUID) {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
}

// lockOwner returns the ids of an owner's live images in display order, locked so concurrent
// reorders serialise.
func lockOwner(tx *gorm.DB, kind string, ownerID uuid.UUID) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := tx.Model(&mediaRow{}).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("owner_kind = ? and owner_id = ? and status <> ?", kind, ownerID, StatusRejected).
		Order("position, id").Pluck("id", &out).Error
	return out, err
}

func renumber(tx *gorm.DB, order []uuid.UUID) error {
	for i, id := range order {
		if err := tx.Model(&mediaRow{}).Where("id = ? and position <> ?", id, i).
			Updates(map[string]any{"position": i, "updated_at": time.Now()}).Error; err != nil {
			return err
		}
	}
	return nil
}

// Delete removes an image, its thumbnails and their objects.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) error {
	var row mediaRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.Returning{}).Where("id = ?", id).Delete(&row)
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrMediaNotFound
		}
		return res.Error
	})
	if err != nil {
		return err
	}
	s.deleteObjects(ctx, objectKeys(row)...)
	return nil
}

// DeleteOwner removes every image of owner (the catalog calls it when it deletes a product).
func (s *Service) DeleteOwner(ctx context.Context, owner Owner) error {
	var rows []mediaRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.Returning{}).Where("owner_kind = ? and owner_id = ?", owner.Kind, owner.ID).Delete(&rows).Error
	})
	if err != nil {
		return err
	}
	for _, row := range rows {
		s.deleteObjects(ctx, objectKeys(row)...)
	}
	return nil
}

// objectKeys lists every object an image may have. Thumbnail keys are derived, not read from
// the database, so a thumbnail task racing with the delete cannot leave one behind unnoticed.
func objectKeys(row mediaRow) []string {
	keys := []string{row.UploadKey, row.ObjectKey}
	for _, size := range ThumbnailSizes() {
		keys = append(keys, thumbnailKey(row.TenantID, row.ID, size, TypeJPEG), thumbnailKey(row.TenantID, row.ID, size, TypePNG))
	}
	return keys
}

// URL returns a link to the rendition size of a ready image: a presigned GET (S3), a stable
// public link (S3 with Config.PublicURL), or a signed /media/local/ link (LocalStore). A
// thumbnail that does not exist yet falls back to the original.
func (s *Service) URL(ctx context.Context, m Media, size Size) (string, error) {
	if m.Status != StatusReady || m.objectKey == "" {
		return "", fmt.Errorf("media %s is not ready: %w", m.ID, errs.ErrConflict)
	}
	key := m.objectKey
	if t, ok := m.thumbnail(size); ok && size != SizeOriginal {
		key = t.objectKey
	}
	if s.publicURL != "" {
		return s.publicURL + "/" + key, nil
	}
	return s.store.PresignGet(ctx, key, URLTTL)
}

// URLs returns the links of every rendition of a ready image, keyed by size name ("original",
// "160", ...); a pending image has none.
func (s *Service) URLs(ctx context.Context, m Media) (map[string]string, error) {
	out := map[string]string{}
	if m.Status != StatusReady {
		return out, nil
	}
	for _, size := range append([]Size{SizeOriginal}, ThumbnailSizes()...) {
		u, err := s.URL(ctx, m, size)
		if err != nil {
			return nil, err
		}
		out[size.String()] = u
	}
	return out, nil
}
