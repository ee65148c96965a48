package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// maxMatches bounds the products a search considers (the best by text rank).
const maxMatches = 5000

// sqlBuilder appends SQL with its ? arguments in order.
type sqlBuilder struct {
	sb   strings.Builder
	args []any
}

func (b *sqlBuilder) add(sql string, args ...any) {
	b.sb.WriteString(sql)
	b.args = append(b.args, args...)
}

// searchFlag is one filter the facets leave out of their own counts: a boolean column of the
// candidate rows, so each facet can take every filter but its own without a query of its own.
type searchFlag struct {
	name string
	dim  dimension
	key  string // dimAttr: the attribute
	cond query
}

func (p plan) flags() []searchFlag {
	var out []searchFlag
	if p.categoryIDs != nil {
		var q query
		q.add("p.category_id IN ?", p.categoryIDs)
		out = append(out, searchFlag{name: "f_category", dim: dimCategory, cond: q})
	}
	if p.f.VendorID != uuid.Nil {
		var q query
		q.add("p.vendor_id = ?", p.f.VendorID)
		out = append(out, searchFlag{name: "f_vendor", dim: dimVendor, cond: q})
	}
	if p.f.PriceMin != nil || p.f.PriceMax != nil {
		var q query
		if p.f.PriceMin != nil {
			q.add("p.price_min >= ?", *p.f.PriceMin)
		}
		if p.f.PriceMax != nil {
			q.add("p.price_min <= ?", *p.f.PriceMax)
		}
		out = append(out, searchFlag{name: "f_price", dim: dimPrice, cond: q})
	}
	for i, a := range p.attrs {
		var q query
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
		out = append(out, searchFlag{name: "f_attr" + strconv.Itoa(i), dim: dimAttr, key: a.key, cond: q})
	}
	return out
}

// allBut is the condition "every flag but skip" over the candidate rows r.
func allBut(flags []searchFlag, skip *searchFlag) string {
	var conds []string
	for i := range flags {
		if skip == nil || flags[i].name != skip.name {
			conds = append(conds, "r."+flags[i].name)
		}
	}
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " AND ")
}

// searchAnswer is the one row of a search statement: the page's ids in order and each facet as
// JSON.
type searchAnswer struct {
	Items      []byte
	Categories []byte
	Vendors    []byte
	Prices     []byte
	Attributes []byte
	Ranges     []byte
}

// searchPage answers a search (words and/or facets) in two statements, whatever the number of
// facets: one finds the candidates once — through search_match's full-text index when there are
// words — with a flag per filter, and computes the page's ids and every facet from them; the
// other reads the page's products. Before, the matched ids travelled to PostgreSQL and back in
// each of six statements.
func searchPage(tx *gorm.DB, p plan, cur cursorState, withFacets bool) (Result, error) {
	res := Result{Items: []Summary{}}
	if withFacets {
		res.Facets = &Facets{Categories: []FacetCount{}, Vendors: []FacetCount{}, PriceBands: []FacetCount{}, Attributes: map[string][]FacetCount{}, NumberRange: map[string][2]float64{}}
	}
	if p.f.Query != "" && p.tsq == "" {
		return res, nil // nothing searchable in the words: nothing matches
	}
	sql, args := searchStatement(p, cur, withFacets)
	var ans searchAnswer
	if err := tx.Raw(sql, args...).Scan(&ans).Error; err != nil {
		return res, fmt.Errorf("search products: %w", err)
	}
	var ids []uuid.UUID
	if err := json.Unmarshal(ans.Items, &ids); err != nil {
		return res, fmt.Errorf("search products: page: %w", err)
	}
	if len(ids) > 0 {
		var err error
		if res.Items, res.NextCursor, err = readPage(tx, ids, p.f, cur); err != nil {
			return res, err
		}
	}
	if withFacets {
		if err := ans.decodeFacets(res.Facets); err != nil {
			return res, fmt.Errorf("search products: facets: %w", err)
		}
	}
	return res, nil
}

// readPage reads the products of a search's page (ids in the search's order, one more than
// the limit for the cursor) and returns them with the next cursor.
func readPage(tx *gorm.DB, ids []uuid.UUID, f Filter, cur cursorState) ([]Summary, string, error) {
	var rows []summaryRow
	if err := tx.Raw("select "+summaryColumns+" from products p where p.id in ?", ids).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("search products: read page: %w", err)
	}
	// In the search's order; a product unlisted in between is left out.
	byID := make(map[uuid.UUID]summaryRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	ordered := make([]summaryRow, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			ordered = append(ordered, r)
		}
	}
	items, next := page(ordered, f, cur)
	return items, next, nil
}

// searchStatement is the statement that finds a search's candidates once and computes from
// them the page's ids (column items) and, withFacets, every facet (the other columns).
func searchStatement(p plan, cur cursorState, withFacets bool) (string, []any) {
	flags := p.flags()
	var b sqlBuilder
	b.add("with ")
	if p.f.Query != "" {
		p.addMatches(&b, maxMatches)
		b.add(", ")
	}
	b.add("r as materialized (select p.id, p.category_id, p.vendor_id, p.price_min, p.attributes, ")
	if p.f.Query != "" {
		p.addScore(&b)
	} else {
		b.add("0::real as score")
	}
	for _, f := range flags {
		b.add(", ("+f.cond.where()+") as "+f.name, f.cond.args...)
	}
	if p.f.Query != "" {
		b.add(" from m join products p on p.id = m.id")
	} else {
		b.add(" from products p")
	}
	b.add(" where " + listedP)
	if p.f.InStock {
		b.add(" and p.in_stock")
	}
	b.add(") select ")

	// The page: every filter, the sort, the cursor.
	every := everyFlag(flags)
	var order, after string
	var afterArgs []any
	switch p.f.Sort {
	case SortRelevance:
		order = "score DESC, id DESC"
	case SortPriceAsc:
		order = "price_min, id"
		if cur.ID != uuid.Nil {
			after, afterArgs = " AND (r.price_min, r.id) > (?, ?)", []any{cur.Price, cur.ID}
		}
	case SortPriceDesc:
		order = "price_min DESC, id DESC"
		if cur.ID != uuid.Nil {
			after, afterArgs = " AND (r.price_min, r.id) < (?, ?)", []any{cur.Price, cur.ID}
		}
	default:
		order = "id DESC"
		if cur.ID != uuid.Nil {
			after, afterArgs = " AND r.id < ?", []any{cur.ID}
		}
	}
	b.add("(select coalesce(json_agg(x.id order by "+qualify(order, "x.")+"), '[]') from (select r.id, r.score, r.price_min from r where "+every+after, afterArgs...)
	b.add(" order by "+qualify(order, "r.")+" limit ?", p.f.Limit+1)
	if p.f.Sort == SortRelevance {
		b.add(" offset ?", cur.Offset)
	}
	b.add(") x) as items")

	if withFacets {
		facetSQL(&b, flags, p.attrs)
	}
	return b.sb.String(), b.args
}

// addMatches adds the CTE m: the (at most limit) listed products matching p's words, with
// their text rank, through search_match's full-text index.
func (p plan) addMatches(b *sqlBuilder, limit int) {
	var vendor *uuid.UUID
	if p.storefront != uuid.Nil {
		vendor = &p.storefront
	}
	b.add("m as materialized (select id, rank from search_match(?, ?, ?))", p.tsq, vendor, limit)
}

// addScore adds the relevance of a match (m joined to products p): the text rank, then how
// closely the words resemble the product's text. Searches from memory order by the same score.
func (p plan) addScore(b *sqlBuilder) {
	b.add("m.rank * 2 + word_similarity(?, p.search_text) as score", strings.ToLower(p.f.Query))
}

// qualify prefixes each column of an ORDER BY list ("score DESC, id DESC") with prefix.
func qualify(order, prefix string) string {
	parts := strings.Split(order, ", ")
	for i, p := range parts {
		parts[i] = prefix + p
	}
	return strings.Join(parts, ", ")
}

// facetSQL adds the facet columns to a search statement: each counts the candidates that pass
// every filter but its own dimension's (so choosing one category still shows the others).
func facetSQL(b *sqlBuilder, flags []searchFlag, attrs []attrFilter) {
	flagOf := func(d dimension, key string) *searchFlag {
		for i := range flags {
			if flags[i].dim == d && flags[i].key == key {
				return &flags[i]
			}
		}
		return nil
	}
	b.add(", (select coalesce(json_agg(t), '[]') from (select c.id::text as value, c.name as label, count(*) as count from r join categories c on c.id = r.category_id where " +
		allBut(flags, flagOf(dimCategory, "")) + " group by c.id, c.name order by count(*) desc, c.name) t) as categories")
	b.add(", (select coalesce(json_agg(t), '[]') from (select r.vendor_id::text as value, '' as label, count(*) as count from r where " +
		allBut(flags, flagOf(dimVendor, "")) + " group by r.vendor_id order by count(*) desc, r.vendor_id) t) as vendors")

	var cases []string
	var bandArgs []any
	for i, band := range priceBands {
		if band[1] < 0 {
			cases = append(cases, "when r.price_min >= ? then ?::int")
			bandArgs = append(bandArgs, band[0], i)
		} else {
			cases = append(cases, "when r.price_min >= ? and r.price_min < ? then ?::int")
			bandArgs = append(bandArgs, band[0], band[1], i)
		}
	}
	b.add(", (select coalesce(json_agg(t), '[]') from (select case "+strings.Join(cases, " ")+" end as band, count(*) as count from r where "+
		allBut(flags, flagOf(dimPrice, ""))+" and r.price_min is not null group by 1 order by 1) t) as prices", bandArgs...)

	// Attribute values: keys without a filter over every filter; each filtered key over every
	// filter but its own.
	attrValues := "select a.key, a.value #>> '{}' as value, count(*) as count from r, jsonb_each(r.attributes) a where jsonb_typeof(a.value) in ('string', 'boolean') and "
	b.add(", (select coalesce(json_agg(t), '[]') from ((" + attrValues + everyFlag(flags))
	if len(attrs) > 0 {
		keys := make([]string, len(attrs))
		for i, a := range attrs {
			keys[i] = a.key
		}
		b.add(" and a.key not in ?", keys)
	}
	b.add(" group by 1, 2 order by 1, count(*) desc, 2 limit 500)")
	for _, a := range attrs {
		b.add(" union all ("+attrValues+allBut(flags, flagOf(dimAttr, a.key))+" and a.key = ? group by 1, 2 order by 1, count(*) desc, 2 limit 500)", a.key)
	}
	b.add(") t) as attributes")
	b.add(", (select coalesce(json_agg(t), '[]') from (select a.key, min((a.value #>> '{}')::numeric)::float8 as lo, max((a.value #>> '{}')::numeric)::float8 as hi " +
		"from r, jsonb_each(r.attributes) a where " + everyFlag(flags) + " and jsonb_typeof(a.value) = 'number' group by 1 order by 1 limit 100) t) as ranges")
}

func everyFlag(flags []searchFlag) string { return allBut(flags, nil) }

func (ans searchAnswer) decodeFacets(out *Facets) error {
	if err := json.Unmarshal(ans.Categories, &out.Categories); err != nil {
		return err
	}
	if err := json.Unmarshal(ans.Vendors, &out.Vendors); err != nil {
		return err
	}
	var bands []struct {
		Band  int
		Count int64
	}
	if err := json.Unmarshal(ans.Prices, &bands); err != nil {
		return err
	}
	for _, b := range bands {
		if b.Band >= 0 && b.Band < len(priceBands) {
			out.PriceBands = append(out.PriceBands, FacetCount{Value: bandLabel(priceBands[b.Band]), Count: b.Count})
		}
	}
	var values []struct {
		Key   string
		Value string
		Count int64
	}
	if err := json.Unmarshal(ans.Attributes, &values); err != nil {
		return err
	}
	for _, v := range values {
		out.Attributes[v.Key] = append(out.Attributes[v.Key], FacetCount{Value: v.Value, Count: v.Count})
	}
	var ranges []struct {
		Key string
		Lo  float64
		Hi  float64
	}
	if err := json.Unmarshal(ans.Ranges, &ranges); err != nil {
		return err
	}
	for _, r := range ranges {
		out.NumberRange[r.Key] = [2]float64{r.Lo, r.Hi}
	}
	return nil
}
