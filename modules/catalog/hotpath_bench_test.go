package catalog

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/ids"
)

// BenchmarkSearchQueryBuilding measures turning a filtered search into SQL: parsing the
// attribute filters and building the one statement of the page and every facet.
func BenchmarkSearchQueryBuilding(b *testing.B) {
	lo, hi := int64(1000), int64(20000)
	f := Filter{Query: "wireless headphones", VendorID: ids.New(), PriceMin: &lo, PriceMax: &hi, InStock: true,
		Attributes: []string{"colour:black", "colour:white", "rating:3..5"}}
	b.ReportAllocs()
	for b.Loop() {
		attrs, err := parseAttributes(f.Attributes)
		if err != nil {
			b.Fatal(err)
		}
		p := plan{f: f, tsq: "(wireless) & (headphones)", attrs: attrs, categoryIDs: []uuid.UUID{ids.New(), ids.New()}}
		p.f.Sort, p.f.Limit = SortRelevance, 24
		if sql, args := searchStatement(p, cursorState{Sort: SortRelevance}, true); sql == "" || len(args) == 0 {
			b.Fatal("no statement")
		}
	}
}

// BenchmarkProductListSerialisation measures encoding a 24-product page as the api sends it.
func BenchmarkProductListSerialisation(b *testing.B) {
	page := make([]Summary, 24)
	cat := ids.New()
	for i := range page {
		page[i] = Summary{ID: ids.New(), VendorID: ids.New(), Slug: "wireless-headphones", Title: "Wireless Headphones",
			CategoryID: &cat, Tags: []string{"audio", "gift"}, Attributes: map[string]any{"colour": "black", "wireless": true, "rating": 4},
			Currency: "USD", PriceMin: 12900, PriceMax: 15900, InStock: true}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(summaryViews(page)); err != nil {
			b.Fatal(err)
		}
	}
}
