package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// controlCharMessage is the field error for a string carrying a control character.
const controlCharMessage = "must not contain control characters (only tab and line breaks are allowed)"

// RefuseControlCharacters answers 422 (errors[<field>]) when any string input carries a control
// character: the path, every query parameter, and every string and key of a JSON body. Control
// characters are C0 other than tab, line feed and carriage return, DEL, and C1; PostgreSQL
// refuses NUL in text (the request would end in a 500) and the others only ever arrive by
// mistake or to confuse logs and terminals. Checking here, before any handler, covers every
// operation at once. Single-line fields refuse line breaks themselves.
func RefuseControlCharacters() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if hasControl(string(c.Request().URI().Path())) {
			return errs.Invalid("path", controlCharMessage)
		}
		for k, v := range c.Request().URI().QueryArgs().All() {
			if hasControl(string(k)) || hasControl(string(v)) {
				return errs.Invalid("query."+printable(string(k)), controlCharMessage)
			}
		}
		if body := c.Body(); isJSON(string(c.Request().Header.ContentType())) && mayHoldControl(body) {
			var doc any
			if err := json.Unmarshal(body, &doc); err == nil {
				if field, ok := firstControl("body", doc); ok {
					return errs.Invalid(field, controlCharMessage)
				}
			}
			// A body that is not JSON is left to the operation's own decoding and its 400/422.
		}
		return c.Next()
	}
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	mt = strings.TrimSpace(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// mayHoldControl is a cheap pre-check: in valid JSON a control character is either escaped
// (\u00XX, \u007f, \u0080-\u009f all start with \u00) or, for DEL and C1, written raw.
func mayHoldControl(body []byte) bool {
	return bytes.Contains(body, []byte(`\u00`)) || bytes.IndexByte(body, 0x7f) >= 0 || bytes.IndexByte(body, 0xc2) >= 0
}

// firstControl returns the location (in Huma's form: body.items[0].name) of the first string
// in v, in key order, that holds a control character.
func firstControl(at string, v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return at, hasControl(x)
	case []any:
		for i, e := range x {
			if f, ok := firstControl(fmt.Sprintf("%s[%d]", at, i), e); ok {
				return f, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if hasControl(k) {
				return at, true
			}
			if f, ok := firstControl(at+"."+k, x[k]); ok {
				return f, true
			}
		}
	}
	return "", false
}

// printable is s without its control characters, to name a field without echoing them.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if hasControl(string(r)) {
			return -1
		}
		return r
	}, s)
}

// hasControl reports whether s holds a C0 control other than tab, LF and CR, DEL or a C1
// control.
func hasControl(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return true
		}
	}
	return false
}
