package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"
)

const testIndex = `<!doctype html>
<html lang="en">
  <head>
    <title>Marketplace</title>
    <meta name="theme-color" content="#4f46e5">
    <style id="brand">:root{--brand:#4f46e5}</style>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`

func builtFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":           {Data: []byte(testIndex)},
		"assets/index-abc.js":  {Data: []byte("console.log(1)")},
		"assets/index-abc.css": {Data: []byte("body{}")},
		"favicon.svg":          {Data: []byte("<svg/>")},
		".gitkeep":             {Data: nil},
	}
}

func newApp(fsys fstest.MapFS, brand BrandFunc) *fiber.App {
	app := fiber.New()
	app.Get("/api/v1/site", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"kind": "platform"}) })
	app.Use(newHandler(fsys, brand))
	app.Use(func(c *fiber.Ctx) error { return c.Status(fiber.StatusNotFound).SendString("api fallthrough") })
	return app
}

func get(t *testing.T, app *fiber.App, target string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "acme.localhost:8080"
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	return res, string(body)
}

func fixedBrand(name, colour string) BrandFunc {
	return func(*fiber.Ctx) (string, string, bool) { return name, colour, true }
}

func TestAssetsAreImmutable(t *testing.T) {
	app := newApp(builtFS(), nil)
	res, body := get(t, app, "/assets/index-abc.js")
	if res.StatusCode != 200 || body != "console.log(1)" {
		t.Fatalf("status %d body %q", res.StatusCode, body)
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/javascript") && !strings.HasPrefix(got, "application/javascript") {
		t.Errorf("Content-Type = %q", got)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
}

func TestOtherFilesShortCache(t *testing.T) {
	res, body := get(t, newApp(builtFS(), nil), "/favicon.svg")
	if res.StatusCode != 200 || body != "<svg/>" {
		t.Fatalf("status %d body %q", res.StatusCode, body)
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := res.Header.Get("Content-Type"); got != "image/svg+xml" {
		t.Errorf("Content-Type = %q", got)
	}
}

func TestMissingAssetIs404(t *testing.T) {
	res, body := get(t, newApp(builtFS(), nil), "/assets/old-build.js")
	if res.StatusCode != 404 || strings.Contains(body, "<html") {
		t.Fatalf("status %d body %q", res.StatusCode, body)
	}
}

func TestSPAFallbackInjectsEscapedBrand(t *testing.T) {
	app := newApp(builtFS(), fixedBrand(`Tom & Jerry's <Shop>`, "#FF5500"))
	for _, path := range []string{"/", "/admin/settings", "/reset-password?token=abc", "/index.html"} {
		res, body := get(t, app, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control = %q", path, got)
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
			t.Errorf("%s: Content-Type = %q", path, got)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", path, got)
		}
		for _, want := range []string{
			"<title>Tom &amp; Jerry&#39;s &lt;Shop&gt;</title>",
			`<meta name="theme-color" content="#FF5500">`,
			`<style id="brand">:root{--brand:#FF5500}</style>`,
			`<div id="root"></div>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body lacks %q:\n%s", path, want, body)
			}
		}
		if strings.Contains(body, "<Shop>") {
			t.Errorf("%s: unescaped name in body", path)
		}
	}
}

func TestInvalidColourKeepsDefault(t *testing.T) {
	for _, colour := range []string{"red", "#fff", "#12345g", `#123456"><script>`, ""} {
		_, body := get(t, newApp(builtFS(), fixedBrand("Acme", colour)), "/")
		if !strings.Contains(body, `<meta name="theme-color" content="#4f46e5">`) || !strings.Contains(body, `:root{--brand:#4f46e5}`) {
			t.Errorf("colour %q: default colour not kept:\n%s", colour, body)
		}
		if !strings.Contains(body, "<title>Acme</title>") {
			t.Errorf("colour %q: name not injected", colour)
		}
	}
}

func TestNoBrandServesDefaults(t *testing.T) {
	noBrand := func(*fiber.Ctx) (string, string, bool) { return "", "", false }
	for _, app := range []*fiber.App{newApp(builtFS(), noBrand), newApp(builtFS(), nil)} {
		_, body := get(t, app, "/signup")
		if body != testIndex {
			t.Errorf("index changed without a brand:\n%s", body)
		}
	}
}

func TestAPIPathsPassThrough(t *testing.T) {
	app := newApp(builtFS(), fixedBrand("Acme", "#000000"))
	res, body := get(t, app, "/api/v1/site")
	if res.StatusCode != 200 || !strings.Contains(body, `"kind":"platform"`) {
		t.Fatalf("/api/v1/site: status %d body %q", res.StatusCode, body)
	}
	for _, path := range []string{"/api/v1/unknown", "/api", "/api/"} {
		res, body = get(t, app, path)
		if res.StatusCode != 404 || body != "api fallthrough" {
			t.Errorf("%s: status %d body %q (want the next handler)", path, res.StatusCode, body)
		}
	}
	// Non-GET requests are never answered with the SPA.
	req := httptest.NewRequest(http.MethodPost, "/account", nil)
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if string(b) != "api fallthrough" {
		t.Errorf("POST /account: body %q", b)
	}
}

func TestNotBuiltPage(t *testing.T) {
	app := newApp(fstest.MapFS{".gitkeep": {Data: nil}}, fixedBrand("Acme", "#123456"))
	res, body := get(t, app, "/account")
	if res.StatusCode != fiber.StatusServiceUnavailable {
		t.Errorf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, "not built") || !strings.Contains(body, "go tool task web:build") {
		t.Errorf("body %q", body)
	}
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
		t.Errorf("Content-Type = %q", got)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	res, _ = get(t, app, "/api/v1/site")
	if res.StatusCode != 200 {
		t.Errorf("API blocked when not built: %d", res.StatusCode)
	}
}

func TestEmbeddedHandlerBuilds(t *testing.T) {
	// The real embed always has dist/ (dist/.gitkeep is committed).
	app := fiber.New()
	app.Use(Handler(nil))
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 && res.StatusCode != fiber.StatusServiceUnavailable {
		t.Errorf("status %d", res.StatusCode)
	}
}
