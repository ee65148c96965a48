package media

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// OwnerKind names what an image belongs to.
type OwnerKind string

// The things that carry images.
const (
	OwnerProduct          OwnerKind = "product"
	OwnerVariant          OwnerKind = "variant"
	OwnerStorefrontLogo   OwnerKind = "storefront_logo"
	OwnerStorefrontBanner OwnerKind = "storefront_banner"
)

// Valid reports whether k is one of the known kinds.
func (k OwnerKind) Valid() bool {
	switch k {
	case OwnerProduct, OwnerVariant, OwnerStorefrontLogo, OwnerStorefrontBanner:
		return true
	}
	return false
}

// Owner is the thing an image is attached to. VendorID is the seller that owns it, recorded so
// an OwnerGuard can decide who may edit the image without asking the catalog again.
type Owner struct {
	Kind     OwnerKind
	ID       uuid.UUID
	VendorID uuid.UUID
}

func (o Owner) validate(field string) error {
	if !o.Kind.Valid() {
		return errs.Invalid(field+"owner_kind", "must be product, variant, storefront_logo or storefront_banner")
	}
	if o.ID == uuid.Nil {
		return errs.Invalid(field+"owner_id", "is required")
	}
	if o.VendorID == uuid.Nil {
		return errs.Invalid(field+"vendor_id", "is required")
	}
	return nil
}

// Status is where an image is in its life.
type Status string

// Statuses. An image starts pending (upload URL handed out), becomes ready once Complete has
// verified the bytes, or rejected when they are not an acceptable image.
const (
	StatusPending  Status = "pending"
	StatusReady    Status = "ready"
	StatusRejected Status = "rejected"
)

// Size selects a rendition of an image for URL.
type Size int

// Renditions: the verified original and the thumbnail widths the media:thumbnails task makes.
const (
	SizeOriginal Size = 0
	Size160      Size = 160
	Size480      Size = 480
	Size1200     Size = 1200
)

// ThumbnailSizes returns the widths the media:thumbnails task makes, smallest first.
func ThumbnailSizes() []Size { return []Size{Size160, Size480, Size1200} }

// ParseSize reads a size name as used in URLs and JSON: "original", "160", "480" or "1200".
func ParseSize(s string) (Size, error) {
	switch s {
	case "original", "":
		return SizeOriginal, nil
	case "160":
		return Size160, nil
	case "480":
		return Size480, nil
	case "1200":
		return Size1200, nil
	}
	return 0, errs.Invalid("query.size", "must be original, 160, 480 or 1200")
}

// String is the size's name as ParseSize reads it.
func (s Size) String() string {
	if s == SizeOriginal {
		return "original"
	}
	return fmt.Sprint(int(s))
}

// Accepted content types: what the sniffer must find in the bytes, whatever the client said.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
)

// CacheControl is set on every stored rendition: keys are derived from the media id, which is
// never reused, so a URL's bytes never change and browsers and CDNs may keep them for a year.
const CacheControl = "public, max-age=31536000, immutable"

// Media is one image attached to an owner.
type Media struct {
	ID     uuid.UUID
	Owner  Owner
	Status Status
	// Filename is the client's name for the file, for display only.
	Filename string
	// ContentType is the sniffed type once ready (the client's declared type while pending).
	ContentType string
	// Size is the verified size in bytes once ready (the declared size while pending).
	Size int64
	// Width and Height are in pixels; zero until ready.
	Width, Height int
	Alt           string
	// Position orders an owner's images, lowest first; the first is the cover.
	Position int
	// RejectReason says why Complete refused the file.
	RejectReason string
	// Thumbnails made so far, smallest first; empty until the media:thumbnails task has run.
	Thumbnails []Thumbnail
	CreatedAt  time.Time
	UpdatedAt  time.Time

	objectKey string
}

// Thumbnail is one resized rendition of a Media.
type Thumbnail struct {
	// Size is the requested width class (160, 480, 1200); Width is smaller when the original
	// is narrower, since images are never upscaled.
	Size          Size
	Width, Height int
	ContentType   string
	Bytes         int64

	objectKey string
}

// thumbnail returns m's rendition of size, if made.
func (m Media) thumbnail(size Size) (Thumbnail, bool) {
	for _, t := range m.Thumbnails {
		if t.Size == size {
			return t, true
		}
	}
	return Thumbnail{}, false
}

// Upload is what a client needs to send an image's bytes straight to storage.
type Upload struct {
	Media Media
	// URL accepts exactly one request of Method with Headers and a body of exactly
	// Media.Size bytes until ExpiresAt.
	URL       string
	Method    string
	Headers   map[string]string
	ExpiresAt time.Time
}
