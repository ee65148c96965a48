package catalog

import (
	"time"

	"github.com/google/uuid"
)

// VariantView is a purchasable version of a product.
type VariantView struct {
	ID             string            `json:"id" format:"uuid"`
	SKU            string            `json:"sku" example:"AUR-WH-BLK"`
	Title          string            `json:"title" example:"Black"`
	OptionValues   map[string]string `json:"option_values" example:"{\"Colour\":\"Black\"}"`
	Price          int64             `json:"price" doc:"Minor units (cents)" example:"12900"`
	CompareAtPrice *int64            `json:"compare_at_price" doc:"Former price, minor units"`
	Currency       string            `json:"currency" example:"USD"`
	WeightGrams    int               `json:"weight_grams"`
	MediaIDs       []string          `json:"media_ids"`
	Media          []ImageView       `json:"media" doc:"The variant's ready images, in display order"`
	Position       int               `json:"position"`
	Available      int64             `json:"available" doc:"Units that can be bought now"`
	InStock        bool              `json:"in_stock"`
}

// ProductView is a product with its variants.
type ProductView struct {
	ID              string          `json:"id" format:"uuid"`
	VendorID        string          `json:"vendor_id" format:"uuid"`
	Slug            string          `json:"slug" example:"aurora-wireless-headphones"`
	Title           string          `json:"title" example:"Aurora Wireless Headphones"`
	DescriptionHTML string          `json:"description_html" doc:"Sanitised HTML"`
	Status          string          `json:"status" enum:"draft,active,archived"`
	CategoryID      *string         `json:"category_id" format:"uuid"`
	Tags            []string        `json:"tags"`
	SEOTitle        string          `json:"seo_title"`
	SEODescription  string          `json:"seo_description"`
	Options         []ProductOption `json:"options"`
	Attributes      map[string]any  `json:"attributes" doc:"Typed facts: string, number or boolean values"`
	MediaIDs        []string        `json:"media_ids"`
	Media           []ImageView     `json:"media" doc:"The product's ready images, in display order (the first is the cover)"`
	Currency        string          `json:"currency"`
	PriceMin        *int64          `json:"price_min"`
	PriceMax        *int64          `json:"price_max"`
	InStock         bool            `json:"in_stock"`
	Listed          bool            `json:"listed" doc:"Visible to buyers: active and the shop is open"`
	ModerationNote  string          `json:"moderation_note" doc:"Why the operator unpublished it"`
	PublishedAt     *time.Time      `json:"published_at"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	Variants        []VariantView   `json:"variants"`
}

func idStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

func optString(id *uuid.UUID) *string {
	if id == nil {
		return nil
	}
	s := id.String()
	return &s
}

// ViewOfProduct is the API view of p.
func ViewOfProduct(p Product) ProductView {
	v := ProductView{ID: p.ID.String(), VendorID: p.VendorID.String(), Slug: p.Slug, Title: p.Title, DescriptionHTML: p.DescriptionHTML,
		Status: p.Status, CategoryID: optString(p.CategoryID), Tags: p.Tags, SEOTitle: p.SEOTitle, SEODescription: p.SEODescription,
		Options: p.Options, Attributes: p.Attributes, MediaIDs: idStrings(p.MediaIDs), Media: []ImageView{}, Currency: p.Currency, PriceMin: p.PriceMin,
		PriceMax: p.PriceMax, InStock: p.InStock, Listed: p.Listed(), ModerationNote: p.ModerationNote, PublishedAt: p.PublishedAt,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Variants: make([]VariantView, len(p.Variants))}
	for i, vr := range p.Variants {
		v.Variants[i] = VariantView{ID: vr.ID.String(), SKU: vr.SKU, Title: vr.Title, OptionValues: vr.OptionValues, Price: vr.Price,
			CompareAtPrice: vr.CompareAtPrice, Currency: vr.Currency, WeightGrams: vr.WeightGrams, MediaIDs: idStrings(vr.MediaIDs),
			Media: []ImageView{}, Position: vr.Position, Available: max(vr.Available, 0), InStock: vr.Available > 0}
	}
	return v
}

// ProductSummaryView is a product in a list.
type ProductSummaryView struct {
	ID           string         `json:"id" format:"uuid"`
	VendorID     string         `json:"vendor_id" format:"uuid"`
	Slug         string         `json:"slug"`
	Title        string         `json:"title"`
	CategoryID   *string        `json:"category_id" format:"uuid"`
	Tags         []string       `json:"tags"`
	Attributes   map[string]any `json:"attributes"`
	CoverMediaID *string        `json:"cover_media_id" format:"uuid"`
	Media        []ImageView    `json:"media" doc:"The cover image only (the first ready image), or empty"`
	Currency     string         `json:"currency"`
	PriceMin     int64          `json:"price_min"`
	PriceMax     int64          `json:"price_max"`
	InStock      bool           `json:"in_stock"`
}

func summaryView(s Summary) ProductSummaryView {
	return ProductSummaryView{ID: s.ID.String(), VendorID: s.VendorID.String(), Slug: s.Slug, Title: s.Title, CategoryID: optString(s.CategoryID),
		Tags: s.Tags, Attributes: s.Attributes, CoverMediaID: optString(s.CoverMediaID), Media: []ImageView{}, Currency: s.Currency, PriceMin: s.PriceMin,
		PriceMax: s.PriceMax, InStock: s.InStock}
}

func summaryViews(in []Summary) []ProductSummaryView {
	out := make([]ProductSummaryView, len(in))
	for i, s := range in {
		out[i] = summaryView(s)
	}
	return out
}

// FacetValueView is one facet value with its count.
type FacetValueView struct {
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
	Count int64  `json:"count"`
}

// FacetRangeView is the span of a numeric attribute over the matches.
type FacetRangeView struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// FacetsView are the counts of the matches by dimension.
type FacetsView struct {
	Categories []FacetValueView            `json:"categories" doc:"Products per category (directly assigned); value is the category id"`
	Vendors    []FacetValueView            `json:"vendors" doc:"Products per vendor; value is the vendor id"`
	PriceBands []FacetValueView            `json:"price_bands" doc:"Products per price band, value lo..hi in minor units (usable as price_min/price_max)"`
	Attributes map[string][]FacetValueView `json:"attributes" doc:"Products per value of each string or boolean attribute"`
	Ranges     map[string]FacetRangeView   `json:"ranges" doc:"Span of each numeric attribute"`
}

func facetsView(f *Facets) *FacetsView {
	if f == nil {
		return nil
	}
	conv := func(in []FacetCount) []FacetValueView {
		out := make([]FacetValueView, len(in))
		for i, c := range in {
			out[i] = FacetValueView(c)
		}
		return out
	}
	v := &FacetsView{Categories: conv(f.Categories), Vendors: conv(f.Vendors), PriceBands: conv(f.PriceBands),
		Attributes: map[string][]FacetValueView{}, Ranges: map[string]FacetRangeView{}}
	for k, c := range f.Attributes {
		v.Attributes[k] = conv(c)
	}
	for k, r := range f.NumberRange {
		v.Ranges[k] = FacetRangeView{Min: r[0], Max: r[1]}
	}
	return v
}

// CategoryView is a node of the category tree.
type CategoryView struct {
	ID          string         `json:"id" format:"uuid"`
	ParentID    *string        `json:"parent_id" format:"uuid"`
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Position    int            `json:"position"`
	Children    []CategoryView `json:"children,omitempty"`
}

func categoryView(c Category) CategoryView {
	v := CategoryView{ID: c.ID.String(), ParentID: optString(c.ParentID), Slug: c.Slug, Name: c.Name, Description: c.Description, Position: c.Position}
	if len(c.Children) > 0 {
		v.Children = make([]CategoryView, len(c.Children))
		for i, ch := range c.Children {
			v.Children[i] = categoryView(*ch)
		}
	}
	return v
}

// CollectionView is a curated list of products.
type CollectionView struct {
	ID          string   `json:"id" format:"uuid"`
	VendorID    *string  `json:"vendor_id" format:"uuid" doc:"Null for the marketplace's own collections"`
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Featured    bool     `json:"featured"`
	ProductIDs  []string `json:"product_ids"`
}

func collectionView(c Collection) CollectionView {
	return CollectionView{ID: c.ID.String(), VendorID: optString(c.VendorID), Slug: c.Slug, Title: c.Title, Description: c.Description,
		Featured: c.Featured, ProductIDs: idStrings(c.ProductIDs)}
}
