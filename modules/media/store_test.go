package media

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// TestStore_Contract runs one suite against every Store implementation: S3 against a real S3
// server (versitygw) and the local folder through the api's signed-link routes.
func TestStore_Contract(t *testing.T) {
	t.Parallel()
	for name, newStore := range stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testStoreContract(t, newStore(t))
		})
	}
}

func testStoreContract(t *testing.T, s Store) {
	ctx := context.Background()
	body := []byte("not really an image, but bytes are bytes")
	put := func(t *testing.T, key string) {
		t.Helper()
		if err := s.Put(ctx, key, bytes.NewReader(body), int64(len(body)), PutOptions{ContentType: TypePNG, CacheControl: CacheControl}); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("PutThenGetAndStatReturnBytesAndMetadata", func(t *testing.T) {
		put(t, "a/b/object.png")
		info, err := s.Stat(ctx, "a/b/object.png")
		if err != nil {
			t.Fatal(err)
		}
		if info.Size != int64(len(body)) || info.ContentType != TypePNG || info.CacheControl != CacheControl {
			t.Fatalf("stat = %+v", info)
		}
		rc, info2, err := s.Get(ctx, "a/b/object.png")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		_ = rc.Close()
		if !bytes.Equal(got, body) || info2.Size != int64(len(body)) {
			t.Fatalf("get = %q (%+v)", got, info2)
		}
	})

	t.Run("MissingObjectIsNotFound", func(t *testing.T) {
		_, err := s.Stat(ctx, "nothing/here")
		if !errors.Is(err, ErrObjectNotFound) || !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("stat: %v", err)
		}
		if _, _, err := s.Get(ctx, "nothing/here"); !errors.Is(err, ErrObjectNotFound) {
			t.Fatalf("get: %v", err)
		}
	})

	t.Run("DeleteRemovesAndIsIdempotent", func(t *testing.T) {
		put(t, "del/me")
		for range 2 {
			if err := s.Delete(ctx, "del/me"); err != nil {
				t.Fatal(err)
			}
		}
		mustNotExist(t, s, "del/me")
	})

	t.Run("PresignedPutAcceptsTheExactRequest", func(t *testing.T) {
		req, err := s.PresignPut(ctx, "up/ok", time.Minute, PutOptions{ContentType: TypeJPEG, ContentLength: int64(len(body))})
		if err != nil {
			t.Fatal(err)
		}
		if req.Method != http.MethodPut || req.Headers["Content-Type"] != TypeJPEG || time.Until(req.ExpiresAt) > time.Minute+time.Second {
			t.Fatalf("presigned request %+v", req)
		}
		res, msg := send(t, req.Method, req.URL, req.Headers, body)
		if res.StatusCode/100 != 2 {
			t.Fatalf("PUT: %d %s", res.StatusCode, msg)
		}
		info, err := s.Stat(ctx, "up/ok")
		if err != nil || info.Size != int64(len(body)) || info.ContentType != TypeJPEG {
			t.Fatalf("stat after PUT: %+v, %v", info, err)
		}
	})

	t.Run("PresignedPutRefusesAnotherTypeOrSize", func(t *testing.T) {
		req, err := s.PresignPut(ctx, "up/refused", time.Minute, PutOptions{ContentType: TypePNG, ContentLength: int64(len(body))})
		if err != nil {
			t.Fatal(err)
		}
		cases := map[string]struct {
			headers map[string]string
			body    []byte
		}{
			"html type":   {map[string]string{"Content-Type": "text/html"}, body},
			"longer body": {req.Headers, append(bytes.Clone(body), "<script>"...)},
			"shorter":     {req.Headers, body[:5]},
		}
		for name, c := range cases {
			res, _ := send(t, http.MethodPut, req.URL, c.headers, c.body)
			if res.StatusCode/100 == 2 {
				t.Errorf("%s: PUT accepted with %d", name, res.StatusCode)
			}
		}
		mustNotExist(t, s, "up/refused")
	})

	t.Run("PresignedGetReadsTheObject", func(t *testing.T) {
		put(t, "get/me.png")
		u, err := s.PresignGet(ctx, "get/me.png", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		res, got := send(t, http.MethodGet, u, nil, nil)
		if res.StatusCode != http.StatusOK || !bytes.Equal(got, body) {
			t.Fatalf("GET: %d %q", res.StatusCode, got)
		}
		if ct := res.Header.Get("Content-Type"); ct != TypePNG {
			t.Fatalf("content type %q", ct)
		}
		if cc := res.Header.Get("Cache-Control"); cc != CacheControl {
			t.Fatalf("cache control %q", cc)
		}
		if cl := res.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
			t.Fatalf("content length %q", cl)
		}
	})

	t.Run("KeysCannotLeaveTheNamespace", func(t *testing.T) {
		for _, key := range []string{"", "../escape", "/etc/passwd", "a/../../b", "a//b", ".hidden", "a/.meta", `a\b`, "a/b/", "a b", "ü"} {
			errPut := s.Put(ctx, key, strings.NewReader("x"), 1, PutOptions{})
			_, errStat := s.Stat(ctx, key)
			_, errSign := s.PresignPut(ctx, key, time.Minute, PutOptions{ContentType: TypePNG, ContentLength: 1})
			_, errGet := s.PresignGet(ctx, key, time.Minute)
			errDel := s.Delete(ctx, key)
			for _, err := range []error{errPut, errStat, errSign, errGet, errDel} {
				if !errors.Is(err, ErrInvalidKey) {
					t.Errorf("key %q: %v, want ErrInvalidKey", key, err)
				}
			}
		}
	})
}

func TestLocalStore_LinksAreSignedBoundAndExpire(t *testing.T) {
	t.Parallel()
	s := newLocalStore(t, DefaultMaxBytes)
	ctx := context.Background()
	body := []byte("12345")
	req, err := s.PresignPut(ctx, "k/one", time.Minute, PutOptions{ContentType: TypePNG, ContentLength: 5})
	if err != nil {
		t.Fatal(err)
	}
	tampered := req.URL[:len(req.URL)-2] + "AA"
	expired, err := s.PresignPut(ctx, "k/one", -time.Second, PutOptions{ContentType: TypePNG, ContentLength: 5})
	if err != nil {
		t.Fatal(err)
	}
	otherSecret, err := NewLocalStore(t.TempDir(), bytes.Repeat([]byte("x"), 32), strings.TrimSuffix(req.URL, req.URL[strings.Index(req.URL, LocalPathPrefix):]))
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := otherSecret.PresignPut(ctx, "k/one", time.Minute, PutOptions{ContentType: TypePNG, ContentLength: 5})
	getLink, _ := s.PresignGet(ctx, "k/one", time.Minute)
	for name, u := range map[string]string{"tampered": tampered, "expired": expired.URL, "forged": forged.URL, "read link": getLink} {
		res, _ := send(t, http.MethodPut, u, req.Headers, body)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: PUT %d, want 404", name, res.StatusCode)
		}
	}
	mustNotExist(t, s, "k/one")
	if res, _ := send(t, http.MethodGet, req.URL, nil, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("upload link used to read: %d, want 404", res.StatusCode)
	}
	if res, _ := send(t, http.MethodPut, req.URL, req.Headers, body); res.StatusCode != http.StatusNoContent {
		t.Fatalf("valid PUT: %d", res.StatusCode)
	}
	res, _ := send(t, http.MethodGet, getLink, nil, nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("GET: %d %v", res.StatusCode, res.Header)
	}
	if again, _ := s.PresignGet(ctx, "k/one", time.Minute); again != getLink {
		t.Error("read links within the same hour differ, so browsers cannot reuse their cached copy")
	}
}

func TestLocalStore_SymlinkInsideFolderCannotLeadOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := NewLocalStore(dir, bytes.Repeat([]byte("k"), 32), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "objects", "link")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(context.Background(), "link/secret"); err == nil {
		t.Fatal("read a file outside the store through a symlink")
	}
	if err := s.Put(context.Background(), "link/planted", strings.NewReader("x"), 1, PutOptions{}); err == nil {
		t.Fatal("wrote outside the store through a symlink")
	}
	if _, err := os.Stat(filepath.Join(outside, "planted")); err == nil {
		t.Fatal("planted file exists outside the store")
	}
}
