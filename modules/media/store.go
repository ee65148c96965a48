package media

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Store keeps image bytes. Keys are slash-separated relative paths ([A-Za-z0-9._-] segments, none
// empty, none starting with a dot). Two implementations: S3Store (any S3-compatible server) and
// LocalStore (a folder, for machines without S3). Both pass the same contract tests.
type Store interface {
	// Put stores size bytes from r under key, replacing any object there.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error
	// Get opens the object under key; the caller closes it. A missing object is ErrObjectNotFound.
	Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	// Stat describes the object under key; a missing object is ErrObjectNotFound.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Delete removes the object under key; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// PresignPut returns a URL that accepts one PUT of exactly opts.ContentLength bytes with
	// Content-Type opts.ContentType under key until expiry passes.
	PresignPut(ctx context.Context, key string, expiry time.Duration, opts PutOptions) (PresignedRequest, error)
	// PresignGet returns a URL that reads the object under key for at least expiry.
	PresignGet(ctx context.Context, key string, expiry time.Duration) (string, error)
}

// PutOptions describe an object being written.
type PutOptions struct {
	ContentType string
	// ContentLength binds a presigned PUT to one exact body size; Put uses its size argument.
	ContentLength int64
	// CacheControl is stored with the object and sent back when it is read.
	CacheControl string
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Key          string
	Size         int64
	ContentType  string
	CacheControl string
	LastModified time.Time
}

// PresignedRequest is a request a client may make without credentials.
type PresignedRequest struct {
	Method string
	URL    string
	// Headers must be sent exactly as given (they are part of the signature).
	Headers   map[string]string
	ExpiresAt time.Time
}

// ValidateKey refuses keys that could name something outside the store's namespace: empty or
// absolute paths, "." and ".." segments, backslashes, hidden names and unusual characters.
func ValidateKey(key string) error {
	if key == "" || len(key) > 512 {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg[0] == '.' || seg[0] == '-' {
			return fmt.Errorf("%w: %q", ErrInvalidKey, key)
		}
		for _, r := range seg {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
			if !ok {
				return fmt.Errorf("%w: %q", ErrInvalidKey, key)
			}
		}
	}
	return nil
}
