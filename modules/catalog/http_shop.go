package catalog

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
)

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

type categoriesOutput struct {
	Body struct {
		Items []CategoryView `json:"items"`
	}
}

type publicCollectionOutput struct {
	Body struct {
		CollectionView
		Products []ProductSummaryView `json:"products"`
	}
}

type getProductInput struct {
	Ref string `path:"ref" maxLength:"120" doc:"Product id or slug"`
}

type suggestInput struct {
	Q     string `query:"q" maxLength:"100"`
	Limit int    `query:"limit" minimum:"0" maximum:"20"`
}

type collectionSlugInput struct {
	Slug string `path:"slug" maxLength:"80"`
}

// shopRoutes registers what buyers and visitors read: the product list, product pages, search,
// categories and collections.
func (h *handlers) shopRoutes(api huma.API) {
	shop := []string{"Catalog"}
	search := []string{"Search"}

	huma.Register(api, huma.Operation{
		OperationID: "list-products", Method: http.MethodGet, Path: "/api/v1/products", Tags: shop,
		Summary:     "List products",
		Description: "Listed products (active, shop open), filtered and sorted, with an opaque cursor. On a storefront host, that shop's products only.",
	}, h.listProducts)

	huma.Register(api, huma.Operation{
		OperationID: "get-product", Method: http.MethodGet, Path: "/api/v1/products/{ref}", Tags: shop,
		Summary: "Get a product", Description: "A listed product by id or slug, with its variants and stock.",
	}, h.getProduct)

	huma.Register(api, huma.Operation{
		OperationID: "search-products", Method: http.MethodGet, Path: "/api/v1/search", Tags: search,
		Summary:     "Search products",
		Description: "Full-text search (title weighs more than tags, tags more than description) that tolerates typos, with the filters of the product list and facet counts for the current query.",
	}, h.searchProducts)

	huma.Register(api, huma.Operation{
		OperationID: "suggest-products", Method: http.MethodGet, Path: "/api/v1/search/suggest", Tags: search,
		Summary: "Autocomplete", Description: "Product titles and categories completing a partial query, typos tolerated.",
	}, h.suggestProducts)

	huma.Register(api, huma.Operation{
		OperationID: "list-categories", Method: http.MethodGet, Path: "/api/v1/categories", Tags: shop,
		Summary: "Category tree", Description: "The marketplace's categories, nested.",
	}, h.listCategories)

	huma.Register(api, huma.Operation{
		OperationID: "list-collections", Method: http.MethodGet, Path: "/api/v1/collections", Tags: shop,
		Summary: "List collections", Description: "The marketplace's collections, featured first; on a storefront host, that shop's.",
	}, h.listCollections)

	huma.Register(api, huma.Operation{
		OperationID: "get-collection", Method: http.MethodGet, Path: "/api/v1/collections/{slug}", Tags: shop,
		Summary: "Get a collection", Description: "A collection with its listed products, in the curator's order.",
	}, h.getCollection)
}

func (h *handlers) listProducts(ctx context.Context, in *listInput) (*listOutput, error) {
	return h.s.listPage(ctx, in, false)
}

func (h *handlers) getProduct(ctx context.Context, in *getProductInput) (*productOutput, error) {
	return h.s.productPage(ctx, in.Ref)
}

func (h *handlers) searchProducts(ctx context.Context, in *listInput) (*listOutput, error) {
	return h.s.listPage(ctx, in, true)
}

func (h *handlers) suggestProducts(ctx context.Context, in *suggestInput) (*suggestOutput, error) {
	ss, err := h.s.Suggest(ctx, in.Q, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &suggestOutput{}
	out.Body.Items = make([]SearchSuggestionView, len(ss))
	for i, x := range ss {
		out.Body.Items[i] = SearchSuggestionView{Kind: x.Kind, ID: x.ID.String(), Slug: x.Slug, Title: x.Title}
	}
	return out, nil
}

func (h *handlers) listCategories(ctx context.Context, _ *struct{}) (*categoriesOutput, error) {
	roots, err := h.s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := &categoriesOutput{}
	out.Body.Items = make([]CategoryView, len(roots))
	for i, c := range roots {
		out.Body.Items[i] = categoryView(*c)
	}
	return out, nil
}

func (h *handlers) listCollections(ctx context.Context, _ *struct{}) (*collectionsOutput, error) {
	return collectionsOut(h.s.PublicCollections(ctx))
}

func (h *handlers) getCollection(ctx context.Context, in *collectionSlugInput) (*publicCollectionOutput, error) {
	c, items, err := h.s.PublicCollection(ctx, in.Slug)
	if err != nil {
		return nil, err
	}
	out := &publicCollectionOutput{}
	out.Body.CollectionView = collectionView(c)
	out.Body.Products = h.s.summaryViewsWithCovers(ctx, items)
	return out, nil
}
