package catalog

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// A search's words decide which products are candidates; its filters, sort, cursor and facets
// only slice and count them. So the candidates of a set of words are read once and kept in the
// read cache (dropped on any listing change, like the searches themselves), and every filtered,
// sorted or paged search of those words is answered from them in memory: only the page's
// products are then read from PostgreSQL. Before, each such search ran the whole statement
// (5–20 ms of database time), and a category filter makes most searches ones never seen
// before. The answers are the same as searchStatement's; TestSearchInMemory_SameAsDatabase
// compares them.

// maxCachedCandidates bounds a kept candidate set: words matching more products are searched
// in PostgreSQL every time (a kept set costs ~200 bytes a product).
const maxCachedCandidates = 2000

// candidate is one product the words matched, with what filters, facets and sorts read.
type candidate struct {
	id           uuid.UUID
	score        float32 // as PostgreSQL computes and orders it (real)
	categoryID   uuid.UUID
	categoryName string
	hasCategory  bool // the product's category exists
	vendorID     uuid.UUID
	priceMin     *int64
	attrs        map[string]any // numbers as json.Number: their text is what ->> returns
}

// candidateSet is what the read cache keeps for a set of words; tooMany marks words whose
// candidates are searched in PostgreSQL.
type candidateSet struct {
	rows    []candidate
	tooMany bool
}

type candidateRow struct {
	ID           uuid.UUID
	Score        float32
	CategoryID   *uuid.UUID
	CategoryName *string
	VendorID     uuid.UUID
	PriceMin     *int64
	Attributes   string
}

// loadCandidates reads every listed product matching p's words, or reports too many.
func loadCandidates(tx *gorm.DB, p plan) (*candidateSet, error) {
	var b sqlBuilder
	b.add("with ")
	p.addMatches(&b, maxCachedCandidates+1)
	b.add(" select p.id, ")
	p.addScore(&b)
	b.add(`, p.category_id, c.name as category_name, p.vendor_id, p.price_min, p.attributes::text as attributes
		from m join products p on p.id = m.id left join categories c on c.id = p.category_id
		where ` + listedP)
	if p.f.InStock {
		b.add(" and p.in_stock")
	}
	var rows []candidateRow
	if err := tx.Raw(b.sb.String(), b.args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("search candidates: %w", err)
	}
	if len(rows) > maxCachedCandidates {
		return &candidateSet{tooMany: true}, nil
	}
	set := &candidateSet{rows: make([]candidate, len(rows))}
	for i, r := range rows {
		c := candidate{id: r.ID, score: r.Score, vendorID: r.VendorID, priceMin: r.PriceMin}
		if r.CategoryID != nil && r.CategoryName != nil {
			c.categoryID, c.categoryName, c.hasCategory = *r.CategoryID, *r.CategoryName, true
		}
		d := json.NewDecoder(strings.NewReader(r.Attributes))
		d.UseNumber()
		if err := d.Decode(&c.attrs); err != nil {
			return nil, fmt.Errorf("search candidates: attributes of %s: %w", r.ID, err)
		}
		set.rows[i] = c
	}
	return set, nil
}

// candidateKey identifies the candidates of p: the words as matched and scored, the storefront
// and whether only products in stock count.
func candidateKey(p plan) string {
	return p.storefront.String() + "\x00" + p.tsq + "\x00" + strings.ToLower(p.f.Query) + "\x00" + strconv.FormatBool(p.f.InStock)
}

// searchInMemory answers a search with words from its kept candidates; ok is false when they
// are not kept (the cache is not live, or the words match too many).
func (s *Service) searchInMemory(ctx context.Context, tx *gorm.DB, p plan, cur cursorState, withFacets bool) (res Result, ok bool, err error) {
	if p.tsq == "" || !s.reads.Live() {
		return res, false, nil
	}
	set, err := cachedRead(ctx, s.reads, readCandidates, candidateKey(p), func() (*candidateSet, uuid.UUID, error) {
		set, err := loadCandidates(tx, p)
		return set, uuid.Nil, err
	})
	if err != nil || set.tooMany {
		return res, false, err
	}
	filters := p.memFilters()
	res = Result{Items: []Summary{}}
	if ids := memPage(set.rows, filters, p, cur); len(ids) > 0 {
		if res.Items, res.NextCursor, err = readPage(tx, ids, p.f, cur); err != nil {
			return res, false, err
		}
	}
	if withFacets {
		res.Facets = memFacets(set.rows, filters, p.attrs)
	}
	return res, true, nil
}

// memFilter is a searchFlag as a test on a candidate.
type memFilter struct {
	dim  dimension
	key  string
	pass func(c *candidate) bool
}

// memFilters are p.flags() as Go: the same conditions, with SQL's NULL rules (a missing value
// passes no filter).
func (p plan) memFilters() []memFilter {
	var out []memFilter
	if p.categoryIDs != nil {
		ids := p.categoryIDs
		out = append(out, memFilter{dim: dimCategory, pass: func(c *candidate) bool {
			return c.categoryID != uuid.Nil && slices.Contains(ids, c.categoryID)
		}})
	}
	if v := p.f.VendorID; v != uuid.Nil {
		out = append(out, memFilter{dim: dimVendor, pass: func(c *candidate) bool { return c.vendorID == v }})
	}
	if lo, hi := p.f.PriceMin, p.f.PriceMax; lo != nil || hi != nil {
		out = append(out, memFilter{dim: dimPrice, pass: func(c *candidate) bool {
			return c.priceMin != nil && (lo == nil || *c.priceMin >= *lo) && (hi == nil || *c.priceMin <= *hi)
		}})
	}
	for _, a := range p.attrs {
		out = append(out, memFilter{dim: dimAttr, key: a.key, pass: func(c *candidate) bool {
			v, present := c.attrs[a.key]
			if len(a.values) > 0 {
				text, ok := attrText(v)
				if !present || !ok || !slices.Contains(a.values, text) {
					return false
				}
			}
			if a.lo != nil || a.hi != nil {
				n, isNumber := v.(json.Number)
				if !isNumber {
					return false
				}
				f, err := n.Float64()
				if err != nil || a.lo != nil && f < *a.lo || a.hi != nil && f > *a.hi {
					return false
				}
			}
			return true
		}})
	}
	return out
}

// attrText is an attribute value as ->> gives it, for strings, booleans and numbers.
func attrText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case json.Number:
		return t.String(), true
	}
	return "", false
}

// passesAllBut says whether c passes every filter but those of dimension dim (and key).
func passesAllBut(c *candidate, filters []memFilter, dim dimension, key string, skip bool) bool {
	for i := range filters {
		f := &filters[i]
		if skip && f.dim == dim && f.key == key {
			continue
		}
		if !f.pass(c) {
			return false
		}
	}
	return true
}

func passesAll(c *candidate, filters []memFilter) bool { return passesAllBut(c, filters, 0, "", false) }

// memPage is the page's ids (one more than the limit, for the cursor) in the sort's order.
func memPage(rows []candidate, filters []memFilter, p plan, cur cursorState) []uuid.UUID {
	var hits []*candidate
	for i := range rows {
		c := &rows[i]
		if !passesAll(c, filters) {
			continue
		}
		if cur.ID != uuid.Nil {
			switch p.f.Sort {
			case SortPriceAsc: // (price_min, id) > cursor; a missing price compares to nothing
				if c.priceMin == nil || cmp.Or(cmp.Compare(*c.priceMin, cur.Price), bytes.Compare(c.id[:], cur.ID[:])) <= 0 {
					continue
				}
			case SortPriceDesc: // (price_min, id) < cursor
				if c.priceMin == nil || cmp.Or(cmp.Compare(*c.priceMin, cur.Price), bytes.Compare(c.id[:], cur.ID[:])) >= 0 {
					continue
				}
			case SortNewest:
				if bytes.Compare(c.id[:], cur.ID[:]) >= 0 {
					continue
				}
			}
		}
		hits = append(hits, c)
	}
	byID := func(a, b *candidate) int { return bytes.Compare(a.id[:], b.id[:]) }
	// PostgreSQL sorts a missing price last going up and first going down.
	byPrice := func(a, b *candidate) int {
		switch {
		case a.priceMin == nil && b.priceMin == nil:
			return 0
		case a.priceMin == nil:
			return 1
		case b.priceMin == nil:
			return -1
		}
		return cmp.Compare(*a.priceMin, *b.priceMin)
	}
	switch p.f.Sort {
	case SortRelevance:
		slices.SortFunc(hits, func(a, b *candidate) int { return cmp.Or(cmp.Compare(b.score, a.score), byID(b, a)) })
	case SortPriceAsc:
		slices.SortFunc(hits, func(a, b *candidate) int { return cmp.Or(byPrice(a, b), byID(a, b)) })
	case SortPriceDesc:
		slices.SortFunc(hits, func(a, b *candidate) int { return cmp.Or(byPrice(b, a), byID(b, a)) })
	default:
		slices.SortFunc(hits, func(a, b *candidate) int { return byID(b, a) })
	}
	if p.f.Sort == SortRelevance {
		hits = hits[min(cur.Offset, len(hits)):]
	}
	hits = hits[:min(len(hits), p.f.Limit+1)]
	ids := make([]uuid.UUID, len(hits))
	for i, c := range hits {
		ids[i] = c.id
	}
	return ids
}

// memFacets counts the candidates as facetSQL does: each facet over every filter but its own.
func memFacets(rows []candidate, filters []memFilter, attrs []attrFilter) *Facets {
	out := &Facets{Categories: []FacetCount{}, Vendors: []FacetCount{}, PriceBands: []FacetCount{}, Attributes: map[string][]FacetCount{}, NumberRange: map[string][2]float64{}}
	type catKey struct {
		id   uuid.UUID
		name string
	}
	cats, vendors := map[catKey]int64{}, map[uuid.UUID]int64{}
	bands := make([]int64, len(priceBands))
	for i := range rows {
		c := &rows[i]
		if c.hasCategory && passesAllBut(c, filters, dimCategory, "", true) {
			cats[catKey{c.categoryID, c.categoryName}]++
		}
		if passesAllBut(c, filters, dimVendor, "", true) {
			vendors[c.vendorID]++
		}
		if c.priceMin != nil && passesAllBut(c, filters, dimPrice, "", true) {
			for b, band := range priceBands {
				if *c.priceMin >= band[0] && (band[1] < 0 || *c.priceMin < band[1]) {
					bands[b]++
					break
				}
			}
		}
	}
	for k, n := range cats {
		out.Categories = append(out.Categories, FacetCount{Value: k.id.String(), Label: k.name, Count: n})
	}
	slices.SortFunc(out.Categories, func(a, b FacetCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Value, b.Value))
	})
	for id, n := range vendors {
		out.Vendors = append(out.Vendors, FacetCount{Value: id.String(), Count: n})
	}
	slices.SortFunc(out.Vendors, func(a, b FacetCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value)) })
	for b, n := range bands {
		if n > 0 {
			out.PriceBands = append(out.PriceBands, FacetCount{Value: bandLabel(priceBands[b]), Count: n})
		}
	}

	// Attribute values: keys without a filter over every filter (at most 500 values in all);
	// each filtered key over every filter but its own (500 each).
	filtered := make([]string, len(attrs))
	for i, a := range attrs {
		filtered[i] = a.key
	}
	type attrValue struct {
		key, value string
		count      int64
	}
	values := func(include func(c *candidate) bool, keep func(key string) bool) []attrValue {
		counts := map[[2]string]int64{}
		for i := range rows {
			c := &rows[i]
			if !include(c) {
				continue
			}
			for k, v := range c.attrs {
				if _, isNumber := v.(json.Number); isNumber || !keep(k) {
					continue
				}
				if text, ok := attrText(v); ok {
					counts[[2]string{k, text}]++
				}
			}
		}
		list := make([]attrValue, 0, len(counts))
		for kv, n := range counts {
			list = append(list, attrValue{kv[0], kv[1], n})
		}
		slices.SortFunc(list, func(a, b attrValue) int {
			return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(b.count, a.count), cmp.Compare(a.value, b.value))
		})
		return list[:min(len(list), 500)]
	}
	all := values(func(c *candidate) bool { return passesAll(c, filters) }, func(k string) bool { return !slices.Contains(filtered, k) })
	for _, a := range attrs {
		all = append(all, values(func(c *candidate) bool { return passesAllBut(c, filters, dimAttr, a.key, true) }, func(k string) bool { return k == a.key })...)
	}
	for _, v := range all {
		out.Attributes[v.key] = append(out.Attributes[v.key], FacetCount{Value: v.value, Count: v.count})
	}

	// Number ranges over every filter, at most 100 keys (the first by name).
	ranges := map[string][2]float64{}
	for i := range rows {
		c := &rows[i]
		if !passesAll(c, filters) {
			continue
		}
		for k, v := range c.attrs {
			n, isNumber := v.(json.Number)
			if !isNumber {
				continue
			}
			f, err := n.Float64()
			if err != nil {
				continue
			}
			if r, seen := ranges[k]; seen {
				ranges[k] = [2]float64{min(r[0], f), max(r[1], f)}
			} else {
				ranges[k] = [2]float64{f, f}
			}
		}
	}
	keys := make([]string, 0, len(ranges))
	for k := range ranges {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys[:min(len(keys), 100)] {
		out.NumberRange[k] = ranges[k]
	}
	return out
}
