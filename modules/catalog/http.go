package catalog

import (
	"context"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"
)

type productOutput struct{ Body ProductView }

// Collections are curated by sellers (their shop's) and by the operator (the marketplace's), so
// their bodies and answers are shared by both route sets.

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

// handlers are the catalog's operations; each method serves one operation through the service.
type handlers struct {
	s *Service
}

// Routes registers the catalog's operations, search included.
func Routes(api huma.API, s *Service) {
	h := &handlers{s: s}
	h.shopRoutes(api)
	h.sellerRoutes(api)
	h.operatorRoutes(api)
}
