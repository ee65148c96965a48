package catalog

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

type unpublishInput struct {
	ProductID uuid.UUID `path:"product_id"`
	Body      struct {
		Reason string `json:"reason" maxLength:"1000" doc:"Shown to the vendor"`
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

type categoryPathInput struct {
	CategoryID uuid.UUID `path:"category_id"`
}

type createCollectionInput struct{ Body collectionBody }

type updateCollectionInput struct {
	CollectionID uuid.UUID `path:"collection_id"`
	Body         collectionBody
}

type collectionPathInput struct {
	CollectionID uuid.UUID `path:"collection_id"`
}

// operatorRoutes registers the operator console's moderation of products and its management of
// the category tree and the marketplace's own collections.
func (h *handlers) operatorRoutes(api huma.API) {
	admin := []string{"Operator console"}

	huma.Register(api, huma.Operation{
		OperationID: "admin-unpublish-product", Method: http.MethodPost, Path: "/api/v1/admin/products/{product_id}/unpublish", Tags: admin,
		Summary: "Unpublish a product", Description: "Takes any product out of listings (back to draft) with a note its shop sees.",
		Security: access.Security(),
	}, h.adminUnpublishProduct)

	huma.Register(api, huma.Operation{
		OperationID: "admin-create-category", Method: http.MethodPost, Path: "/api/v1/admin/categories", Tags: admin,
		Summary: "Create a category", Description: "Adds a category, at the top level or under parent_id.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, h.adminCreateCategory)

	huma.Register(api, huma.Operation{
		OperationID: "admin-update-category", Method: http.MethodPatch, Path: "/api/v1/admin/categories/{category_id}", Tags: admin,
		Summary: "Update a category", Description: "Rename, move (parent_id) or reorder a category.", Security: access.Security(),
	}, h.adminUpdateCategory)

	huma.Register(api, huma.Operation{
		OperationID: "admin-delete-category", Method: http.MethodDelete, Path: "/api/v1/admin/categories/{category_id}", Tags: admin,
		Summary: "Delete a category", Description: "Only empty categories (no subcategories, no products).", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, h.adminDeleteCategory)

	huma.Register(api, huma.Operation{
		OperationID: "admin-list-collections", Method: http.MethodGet, Path: "/api/v1/admin/collections", Tags: admin,
		Summary: "List marketplace collections", Description: "The operator's collections.", Security: access.Security(),
	}, h.adminListCollections)

	huma.Register(api, huma.Operation{
		OperationID: "admin-create-collection", Method: http.MethodPost, Path: "/api/v1/admin/collections", Tags: admin,
		Summary: "Create a marketplace collection", Description: "Curated across shops; featured ones lead the home page.",
		Security: access.Security(), DefaultStatus: http.StatusCreated,
	}, h.adminCreateCollection)

	huma.Register(api, huma.Operation{
		OperationID: "admin-update-collection", Method: http.MethodPatch, Path: "/api/v1/admin/collections/{collection_id}", Tags: admin,
		Summary: "Update a marketplace collection", Description: "product_ids replaces the list.", Security: access.Security(),
	}, h.adminUpdateCollection)

	huma.Register(api, huma.Operation{
		OperationID: "admin-delete-collection", Method: http.MethodDelete, Path: "/api/v1/admin/collections/{collection_id}", Tags: admin,
		Summary: "Delete a marketplace collection", Description: "Removes the collection (not its products).", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, h.adminDeleteCollection)
}

func (h *handlers) adminUnpublishProduct(ctx context.Context, in *unpublishInput) (*productOutput, error) {
	return h.s.productOut(ctx)(h.s.Unpublish(ctx, in.ProductID, in.Body.Reason))
}

func (h *handlers) adminCreateCategory(ctx context.Context, in *createCategoryInput) (*categoryOutput, error) {
	c, err := in.Body.change()
	if err != nil {
		return nil, err
	}
	cat, err := h.s.CreateCategory(ctx, c)
	if err != nil {
		return nil, err
	}
	return &categoryOutput{Body: categoryView(cat)}, nil
}

func (h *handlers) adminUpdateCategory(ctx context.Context, in *updateCategoryInput) (*categoryOutput, error) {
	c, err := in.Body.change()
	if err != nil {
		return nil, err
	}
	cat, err := h.s.UpdateCategory(ctx, in.CategoryID, c)
	if err != nil {
		return nil, err
	}
	return &categoryOutput{Body: categoryView(cat)}, nil
}

func (h *handlers) adminDeleteCategory(ctx context.Context, in *categoryPathInput) (*struct{}, error) {
	return nil, h.s.DeleteCategory(ctx, in.CategoryID)
}

func (h *handlers) adminListCollections(ctx context.Context, _ *struct{}) (*collectionsOutput, error) {
	return collectionsOut(h.s.Collections(ctx, nil))
}

func (h *handlers) adminCreateCollection(ctx context.Context, in *createCollectionInput) (*collectionOutput, error) {
	c, err := h.s.CreateCollection(ctx, nil, in.Body.change())
	if err != nil {
		return nil, err
	}
	return &collectionOutput{Body: collectionView(c)}, nil
}

func (h *handlers) adminUpdateCollection(ctx context.Context, in *updateCollectionInput) (*collectionOutput, error) {
	c, err := h.s.UpdateCollection(ctx, nil, in.CollectionID, in.Body.change())
	if err != nil {
		return nil, err
	}
	return &collectionOutput{Body: collectionView(c)}, nil
}

func (h *handlers) adminDeleteCollection(ctx context.Context, in *collectionPathInput) (*struct{}, error) {
	return nil, h.s.DeleteCollection(ctx, nil, in.CollectionID)
}
