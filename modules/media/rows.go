package media

import (
	"time"

	"github.com/google/uuid"
)

// mediaRow is a row of media; queries always run inside tenants.Registry.Tx.
type mediaRow struct {
	TenantID     uuid.UUID `gorm:"primaryKey"`
	ID           uuid.UUID `gorm:"primaryKey"`
	OwnerKind    string
	OwnerID      uuid.UUID
	VendorID     uuid.UUID
	Status       string
	Filename     string
	DeclaredType string
	DeclaredSize int64
	UploadKey    string
	ContentType  string
	SizeBytes    int64
	Width        int
	Height       int
	ObjectKey    string
	Alt          string
	Position     int
	RejectReason string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (mediaRow) TableName() string { return "media" }

func (r mediaRow) media(thumbs []thumbnailRow) Media {
	m := Media{
		ID:           r.ID,
		Owner:        Owner{Kind: OwnerKind(r.OwnerKind), ID: r.OwnerID, VendorID: r.VendorID},
		Status:       Status(r.Status),
		Filename:     r.Filename,
		ContentType:  r.DeclaredType,
		Size:         r.DeclaredSize,
		Width:        r.Width,
		Height:       r.Height,
		Alt:          r.Alt,
		Position:     r.Position,
		RejectReason: r.RejectReason,
		CreatedAt:    r.CreatedAt,
		UpdatedAt:    r.UpdatedAt,
		objectKey:    r.ObjectKey,
	}
	if m.Status == StatusReady {
		m.ContentType, m.Size = r.ContentType, r.SizeBytes
	}
	for _, t := range thumbs {
		if t.MediaID == r.ID {
			m.Thumbnails = append(m.Thumbnails, Thumbnail{Size: Size(t.Size), Width: t.Width, Height: t.Height,
				ContentType: t.ContentType, Bytes: t.SizeBytes, objectKey: t.ObjectKey})
		}
	}
	return m
}

// thumbnailRow is a row of media_thumbnails.
type thumbnailRow struct {
	TenantID    uuid.UUID `gorm:"primaryKey"`
	MediaID     uuid.UUID `gorm:"primaryKey"`
	Size        int       `gorm:"primaryKey"`
	Width       int
	Height      int
	ContentType string
	SizeBytes   int64
	ObjectKey   string
	CreatedAt   time.Time
}

func (thumbnailRow) TableName() string { return "media_thumbnails" }
