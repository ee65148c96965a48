package media

import (
	"fmt"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Errors of this package. Each wraps an errs kind, so the api maps it to a status code.
var (
	// ErrMediaNotFound: no such image in this marketplace, or the caller may not touch it.
	ErrMediaNotFound = fmt.Errorf("media: %w", errs.ErrNotFound)
	// ErrObjectNotFound: the storage holds no object under the key.
	ErrObjectNotFound = fmt.Errorf("media object: %w", errs.ErrNotFound)
	// ErrNotUploaded: Complete was called before the file's bytes arrived.
	ErrNotUploaded = fmt.Errorf("media: the file has not been uploaded yet: %w", errs.ErrConflict)
	// ErrRejected: the upload was already refused; start a new one.
	ErrRejected = fmt.Errorf("media: this upload was refused; start a new upload: %w", errs.ErrConflict)
	// ErrInvalidKey: an object key that could leave the store's namespace (.., absolute paths).
	ErrInvalidKey = fmt.Errorf("media: invalid object key: %w", errs.ErrInvalid)
	// ErrLinkInvalid: a signed local-store link that is forged, altered, expired or used with
	// other headers than it was signed for.
	ErrLinkInvalid = fmt.Errorf("media: the link is invalid or has expired: %w", errs.ErrNotFound)
)
