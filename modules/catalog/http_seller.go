package catalog

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

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

type vendorPathInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
}

type createVendorCollectionInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     collectionBody
}

type updateVendorCollectionInput struct {
	VendorID     uuid.UUID `path:"vendor_id"`
	CollectionID uuid.UUID `path:"collection_id"`
	Body         collectionBody
}

type vendorCollectionPathInput struct {
	VendorID     uuid.UUID `path:"vendor_id"`
	CollectionID uuid.UUID `path:"collection_id"`
}

// sellerRoutes registers a shop's management of its own products, variants and collections.
func (h *handlers) sellerRoutes(api huma.API) {
	seller := []string{"Seller catalog"}
	sellerBase := "/api/v1/seller/vendors/{vendor_id}"

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-products", Method: http.MethodGet, Path: sellerBase + "/products", Tags: seller,
		Summary: "List my products", Description: "The shop's products in every status, newest first.", Security: access.Security(),
	}, h.sellerListProducts)

	huma.Register(api, huma.Operation{
		OperationID: "seller-create-product", Method: http.MethodPost, Path: sellerBase + "/products", Tags: seller,
		Summary:     "Create a product",
		Description: "Adds a product, optionally with its variants and their opening stock. It is listed once active (which needs a variant) while the shop is open.",
		Security:    access.Security(), DefaultStatus: http.StatusCreated,
	}, h.sellerCreateProduct)

	huma.Register(api, huma.Operation{
		OperationID: "seller-get-product", Method: http.MethodGet, Path: sellerBase + "/products/{product_id}", Tags: seller,
		Summary: "Get my product", Description: "One of the shop's products, in any status.", Security: access.Security(),
	}, h.sellerGetProduct)

	huma.Register(api, huma.Operation{
		OperationID: "seller-update-product", Method: http.MethodPatch, Path: sellerBase + "/products/{product_id}", Tags: seller,
		Summary: "Update a product", Description: "Absent fields are unchanged; status archived hides it for good.", Security: access.Security(),
	}, h.sellerUpdateProduct)

	huma.Register(api, huma.Operation{
		OperationID: "seller-add-variant", Method: http.MethodPost, Path: sellerBase + "/products/{product_id}/variants", Tags: seller,
		Summary: "Add a variant", Description: "Adds a variant with its opening stock; returns the product.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, h.sellerAddVariant)

	huma.Register(api, huma.Operation{
		OperationID: "seller-update-variant", Method: http.MethodPatch, Path: sellerBase + "/products/{product_id}/variants/{variant_id}", Tags: seller,
		Summary: "Update a variant", Description: "Price, SKU, options, weight, images; stock changes go through inventory adjustments.",
		Security: access.Security(),
	}, h.sellerUpdateVariant)

	huma.Register(api, huma.Operation{
		OperationID: "seller-delete-variant", Method: http.MethodDelete, Path: sellerBase + "/products/{product_id}/variants/{variant_id}", Tags: seller,
		Summary: "Delete a variant", Description: "Removes a variant and its stock records; an active product keeps one.", Security: access.Security(),
	}, h.sellerDeleteVariant)

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-collections", Method: http.MethodGet, Path: sellerBase + "/collections", Tags: seller,
		Summary: "List my collections", Description: "The shop's own collections.", Security: access.Security(),
	}, h.sellerListCollections)

	huma.Register(api, huma.Operation{
		OperationID: "seller-create-collection", Method: http.MethodPost, Path: sellerBase + "/collections", Tags: seller,
		Summary: "Create a collection", Description: "A collection of the shop's own products.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, h.sellerCreateCollection)

	huma.Register(api, huma.Operation{
		OperationID: "seller-update-collection", Method: http.MethodPatch, Path: sellerBase + "/collections/{collection_id}", Tags: seller,
		Summary: "Update a collection", Description: "product_ids replaces the list.", Security: access.Security(),
	}, h.sellerUpdateCollection)

	huma.Register(api, huma.Operation{
		OperationID: "seller-delete-collection", Method: http.MethodDelete, Path: sellerBase + "/collections/{collection_id}", Tags: seller,
		Summary: "Delete a collection", Description: "Removes one of the shop's collections.", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, h.sellerDeleteCollection)
}

func (h *handlers) sellerListProducts(ctx context.Context, in *sellerListInput) (*sellerListOutput, error) {
	ps, next, err := h.s.SellerProducts(ctx, in.VendorID, in.Status, in.Cursor, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &sellerListOutput{}
	out.Body.Items = h.s.productViews(ctx, ps)
	if next != "" {
		out.Body.NextCursor = &next
	}
	return out, nil
}

func (h *handlers) sellerCreateProduct(ctx context.Context, in *createProductInput) (*productOutput, error) {
	b := in.Body
	np := NewProduct{Title: b.Title, Slug: b.Slug, DescriptionHTML: b.DescriptionHTML, Status: b.Status, CategoryID: b.CategoryID,
		Tags: b.Tags, SEOTitle: b.SEOTitle, SEODescription: b.SEODescription, Options: b.Options, Attributes: b.Attributes,
		MediaIDs: b.MediaIDs, Variants: make([]NewVariant, len(b.Variants))}
	for i, v := range b.Variants {
		np.Variants[i] = v.newVariant()
	}
	return h.s.productOut(ctx)(h.s.CreateProduct(ctx, in.VendorID, np))
}

func (h *handlers) sellerGetProduct(ctx context.Context, in *sellerProductInput) (*productOutput, error) {
	return h.s.productOut(ctx)(h.s.SellerProduct(ctx, in.VendorID, in.ProductID))
}

func (h *handlers) sellerUpdateProduct(ctx context.Context, in *updateProductInput) (*productOutput, error) {
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
	return h.s.productOut(ctx)(h.s.UpdateProduct(ctx, in.VendorID, in.ProductID, c))
}

func (h *handlers) sellerAddVariant(ctx context.Context, in *addVariantInput) (*productOutput, error) {
	return h.s.productOut(ctx)(h.s.AddVariant(ctx, in.VendorID, in.ProductID, in.Body.newVariant()))
}

func (h *handlers) sellerUpdateVariant(ctx context.Context, in *updateVariantInput) (*productOutput, error) {
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
	return h.s.productOut(ctx)(h.s.UpdateVariant(ctx, in.VendorID, in.ProductID, in.VariantID, c))
}

func (h *handlers) sellerDeleteVariant(ctx context.Context, in *variantPathInput) (*productOutput, error) {
	return h.s.productOut(ctx)(h.s.DeleteVariant(ctx, in.VendorID, in.ProductID, in.VariantID))
}

func (h *handlers) sellerListCollections(ctx context.Context, in *vendorPathInput) (*collectionsOutput, error) {
	if err := h.s.authorizeOwner(ctx, &in.VendorID); err != nil {
		return nil, err
	}
	return collectionsOut(h.s.Collections(ctx, &in.VendorID))
}

func (h *handlers) sellerCreateCollection(ctx context.Context, in *createVendorCollectionInput) (*collectionOutput, error) {
	c, err := h.s.CreateCollection(ctx, &in.VendorID, in.Body.change())
	if err != nil {
		return nil, err
	}
	return &collectionOutput{Body: collectionView(c)}, nil
}

func (h *handlers) sellerUpdateCollection(ctx context.Context, in *updateVendorCollectionInput) (*collectionOutput, error) {
	c, err := h.s.UpdateCollection(ctx, &in.VendorID, in.CollectionID, in.Body.change())
	if err != nil {
		return nil, err
	}
	return &collectionOutput{Body: collectionView(c)}, nil
}

func (h *handlers) sellerDeleteCollection(ctx context.Context, in *vendorCollectionPathInput) (*struct{}, error) {
	return nil, h.s.DeleteCollection(ctx, &in.VendorID, in.CollectionID)
}
