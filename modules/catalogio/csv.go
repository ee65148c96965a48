package catalogio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// The columns of the CSV format, in export order. Stock columns follow: one per stock
// location, named StockPrefix + the location's name.
const (
	ColProductSlug    = "product_slug"
	ColTitle          = "title"
	ColDescription    = "description_html"
	ColStatus         = "status"
	ColCategory       = "category"
	ColTags           = "tags"
	ColSEOTitle       = "seo_title"
	ColSEODescription = "seo_description"
	ColOption1Name    = "option1_name"
	ColOption1Value   = "option1_value"
	ColOption2Name    = "option2_name"
	ColOption2Value   = "option2_value"
	ColOption3Name    = "option3_name"
	ColOption3Value   = "option3_value"
	ColSKU            = "sku"
	ColVariantTitle   = "variant_title"
	ColPrice          = "price"
	ColCompareAt      = "compare_at_price"
	ColCurrency       = "currency"
	ColWeightGrams    = "weight_grams"

	// StockPrefix starts a stock column: "stock:Main warehouse" is the on-hand count there.
	StockPrefix = "stock:"
	// TagSeparator separates the tags of the tags column.
	TagSeparator = "|"
)

// Columns are the fixed columns in export order.
var Columns = []string{ColProductSlug, ColTitle, ColDescription, ColStatus, ColCategory, ColTags, ColSEOTitle, ColSEODescription,
	ColOption1Name, ColOption1Value, ColOption2Name, ColOption2Value, ColOption3Name, ColOption3Value,
	ColSKU, ColVariantTitle, ColPrice, ColCompareAt, ColCurrency, ColWeightGrams}

// requiredColumns must be in every imported header.
var requiredColumns = []string{ColProductSlug, ColSKU}

// Limits of an upload.
const (
	MaxUploadBytes = 10 << 20
	MaxRows        = 50_000
	// maxStoredErrors caps the row errors kept (and shown) per import; rows_failed counts all.
	maxStoredErrors = 200
)

// optionColumns pairs the option name and value columns.
var optionColumns = [3][2]string{{ColOption1Name, ColOption1Value}, {ColOption2Name, ColOption2Value}, {ColOption3Name, ColOption3Value}}

// sheet is a parsed upload: its header and data rows (cells trimmed, injection guards removed).
type sheet struct {
	// index maps a fixed column to its position.
	index map[string]int
	// stock are the stock columns: header text and location name.
	stock []stockColumn
	rows  [][]string
}

type stockColumn struct {
	header   string
	location string
	pos      int
}

// cell returns row's value of column, and whether the file has that column.
func (s *sheet) cell(row []string, column string) (string, bool) {
	i, ok := s.index[column]
	if !ok {
		return "", false
	}
	return row[i], true
}

// has reports whether the file has column.
func (s *sheet) has(column string) bool {
	_, ok := s.index[column]
	return ok
}

// parseSheet reads an uploaded CSV: UTF-8 (a byte-order mark is skipped), comma-separated, a
// header row naming the columns. Errors are field errors of the body, meant for the uploader.
func parseSheet(data []byte) (*sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errs.Invalid("body", "the file is not UTF-8 text; save it as CSV UTF-8")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0
	r.ReuseRecord = false
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.Invalid("body", "the file is empty")
	}
	if err != nil {
		return nil, csvError(err)
	}
	s := &sheet{index: map[string]int{}}
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	stockSeen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		name := strings.ToLower(h)
		switch {
		case strings.HasPrefix(name, StockPrefix):
			loc := strings.TrimSpace(h[len(StockPrefix):])
			if loc == "" {
				return nil, errs.Invalid("body", fmt.Sprintf("column %d: %q names no stock location", i+1, h))
			}
			if stockSeen[strings.ToLower(loc)] {
				return nil, errs.Invalid("body", fmt.Sprintf("column %d: %q appears twice", i+1, h))
			}
			stockSeen[strings.ToLower(loc)] = true
			s.stock = append(s.stock, stockColumn{header: h, location: loc, pos: i})
		case known[name]:
			if _, dup := s.index[name]; dup {
				return nil, errs.Invalid("body", fmt.Sprintf("column %d: %q appears twice", i+1, h))
			}
			s.index[name] = i
		default:
			return nil, errs.Invalid("body", fmt.Sprintf("column %d: %q is not a column of the product CSV format", i+1, h))
		}
	}
	for _, c := range requiredColumns {
		if !s.has(c) {
			return nil, errs.Invalid("body", fmt.Sprintf("the header has no %q column", c))
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if len(s.rows) == MaxRows {
			return nil, errs.Invalid("body", fmt.Sprintf("the file has more than %d rows; split it", MaxRows))
		}
		for i := range rec {
			rec[i] = unguard(strings.TrimSpace(rec[i]))
		}
		s.rows = append(s.rows, rec)
	}
	if len(s.rows) == 0 {
		return nil, errs.Invalid("body", "the file has a header but no rows")
	}
	return s, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return errs.Invalid("body", fmt.Sprintf("line %d has a different number of cells than the header", pe.Line))
		}
		return errs.Invalid("body", fmt.Sprintf("line %d is not valid CSV: %v", pe.Line, pe.Err))
	}
	return errs.Invalid("body", "the file is not valid CSV")
}

// guardChars start a cell that spreadsheets would run as a formula.
const guardChars = "=+-@\t\r"

// guard makes a cell safe to open in a spreadsheet: one that would start a formula gets a
// leading apostrophe, which spreadsheets show as text (CSV injection).
func guard(v string) string {
	if v != "" && strings.ContainsRune(guardChars, rune(v[0])) {
		return "'" + v
	}
	return v
}

// unguard undoes guard, so an exported file imports as it was.
func unguard(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune(guardChars, rune(v[1])) {
		return v[1:]
	}
	return v
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCount reads a non-negative whole number of units.
func parseCount(v string) (int64, error) {
	if v == "" || !allDigits(v) || len(v) > 10 {
		if strings.HasPrefix(v, "-") {
			return 0, errors.New("must not be negative")
		}
		return 0, errors.New("must be a whole number of units")
	}
	return strconv.ParseInt(v, 10, 64)
}

// splitTags reads the tags column.
func splitTags(v string) []string {
	out := []string{}
	for _, t := range strings.Split(v, TagSeparator) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
