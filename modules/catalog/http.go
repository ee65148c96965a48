package catalog

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
)

// ---- views

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

// ---- inputs and outputs

type listInput struct {
	Q        string   `query:"q" maxLength:"200" doc:"Search text (typos tolerated)"`
	Category string   `query:"category" maxLength:"100" doc:"Category id or slug; products of its subcategories are included"`
	Vendor   string   `query:"vendor" doc:"Vendor id"`
	PriceMin string   `query:"price_min" doc:"Lowest price, minor units"`
	PriceMax string   `query:"price_max" doc:"Highest price, minor units"`
	Attr     []string `query:"attr,explode" doc:"Attribute filter, repeatable: key:value (several values of a key match any) or key:min..max for numbers"`
	InStock  bool     `query:"in_stock" doc:"Only products that can be bought now"`
	Sort     string   `query:"sort" enum:"relevance,newest,price_asc,price_desc," doc:"Default: relevance with q, else newest"`
	Cursor   string   `query:"cursor" maxLength:"500" doc:"next_cursor of the previous page"`
	Limit    int      `query:"limit" minimum:"0" maximum:"100" doc:"Page size, 1 to 100 (default 24)"`
}

func parseMinor(field, s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, errs.Invalid(field, "must be a whole number of minor units")
	}
	return &n, nil
}

func (in listInput) filter() (Filter, error) {
	f := Filter{Query: in.Q, Category: in.Category, Attributes: in.Attr, InStock: in.InStock, Sort: in.Sort, Cursor: in.Cursor, Limit: in.Limit}
	var err error
	if in.Vendor != "" {
		if f.VendorID, err = uuid.Parse(in.Vendor); err != nil {
			return f, errs.Invalid("query.vendor", "must be a vendor id")
		}
	}
	if f.PriceMin, err = parseMinor("query.price_min", in.PriceMin); err != nil {
		return f, err
	}
	if f.PriceMax, err = parseMinor("query.price_max", in.PriceMax); err != nil {
		return f, err
	}
	return f, nil
}

type listOutput struct {
	Body struct {
		Items      []ProductSummaryView `json:"items"`
		NextCursor *string              `json:"next_cursor"`
		Facets     *FacetsView          `json:"facets,omitempty"`
	}
}

func (s *Service) resultOutput(ctx context.Context, r Result) *listOutput {
	out := &listOutput{}
	out.Body.Items = s.summaryViewsWithCovers(ctx, r.Items)
	if r.NextCursor != "" {
		out.Body.NextCursor = &r.NextCursor
	}
	out.Body.Facets = facetsView(r.Facets)
	return out
}

type productOutput struct{ Body ProductView }

// productPage is GET /products/{ref}: a listed product as the shop shows it, through the read
// cache (keyed by the storefront the request came on, since a storefront shows only its shop).
func (s *Service) productPage(ctx context.Context, ref string) (*productOutput, error) {
	if id, err := uuid.Parse(ref); err == nil {
		ref = id.String()
	} else {
		ref = strings.ToLower(ref)
	}
	return cachedRead(ctx, s.reads, readProduct, storefrontOf(ctx)+"|"+ref, func() (*productOutput, uuid.UUID, error) {
		p, err := s.Product(ctx, ref)
		if err != nil {
			return nil, uuid.Nil, err
		}
		return &productOutput{Body: s.productView(ctx, p)}, p.ID, nil
	})
}

// listPage is GET /products (and, withFacets, GET /search) through the read cache.
func (s *Service) listPage(ctx context.Context, in *listInput, withFacets bool) (*listOutput, error) {
	f, err := in.filter()
	if err != nil {
		return nil, err
	}
	return cachedRead(ctx, s.reads, readList, listKey(storefrontOf(ctx), f, withFacets), func() (*listOutput, uuid.UUID, error) {
		r, err := s.Products(ctx, f, withFacets)
		if err != nil {
			return nil, uuid.Nil, err
		}
		return s.resultOutput(ctx, r), uuid.Nil, nil
	})
}

// storefrontOf is the storefront slug of the request's host ("" on the marketplace's own).
func storefrontOf(ctx context.Context) string {
	site, _ := tenants.SiteFromContext(ctx)
	return site.Storefront
}

// listKey identifies a list request: everything that changes the answer, in a fixed order.
func listKey(storefront string, f Filter, withFacets bool) string {
	attrs := slices.Clone(f.Attributes)
	slices.Sort(attrs)
	var b strings.Builder
	b.Grow(128)
	b.WriteString(storefront)
	for _, part := range []string{f.Query, f.Category, f.VendorID.String(), optInt(f.PriceMin), optInt(f.PriceMax),
		strings.Join(attrs, "\x00"), strconv.FormatBool(f.InStock), f.Sort, f.Cursor, strconv.Itoa(f.Limit), strconv.FormatBool(withFacets)} {
		b.WriteByte(0)
		b.WriteString(part)
	}
	return b.String()
}

func optInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

type suggestOutput struct {
	Body struct {
		Items []SearchSuggestionView `json:"items"`
	}
}

// SearchSuggestionView is an autocomplete entry.
type SearchSuggestionView struct {
	Kind  string `json:"kind" enum:"product,category"`
	ID    string `json:"id" format:"uuid"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

type variantBody struct {
	SKU               string            `json:"sku" maxLength:"64"`
	Title             string            `json:"title,omitempty" maxLength:"200" doc:"Defaults to the option values"`
	OptionValues      map[string]string `json:"option_values,omitempty" doc:"One value of each product option"`
	Price             int64             `json:"price" minimum:"0" maximum:"100000000000" doc:"Minor units"`
	CompareAtPrice    *int64            `json:"compare_at_price,omitempty" minimum:"0" maximum:"100000000000"`
	WeightGrams       int               `json:"weight_grams,omitempty" minimum:"0" maximum:"10000000"`
	MediaIDs          []uuid.UUID       `json:"media_ids,omitempty"`
	Stock             int64             `json:"stock,omitempty" minimum:"0" maximum:"1000000000" doc:"Opening stock at the default location"`
	LowStockThreshold int64             `json:"low_stock_threshold,omitempty" minimum:"0" maximum:"1000000000"`
}

func (b variantBody) newVariant() NewVariant {
	return NewVariant(b)
}

type createProductInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		Title           string          `json:"title" maxLength:"200" example:"Aurora Wireless Headphones"`
		Slug            string          `json:"slug,omitempty" maxLength:"120" doc:"Defaults to one made from the title"`
		DescriptionHTML string          `json:"description_html,omitempty" doc:"HTML; sanitised (scripts, handlers and unsafe URLs removed)"`
		Status          string          `json:"status,omitempty" enum:"draft,active,archived," doc:"Default draft"`
		CategoryID      *uuid.UUID      `json:"category_id,omitempty"`
		Tags            []string        `json:"tags,omitempty"`
		SEOTitle        string          `json:"seo_title,omitempty" maxLength:"70"`
		SEODescription  string          `json:"seo_description,omitempty" maxLength:"320"`
		Options         []ProductOption `json:"options,omitempty"`
		Attributes      map[string]any  `json:"attributes,omitempty"`
		MediaIDs        []uuid.UUID     `json:"media_ids,omitempty" doc:"Images from module media, cover first"`
		Variants        []variantBody   `json:"variants,omitempty"`
	}
}

type updateProductInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	ProductID uuid.UUID `path:"product_id"`
	Body      struct {
		Title           *string          `json:"title,omitempty" maxLength:"200"`
		Slug            *string          `json:"slug,omitempty" maxLength:"120"`
		DescriptionHTML *string          `json:"description_html,omitempty"`
		Status          *string          `json:"status,omitempty" enum:"draft,active,archived"`
		CategoryID      *string          `json:"category_id,omitempty" doc:"Empty string clears it"`
		Tags            *[]string        `json:"tags,omitempty"`
		SEOTitle        *string          `json:"seo_title,omitempty" maxLength:"70"`
		SEODescription  *string          `json:"seo_description,omitempty" maxLength:"320"`
		Options         *[]ProductOption `json:"options,omitempty"`
		Attributes      *map[string]any  `json:"attributes,omitempty"`
		MediaIDs        *[]uuid.UUID     `json:"media_ids,omitempty"`
	}
}

type sellerProductInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	ProductID uuid.UUID `path:"product_id"`
}

type sellerListInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Status   string    `query:"status" enum:"draft,active,archived,"`
	Cursor   string    `query:"cursor" maxLength:"500"`
	Limit    int       `query:"limit" minimum:"0" maximum:"100"`
}

type sellerListOutput struct {
	Body struct {
		Items      []ProductView `json:"items"`
		NextCursor *string       `json:"next_cursor"`
	}
}

type addVariantInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	ProductID uuid.UUID `path:"product_id"`
	Body      variantBody
}

type updateVariantInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	ProductID uuid.UUID `path:"product_id"`
	VariantID uuid.UUID `path:"variant_id"`
	Body      struct {
		SKU            *string            `json:"sku,omitempty" maxLength:"64"`
		Title          *string            `json:"title,omitempty" maxLength:"200"`
		OptionValues   *map[string]string `json:"option_values,omitempty"`
		Price          *int64             `json:"price,omitempty" minimum:"0" maximum:"100000000000"`
		CompareAtPrice *int64             `json:"compare_at_price,omitempty" minimum:"-1" maximum:"100000000000" doc:"-1 clears it"`
		WeightGrams    *int               `json:"weight_grams,omitempty" minimum:"0" maximum:"10000000"`
		MediaIDs       *[]uuid.UUID       `json:"media_ids,omitempty"`
		Position       *int               `json:"position,omitempty" minimum:"0" maximum:"10000"`
	}
}

type variantPathInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	ProductID uuid.UUID `path:"product_id"`
	VariantID uuid.UUID `path:"variant_id"`
}

type unpublishInput struct {
	ProductID uuid.UUID `path:"product_id"`
	Body      struct {
		Reason string `json:"reason" maxLength:"1000" doc:"Shown to the vendor"`
	}
}

type categoriesOutput struct {
	Body struct {
		Items []CategoryView `json:"items"`
	}
}

type categoryBody struct {
	ParentID    *string `json:"parent_id,omitempty" doc:"Empty string for the top level"`
	Slug        *string `json:"slug,omitempty" maxLength:"80"`
	Name        *string `json:"name,omitempty" maxLength:"100"`
	Description *string `json:"description,omitempty" maxLength:"2000"`
	Position    *int    `json:"position,omitempty" minimum:"0" maximum:"100000"`
}

func (b categoryBody) change() (CategoryChange, error) {
	c := CategoryChange{Slug: b.Slug, Name: b.Name, Description: b.Description, Position: b.Position}
	if b.ParentID != nil {
		id := uuid.Nil
		if *b.ParentID != "" {
			var err error
			if id, err = uuid.Parse(*b.ParentID); err != nil {
				return c, errs.Invalid("body.parent_id", "must be a category id or empty")
			}
		}
		c.ParentID = &id
	}
	return c, nil
}

type createCategoryInput struct{ Body categoryBody }

type updateCategoryInput struct {
	CategoryID uuid.UUID `path:"category_id"`
	Body       categoryBody
}

type categoryOutput struct{ Body CategoryView }

type collectionBody struct {
	Slug        *string      `json:"slug,omitempty" maxLength:"80"`
	Title       *string      `json:"title,omitempty" maxLength:"100"`
	Description *string      `json:"description,omitempty" maxLength:"2000"`
	Featured    *bool        `json:"featured,omitempty"`
	ProductIDs  *[]uuid.UUID `json:"product_ids,omitempty" doc:"Replaces the list, in order"`
}

func (b collectionBody) change() CollectionChange {
	return CollectionChange(b)
}

type collectionsOutput struct {
	Body struct {
		Items []CollectionView `json:"items"`
	}
}

type collectionOutput struct{ Body CollectionView }

type publicCollectionOutput struct {
	Body struct {
		CollectionView
		Products []ProductSummaryView `json:"products"`
	}
}

func collectionsOut(cs []Collection, err error) (*collectionsOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &collectionsOutput{}
	out.Body.Items = make([]CollectionView, len(cs))
	for i, c := range cs {
		out.Body.Items[i] = collectionView(c)
	}
	return out, nil
}

// productOut renders a service call's product with its images for a response:
// s.productOut(ctx)(s.Product(ctx, ref)).
func (s *Service) productOut(ctx context.Context) func(Product, error) (*productOutput, error) {
	return func(p Product, err error) (*productOutput, error) {
		if err != nil {
			return nil, err
		}
		return &productOutput{Body: s.productView(ctx, p)}, nil
	}
}

// Routes registers the catalog's operations, search included.
func Routes(api huma.API, s *Service) {
	shop := []string{"Catalog"}
	search := []string{"Search"}
	seller := []string{"Seller catalog"}
	admin := []string{"Operator console"}
	sellerBase := "/api/v1/seller/vendors/{vendor_id}"

	huma.Register(api, huma.Operation{
		OperationID: "list-products", Method: http.MethodGet, Path: "/api/v1/products", Tags: shop,
		Summary:     "List products",
		Description: "Listed products (active, shop open), filtered and sorted, with an opaque cursor. On a storefront host, that shop's products only.",
	}, func(ctx context.Context, in *listInput) (*listOutput, error) {
		return s.listPage(ctx, in, false)
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-product", Method: http.MethodGet, Path: "/api/v1/products/{ref}", Tags: shop,
		Summary: "Get a product", Description: "A listed product by id or slug, with its variants and stock.",
	}, func(ctx context.Context, in *struct {
		Ref string `path:"ref" maxLength:"120" doc:"Product id or slug"`
	}) (*productOutput, error) {
		return s.productPage(ctx, in.Ref)
	})

	huma.Register(api, huma.Operation{
		OperationID: "search-products", Method: http.MethodGet, Path: "/api/v1/search", Tags: search,
		Summary:     "Search products",
		Description: "Full-text search (title weighs more than tags, tags more than description) that tolerates typos, with the filters of the product list and facet counts for the current query.",
	}, func(ctx context.Context, in *listInput) (*listOutput, error) {
		return s.listPage(ctx, in, true)
	})

	huma.Register(api, huma.Operation{
		OperationID: "suggest-products", Method: http.MethodGet, Path: "/api/v1/search/suggest", Tags: search,
		Summary: "Autocomplete", Description: "Product titles and categories completing a partial query, typos tolerated.",
	}, func(ctx context.Context, in *struct {
		Q     string `query:"q" maxLength:"100"`
		Limit int    `query:"limit" minimum:"0" maximum:"20"`
	}) (*suggestOutput, error) {
		ss, err := s.Suggest(ctx, in.Q, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &suggestOutput{}
		out.Body.Items = make([]SearchSuggestionView, len(ss))
		for i, x := range ss {
			out.Body.Items[i] = SearchSuggestionView{Kind: x.Kind, ID: x.ID.String(), Slug: x.Slug, Title: x.Title}
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-categories", Method: http.MethodGet, Path: "/api/v1/categories", Tags: shop,
		Summary: "Category tree", Description: "The marketplace's categories, nested.",
	}, func(ctx context.Context, _ *struct{}) (*categoriesOutput, error) {
		roots, err := s.Categories(ctx)
		if err != nil {
			return nil, err
		}
		out := &categoriesOutput{}
		out.Body.Items = make([]CategoryView, len(roots))
		for i, c := range roots {
			out.Body.Items[i] = categoryView(*c)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-collections", Method: http.MethodGet, Path: "/api/v1/collections", Tags: shop,
		Summary: "List collections", Description: "The marketplace's collections, featured first; on a storefront host, that shop's.",
	}, func(ctx context.Context, _ *struct{}) (*collectionsOutput, error) {
		return collectionsOut(s.PublicCollections(ctx))
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-collection", Method: http.MethodGet, Path: "/api/v1/collections/{slug}", Tags: shop,
		Summary: "Get a collection", Description: "A collection with its listed products, in the curator's order.",
	}, func(ctx context.Context, in *struct {
		Slug string `path:"slug" maxLength:"80"`
	}) (*publicCollectionOutput, error) {
		c, items, err := s.PublicCollection(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		out := &publicCollectionOutput{}
		out.Body.CollectionView = collectionView(c)
		out.Body.Products = s.summaryViewsWithCovers(ctx, items)
		return out, nil
	})

	// ---- seller

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-products", Method: http.MethodGet, Path: sellerBase + "/products", Tags: seller,
		Summary: "List my products", Description: "The shop's products in every status, newest first.", Security: access.Security(),
	}, func(ctx context.Context, in *sellerListInput) (*sellerListOutput, error) {
		ps, next, err := s.SellerProducts(ctx, in.VendorID, in.Status, in.Cursor, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &sellerListOutput{}
		out.Body.Items = s.productViews(ctx, ps)
		if next != "" {
			out.Body.NextCursor = &next
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-create-product", Method: http.MethodPost, Path: sellerBase + "/products", Tags: seller,
		Summary:     "Create a product",
		Description: "Adds a product, optionally with its variants and their opening stock. It is listed once active (which needs a variant) while the shop is open.",
		Security:    access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createProductInput) (*productOutput, error) {
		b := in.Body
		np := NewProduct{Title: b.Title, Slug: b.Slug, DescriptionHTML: b.DescriptionHTML, Status: b.Status, CategoryID: b.CategoryID,
			Tags: b.Tags, SEOTitle: b.SEOTitle, SEODescription: b.SEODescription, Options: b.Options, Attributes: b.Attributes,
			MediaIDs: b.MediaIDs, Variants: make([]NewVariant, len(b.Variants))}
		for i, v := range b.Variants {
			np.Variants[i] = v.newVariant()
		}
		return s.productOut(ctx)(s.CreateProduct(ctx, in.VendorID, np))
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-get-product", Method: http.MethodGet, Path: sellerBase + "/products/{product_id}", Tags: seller,
		Summary: "Get my product", Description: "One of the shop's products, in any status.", Security: access.Security(),
	}, func(ctx context.Context, in *sellerProductInput) (*productOutput, error) {
		return s.productOut(ctx)(s.SellerProduct(ctx, in.VendorID, in.ProductID))
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-update-product", Method: http.MethodPatch, Path: sellerBase + "/products/{product_id}", Tags: seller,
		Summary: "Update a product", Description: "Absent fields are unchanged; status archived hides it for good.", Security: access.Security(),
	}, func(ctx context.Context, in *updateProductInput) (*productOutput, error) {
		b := in.Body
		c := ProductChange{Title: b.Title, Slug: b.Slug, DescriptionHTML: b.DescriptionHTML, Status: b.Status, Tags: b.Tags,
			SEOTitle: b.SEOTitle, SEODescription: b.SEODescription, Options: b.Options, Attributes: b.Attributes, MediaIDs: b.MediaIDs}
		if b.CategoryID != nil {
			id := uuid.Nil
			if *b.CategoryID != "" {
				var err error
				if id, err = uuid.Parse(*b.CategoryID); err != nil {
					return nil, errs.Invalid("body.category_id", "must be a category id or empty")
				}
			}
			c.CategoryID = &id
		}
		return s.productOut(ctx)(s.UpdateProduct(ctx, in.VendorID, in.ProductID, c))
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-add-variant", Method: http.MethodPost, Path: sellerBase + "/products/{product_id}/variants", Tags: seller,
		Summary: "Add a variant", Description: "Adds a variant with its opening stock; returns the product.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *addVariantInput) (*productOutput, error) {
		return s.productOut(ctx)(s.AddVariant(ctx, in.VendorID, in.ProductID, in.Body.newVariant()))
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-update-variant", Method: http.MethodPatch, Path: sellerBase + "/products/{product_id}/variants/{variant_id}", Tags: seller,
		Summary: "Update a variant", Description: "Price, SKU, options, weight, images; stock changes go through inventory adjustments.",
		Security: access.Security(),
	}, func(ctx context.Context, in *updateVariantInput) (*productOutput, error) {
		b := in.Body
		c := VariantChange{SKU: b.SKU, Title: b.Title, OptionValues: b.OptionValues, Price: b.Price, WeightGrams: b.WeightGrams,
			MediaIDs: b.MediaIDs, Position: b.Position}
		if b.CompareAtPrice != nil {
			v := b.CompareAtPrice
			if *v == -1 {
				v = nil
			}
			c.CompareAtPrice = &v
		}
		return s.productOut(ctx)(s.UpdateVariant(ctx, in.VendorID, in.ProductID, in.VariantID, c))
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-delete-variant", Method: http.MethodDelete, Path: sellerBase + "/products/{product_id}/variants/{variant_id}", Tags: seller,
		Summary: "Delete a variant", Description: "Removes a variant and its stock records; an active product keeps one.", Security: access.Security(),
	}, func(ctx context.Context, in *variantPathInput) (*productOutput, error) {
		return s.productOut(ctx)(s.DeleteVariant(ctx, in.VendorID, in.ProductID, in.VariantID))
	})

	vendorCollections := func(id uuid.UUID) *uuid.UUID { return &id }
	huma.Register(api, huma.Operation{
		OperationID: "seller-list-collections", Method: http.MethodGet, Path: sellerBase + "/collections", Tags: seller,
		Summary: "List my collections", Description: "The shop's own collections.", Security: access.Security(),
	}, func(ctx context.Context, in *struct {
		VendorID uuid.UUID `path:"vendor_id"`
	}) (*collectionsOutput, error) {
		if err := s.authorizeOwner(ctx, &in.VendorID); err != nil {
			return nil, err
		}
		return collectionsOut(s.Collections(ctx, vendorCollections(in.VendorID)))
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-create-collection", Method: http.MethodPost, Path: sellerBase + "/collections", Tags: seller,
		Summary: "Create a collection", Description: "A collection of the shop's own products.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *struct {
		VendorID uuid.UUID `path:"vendor_id"`
		Body     collectionBody
	}) (*collectionOutput, error) {
		c, err := s.CreateCollection(ctx, vendorCollections(in.VendorID), in.Body.change())
		if err != nil {
			return nil, err
		}
		return &collectionOutput{Body: collectionView(c)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-update-collection", Method: http.MethodPatch, Path: sellerBase + "/collections/{collection_id}", Tags: seller,
		Summary: "Update a collection", Description: "product_ids replaces the list.", Security: access.Security(),
	}, func(ctx context.Context, in *struct {
		VendorID     uuid.UUID `path:"vendor_id"`
		CollectionID uuid.UUID `path:"collection_id"`
		Body         collectionBody
	}) (*collectionOutput, error) {
		c, err := s.UpdateCollection(ctx, vendorCollections(in.VendorID), in.CollectionID, in.Body.change())
		if err != nil {
			return nil, err
		}
		return &collectionOutput{Body: collectionView(c)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-delete-collection", Method: http.MethodDelete, Path: sellerBase + "/collections/{collection_id}", Tags: seller,
		Summary: "Delete a collection", Description: "Removes one of the shop's collections.", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *struct {
		VendorID     uuid.UUID `path:"vendor_id"`
		CollectionID uuid.UUID `path:"collection_id"`
	}) (*struct{}, error) {
		return nil, s.DeleteCollection(ctx, vendorCollections(in.VendorID), in.CollectionID)
	})

	// ---- operator

	huma.Register(api, huma.Operation{
		OperationID: "admin-unpublish-product", Method: http.MethodPost, Path: "/api/v1/admin/products/{product_id}/unpublish", Tags: admin,
		Summary: "Unpublish a product", Description: "Takes any product out of listings (back to draft) with a note its shop sees.",
		Security: access.Security(),
	}, func(ctx context.Context, in *unpublishInput) (*productOutput, error) {
		return s.productOut(ctx)(s.Unpublish(ctx, in.ProductID, in.Body.Reason))
	})

	huma.Register(api, huma.Operation{
		OperationID: "admin-create-category", Method: http.MethodPost, Path: "/api/v1/admin/categories", Tags: admin,
		Summary: "Create a category", Description: "Adds a category, at the top level or under parent_id.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createCategoryInput) (*categoryOutput, error) {
		c, err := in.Body.change()
		if err != nil {
			return nil, err
		}
		cat, err := s.CreateCategory(ctx, c)
		if err != nil {
			return nil, err
		}
		return &categoryOutput{Body: categoryView(cat)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-update-category", Method: http.MethodPatch, Path: "/api/v1/admin/categories/{category_id}", Tags: admin,
		Summary: "Update a category", Description: "Rename, move (parent_id) or reorder a category.", Security: access.Security(),
	}, func(ctx context.Context, in *updateCategoryInput) (*categoryOutput, error) {
		c, err := in.Body.change()
		if err != nil {
			return nil, err
		}
		cat, err := s.UpdateCategory(ctx, in.CategoryID, c)
		if err != nil {
			return nil, err
		}
		return &categoryOutput{Body: categoryView(cat)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-delete-category", Method: http.MethodDelete, Path: "/api/v1/admin/categories/{category_id}", Tags: admin,
		Summary: "Delete a category", Description: "Only empty categories (no subcategories, no products).", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *struct {
		CategoryID uuid.UUID `path:"category_id"`
	}) (*struct{}, error) {
		return nil, s.DeleteCategory(ctx, in.CategoryID)
	})

	huma.Register(api, huma.Operation{
		OperationID: "admin-list-collections", Method: http.MethodGet, Path: "/api/v1/admin/collections", Tags: admin,
		Summary: "List marketplace collections", Description: "The operator's collections.", Security: access.Security(),
	}, func(ctx context.Context, _ *struct{}) (*collectionsOutput, error) {
		return collectionsOut(s.Collections(ctx, nil))
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-create-collection", Method: http.MethodPost, Path: "/api/v1/admin/collections", Tags: admin,
		Summary: "Create a marketplace collection", Description: "Curated across shops; featured ones lead the home page.",
		Security: access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *struct{ Body collectionBody }) (*collectionOutput, error) {
		c, err := s.CreateCollection(ctx, nil, in.Body.change())
		if err != nil {
			return nil, err
		}
		return &collectionOutput{Body: collectionView(c)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-update-collection", Method: http.MethodPatch, Path: "/api/v1/admin/collections/{collection_id}", Tags: admin,
		Summary: "Update a marketplace collection", Description: "product_ids replaces the list.", Security: access.Security(),
	}, func(ctx context.Context, in *struct {
		CollectionID uuid.UUID `path:"collection_id"`
		Body         collectionBody
	}) (*collectionOutput, error) {
		c, err := s.UpdateCollection(ctx, nil, in.CollectionID, in.Body.change())
		if err != nil {
			return nil, err
		}
		return &collectionOutput{Body: collectionView(c)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-delete-collection", Method: http.MethodDelete, Path: "/api/v1/admin/collections/{collection_id}", Tags: admin,
		Summary: "Delete a marketplace collection", Description: "Removes the collection (not its products).", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *struct {
		CollectionID uuid.UUID `path:"collection_id"`
	}) (*struct{}, error) {
		return nil, s.DeleteCollection(ctx, nil, in.CollectionID)
	})
}
