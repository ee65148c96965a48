package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// owner scopes collection queries: the operator's (vendorID nil) or one vendor's.
func ownerScope(tx *gorm.DB, vendorID *uuid.UUID) *gorm.DB {
	if vendorID == nil {
		return tx.Where("vendor_id IS NULL")
	}
	return tx.Where("vendor_id = ?", *vendorID)
}

func (s *Service) loadCollection(tx *gorm.DB, row collectionRow) (Collection, error) {
	c := Collection{ID: row.ID, VendorID: row.VendorID, Slug: row.Slug, Title: row.Title, Description: row.Description,
		Featured: row.Featured, CreatedAt: row.CreatedAt, ProductIDs: []uuid.UUID{}}
	err := tx.Model(&collectionProductRow{}).Where("collection_id = ?", row.ID).Order("position, product_id").Pluck("product_id", &c.ProductIDs).Error
	return c, err
}

// Collections lists collections: the operator's (vendorID nil) or one vendor's.
func (s *Service) Collections(ctx context.Context, vendorID *uuid.UUID) ([]Collection, error) {
	var out []Collection
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var rows []collectionRow
		if err := ownerScope(tx, vendorID).Order("featured DESC, title, id").Limit(200).Find(&rows).Error; err != nil {
			return err
		}
		out = make([]Collection, len(rows))
		for i, r := range rows {
			c, err := s.loadCollection(tx, r)
			if err != nil {
				return err
			}
			out[i] = c
		}
		return nil
	})
	return out, err
}

// PublicCollections lists the collections shown on this host: the marketplace's, or on a
// storefront host that vendor's.
func (s *Service) PublicCollections(ctx context.Context) ([]Collection, error) {
	sf, ok, err := s.d.Vendors.Storefront(ctx)
	if err != nil {
		return nil, err
	}
	if ok {
		return s.Collections(ctx, &sf.ID)
	}
	return s.Collections(ctx, nil)
}

// PublicCollection returns a collection of this host by slug with its listed products.
func (s *Service) PublicCollection(ctx context.Context, slug string) (Collection, []Summary, error) {
	sf, ok, err := s.d.Vendors.Storefront(ctx)
	if err != nil {
		return Collection{}, nil, err
	}
	var scope *uuid.UUID
	if ok {
		scope = &sf.ID
	}
	var c Collection
	var items []Summary
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row collectionRow
		if err := ownerScope(tx, scope).Where("slug = ?", slug).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrCollectionNotFound
			}
			return err
		}
		var err error
		if c, err = s.loadCollection(tx, row); err != nil {
			return err
		}
		var rows []summaryRow
		if err := tx.Raw(`select `+summaryColumns+` from collection_products cp join products p on p.tenant_id = cp.tenant_id and p.id = cp.product_id
			where cp.collection_id = ? and `+listedP+` order by cp.position, p.id limit 200`, row.ID).Scan(&rows).Error; err != nil {
			return fmt.Errorf("collection products: %w", err)
		}
		items = make([]Summary, len(rows))
		for i, r := range rows {
			items[i] = r.summary()
		}
		return nil
	})
	return c, items, err
}

func applyCollection(row *collectionRow, c CollectionChange) error {
	var err error
	if c.Slug != nil {
		if row.Slug, err = shortSlug("body.slug", *c.Slug); err != nil {
			return err
		}
	}
	if c.Title != nil {
		if row.Title, err = line("body.title", *c.Title, 1, 100); err != nil {
			return err
		}
	}
	if c.Description != nil {
		if row.Description, err = text("body.description", *c.Description, 2000); err != nil {
			return err
		}
	}
	if c.Featured != nil {
		row.Featured = *c.Featured
	}
	return nil
}

// setProducts replaces a collection's products; a vendor's collection takes only its own.
func setProducts(tx *gorm.DB, row collectionRow, productIDs []uuid.UUID) error {
	if len(productIDs) > 200 {
		return errs.Invalid("body.product_ids", "at most 200 products")
	}
	uniq := make([]uuid.UUID, 0, len(productIDs))
	seen := map[uuid.UUID]bool{}
	for _, id := range productIDs {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if len(uniq) > 0 {
		var found int64
		q := tx.Model(&productRow{}).Where("id IN ?", uniq)
		if row.VendorID != nil {
			q = q.Where("vendor_id = ?", *row.VendorID)
		}
		if err := q.Count(&found).Error; err != nil {
			return err
		}
		if int(found) != len(uniq) {
			return errs.Invalid("body.product_ids", "lists a product that does not exist or is not yours")
		}
	}
	if err := tx.Where("collection_id = ?", row.ID).Delete(&collectionProductRow{}).Error; err != nil {
		return err
	}
	for i, id := range uniq {
		if err := tx.Create(&collectionProductRow{TenantID: row.TenantID, CollectionID: row.ID, ProductID: id, Position: i}).Error; err != nil {
			return err
		}
	}
	return nil
}

// authorizeOwner checks the caller may curate vendorID's collections (operators pass nil and
// are checked by policy).
func (s *Service) authorizeOwner(ctx context.Context, vendorID *uuid.UUID) error {
	if vendorID == nil {
		return nil
	}
	_, err := s.d.Vendors.Authorize(ctx, *vendorID)
	return err
}

// CreateCollection adds a collection of the operator (vendorID nil) or of a vendor.
func (s *Service) CreateCollection(ctx context.Context, vendorID *uuid.UUID, c CollectionChange) (Collection, error) {
	if c.Title == nil {
		return Collection{}, errs.Invalid("body.title", "is required")
	}
	if c.Slug == nil || *c.Slug == "" {
		slug := Slugify(*c.Title, 80)
		c.Slug = &slug
	}
	row := collectionRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), VendorID: vendorID, CreatedAt: now(), UpdatedAt: now()}
	if err := applyCollection(&row, c); err != nil {
		return Collection{}, err
	}
	if err := s.authorizeOwner(ctx, vendorID); err != nil {
		return Collection{}, err
	}
	var out Collection
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return duplicate(err, ErrSlugTaken)
		}
		if c.ProductIDs != nil {
			if err := setProducts(tx, row, *c.ProductIDs); err != nil {
				return err
			}
		}
		var err error
		out, err = s.loadCollection(tx, row)
		return err
	})
	return out, err
}

// UpdateCollection changes a collection of the operator (vendorID nil) or of a vendor.
func (s *Service) UpdateCollection(ctx context.Context, vendorID *uuid.UUID, id uuid.UUID, c CollectionChange) (Collection, error) {
	if err := s.authorizeOwner(ctx, vendorID); err != nil {
		return Collection{}, err
	}
	var out Collection
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row collectionRow
		if err := ownerScope(tx, vendorID).Where("id = ?", id).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrCollectionNotFound
			}
			return err
		}
		if err := applyCollection(&row, c); err != nil {
			return err
		}
		if err := tx.Model(&collectionRow{}).Where("id = ?", id).Updates(map[string]any{"slug": row.Slug, "title": row.Title,
			"description": row.Description, "featured": row.Featured, "updated_at": now()}).Error; err != nil {
			return duplicate(err, ErrSlugTaken)
		}
		if c.ProductIDs != nil {
			if err := setProducts(tx, row, *c.ProductIDs); err != nil {
				return err
			}
		}
		var err error
		out, err = s.loadCollection(tx, row)
		return err
	})
	return out, err
}

// DeleteCollection removes a collection of the operator (vendorID nil) or of a vendor.
func (s *Service) DeleteCollection(ctx context.Context, vendorID *uuid.UUID, id uuid.UUID) error {
	if err := s.authorizeOwner(ctx, vendorID); err != nil {
		return err
	}
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := ownerScope(tx, vendorID).Where("id = ?", id).Delete(&collectionRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrCollectionNotFound
		}
		return nil
	})
}
