package media

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/openmarket/marketplace/modules/platform/ids"
)

// LocalPathPrefix is where the api serves LocalStore's signed links: PUT and GET
// LocalPathPrefix + token (see registerLocalRoutes).
const LocalPathPrefix = "/media/local/"

// LocalStore keeps objects in a folder, for machines without an S3 server. Its "presigned" URLs
// are HMAC-signed, expiring tokens served by the api's /media/local/{token} routes.
//
// Layout: objects/<key> holds the bytes and meta/<key>.json the content type and cache control.
// All access goes through an os.Root, so even a symlink planted inside the folder cannot lead
// outside it, and ValidateKey refuses "..", absolute and hidden names before that.
type LocalStore struct {
	root    *os.Root
	secret  []byte
	baseURL string
}

// NewLocalStore opens (creating it if needed) dir. secret signs links and must be at least 32
// bytes; baseURL prefixes the links (empty: host-relative links).
func NewLocalStore(dir string, secret []byte, baseURL string) (*LocalStore, error) {
	if len(secret) < 32 {
		return nil, errors.New("media: the local store's signing secret must be at least 32 bytes")
	}
	for _, sub := range []string{"objects", "meta", "tmp"} {
		if err := os.MkdirAll(path.Join(dir, sub), 0o750); err != nil {
			return nil, fmt.Errorf("media: local store folder: %w", err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("media: local store folder: %w", err)
	}
	return &LocalStore{root: root, secret: secret, baseURL: strings.TrimSuffix(baseURL, "/")}, nil
}

// Close releases the folder handle.
func (s *LocalStore) Close() error { return s.root.Close() }

type localMeta struct {
	ContentType  string `json:"content_type"`
	CacheControl string `json:"cache_control"`
}

// Put implements Store. The bytes are written to a temporary file and renamed into place, so a
// reader never sees half an object.
func (s *LocalStore) Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	objPath, metaPath := "objects/"+key, "meta/"+key+".json"
	for _, p := range []string{objPath, metaPath} {
		if err := s.root.MkdirAll(path.Dir(p), 0o750); err != nil {
			return fmt.Errorf("media: put %s: %w", key, err)
		}
	}
	meta, err := json.Marshal(localMeta{ContentType: opts.ContentType, CacheControl: opts.CacheControl})
	if err != nil {
		return err
	}
	tmpMeta := "tmp/" + ids.New().String()
	if err := s.root.WriteFile(tmpMeta, meta, 0o640); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	tmp := "tmp/" + ids.New().String()
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		_ = s.root.Remove(tmpMeta)
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	n, err := io.Copy(f, io.LimitReader(contextReader{ctx, r}, size+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("got %d bytes, expected %d", n, size)
	}
	if err == nil {
		err = s.root.Rename(tmpMeta, metaPath)
	}
	if err == nil {
		err = s.root.Rename(tmp, objPath)
	}
	if err != nil {
		_ = s.root.Remove(tmp)
		_ = s.root.Remove(tmpMeta)
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// contextReader stops a long copy when the request is cancelled.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Get implements Store.
func (s *LocalStore) Get(_ context.Context, key string) (io.ReadCloser, ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return nil, ObjectInfo{}, err
	}
	f, err := s.root.Open("objects/" + key)
	if err != nil {
		return nil, ObjectInfo{}, s.kind(key, err)
	}
	info, err := s.describe(key, f)
	if err != nil {
		_ = f.Close()
		return nil, ObjectInfo{}, err
	}
	return f, info, nil
}

// Stat implements Store.
func (s *LocalStore) Stat(_ context.Context, key string) (ObjectInfo, error) {
	if err := ValidateKey(key); err != nil {
		return ObjectInfo{}, err
	}
	f, err := s.root.Open("objects/" + key)
	if err != nil {
		return ObjectInfo{}, s.kind(key, err)
	}
	defer f.Close()
	return s.describe(key, f)
}

func (s *LocalStore) describe(key string, f *os.File) (ObjectInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return ObjectInfo{}, s.kind(key, err)
	}
	if !st.Mode().IsRegular() {
		return ObjectInfo{}, fmt.Errorf("%w: %s", ErrObjectNotFound, key)
	}
	info := ObjectInfo{Key: key, Size: st.Size(), LastModified: st.ModTime()}
	if b, err := s.root.ReadFile("meta/" + key + ".json"); err == nil {
		var m localMeta
		if json.Unmarshal(b, &m) == nil {
			info.ContentType, info.CacheControl = m.ContentType, m.CacheControl
		}
	}
	return info, nil
}

// Delete implements Store.
func (s *LocalStore) Delete(_ context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	for _, p := range []string{"objects/" + key, "meta/" + key + ".json"} {
		if err := s.root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("media: delete %s: %w", key, err)
		}
	}
	return nil
}

func (s *LocalStore) kind(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s", ErrObjectNotFound, key)
	}
	return fmt.Errorf("media: %s: %w", key, err)
}

// localToken is what a signed link grants.
type localToken struct {
	Method      string `json:"m"`
	Key         string `json:"k"`
	Expires     int64  `json:"x"`
	ContentType string `json:"t,omitempty"`
	Length      int64  `json:"n,omitempty"`
	Cache       string `json:"c,omitempty"`
}

func (s *LocalStore) sign(t localToken) (string, error) {
	payload, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, s.secret)
	mac.Write(payload)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(mac.Sum(nil)), nil
}

// verify returns the grant of token if it is authentic, unexpired and for method.
func (s *LocalStore) verify(token, method string, now time.Time) (localToken, error) {
	enc := base64.RawURLEncoding
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return localToken{}, ErrLinkInvalid
	}
	payload, err1 := enc.DecodeString(p)
	got, err2 := enc.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return localToken{}, ErrLinkInvalid
	}
	mac := hmac.New(sha256.New, s.secret)
	mac.Write(payload)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return localToken{}, ErrLinkInvalid
	}
	var t localToken
	if err := json.Unmarshal(payload, &t); err != nil || t.Method != method || now.Unix() > t.Expires || ValidateKey(t.Key) != nil {
		return localToken{}, ErrLinkInvalid
	}
	return t, nil
}

// PresignPut implements Store: the link is bound to the key, content type, exact length and
// cache control, and the api's PUT route checks each.
func (s *LocalStore) PresignPut(_ context.Context, key string, expiry time.Duration, opts PutOptions) (PresignedRequest, error) {
	if err := ValidateKey(key); err != nil {
		return PresignedRequest{}, err
	}
	expires := time.Now().Add(expiry)
	tok, err := s.sign(localToken{Method: http.MethodPut, Key: key, Expires: expires.Unix(),
		ContentType: opts.ContentType, Length: opts.ContentLength, Cache: opts.CacheControl})
	if err != nil {
		return PresignedRequest{}, err
	}
	headers := map[string]string{"Content-Type": opts.ContentType}
	if opts.CacheControl != "" {
		headers["Cache-Control"] = opts.CacheControl
	}
	return PresignedRequest{Method: http.MethodPut, URL: s.baseURL + LocalPathPrefix + tok, Headers: headers,
		ExpiresAt: time.Unix(expires.Unix(), 0)}, nil
}

// PresignGet implements Store. The expiry is rounded up to the next hour so that every call
// within that hour returns the same URL and browsers can reuse their cached copy.
func (s *LocalStore) PresignGet(_ context.Context, key string, expiry time.Duration) (string, error) {
	if err := ValidateKey(key); err != nil {
		return "", err
	}
	expires := time.Now().Add(expiry).Truncate(time.Hour).Add(time.Hour)
	tok, err := s.sign(localToken{Method: http.MethodGet, Key: key, Expires: expires.Unix()})
	if err != nil {
		return "", err
	}
	return s.baseURL + LocalPathPrefix + tok, nil
}
