package catalog

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/ids"
)

// countingImages is an ImageResolver that counts its calls and gives every owner one image.
type countingImages struct {
	images, covers, variants int
	fail                     bool
}

func (c *countingImages) one(id uuid.UUID) ProductImage {
	return ProductImage{ID: id, Alt: "alt", Width: 10, Height: 10, URLs: map[string]string{"480": "/img/" + id.String()}}
}

func (c *countingImages) Images(_ context.Context, ids []uuid.UUID) (map[uuid.UUID][]ProductImage, error) {
	c.images++
	out := map[uuid.UUID][]ProductImage{}
	for _, id := range ids {
		out[id] = []ProductImage{c.one(id), c.one(id)}
	}
	return out, nil
}

func (c *countingImages) Covers(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]ProductImage, error) {
	c.covers++
	if c.fail {
		return nil, errors.New("media down")
	}
	out := map[uuid.UUID]ProductImage{}
	for _, id := range ids[1:] { // the first product has no image
		out[id] = c.one(id)
	}
	return out, nil
}

func (c *countingImages) VariantImages(_ context.Context, ids []uuid.UUID) (map[uuid.UUID][]ProductImage, error) {
	c.variants++
	out := map[uuid.UUID][]ProductImage{}
	for _, id := range ids {
		out[id] = []ProductImage{c.one(id)}
	}
	return out, nil
}

func TestSummaryCovers_OneBatchedLookupPerPage(t *testing.T) {
	page := make([]Summary, 24)
	for i := range page {
		page[i] = Summary{ID: ids.New(), VendorID: ids.New(), Title: "P"}
	}
	r := &countingImages{}
	s := NewService(Deps{Images: r})
	out := s.summaryViewsWithCovers(context.Background(), page)
	if r.covers != 1 || r.images != 0 || r.variants != 0 {
		t.Fatalf("lookups for a page of %d: covers %d, images %d, variants %d; want one covers call", len(page), r.covers, r.images, r.variants)
	}
	if len(out[0].Media) != 0 || out[0].Media == nil {
		t.Fatalf("imageless product: %#v", out[0].Media)
	}
	for i, v := range out[1:] {
		if len(v.Media) != 1 || v.Media[0].ID != page[i+1].ID.String() {
			t.Fatalf("cover of %d: %#v", i+1, v.Media)
		}
	}
	// An empty page asks nothing.
	s.summaryViewsWithCovers(context.Background(), nil)
	if r.covers != 1 {
		t.Fatalf("empty page looked images up")
	}
}

func TestProductViews_TwoLookupsWhateverTheCount(t *testing.T) {
	ps := make([]Product, 5)
	for i := range ps {
		ps[i] = Product{ID: ids.New(), Variants: []Variant{{ID: ids.New()}, {ID: ids.New()}}}
	}
	r := &countingImages{}
	out := NewService(Deps{Images: r}).productViews(context.Background(), ps)
	if r.images != 1 || r.variants != 1 || r.covers != 0 {
		t.Fatalf("lookups: images %d, variants %d, covers %d", r.images, r.variants, r.covers)
	}
	for i, v := range out {
		if len(v.Media) != 2 || len(v.Variants[1].Media) != 1 || v.Variants[1].Media[0].ID != ps[i].Variants[1].ID.String() {
			t.Fatalf("product %d: %#v", i, v)
		}
	}
}

func TestImages_NoResolverOrFailureShowsNone(t *testing.T) {
	page := []Summary{{ID: ids.New()}, {ID: ids.New()}}
	for _, s := range []*Service{NewService(Deps{}), NewService(Deps{Images: &countingImages{fail: true}})} {
		for _, v := range s.summaryViewsWithCovers(context.Background(), page) {
			if v.Media == nil || len(v.Media) != 0 {
				t.Fatalf("media: %#v", v.Media)
			}
		}
	}
	if v := NewService(Deps{}).productView(context.Background(), Product{ID: ids.New(), Variants: []Variant{{ID: ids.New()}}}); v.Media == nil || v.Variants[0].Media == nil {
		t.Fatalf("nil media arrays: %#v", v)
	}
}
