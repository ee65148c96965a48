package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// TaskThumbnails makes the thumbnails of one ready image.
const TaskThumbnails = "media:thumbnails"

type thumbnailsPayload struct {
	MediaID uuid.UUID `json:"media_id"`
}

// RegisterTasks registers the media:thumbnails handler.
func (s *Service) RegisterTasks(mux *asynq.ServeMux) {
	mux.HandleFunc(TaskThumbnails, s.handleThumbnails)
}

// handleThumbnails makes every missing thumbnail of an image. It is idempotent: a thumbnail is
// recorded once per (image, size), an image that has them all is left alone, and one deleted
// meanwhile has its fresh objects removed again.
func (s *Service) handleThumbnails(ctx context.Context, t *asynq.Task) error {
	env, err := workers.DecodeEnvelope(t)
	if err != nil {
		return err
	}
	var p thumbnailsPayload
	if err := json.Unmarshal(env.Data, &p); err != nil || p.MediaID == uuid.Nil {
		return fmt.Errorf("media:thumbnails payload: %w", asynq.SkipRetry)
	}
	return s.MakeThumbnails(tenants.WithTenantID(ctx, env.TenantID), p.MediaID)
}

// MakeThumbnails makes the missing thumbnails of image id (the media:thumbnails task; also
// usable to backfill). An image that is gone or not ready needs nothing and returns nil.
func (s *Service) MakeThumbnails(ctx context.Context, id uuid.UUID) error {
	m, err := s.Get(ctx, id)
	if errors.Is(err, ErrMediaNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.Status != StatusReady {
		return nil
	}
	var missing []Size
	for _, size := range ThumbnailSizes() {
		if _, ok := m.thumbnail(size); !ok {
			missing = append(missing, size)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	rc, _, err := s.store.Get(ctx, m.objectKey)
	if errors.Is(err, ErrObjectNotFound) {
		return fmt.Errorf("media %s: original missing: %w: %w", id, err, asynq.SkipRetry)
	}
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(rc, s.maxBytes+1))
	_ = rc.Close()
	if err != nil {
		return fmt.Errorf("media %s: read original: %w", id, err)
	}
	img, err := decode(m.ContentType, data)
	if err != nil {
		// Complete checks only the header (decoding every pixel in the api would be costly); a
		// file whose pixel data is damaged is found here, and is withdrawn.
		return s.withdraw(ctx, m, "is a damaged image: "+err.Error())
	}
	tenant, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	var rows []thumbnailRow
	var keys []string
	for _, size := range missing {
		r, err := resize(img, size)
		if err != nil {
			return fmt.Errorf("media %s: thumbnail %d: %w", id, size, err)
		}
		key := thumbnailKey(tenant, id, size, r.contentType)
		if err := s.store.Put(ctx, key, bytes.NewReader(r.data), int64(len(r.data)),
			PutOptions{ContentType: r.contentType, CacheControl: CacheControl}); err != nil {
			return err
		}
		keys = append(keys, key)
		rows = append(rows, thumbnailRow{TenantID: tenant, MediaID: id, Size: int(size), Width: r.width, Height: r.height,
			ContentType: r.contentType, SizeBytes: int64(len(r.data)), ObjectKey: key})
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		// The share lock makes a concurrent Delete wait for (or be seen by) this insert.
		var n int64
		if err := tx.Raw("select count(*) from (select 1 from media where id = ? and status = ? for share) m", id, StatusReady).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return ErrMediaNotFound
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
	})
	if errors.Is(err, errs.ErrNotFound) {
		s.deleteObjects(ctx, keys...)
		return nil
	}
	return err
}

// withdraw marks a ready image whose original turns out to be undecodable as rejected and
// deletes its objects, so it is never shown.
func (s *Service) withdraw(ctx context.Context, m Media, reason string) error {
	var row mediaRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", m.ID).Take(&row).Error; err != nil {
			return err
		}
		return tx.Model(&mediaRow{}).Where("id = ?", m.ID).
			Updates(map[string]any{"status": StatusRejected, "reject_reason": reason, "updated_at": time.Now()}).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	s.deleteObjects(ctx, objectKeys(row)...)
	return nil
}
