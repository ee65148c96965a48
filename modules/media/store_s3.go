package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// S3Store keeps objects in one bucket of an S3-compatible server (MinIO, versitygw, AWS S3).
type S3Store struct {
	client *minio.Client
	bucket string
}

// NewS3Store connects to cfg.Endpoint and makes sure cfg.Bucket exists.
func NewS3Store(ctx context.Context, cfg Config) (*S3Store, error) {
	endpoint, secure := cfg.Endpoint, cfg.UseSSL
	if u, err := url.Parse(cfg.Endpoint); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		endpoint, secure = u.Host, u.Scheme == "https"
	}
	if cfg.Bucket == "" {
		return nil, errors.New("media: S3 bucket name is required")
	}
	client, err := minio.New(endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: secure,
		Region: cfg.Region,
		// Path-style URLs work with every S3-compatible server and need no wildcard DNS.
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("media: S3 client for %s: %w", endpoint, err)
	}
	s := &S3Store{client: client, bucket: cfg.Bucket}
	exists, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("media: S3 bucket %s at %s: %w", cfg.Bucket, endpoint, err)
	}
	if !exists {
		err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region})
		// Another process may have created it meanwhile.
		if err != nil && minio.ToErrorResponse(err).Code != "BucketAlreadyOwnedByYou" {
			return nil, fmt.Errorf("media: create S3 bucket %s: %w", cfg.Bucket, err)
		}
	}
	return s, nil
}

// Put implements Store.
func (s *S3Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{
		ContentType:  opts.ContentType,
		CacheControl: opts.CacheControl,
	})
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, s.kind(err))
	}
	return nil
}

// Get implements Store.
func (s *S3Store) Get(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return nil, ObjectInfo{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, ObjectInfo{}, fmt.Errorf("media: get %s: %w", key, s.kind(err))
	}
	// GetObject is lazy: Stat makes the request, so a missing object shows up here.
	st, err := obj.Stat()
	if err != nil {
		_ = obj.Close()
		return nil, ObjectInfo{}, fmt.Errorf("media: get %s: %w", key, s.kind(err))
	}
	return obj, s.info(st), nil
}

// Stat implements Store.
func (s *S3Store) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return ObjectInfo{}, err
	}
	st, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return ObjectInfo{}, fmt.Errorf("media: stat %s: %w", key, s.kind(err))
	}
	return s.info(st), nil
}

// Delete implements Store.
func (s *S3Store) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && !errors.Is(s.kind(err), ErrObjectNotFound) {
		return fmt.Errorf("media: delete %s: %w", key, s.kind(err))
	}
	return nil
}

// PresignPut implements Store. Content-Type and Content-Length are signed headers, so the
// server refuses any other type or size.
func (s *S3Store) PresignPut(ctx context.Context, key string, expiry time.Duration, opts PutOptions) (PresignedRequest, error) {
	if err := ValidateKey(key); err != nil {
		return PresignedRequest{}, err
	}
	h := http.Header{}
	h.Set("Content-Type", opts.ContentType)
	h.Set("Content-Length", strconv.FormatInt(opts.ContentLength, 10))
	if opts.CacheControl != "" {
		h.Set("Cache-Control", opts.CacheControl)
	}
	expires := time.Now().Add(expiry)
	u, err := s.client.PresignHeader(ctx, http.MethodPut, s.bucket, key, expiry, nil, h)
	if err != nil {
		return PresignedRequest{}, fmt.Errorf("media: presign put %s: %w", key, err)
	}
	headers := map[string]string{"Content-Type": opts.ContentType}
	if opts.CacheControl != "" {
		headers["Cache-Control"] = opts.CacheControl
	}
	return PresignedRequest{Method: http.MethodPut, URL: u.String(), Headers: headers, ExpiresAt: expires}, nil
}

// PresignGet implements Store. S3 allows at most seven days.
func (s *S3Store) PresignGet(ctx context.Context, key string, expiry time.Duration) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, min(expiry, 7*24*time.Hour), nil)
	if err != nil {
		return "", fmt.Errorf("media: presign get %s: %w", key, err)
	}
	return u.String(), nil
}

func (s *S3Store) info(st minio.ObjectInfo) ObjectInfo {
	return ObjectInfo{Key: st.Key, Size: st.Size, ContentType: st.ContentType,
		CacheControl: st.Metadata.Get("Cache-Control"), LastModified: st.LastModified}
}

// kind maps S3 error codes onto this package's errors; anything else is a dependency failure.
func (s *S3Store) kind(err error) error {
	switch minio.ToErrorResponse(err).Code {
	case "NoSuchKey", "NotFound":
		return fmt.Errorf("%w: %w", ErrObjectNotFound, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: %w", errs.ErrUnavailable, err)
}
