package catalog

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Sort orders of product lists.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
)

// Filter narrows a product list or search. Zero fields do not filter.
type Filter struct {
	// Query is the buyer's search text; relevance sorting needs it.
	Query string
	// Category is a category id or slug; its descendants are included.
	Category string
	VendorID uuid.UUID
	PriceMin *int64
	PriceMax *int64
	// Attributes are "key:value" (equality; several values of one key match any) or
	// "key:min..max" (numeric range, either end optional).
	Attributes []string
	InStock    bool
	Sort       string
	Cursor     string
	Limit      int
}

// Summary is a product as lists show it.
type Summary struct {
	ID           uuid.UUID
	VendorID     uuid.UUID
	Slug         string
	Title        string
	CategoryID   *uuid.UUID
	Tags         []string
	Attributes   map[string]any
	CoverMediaID *uuid.UUID
	Currency     string
	PriceMin     int64
	PriceMax     int64
	InStock      bool
	CreatedAt    string
}

// FacetCount is one value of a facet with the number of matching products.
type FacetCount struct {
	Value string
	Label string
	Count int64
}

// Facets are the counts of the current result set by dimension; each dimension ignores its own
// filter (so choosing one category still shows the counts of the others).
type Facets struct {
	Categories  []FacetCount
	Vendors     []FacetCount
	PriceBands  []FacetCount
	Attributes  map[string][]FacetCount
	NumberRange map[string][2]float64
}

// Result is one page of a product list or search.
type Result struct {
	Items      []Summary
	NextCursor string
	Facets     *Facets
}

// cursorState is what an opaque cursor carries.
type cursorState struct {
	Sort   string    `json:"s"`
	ID     uuid.UUID `json:"i,omitempty"`
	Price  int64     `json:"p,omitempty"`
	Offset int       `json:"o,omitempty"`
}

func encodeCursor(c cursorState) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sort string) (cursorState, error) {
	if s == "" {
		return cursorState{Sort: sort}, nil
	}
	var c cursorState
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Sort != sort || c.Offset < 0 || c.Offset > 10_000 {
		return cursorState{}, errs.Invalid("query.cursor", "is not a cursor of this listing; start again without it")
	}
	return c, nil
}

// attrFilter is one attribute key's condition.
type attrFilter struct {
	key    string
	values []string
	lo, hi *float64
}

func parseAttributes(raw []string) ([]attrFilter, error) {
	byKey := map[string]*attrFilter{}
	var order []string
	for _, a := range raw {
		k, v, ok := strings.Cut(a, ":")
		if !ok || !attrKeyPattern.MatchString(k) || v == "" || utf8.RuneCountInString(v) > 100 {
			return nil, errs.Invalid("query.attr", "must be key:value or key:min..max, such as colour:black or battery_hours:20..")
		}
		f, seen := byKey[k]
		if !seen {
			f = &attrFilter{key: k}
			byKey[k] = f
			order = append(order, k)
		}
		if lo, hi, isRange := strings.Cut(v, ".."); isRange {
			parse := func(s string) (*float64, error) {
				if s == "" {
					return nil, nil
				}
				n, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, errs.Invalid("query.attr", fmt.Sprintf("%q is not a number range", v))
				}
				return &n, nil
			}
			var err error
			if f.lo, err = parse(lo); err != nil {
				return nil, err
			}
			if f.hi, err = parse(hi); err != nil {
				return nil, err
			}
			continue
		}
		f.values = append(f.values, v)
	}
	if len(order) > 10 {
		return nil, errs.Invalid("query.attr", "at most 10 attributes")
	}
	out := make([]attrFilter, len(order))
	for i, k := range order {
		out[i] = *byKey[k]
	}
	return out, nil
}

// query is a WHERE clause under construction.
type query struct {
	conds []string
	args  []any
}

func (q *query) add(cond string, args ...any) {
	q.conds = append(q.conds, cond)
	q.args = append(q.args, args...)
}

func (q query) where() string { return strings.Join(q.conds, " AND ") }

// dimension names a filter that facets leave out of their own counts.
type dimension int

const (
	dimNone dimension = iota
	dimCategory
	dimVendor
	dimPrice
	dimAttr
)

// plan is a parsed filter: the search words, category ids, attribute filters.
type plan struct {
	f Filter
	// tsq is the corrected full-text query of f.Query; matched the listed products it matches
	// (computed once, so the list and every facet reuse it).
	tsq         string
	matched     uuidArray
	categoryIDs []uuid.UUID
	attrs       []attrFilter
}

// build returns the conditions of p, leaving out dimension skip (and, for dimAttr, the
// attribute skipKey).
func (p plan) build(skip dimension, skipKey string) query {
	var q query
	q.add("p.status = 'active' AND p.vendor_listed")
	if p.f.Query != "" {
		q.add("p.id = ANY(?::uuid[])", p.matched)
	}
	if p.categoryIDs != nil && skip != dimCategory {
		q.add("p.category_id IN ?", p.categoryIDs)
	}
	if p.f.VendorID != uuid.Nil && skip != dimVendor {
		q.add("p.vendor_id = ?", p.f.VendorID)
	}
	if skip != dimPrice {
		if p.f.PriceMin != nil {
			q.add("p.price_min >= ?", *p.f.PriceMin)
		}
		if p.f.PriceMax != nil {
			q.add("p.price_min <= ?", *p.f.PriceMax)
		}
	}
	if p.f.InStock {
		q.add("p.in_stock")
	}
	for _, a := range p.attrs {
		if skip == dimAttr && a.key == skipKey {
			continue
		}
		if len(a.values) > 0 {
			q.add("p.attributes ->> ? IN ?", a.key, a.values)
		}
		if a.lo != nil || a.hi != nil {
			q.add("jsonb_typeof(p.attributes -> ?) = 'number'", a.key)
			if a.lo != nil {
				q.add("(p.attributes ->> ?)::numeric >= ?", a.key, *a.lo)
			}
			if a.hi != nil {
				q.add("(p.attributes ->> ?)::numeric <= ?", a.key, *a.hi)
			}
		}
	}
	return q
}

// queryWords splits a search into lower-case words of letters and digits (at most 8).
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(out) < 8 && utf8.RuneCountInString(w) <= 40 {
			out = append(out, w)
		}
	}
	return out
}

// similarTerms is how close (trigram similarity) a dictionary word must be to a query word to
// stand in for it: "hedphones" finds "headphones", "wireles" finds "wireless".
const similarTerms = 0.4

// tsQuery turns a buyer's search into a tsquery: every word must match, as itself or as one
// of the closest words of the marketplace's titles and tags (typo tolerance); with prefix, the
// last word also matches as a prefix (autocomplete). "" when q has no words.
func tsQuery(tx *gorm.DB, q string, prefix bool) (string, error) {
	words := queryWords(q)
	parts := make([]string, 0, len(words))
	for i, w := range words {
		alts := []string{w}
		if n := utf8.RuneCountInString(w); n >= 3 && !isDigits(w) {
			// A word of the dictionary is spelt right; others are corrected to the closest
			// words of similar length.
			var terms []string
			if err := tx.Raw(`select term from search_terms where term = ?
				union all (select term from search_terms where not exists (select 1 from search_terms where term = ?)
					and length(term) between ? and ? and similarity(term, ?) >= ?
					order by similarity(term, ?) desc, term limit 3)`, w, w, n-2, n+3, w, similarTerms, w).Scan(&terms).Error; err != nil {
				return "", fmt.Errorf("correct search words: %w", err)
			}
			for _, t := range terms {
				if t != w {
					alts = append(alts, t)
				}
			}
		}
		if prefix && i == len(words)-1 {
			alts = append(alts, w+":*")
		}
		parts = append(parts, "("+strings.Join(alts, " | ")+")")
	}
	return strings.Join(parts, " & "), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// matchIDs returns the listed products matching tsq (of one vendor, unless vendorID is nil),
// best first, at most limit.
func matchIDs(tx *gorm.DB, tsq string, vendorID uuid.UUID, limit int) (uuidArray, error) {
	var ids []uuid.UUID
	vendorCond, args := "", []any{tsq}
	if vendorID != uuid.Nil {
		vendorCond, args = " and p.vendor_id = ?", append(args, vendorID)
	}
	err := tx.Raw(`select p.id from products p where p.status = 'active' and p.vendor_listed and p.search @@ to_tsquery('english', ?)`+vendorCond+`
		order by ts_rank(p.search, to_tsquery('english', ?), 1) desc, p.id desc limit ?`, append(args, tsq, limit)...).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("match products: %w", err)
	}
	return uuidArray(ids), nil
}

// plan validates f and resolves its category (with descendants) and storefront scope.
func (s *Service) plan(tx *gorm.DB, f Filter, storefront uuid.UUID) (plan, error) {
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > 200 {
		return plan{}, errs.Invalid("query.q", "must be at most 200 characters")
	}
	switch f.Sort {
	case "":
		f.Sort = SortNewest
		if f.Query != "" {
			f.Sort = SortRelevance
		}
	case SortNewest, SortPriceAsc, SortPriceDesc:
	case SortRelevance:
		if f.Query == "" {
			f.Sort = SortNewest
		}
	default:
		return plan{}, errs.Invalid("query.sort", "must be relevance, newest, price_asc or price_desc")
	}
	if f.PriceMin != nil && *f.PriceMin < 0 {
		return plan{}, errs.Invalid("query.price_min", "must not be negative")
	}
	if f.PriceMax != nil && f.PriceMin != nil && *f.PriceMax < *f.PriceMin {
		return plan{}, errs.Invalid("query.price_max", "must not be below price_min")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 24
	}
	p := plan{f: f}
	var err error
	if p.attrs, err = parseAttributes(f.Attributes); err != nil {
		return plan{}, err
	}
	if f.Query != "" {
		if p.tsq, err = tsQuery(tx, f.Query, false); err != nil {
			return plan{}, err
		}
		if p.tsq == "" {
			p.matched = uuidArray{}
		} else if p.matched, err = matchIDs(tx, p.tsq, storefront, maxMatches); err != nil {
			return plan{}, err
		}
	}
	if f.Category != "" {
		var root []uuid.UUID
		if id, perr := uuid.Parse(f.Category); perr == nil {
			err = tx.Model(&categoryRow{}).Where("id = ?", id).Pluck("id", &root).Error
		} else {
			err = tx.Model(&categoryRow{}).Where("slug = ?", strings.ToLower(f.Category)).Pluck("id", &root).Error
		}
		if err != nil {
			return plan{}, err
		}
		if len(root) == 0 {
			return plan{}, errs.Invalid("query.category", "is not a category of this marketplace")
		}
		if err := tx.Raw(`with recursive t(id) as (select ?::uuid union all select c.id from categories c join t on c.parent_id = t.id)
			select id from t`, root[0]).Scan(&p.categoryIDs).Error; err != nil {
			return plan{}, fmt.Errorf("category descendants: %w", err)
		}
	}
	return p, nil
}

// storefrontScope restricts f to the storefront of ctx, if the request came on one, and returns
// its vendor; empty is true when f asks for another vendor, which matches nothing there.
func (s *Service) storefrontScope(ctx context.Context, f *Filter) (vendor uuid.UUID, empty bool, err error) {
	v, ok, err := s.d.Vendors.Storefront(ctx)
	if err != nil || !ok {
		return uuid.Nil, false, err
	}
	if f.VendorID != uuid.Nil && f.VendorID != v.ID {
		return v.ID, true, nil
	}
	f.VendorID = v.ID
	return v.ID, false, nil
}

const summaryColumns = `p.id, p.vendor_id, p.slug, p.title, p.category_id, p.tags, p.attributes, p.media_ids, p.currency,
	coalesce(p.price_min, 0) as price_min, coalesce(p.price_max, 0) as price_max, p.in_stock, p.created_at`

type summaryRow struct {
	ID         uuid.UUID
	VendorID   uuid.UUID
	Slug       string
	Title      string
	CategoryID *uuid.UUID
	Tags       textArray
	Attributes jsonColumn[map[string]any]
	MediaIDs   uuidArray
	Currency   string
	PriceMin   int64
	PriceMax   int64
	InStock    bool
	CreatedAt  string
	Score      float64
}

func (r summaryRow) summary() Summary {
	out := Summary{ID: r.ID, VendorID: r.VendorID, Slug: r.Slug, Title: r.Title, CategoryID: r.CategoryID, Tags: []string(r.Tags),
		Attributes: r.Attributes.V, Currency: r.Currency, PriceMin: r.PriceMin, PriceMax: r.PriceMax, InStock: r.InStock, CreatedAt: r.CreatedAt}
	if len(r.MediaIDs) > 0 {
		id := r.MediaIDs[0]
		out.CoverMediaID = &id
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if out.Attributes == nil {
		out.Attributes = map[string]any{}
	}
	return out
}

// maxMatches bounds the products a search considers (the best by text rank).
const maxMatches = 5000

// Products lists the listed products matching f (on a storefront host, that vendor's only).
// withFacets also counts the matches by category, vendor, price band and attribute.
func (s *Service) Products(ctx context.Context, f Filter, withFacets bool) (Result, error) {
	storefront, empty, err := s.storefrontScope(ctx, &f)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		p, err := s.plan(tx, f, storefront)
		if err != nil {
			return err
		}
		cur, err := decodeCursor(p.f.Cursor, p.f.Sort)
		if err != nil {
			return err
		}
		if empty {
			res = Result{Items: []Summary{}}
			if withFacets {
				res.Facets = &Facets{Categories: []FacetCount{}, Vendors: []FacetCount{}, PriceBands: []FacetCount{}, Attributes: map[string][]FacetCount{}, NumberRange: map[string][2]float64{}}
			}
			return nil
		}
		q := p.build(dimNone, "")
		sel := summaryColumns
		var order string
		args := slices.Clone(q.args)
		switch p.f.Sort {
		case SortRelevance:
			sel += `, ts_rank(p.search, to_tsquery('english', ?), 1) * 2 + word_similarity(?, p.search_text) as score`
			args = append([]any{p.tsq, strings.ToLower(p.f.Query)}, args...)
			order = "score DESC, p.id DESC"
		case SortNewest:
			order = "p.id DESC"
			if cur.ID != uuid.Nil {
				q.add("p.id < ?", cur.ID)
				args = append(args, cur.ID)
			}
		case SortPriceAsc:
			order = "p.price_min, p.id"
			if cur.ID != uuid.Nil {
				q.add("(p.price_min, p.id) > (?, ?)", cur.Price, cur.ID)
				args = append(args, cur.Price, cur.ID)
			}
		case SortPriceDesc:
			order = "p.price_min DESC, p.id DESC"
			if cur.ID != uuid.Nil {
				q.add("(p.price_min, p.id) < (?, ?)", cur.Price, cur.ID)
				args = append(args, cur.Price, cur.ID)
			}
		}
		sql := "select " + sel + " from products p where " + q.where() + " order by " + order + " limit ?"
		args = append(args, p.f.Limit+1)
		if p.f.Sort == SortRelevance {
			sql += " offset ?"
			args = append(args, cur.Offset)
		}
		var rows []summaryRow
		if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("list products: %w", err)
		}
		if len(rows) > p.f.Limit {
			rows = rows[:p.f.Limit]
			last := rows[len(rows)-1]
			next := cursorState{Sort: p.f.Sort, ID: last.ID, Price: last.PriceMin}
			if p.f.Sort == SortRelevance {
				next = cursorState{Sort: p.f.Sort, Offset: cur.Offset + p.f.Limit}
			}
			res.NextCursor = encodeCursor(next)
		}
		res.Items = make([]Summary, len(rows))
		for i, r := range rows {
			res.Items[i] = r.summary()
		}
		if withFacets {
			fc, err := s.facets(tx, p)
			if err != nil {
				return err
			}
			res.Facets = &fc
		}
		return nil
	})
	return res, err
}

// priceBands are the price facet's buckets in minor units: [lo, hi).
var priceBands = [][2]int64{{0, 2500}, {2500, 5000}, {5000, 10000}, {10000, 25000}, {25000, 50000}, {50000, -1}}

func bandLabel(b [2]int64) string {
	if b[1] < 0 {
		return fmt.Sprintf("%d..", b[0])
	}
	return fmt.Sprintf("%d..%d", b[0], b[1]-1)
}

func (s *Service) facets(tx *gorm.DB, p plan) (Facets, error) {
	out := Facets{Categories: []FacetCount{}, Vendors: []FacetCount{}, PriceBands: []FacetCount{}, Attributes: map[string][]FacetCount{}, NumberRange: map[string][2]float64{}}
	type kv struct {
		Value string
		Label string
		Count int64
	}
	count := func(dst *[]FacetCount, sql string, args ...any) error {
		var rows []kv
		if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("facet: %w", err)
		}
		for _, r := range rows {
			*dst = append(*dst, FacetCount(r))
		}
		return nil
	}
	q := p.build(dimCategory, "")
	if err := count(&out.Categories, `select c.id::text as value, c.name as label, count(*) as count
		from products p join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
		where `+q.where()+` group by c.id, c.name order by count(*) desc, c.name`, q.args...); err != nil {
		return out, err
	}
	q = p.build(dimVendor, "")
	if err := count(&out.Vendors, `select p.vendor_id::text as value, '' as label, count(*) as count from products p
		where `+q.where()+` group by p.vendor_id order by count(*) desc, p.vendor_id`, q.args...); err != nil {
		return out, err
	}
	q = p.build(dimPrice, "")
	var cases []string
	var bandArgs []any
	for i, b := range priceBands {
		if b[1] < 0 {
			cases = append(cases, "when p.price_min >= ? then ?::int")
			bandArgs = append(bandArgs, b[0], i)
		} else {
			cases = append(cases, "when p.price_min >= ? and p.price_min < ? then ?::int")
			bandArgs = append(bandArgs, b[0], b[1], i)
		}
	}
	type band struct {
		Band  int
		Count int64
	}
	var bands []band
	if err := tx.Raw(`select case `+strings.Join(cases, " ")+` end as band, count(*) as count from products p
		where `+q.where()+` and p.price_min is not null group by 1 order by 1`, append(bandArgs, q.args...)...).Scan(&bands).Error; err != nil {
		return out, fmt.Errorf("price facet: %w", err)
	}
	for _, b := range bands {
		out.PriceBands = append(out.PriceBands, FacetCount{Value: bandLabel(priceBands[b.Band]), Count: b.Count})
	}
	// Attribute values: keys without a filter are counted over the full match; each filtered
	// key over the match without its own filter.
	type attrRow struct {
		Key   string
		Value string
		Count int64
	}
	collect := func(q query, only string) error {
		var rows []attrRow
		cond := "jsonb_typeof(a.value) in ('string', 'boolean')"
		args := slices.Clone(q.args)
		if only != "" {
			cond += " and a.key = ?"
			args = append(args, only)
		}
		if err := tx.Raw(`select a.key, a.value #>> '{}' as value, count(*) as count
			from products p, jsonb_each(p.attributes) a where `+q.where()+` and `+cond+`
			group by 1, 2 order by 1, count(*) desc, 2 limit 500`, args...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("attribute facet: %w", err)
		}
		for _, r := range rows {
			if only == "" && slices.ContainsFunc(p.attrs, func(a attrFilter) bool { return a.key == r.Key }) {
				continue
			}
			out.Attributes[r.Key] = append(out.Attributes[r.Key], FacetCount{Value: r.Value, Count: r.Count})
		}
		return nil
	}
	if err := collect(p.build(dimNone, ""), ""); err != nil {
		return out, err
	}
	for _, a := range p.attrs {
		if err := collect(p.build(dimAttr, a.key), a.key); err != nil {
			return out, err
		}
	}
	type rangeRow struct {
		Key string
		Lo  float64
		Hi  float64
	}
	var ranges []rangeRow
	q = p.build(dimNone, "")
	if err := tx.Raw(`select a.key, min((a.value #>> '{}')::numeric) as lo, max((a.value #>> '{}')::numeric) as hi
		from products p, jsonb_each(p.attributes) a where `+q.where()+` and jsonb_typeof(a.value) = 'number'
		group by 1 order by 1 limit 100`, q.args...).Scan(&ranges).Error; err != nil {
		return out, fmt.Errorf("number facet: %w", err)
	}
	for _, r := range ranges {
		out.NumberRange[r.Key] = [2]float64{r.Lo, r.Hi}
	}
	return out, nil
}

// Product returns a listed product by id or slug (on a storefront host, only that vendor's).
func (s *Service) Product(ctx context.Context, ref string) (Product, error) {
	sf, onStorefront, err := s.d.Vendors.Storefront(ctx)
	if err != nil {
		return Product{}, err
	}
	var p Product
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if id, perr := uuid.Parse(ref); perr == nil {
			p, err = s.loadProduct(tx, "id = ? AND status = 'active' AND vendor_listed", id)
		} else {
			p, err = s.loadProduct(tx, "slug = ? AND status = 'active' AND vendor_listed", strings.ToLower(ref))
		}
		return err
	})
	if err != nil {
		return Product{}, err
	}
	if onStorefront && p.VendorID != sf.ID {
		return Product{}, ErrProductNotFound
	}
	return p, nil
}

// Suggestion is one autocomplete entry.
type Suggestion struct {
	Kind  string // product or category
	ID    uuid.UUID
	Slug  string
	Title string
}

// Suggest completes a partial query: product titles by prefix, substring or near spelling,
// then matching categories. On a storefront host, that vendor's products only.
func (s *Service) Suggest(ctx context.Context, raw string, limit int) ([]Suggestion, error) {
	q := strings.ToLower(strings.TrimSpace(raw))
	if q == "" || utf8.RuneCountInString(q) > 100 {
		return nil, errs.Invalid("query.q", "must be 1 to 100 characters")
	}
	if limit <= 0 || limit > 20 {
		limit = 8
	}
	f := Filter{}
	if _, _, err := s.storefrontScope(ctx, &f); err != nil {
		return nil, err
	}
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	out := []Suggestion{}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		tsq, err := tsQuery(tx, q, true)
		if err != nil {
			return err
		}
		type row struct {
			ID    uuid.UUID
			Slug  string
			Title string
		}
		if tsq != "" {
			var rows []row
			vendorCond, args := "", []any{tsq}
			if f.VendorID != uuid.Nil {
				vendorCond = " and p.vendor_id = ?"
				args = append(args, f.VendorID)
			}
			args = append(args, q+"%", tsq, q, limit)
			if err := tx.Raw(`select p.id, p.slug, p.title from products p
				where p.status = 'active' and p.vendor_listed and p.search @@ to_tsquery('english', ?)`+vendorCond+`
				order by (lower(p.title) like ?) desc, ts_rank(p.search, to_tsquery('english', ?), 1) desc, word_similarity(?, p.search_text) desc, p.title
				limit ?`, args...).Scan(&rows).Error; err != nil {
				return fmt.Errorf("suggest products: %w", err)
			}
			for _, r := range rows {
				out = append(out, Suggestion{Kind: "product", ID: r.ID, Slug: r.Slug, Title: r.Title})
			}
		}
		var cats []row
		if err := tx.Raw(`select id, slug, name as title from categories where lower(name) like ? or lower(name) like ? or slug like ?
			order by (lower(name) like ?) desc, name limit 5`, like, "% "+like, like, like).Scan(&cats).Error; err != nil {
			return fmt.Errorf("suggest categories: %w", err)
		}
		for _, r := range cats {
			out = append(out, Suggestion{Kind: "category", ID: r.ID, Slug: r.Slug, Title: r.Title})
		}
		return nil
	})
	return out, err
}

// VariantInfo is what a cart or checkout needs to know about a variant.
type VariantInfo struct {
	ID             uuid.UUID
	ProductID      uuid.UUID
	VendorID       uuid.UUID
	ProductTitle   string
	ProductSlug    string
	SKU            string
	Title          string
	Price          int64
	CompareAtPrice *int64
	Currency       string
	WeightGrams    int
	// Available is on hand minus reserved over all locations (never below 0).
	Available int64
	// Listed: the product is active and its vendor approved; only listed variants can be bought.
	Listed       bool
	CoverMediaID *uuid.UUID
}

// Variants looks variants of the marketplace of ctx up by id, listed or not (callers decide);
// unknown ids are absent from the result.
func (s *Service) Variants(ctx context.Context, variantIDs []uuid.UUID) ([]VariantInfo, error) {
	if len(variantIDs) == 0 {
		return nil, nil
	}
	if len(variantIDs) > 500 {
		return nil, errs.Invalid("variant_ids", "at most 500 at a time")
	}
	type row struct {
		ID             uuid.UUID
		ProductID      uuid.UUID
		VendorID       uuid.UUID
		ProductTitle   string
		ProductSlug    string
		SKU            string `gorm:"column:sku"`
		Title          string
		Price          int64
		CompareAtPrice *int64
		Currency       string
		WeightGrams    int
		Available      int64
		Listed         bool
		VariantMedia   uuidArray
		ProductMedia   uuidArray
	}
	var rows []row
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Raw(`select v.id, v.product_id, v.vendor_id, p.title as product_title, p.slug as product_slug, v.sku, v.title,
				v.price, v.compare_at_price, v.currency, v.weight_grams, greatest(v.available, 0) as available,
				(p.status = 'active' and p.vendor_listed) as listed, v.media_ids as variant_media, p.media_ids as product_media
			from product_variants v join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
			where v.id in ?`, variantIDs).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("look variants up: %w", err)
	}
	out := make([]VariantInfo, len(rows))
	for i, r := range rows {
		out[i] = VariantInfo{ID: r.ID, ProductID: r.ProductID, VendorID: r.VendorID, ProductTitle: r.ProductTitle, ProductSlug: r.ProductSlug,
			SKU: r.SKU, Title: r.Title, Price: r.Price, CompareAtPrice: r.CompareAtPrice, Currency: r.Currency, WeightGrams: r.WeightGrams,
			Available: r.Available, Listed: r.Listed}
		switch {
		case len(r.VariantMedia) > 0:
			id := r.VariantMedia[0]
			out[i].CoverMediaID = &id
		case len(r.ProductMedia) > 0:
			id := r.ProductMedia[0]
			out[i].CoverMediaID = &id
		}
	}
	return out, nil
}
