package catalog

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
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
	dimCategory dimension = iota

	dimVendor
	dimPrice
	dimAttr
)

// plan is a parsed filter: the search words, category ids, attribute filters.
type plan struct {
	f Filter
	// tsq is the corrected full-text query of f.Query ("" when it has no words).
	tsq string
	// storefront is the vendor whose storefront host the request came on (search only matches
	// its products), else uuid.Nil.
	storefront  uuid.UUID
	categoryIDs []uuid.UUID
	attrs       []attrFilter
}

// build returns every condition of p (listed, in stock if asked, each filter).
func (p plan) build() query {
	var q query
	q.add(listedP)
	if p.f.InStock {
		q.add("p.in_stock")
	}
	for _, f := range p.flags() {
		q.add("("+f.cond.where()+")", f.cond.args...)
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

// A dictionary word stands in for a query word when their trigram similarity is at least 0.4
// and their lengths differ by at most -2..+3 (search_term_matches, migration 00025):
// "hedphones" finds "headphones", "wireles" finds "wireless".

// tsQuery turns a buyer's search into a tsquery: every word must match, as itself or as one
// of the closest words of the marketplace's titles and tags (typo tolerance); with prefix, the
// last word also matches as a prefix (autocomplete). "" when q has no words.
func tsQuery(tx *gorm.DB, q string, prefix bool) (string, error) {
	words := queryWords(q)
	// A word of the dictionary is spelt right; others are corrected to the closest words of
	// similar length, all words in one round trip. search_term_matches (migration 00025) uses
	// the dictionary's trigram index, which the app role's own query could not under row-level
	// security.
	var check textArray
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 && !isDigits(w) {
			check = append(check, w)
		}
	}
	alternatives := map[string][]string{}
	if len(check) > 0 {
		var rows []struct {
			Word string
			Term string
		}
		if err := tx.Raw(`select w.word, t.term from unnest(?::text[]) w(word), lateral search_term_matches(w.word) t(term)`, check).
			Scan(&rows).Error; err != nil {
			return "", fmt.Errorf("correct search words: %w", err)
		}
		for _, r := range rows {
			if r.Term != r.Word {
				alternatives[r.Word] = append(alternatives[r.Word], r.Term)
			}
		}
	}
	parts := make([]string, 0, len(words))
	for i, w := range words {
		alts := append([]string{w}, alternatives[w]...)
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

// categoryWithDescendants returns the category of ref (id or slug) and every category below
// it; none when ref names no category.
func categoryWithDescendants(tx *gorm.DB, ref string) ([]uuid.UUID, error) {
	var root []uuid.UUID
	var err error
	if id, perr := uuid.Parse(ref); perr == nil {
		err = tx.Model(&categoryRow{}).Where("id = ?", id).Pluck("id", &root).Error
	} else {
		err = tx.Model(&categoryRow{}).Where("slug = ?", strings.ToLower(ref)).Pluck("id", &root).Error
	}
	if err != nil || len(root) == 0 {
		return nil, err
	}
	var ids []uuid.UUID
	if err := tx.Raw(`with recursive t(id) as (select ?::uuid union all select c.id from categories c join t on c.parent_id = t.id)
		select id from t`, root[0]).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("category descendants: %w", err)
	}
	return ids, nil
}

// plan validates f and resolves its words (spelling corrected), its category (with
// descendants) and storefront scope. The corrections and the category's descendants are kept
// in the read cache like the candidates of words: a search answered from memory then needs no
// statement but the page's products.
func (s *Service) plan(ctx context.Context, tx *gorm.DB, f Filter, storefront uuid.UUID) (plan, error) {
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
	p.storefront = storefront
	if f.Query != "" {
		p.tsq, err = cachedRead(ctx, s.reads, readPlan, "tsq\x00"+f.Query, func() (string, uuid.UUID, error) {
			q, err := tsQuery(tx, f.Query, false)
			return q, uuid.Nil, err
		})
		if err != nil {
			return plan{}, err
		}
	}
	if f.Category != "" {
		p.categoryIDs, err = cachedRead(ctx, s.reads, readPlan, "category\x00"+strings.ToLower(f.Category), func() ([]uuid.UUID, uuid.UUID, error) {
			ids, err := categoryWithDescendants(tx, f.Category)
			return ids, uuid.Nil, err
		})
		if err != nil {
			return plan{}, err
		}
		if len(p.categoryIDs) == 0 {
			return plan{}, errs.Invalid("query.category", "is not a category of this marketplace")
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

// Products lists the listed products matching f (on a storefront host, that vendor's only).
// withFacets also counts the matches by category, vendor, price band and attribute.
func (s *Service) Products(ctx context.Context, f Filter, withFacets bool) (Result, error) {
	storefront, empty, err := s.storefrontScope(ctx, &f)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		p, err := s.plan(ctx, tx, f, storefront)
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
		if p.f.Query != "" || withFacets {
			var inMemory bool
			if res, inMemory, err = s.searchInMemory(ctx, tx, p, cur, withFacets); err != nil || inMemory {
				return err
			}
			res, err = searchPage(tx, p, cur, withFacets)
			return err
		}
		// Browsing (no words, no facets): straight down one of the listing indexes.
		q := p.build()
		var order string
		switch p.f.Sort {
		case SortPriceAsc:
			order = "p.price_min, p.id"
			if cur.ID != uuid.Nil {
				q.add("(p.price_min, p.id) > (?, ?)", cur.Price, cur.ID)
			}
		case SortPriceDesc:
			order = "p.price_min DESC, p.id DESC"
			if cur.ID != uuid.Nil {
				q.add("(p.price_min, p.id) < (?, ?)", cur.Price, cur.ID)
			}
		default:
			order = "p.id DESC"
			if cur.ID != uuid.Nil {
				q.add("p.id < ?", cur.ID)
			}
		}
		var rows []summaryRow
		if err := tx.Raw("select "+summaryColumns+" from products p where "+q.where()+" order by "+order+" limit ?",
			append(q.args, p.f.Limit+1)...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("list products: %w", err)
		}
		res.Items, res.NextCursor = page(rows, p.f, cur)
		return nil
	})
	if err != nil {
		return res, err
	}
	return res, s.labelVendorFacet(ctx, res.Facets)
}

// labelVendorFacet gives each value of the vendor facet (a vendor id) the shop's name, so
// filters read as shops rather than ids; one read for the whole facet.
func (s *Service) labelVendorFacet(ctx context.Context, f *Facets) error {
	if f == nil || len(f.Vendors) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, 0, len(f.Vendors))
	for _, v := range f.Vendors {
		if id, err := uuid.Parse(v.Value); err == nil {
			ids = append(ids, id)
		}
	}
	contacts, err := s.d.Vendors.Contacts(ctx, nil, ids)
	if err != nil {
		return fmt.Errorf("label vendor facet: %w", err)
	}
	for i, v := range f.Vendors {
		if id, err := uuid.Parse(v.Value); err == nil {
			f.Vendors[i].Label = contacts[id].Name
		}
	}
	return nil
}

// page cuts rows (limit+1 fetched) to the page size and, when there is more, makes the
// cursor of the next page from the last row shown.
func page(rows []summaryRow, f Filter, cur cursorState) ([]Summary, string) {
	var next string
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		c := cursorState{Sort: f.Sort, ID: last.ID, Price: last.PriceMin}
		if f.Sort == SortRelevance {
			c = cursorState{Sort: f.Sort, Offset: cur.Offset + f.Limit}
		}
		next = encodeCursor(c)
	}
	items := make([]Summary, len(rows))
	for i, r := range rows {
		items[i] = r.summary()
	}
	return items, next
}

// priceBands are the price facet's buckets in minor units: [lo, hi).
var priceBands = [][2]int64{{0, 2500}, {2500, 5000}, {5000, 10000}, {10000, 25000}, {25000, 50000}, {50000, -1}}

func bandLabel(b [2]int64) string {
	if b[1] < 0 {
		return fmt.Sprintf("%d..", b[0])
	}
	return fmt.Sprintf("%d..%d", b[0], b[1]-1)
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
			p, err = s.loadProduct(tx, "id = ? AND "+listedProducts, id)
		} else {
			p, err = s.loadProduct(tx, "slug = ? AND "+listedProducts, strings.ToLower(ref))
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

// suggestCandidates is how many of the best text matches autocomplete orders by title.
const suggestCandidates = 200

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
			var vendor *uuid.UUID
			if f.VendorID != uuid.Nil {
				vendor = &f.VendorID
			}
			// The best matches by text rank, then the titles that start like the query first.
			if err := tx.Raw(`select p.id, p.slug, p.title from search_match(?, ?, ?) m join products p on p.id = m.id
				order by (lower(p.title) like ?) desc, m.rank desc, word_similarity(?, p.search_text) desc, p.title
				limit ?`, tsq, vendor, suggestCandidates, q+"%", q, limit).Scan(&rows).Error; err != nil {
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
// unknown ids are absent from the result. With tx it reads in that transaction (the caller's,
// already scoped to the marketplace), else in one of its own.
func (s *Service) Variants(ctx context.Context, tx *gorm.DB, variantIDs []uuid.UUID) ([]VariantInfo, error) {
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
	err := s.d.Tenants.Within(ctx, tx, func(tx *gorm.DB) error {
		return tx.Raw(`select v.id, v.product_id, v.vendor_id, p.title as product_title, p.slug as product_slug, v.sku, v.title,
				v.price, v.compare_at_price, v.currency, v.weight_grams, greatest(v.available, 0) as available,
				(`+listedP+`) as listed, v.media_ids as variant_media, p.media_ids as product_media
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
