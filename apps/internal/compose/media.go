package compose

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/vendors"
)

// mediaImages is the catalog's ImageResolver on module media: product (owner kind product) and
// variant (owner kind variant) images, ready only, in display order.
type mediaImages struct {
	svc *media.Service
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
	svc := r.svc
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

var (
	_ vendors.StorefrontImages = (*mediaImages)(nil)
	_ catalog.MediaOwners      = (*mediaImages)(nil)
)

// StorefrontImages is vendors' view of its logos and banners: each image's kind, owning vendor,
// readiness and links.
func (r *mediaImages) StorefrontImages(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]vendors.StorefrontImage, error) {
	out := map[uuid.UUID]vendors.StorefrontImage{}
	svc := r.svc
	if svc == nil || len(ids) == 0 {
		return out, nil
	}
	found, err := svc.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, m := range found {
		im := vendors.StorefrontImage{Kind: string(m.Owner.Kind), VendorID: m.Owner.VendorID, Ready: m.Status == media.StatusReady}
		if im.Ready {
			if im.URLs, err = svc.URLs(ctx, m); err != nil {
				return nil, err
			}
		}
		out[id] = im
	}
	return out, nil
}

// MediaVendors is the catalog's check that product images are the seller's own: the owning
// vendor of each image that is not rejected.
func (r *mediaImages) MediaVendors(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	out := map[uuid.UUID]uuid.UUID{}
	svc := r.svc
	if svc == nil || len(ids) == 0 {
		return out, nil
	}
	found, err := svc.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, m := range found {
		if m.Status != media.StatusRejected {
			out[id] = m.Owner.VendorID
		}
	}
	return out, nil
}

// cartImages links, in tx (the cart's transaction), each variant's thumbnail (its own first
// ready image, else its product's cover) and each vendor's logo, at 160 px. Images are display
// enrichment: the caller logs a failure and shows none.
func (r *mediaImages) cartImages(ctx context.Context, tx *gorm.DB, variantProduct map[uuid.UUID]uuid.UUID, logos map[uuid.UUID]uuid.UUID) (thumbs, logoURLs map[uuid.UUID]string, err error) {
	thumbs, logoURLs = map[uuid.UUID]string{}, map[uuid.UUID]string{}
	svc := r.svc
	if svc == nil || len(variantProduct) == 0 {
		return thumbs, logoURLs, nil
	}
	variantIDs := make([]uuid.UUID, 0, len(variantProduct))
	productIDs := make([]uuid.UUID, 0, len(variantProduct))
	for v, p := range variantProduct {
		variantIDs = append(variantIDs, v)
		productIDs = append(productIDs, p)
	}
	own, err := svc.ListReadyIn(ctx, tx, media.OwnerVariant, variantIDs)
	if err != nil {
		return nil, nil, err
	}
	covers, err := svc.ListReadyIn(ctx, tx, media.OwnerProduct, productIDs)
	if err != nil {
		return nil, nil, err
	}
	for v, p := range variantProduct {
		list := own[v]
		if len(list) == 0 {
			list = covers[p]
		}
		if len(list) == 0 {
			continue
		}
		if thumbs[v], err = svc.URL(ctx, list[0], media.Size160); err != nil {
			return nil, nil, err
		}
	}
	logoIDs := make([]uuid.UUID, 0, len(logos))
	for _, id := range logos {
		logoIDs = append(logoIDs, id)
	}
	found, err := svc.ByIDsIn(ctx, tx, logoIDs)
	if err != nil {
		return nil, nil, err
	}
	for vendorID, id := range logos {
		m, ok := found[id]
		if !ok || m.Status != media.StatusReady || m.Owner.VendorID != vendorID || m.Owner.Kind != media.OwnerStorefrontLogo {
			continue
		}
		if logoURLs[vendorID], err = svc.URL(ctx, m, media.Size160); err != nil {
			return nil, nil, err
		}
	}
	return thumbs, logoURLs, nil
}
