package web

import (
	"bytes"
	"html"
	"io/fs"
	"mime"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// BrandFunc tells the handler the marketplace name and theme colour for the
// request's host. ok=false serves index.html with its built-in defaults
// (the platform host, or an unknown host).
type BrandFunc func(c *fiber.Ctx) (name, themeColor string, ok bool)

const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=300"
	cacheNone      = "no-cache"
)

var (
	hexColour   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	titleMarker = regexp.MustCompile(`<title>[^<]*</title>`)
	metaMarker  = regexp.MustCompile(`<meta name="theme-color" content="[^"]*">`)
	styleMarker = regexp.MustCompile(`<style id="brand">[^<]*</style>`)
)

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Web app not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<h1>The web app is not built</h1>
<p>This server was compiled without the web app's build output (apps/web/dist).</p>
<p>Run <code>go tool task web:build</code>, then rebuild and restart the server. The API under <code>/api/</code> works without it.</p>
</body></html>
`

// Handler serves the embedded web app. Register it after the API routes:
// it calls c.Next() for /api/ paths and for methods other than GET and HEAD.
func Handler(brand BrandFunc) fiber.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: "dist" is a valid path
	}
	return newHandler(sub, brand)
}

func newHandler(fsys fs.FS, brand BrandFunc) fiber.Handler {
	index, indexErr := fs.ReadFile(fsys, "index.html")
	built := indexErr == nil

	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		p := c.Path()
		if p == "/api" || strings.HasPrefix(p, "/api/") {
			return c.Next()
		}
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")

		name := strings.TrimPrefix(path.Clean("/"+p), "/")
		if name != "" && name != "index.html" && fs.ValidPath(name) {
			if data, ok := readFile(fsys, name); ok {
				if strings.HasPrefix(name, "assets/") {
					c.Set(fiber.HeaderCacheControl, cacheImmutable)
				} else {
					c.Set(fiber.HeaderCacheControl, cacheShort)
				}
				c.Set(fiber.HeaderContentType, contentType(name))
				return c.Send(data)
			}
			// A missing hashed asset is a stale page asking for an old build:
			// answer 404, not index.html (which the browser would run as JS).
			if strings.HasPrefix(name, "assets/") {
				c.Set(fiber.HeaderCacheControl, cacheNone)
				return c.SendStatus(fiber.StatusNotFound)
			}
		}

		c.Set(fiber.HeaderCacheControl, cacheNone)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		if !built {
			return c.Status(fiber.StatusServiceUnavailable).SendString(notBuiltPage)
		}
		out := index
		if brand != nil {
			if n, colour, ok := brand(c); ok {
				out = rewrite(index, n, colour)
			}
		}
		return c.Send(out)
	}
}

func readFile(fsys fs.FS, name string) ([]byte, bool) {
	st, err := fs.Stat(fsys, name)
	if err != nil || st.IsDir() {
		return nil, false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, false
	}
	return data, true
}

func contentType(name string) string {
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	return fiber.MIMEOctetStream
}

// rewrite puts the marketplace name into <title> (HTML-escaped) and a valid
// #rrggbb colour into the theme-color meta tag and the brand style block.
// An empty name or an invalid colour leaves that marker as built.
func rewrite(index []byte, name, colour string) []byte {
	out := index
	if name = strings.TrimSpace(name); name != "" {
		title := []byte("<title>" + html.EscapeString(name) + "</title>")
		out = replaceFirst(out, titleMarker, title)
	}
	if hexColour.MatchString(colour) {
		out = replaceFirst(out, metaMarker, []byte(`<meta name="theme-color" content="`+colour+`">`))
		out = replaceFirst(out, styleMarker, []byte(`<style id="brand">:root{--brand:`+colour+`}</style>`))
	}
	return out
}

func replaceFirst(src []byte, re *regexp.Regexp, repl []byte) []byte {
	loc := re.FindIndex(src)
	if loc == nil {
		return src
	}
	var b bytes.Buffer
	b.Grow(len(src) + len(repl))
	b.Write(src[:loc[0]])
	b.Write(repl)
	b.Write(src[loc[1]:])
	return b.Bytes()
}
