// Package apidocs serves the API reference page at /docs.
//
// The page is one self-contained HTML file (markup, CSS and vanilla JavaScript, no build step and
// no third-party origin) embedded in the binary. In the browser it fetches the OpenAPI 3.1
// document from /openapi.json on the same origin and renders it: tags and operations with a
// filter, parameters, request bodies, responses, security requirements and every component
// schema, with $ref chains resolved (cycles shown as links, not expanded). All text from the
// document is inserted with textContent, never parsed as HTML.
//
// The response carries a strict Content-Security-Policy: nothing may load from anywhere but the
// same origin, and the only inline script and style allowed are the page's own, pinned by their
// SHA-256 hashes, which are computed once from the embedded file when the package initialises.
package apidocs

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed index.html
var page []byte

// Computed once at package initialisation from page; read-only afterwards.
var contentSecurityPolicy = buildCSP(page)

// Handler serves the API reference page with Content-Type text/html, Cache-Control no-cache and
// the page's Content-Security-Policy. Mount it on GET, for example app.Get("/docs", Handler()).
func Handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderReferrerPolicy, "same-origin")
		return c.Status(fiber.StatusOK).Send(page)
	}
}

var (
	inlineScript = regexp.MustCompile(`(?is)<script(\s[^>]*)?>(.*?)</script\s*>`)
	inlineStyle  = regexp.MustCompile(`(?is)<style(\s[^>]*)?>(.*?)</style\s*>`)
)

// buildCSP allows the same origin for fetch (the OpenAPI document), the hashed inline script and
// style blocks of html, data: images (the empty favicon) and nothing else. It panics if html has
// no inline script, which only a broken embedded file can cause (the tests catch it).
func buildCSP(html []byte) string {
	scripts := inlineHashes(inlineScript, html)
	styles := inlineHashes(inlineStyle, html)
	if len(scripts) == 0 || len(styles) == 0 {
		panic("apidocs: index.html must contain an inline <script> and <style>")
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + strings.Join(scripts, " "),
		"style-src " + strings.Join(styles, " "),
		"connect-src 'self'",
		"img-src 'self' data:",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
		"require-trusted-types-for 'script'",
		"trusted-types 'none'",
	}, "; ")
}

// inlineHashes returns a CSP source ('sha256-...') for every inline element re matches; elements
// with a src attribute are external and skipped. Browsers hash the element's text after the HTML
// parser has normalised line endings to LF, so the same is done here.
func inlineHashes(re *regexp.Regexp, html []byte) []string {
	var out []string
	for _, m := range re.FindAllSubmatch(html, -1) {
		if bytes.Contains(bytes.ToLower(m[1]), []byte("src=")) {
			continue
		}
		body := bytes.ReplaceAll(m[2], []byte("\r\n"), []byte("\n"))
		body = bytes.ReplaceAll(body, []byte("\r"), []byte("\n"))
		sum := sha256.Sum256(body)
		out = append(out, fmt.Sprintf("'sha256-%s'", base64.StdEncoding.EncodeToString(sum[:])))
	}
	return out
}
