package catalog

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/text/unicode/norm"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

var (
	slugPattern      = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$`)
	shortSlugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$`)
	skuPattern       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$`)
	attrKeyPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
)

// Limits on what a product may carry.
const (
	maxTags        = 20
	maxOptions     = 3
	maxOptionVals  = 100
	maxAttributes  = 30
	maxMedia       = 20
	maxVariants    = 100
	maxDescription = 50_000
	maxPrice       = 1_000_000_000_00 // a billion in major units
)

// sanitizer keeps the formatting of user-generated content and nothing that runs.
type sanitizer struct {
	ugc   *bluemonday.Policy
	plain *bluemonday.Policy
}

func newSanitizer() sanitizer {
	return sanitizer{ugc: bluemonday.UGCPolicy(), plain: bluemonday.StrictPolicy()}
}

// description returns the safe HTML and its plain text (for search).
func (s sanitizer) description(raw string) (string, string, error) {
	if utf8.RuneCountInString(raw) > maxDescription {
		return "", "", errs.Invalid("body.description_html", fmt.Sprintf("must be at most %d characters", maxDescription))
	}
	safe := strings.TrimSpace(s.ugc.Sanitize(raw))
	text := strings.Join(strings.Fields(html.UnescapeString(s.plain.Sanitize(strings.ReplaceAll(safe, "<", " <")))), " ")
	return safe, text, nil
}

func line(field, raw string, minLen, maxLen int) (string, error) {
	v := strings.TrimSpace(raw)
	n := utf8.RuneCountInString(v)
	if n < minLen || n > maxLen || strings.ContainsAny(v, "\r\n\x00") {
		return "", errs.Invalid(field, fmt.Sprintf("must be %d to %d characters on one line", minLen, maxLen))
	}
	return v, nil
}

func text(field, raw string, maxLen int) (string, error) {
	v := strings.TrimSpace(raw)
	if utf8.RuneCountInString(v) > maxLen || strings.ContainsRune(v, 0) {
		return "", errs.Invalid(field, fmt.Sprintf("must be at most %d characters", maxLen))
	}
	return v, nil
}

// Slugify turns a title into a URL slug: lower-case ASCII letters, digits and hyphens.
func Slugify(s string, maxLen int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > maxLen {
		out = strings.Trim(out[:maxLen], "-")
	}
	return out
}

func productSlug(field, raw string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if !slugPattern.MatchString(s) {
		return "", errs.Invalid(field, "must be 1 to 120 lower-case letters, digits and inner hyphens")
	}
	if _, err := uuid.Parse(s); err == nil {
		return "", errs.Invalid(field, "must not look like an id")
	}
	return s, nil
}

func shortSlug(field, raw string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if !shortSlugPattern.MatchString(s) {
		return "", errs.Invalid(field, "must be 1 to 80 lower-case letters, digits and inner hyphens")
	}
	return s, nil
}

func cleanTags(raw []string) ([]string, error) {
	if len(raw) > maxTags {
		return nil, errs.Invalid("body.tags", fmt.Sprintf("at most %d tags", maxTags))
	}
	out := make([]string, 0, len(raw))
	for i, t := range raw {
		v := strings.ToLower(strings.Join(strings.Fields(t), " "))
		if v == "" || utf8.RuneCountInString(v) > 40 || strings.ContainsRune(v, 0) {
			return nil, errs.Invalid(fmt.Sprintf("body.tags[%d]", i), "must be 1 to 40 characters")
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

func cleanOptions(raw []ProductOption) ([]ProductOption, error) {
	if len(raw) > maxOptions {
		return nil, errs.Invalid("body.options", fmt.Sprintf("at most %d options", maxOptions))
	}
	out := make([]ProductOption, 0, len(raw))
	seen := map[string]bool{}
	for i, o := range raw {
		name, err := line(fmt.Sprintf("body.options[%d].name", i), o.Name, 1, 30)
		if err != nil {
			return nil, err
		}
		if seen[strings.ToLower(name)] {
			return nil, errs.Invalid(fmt.Sprintf("body.options[%d].name", i), "is used twice")
		}
		seen[strings.ToLower(name)] = true
		if len(o.Values) == 0 || len(o.Values) > maxOptionVals {
			return nil, errs.Invalid(fmt.Sprintf("body.options[%d].values", i), fmt.Sprintf("must list 1 to %d values", maxOptionVals))
		}
		vals := make([]string, 0, len(o.Values))
		for j, v := range o.Values {
			cv, err := line(fmt.Sprintf("body.options[%d].values[%d]", i, j), v, 1, 50)
			if err != nil {
				return nil, err
			}
			if slices.Contains(vals, cv) {
				return nil, errs.Invalid(fmt.Sprintf("body.options[%d].values[%d]", i, j), "is listed twice")
			}
			vals = append(vals, cv)
		}
		out = append(out, ProductOption{Name: name, Values: vals})
	}
	return out, nil
}

// cleanAttributes keeps string, number and boolean values under simple keys.
func cleanAttributes(raw map[string]any) (map[string]any, error) {
	if len(raw) > maxAttributes {
		return nil, errs.Invalid("body.attributes", fmt.Sprintf("at most %d attributes", maxAttributes))
	}
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		field := "body.attributes." + k
		if !attrKeyPattern.MatchString(k) {
			return nil, errs.Invalid("body.attributes", fmt.Sprintf("key %q must be lower-case letters, digits and underscores, starting with a letter (at most 40)", k))
		}
		switch tv := v.(type) {
		case string:
			s, err := line(field, tv, 1, 100)
			if err != nil {
				return nil, err
			}
			out[k] = s
		case bool:
			out[k] = tv
		case float64:
			if math.IsNaN(tv) || math.IsInf(tv, 0) {
				return nil, errs.Invalid(field, "must be a finite number")
			}
			out[k] = tv
		case int:
			out[k] = float64(tv)
		case int64:
			out[k] = float64(tv)
		default:
			return nil, errs.Invalid(field, "must be a string, a number or a boolean")
		}
	}
	return out, nil
}

func cleanMedia(field string, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) > maxMedia {
		return nil, errs.Invalid(field, fmt.Sprintf("at most %d images", maxMedia))
	}
	out := make([]uuid.UUID, 0, len(ids))
	for _, id := range ids {
		if id == uuid.Nil {
			return nil, errs.Invalid(field, "must be media ids")
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func cleanStatus(field, s string) (string, error) {
	switch s {
	case StatusDraft, StatusActive, StatusArchived:
		return s, nil
	}
	return "", errs.Invalid(field, "must be draft, active or archived")
}

func cleanSKU(field, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !skuPattern.MatchString(s) {
		return "", errs.Invalid(field, "must be 1 to 64 letters, digits, dots, dashes, underscores or slashes")
	}
	return s, nil
}

func cleanPrice(field string, p int64) error {
	if p < 0 || p > maxPrice {
		return errs.Invalid(field, "must be between 0 and 100000000000 minor units")
	}
	return nil
}

// cleanOptionValues checks a variant's option values against the product's options: one value
// of each option, from its list.
func cleanOptionValues(field string, opts []ProductOption, vals map[string]string) (map[string]string, error) {
	out := map[string]string{}
	for _, o := range opts {
		v, ok := vals[o.Name]
		if !ok {
			return nil, errs.Invalid(field, fmt.Sprintf("needs a value for option %q", o.Name))
		}
		if !slices.Contains(o.Values, v) {
			return nil, errs.Invalid(field, fmt.Sprintf("%q is not a value of option %q", v, o.Name))
		}
		out[o.Name] = v
	}
	if len(vals) != len(out) {
		return nil, errs.Invalid(field, "names an option the product does not have")
	}
	return out, nil
}

func optionKey(vals map[string]string, opts []ProductOption) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = vals[o.Name]
	}
	return strings.Join(parts, "\x00")
}
