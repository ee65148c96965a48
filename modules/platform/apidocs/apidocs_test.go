package apidocs

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func serve(t *testing.T, method string) (*http.Response, string) {
	t.Helper()
	app := fiber.New()
	app.Get("/docs", Handler())
	resp, err := app.Test(httptest.NewRequest(method, "/docs", nil), -1)
	if err != nil {
		t.Fatalf("app.Test: %v", err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, string(body)
}

// between returns the text between the first open tag and its closing tag (the test's own,
// independent extraction of what the browser hashes).
func between(t *testing.T, html, open, closing string) string {
	t.Helper()
	i := strings.Index(html, open)
	if i < 0 {
		t.Fatalf("no %s in page", open)
	}
	rest := html[i+len(open):]
	j := strings.Index(rest, closing)
	if j < 0 {
		t.Fatalf("no %s in page", closing)
	}
	return rest[:j]
}

func hashSource(s string) string {
	sum := sha256.Sum256([]byte(strings.ReplaceAll(s, "\r\n", "\n")))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestHandlerServesPage(t *testing.T) {
	resp, body := serve(t, http.MethodGet)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	if body != string(page) {
		t.Errorf("body is not the embedded page (%d bytes, want %d)", len(body), len(page))
	}
	if !strings.Contains(body, "'/openapi.json'") {
		t.Error("page does not fetch /openapi.json")
	}
}

func TestHandlerHead(t *testing.T) {
	resp, _ := serve(t, http.MethodHead)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HEAD status = %d, want 200", resp.StatusCode)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("HEAD has no Content-Security-Policy")
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	resp, body := serve(t, http.MethodGet)
	csp := resp.Header.Get("Content-Security-Policy")
	if csp == "" {
		t.Fatal("no Content-Security-Policy header")
	}

	script := hashSource(between(t, body, "<script>", "</script>"))
	style := hashSource(between(t, body, "<style>", "</style>"))
	directives := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		if _, dup := directives[f[0]]; dup {
			t.Errorf("directive %s appears twice", f[0])
		}
		directives[f[0]] = f[1:]
	}
	want := map[string]string{
		"default-src":     "'none'",
		"script-src":      script,
		"style-src":       style,
		"connect-src":     "'self'",
		"base-uri":        "'none'",
		"frame-ancestors": "'none'",
		"form-action":     "'none'",
	}
	for name, source := range want {
		if strings.Join(directives[name], " ") != source {
			t.Errorf("%s = %q, want %q", name, strings.Join(directives[name], " "), source)
		}
	}

	// Every source is a keyword, a hash or data: for images. No host, scheme or wildcard.
	allowed := regexp.MustCompile(`^('none'|'self'|'script'|'sha256-[A-Za-z0-9+/]+={0,2}')$`)
	for name, sources := range directives {
		for _, s := range sources {
			if allowed.MatchString(s) || (name == "img-src" && s == "data:") {
				continue
			}
			t.Errorf("%s allows %q", name, s)
		}
	}
	for _, bad := range []string{"http:", "https:", "*", "unsafe-inline", "unsafe-eval", "unsafe-hashes"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP contains %q: %s", bad, csp)
		}
	}
}

// The page must load nothing from another origin and must never turn document text into markup.
func TestPageIsSelfContained(t *testing.T) {
	html := string(page)
	for _, bad := range []string{"http://", "https://", "//unpkg", "//cdn", "fonts.googleapis"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if n := strings.Count(html, "<script"); n != 1 {
		t.Errorf("page has %d <script> elements, want exactly one inline script", n)
	}
	if n := strings.Count(html, "<style"); n != 1 {
		t.Errorf("page has %d <style> elements, want exactly one", n)
	}
	checks := map[string]*regexp.Regexp{
		"external resource": regexp.MustCompile(`(?i)<(script|img|iframe|link)[^>]*\s(src|href)=["']?[^"'#\s>]*//`),
		"stylesheet link":   regexp.MustCompile(`(?i)<link[^>]*rel=["']?stylesheet`),
		"@import":           regexp.MustCompile(`(?i)@import`),
		"inline handler":    regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`),
		"style attribute":   regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`),
		"HTML sink":         regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser`),
		"eval":              regexp.MustCompile(`\beval\s*\(|new\s+Function\s*\(|setTimeout\(\s*['"]`),
	}
	for name, re := range checks {
		if loc := re.FindStringIndex(html); loc != nil {
			t.Errorf("page has a %s: %q", name, html[loc[0]:min(loc[1]+40, len(html))])
		}
	}
}

func TestBuildCSPHashesEveryInlineBlock(t *testing.T) {
	html := []byte("<style>a{}</style><script>1</script><script src=\"/x.js\"></script>\r\n<script>\r\n2\r\n</script>")
	csp := buildCSP(html)
	for _, want := range []string{hashSource("1"), hashSource("\n2\n"), hashSource("a{}")} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Count(csp, "'sha256-") != 3 {
		t.Errorf("CSP %q: want 3 hashes (external script skipped)", csp)
	}
	defer func() {
		if recover() == nil {
			t.Error("buildCSP without inline script did not panic")
		}
	}()
	buildCSP([]byte("<p>no script</p>"))
}
