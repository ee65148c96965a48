package server

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/media"
)

// mountMedia registers the media routes; guard decides who may edit whose images.
func mountMedia(api huma.API, d moduleDeps, guard media.OwnerGuard) (*media.Service, error) {
	cfg := d.infra.Config
	if d.infra.DB == nil {
		// Printing the OpenAPI document: no S3 round trip, no folder in the working directory.
		cfg.MediaS3Endpoint = ""
		cfg.MediaLocalDir = filepath.Join(os.TempDir(), "marketplace-openapi-media")
	}
	svc, err := media.NewServiceFromConfig(context.Background(), d.tenants, cfg)
	if err != nil {
		return nil, err
	}
	media.Routes(api, svc, guard)
	// The catalog's views show images once they can reach the media service.
	if u, ok := guard.(interface{ useMedia(*media.Service) }); ok {
		u.useMedia(svc)
	}
	return svc, nil
}

// mediaImages is the catalog's ImageResolver on module media: product (owner kind product) and
// variant (owner kind variant) images, ready only, in display order. Until the media service is
// set (marketctl, the worker) it finds none.
type mediaImages struct {
	svc atomic.Pointer[media.Service]
}

var _ catalog.ImageResolver = (*mediaImages)(nil)

func (r *mediaImages) Images(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID][]catalog.ProductImage, error) {
	return r.list(ctx, media.OwnerProduct, productIDs, false)
}

func (r *mediaImages) VariantImages(ctx context.Context, variantIDs []uuid.UUID) (map[uuid.UUID][]catalog.ProductImage, error) {
	return r.list(ctx, media.OwnerVariant, variantIDs, false)
}

func (r *mediaImages) Covers(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID]catalog.ProductImage, error) {
	all, err := r.list(ctx, media.OwnerProduct, productIDs, true)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]catalog.ProductImage, len(all))
	for id, ims := range all {
		out[id] = ims[0]
	}
	return out, nil
}

// list reads the owners' ready images in one batch (media.ListReady) and links their
// renditions; with first, only each owner's first image (the cover) is linked and returned.
func (r *mediaImages) list(ctx context.Context, kind media.OwnerKind, ownerIDs []uuid.UUID, first bool) (map[uuid.UUID][]catalog.ProductImage, error) {
	svc := r.svc.Load()
	if svc == nil || len(ownerIDs) == 0 {
		return map[uuid.UUID][]catalog.ProductImage{}, nil
	}
	found, err := svc.ListReady(ctx, kind, ownerIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID][]catalog.ProductImage, len(found))
	for owner, ms := range found {
		if first && len(ms) > 1 {
			ms = ms[:1]
		}
		ims := make([]catalog.ProductImage, 0, len(ms))
		for _, m := range ms {
			urls, err := svc.URLs(ctx, m)
			if err != nil {
				return nil, err
			}
			ims = append(ims, catalog.ProductImage{ID: m.ID, Alt: m.Alt, Width: m.Width, Height: m.Height, URLs: urls})
		}
		if len(ims) > 0 {
			out[owner] = ims
		}
	}
	return out, nil
}
