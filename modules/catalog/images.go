package catalog

import (
	"context"
	"log/slog"

	"github.com/google/uuid"
)

// ProductImage is a ready image of a product or variant as the catalog shows it: links by
// rendition ("original", "160", "480", "1200").
type ProductImage struct {
	ID     uuid.UUID
	Alt    string
	Width  int
	Height int
	URLs   map[string]string
}

// ImageResolver finds the ready images of products and variants (module media, injected by the
// api). Each call answers a whole page in one batch, keyed by owner id, each in display order
// (the first is the cover); owners without images are absent.
type ImageResolver interface {
	// Images returns every ready image of each product.
	Images(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID][]ProductImage, error)
	// Covers returns the first ready image of each product.
	Covers(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID]ProductImage, error)
	// VariantImages returns every ready image of each variant.
	VariantImages(ctx context.Context, variantIDs []uuid.UUID) (map[uuid.UUID][]ProductImage, error)
}

// ImageView is an image in product views: the shape the web app reads (media[].urls).
type ImageView struct {
	ID     string            `json:"id" format:"uuid"`
	Alt    string            `json:"alt" doc:"Alternative text; empty when the seller gave none"`
	Width  int               `json:"width" doc:"Pixels of the original"`
	Height int               `json:"height" doc:"Pixels of the original"`
	URLs   map[string]string `json:"urls" doc:"Links by rendition: original, 160, 480, 1200 (widths in pixels; a thumbnail not made yet links to the original)"`
}

func imageView(im ProductImage) ImageView {
	return ImageView{ID: im.ID.String(), Alt: im.Alt, Width: im.Width, Height: im.Height, URLs: im.URLs}
}

func imageViews(in []ProductImage) []ImageView {
	out := make([]ImageView, len(in))
	for i, im := range in {
		out[i] = imageView(im)
	}
	return out
}

// Images are display enrichment: when the resolver fails, pages show no images rather than
// failing, and the error is logged.
func logImageError(ctx context.Context, what string, err error) {
	slog.WarnContext(ctx, "catalog: resolving images failed; showing none", "what", what, "error", err)
}

// productViews renders ps with their images and their variants' images: two batched lookups
// whatever the number of products.
func (s *Service) productViews(ctx context.Context, ps []Product) []ProductView {
	out := make([]ProductView, len(ps))
	for i, p := range ps {
		out[i] = ViewOfProduct(p)
	}
	r := s.d.Images
	if r == nil || len(ps) == 0 {
		return out
	}
	productIDs := make([]uuid.UUID, len(ps))
	var variantIDs []uuid.UUID
	for i, p := range ps {
		productIDs[i] = p.ID
		for _, v := range p.Variants {
			variantIDs = append(variantIDs, v.ID)
		}
	}
	if imgs, err := r.Images(ctx, productIDs); err != nil {
		logImageError(ctx, "products", err)
	} else {
		for i, p := range ps {
			out[i].Media = imageViews(imgs[p.ID])
		}
	}
	if len(variantIDs) == 0 {
		return out
	}
	vimgs, err := r.VariantImages(ctx, variantIDs)
	if err != nil {
		logImageError(ctx, "variants", err)
		return out
	}
	for i, p := range ps {
		for j, v := range p.Variants {
			out[i].Variants[j].Media = imageViews(vimgs[v.ID])
		}
	}
	return out
}

// productView renders one product with its images.
func (s *Service) productView(ctx context.Context, p Product) ProductView {
	return s.productViews(ctx, []Product{p})[0]
}

// summaryViewsWithCovers renders a page of summaries with each one's cover, fetched for the whole
// page in one call.
func (s *Service) summaryViewsWithCovers(ctx context.Context, in []Summary) []ProductSummaryView {
	out := summaryViews(in)
	if s.d.Images == nil || len(in) == 0 {
		return out
	}
	ids := make([]uuid.UUID, len(in))
	for i, x := range in {
		ids[i] = x.ID
	}
	covers, err := s.d.Images.Covers(ctx, ids)
	if err != nil {
		logImageError(ctx, "covers", err)
		return out
	}
	for i, x := range in {
		if c, ok := covers[x.ID]; ok {
			out[i].Media = []ImageView{imageView(c)}
		}
	}
	return out
}
