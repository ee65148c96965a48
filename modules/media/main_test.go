package media

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) {
	// As apps/api does: service errors become problems with the status of their kind.
	httpx.InstallHumaErrors()
	os.Exit(testkit.Run(m))
}

// startVersity runs the pinned versitygw S3 server on a free loopback port with a fresh folder
// and returns the config to reach it; it is stopped when t ends.
func startVersity(t *testing.T) Config {
	t.Helper()
	bin := os.Getenv("MARKETPLACE_TEST_VERSITYGW")
	if bin == "" {
		var err error
		if bin, err = filepath.Abs("../../.tools/bin/versitygw"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("the S3 test server is missing (%v): run `go tool task tools` to install the pinned versitygw into .tools/bin", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "--access", "test", "--secret", "testsecret", "--port", addr, "--quiet", "posix", t.TempDir())
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/")
		if err == nil {
			_ = res.Body.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("versitygw exited: %s", logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not answer on %s within 20s: %v\n%s", addr, err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return Config{Endpoint: addr, AccessKey: "test", SecretKey: "testsecret", Bucket: "media-test", Region: "us-east-1"}
}

// serveAPI starts a Fiber+Huma app on a loopback port; mw run before the routes that register
// adds. It returns the app's base URL.
func serveAPI(t *testing.T, ln net.Listener, register func(api huma.API), mw ...fiber.Handler) {
	t.Helper()
	app := fiber.New(fiber.Config{ErrorHandler: httpx.ErrorHandler, BodyLimit: 32 << 20, DisableStartupMessage: true})
	for _, h := range mw {
		app.Use(h)
	}
	cfg := huma.DefaultConfig("media test", "1.0.0")
	cfg.CreateHooks = nil
	register(humafiber.New(app, cfg))
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
}

func listen(t *testing.T) (net.Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String()
}

// newLocalStore returns a LocalStore whose signed links are served by a running api.
func newLocalStore(t *testing.T, maxBytes int64) *LocalStore {
	t.Helper()
	ln, base := listen(t)
	s, err := NewLocalStore(t.TempDir(), bytes.Repeat([]byte("k"), 32), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	serveAPI(t, ln, func(api huma.API) { registerLocalRoutes(api, s, maxBytes) })
	return s
}

func newS3Store(t *testing.T) *S3Store {
	t.Helper()
	s, err := NewS3Store(context.Background(), startVersity(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// stores are the implementations every store-level test runs against.
func stores() map[string]func(t *testing.T) Store {
	return map[string]func(t *testing.T) Store{
		"s3":    func(t *testing.T) Store { return newS3Store(t) },
		"local": func(t *testing.T) Store { return newLocalStore(t, DefaultMaxBytes) },
	}
}

// send makes a request with a real HTTP client.
func send(t *testing.T, method, url string, headers map[string]string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body, req.ContentLength = nil, 0
	}
	for k, v := range headers {
		if strings.EqualFold(k, "Host") {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func mustNotExist(t *testing.T, s Store, key string) {
	t.Helper()
	if _, err := s.Stat(context.Background(), key); !errors.Is(err, ErrObjectNotFound) {
		t.Fatalf("object %s: err = %v, want ErrObjectNotFound", key, err)
	}
}

// Test images, made in code.

func gradient(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if alpha && x < w/2 {
				a = 80
			}
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 120, A: a})
		}
	}
	return img
}

func pngBytes(t *testing.T, w, h int, alpha bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h, alpha)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h, false), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG is a valid 1×1 PNG whose header claims width × height pixels: a few hundred bytes
// that a naive decoder would try to allocate gigabytes for.
func bombPNG(t *testing.T, width, height uint32) []byte {
	t.Helper()
	b := pngBytes(t, 1, 1, false)
	// Signature (8) + IHDR length (4) + "IHDR" (4), then width and height, then the CRC of
	// type+data at offset 29.
	binary.BigEndian.PutUint32(b[16:], width)
	binary.BigEndian.PutUint32(b[20:], height)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// webpLossless is a 1×1 lossless WebP (the well-known feature-detection sample).
func webpLossless(t *testing.T) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const htmlAsPNG = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

const svgAsPNG = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>`
