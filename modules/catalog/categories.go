package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// CategoryExists reports whether id is a category of the marketplace of ctx (other marketplaces'
// categories are invisible under RLS).
func (s *Service) CategoryExists(ctx context.Context, id uuid.UUID) (bool, error) {
	var n int64
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&categoryRow{}).Where("id = ?", id).Count(&n).Error
	})
	if err != nil {
		return false, fmt.Errorf("look category up: %w", err)
	}
	return n > 0, nil
}

// Categories returns the marketplace's category tree: top-level categories with their
// descendants, each level ordered by position then name.
func (s *Service) Categories(ctx context.Context) ([]*Category, error) {
	var rows []categoryRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Order("position, name, id").Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	nodes := make(map[uuid.UUID]*Category, len(rows))
	for _, r := range rows {
		c := r.category()
		c.Children = []*Category{}
		nodes[r.ID] = &c
	}
	roots := []*Category{}
	for _, r := range rows {
		n := nodes[r.ID]
		if r.ParentID != nil {
			if parent, ok := nodes[*r.ParentID]; ok {
				parent.Children = append(parent.Children, n)
				continue
			}
		}
		roots = append(roots, n)
	}
	return roots, nil
}

// CreateCategory adds a category (operators).
func (s *Service) CreateCategory(ctx context.Context, c CategoryChange) (Category, error) {
	if c.Name == nil {
		return Category{}, errs.Invalid("body.name", "is required")
	}
	if c.Slug == nil || *c.Slug == "" {
		slug := Slugify(*c.Name, 80)
		c.Slug = &slug
	}
	row := categoryRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), CreatedAt: now(), UpdatedAt: now()}
	if err := applyCategory(&row, c); err != nil {
		return Category{}, err
	}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := checkParent(tx, row.ID, row.ParentID); err != nil {
			return err
		}
		return duplicate(tx.Create(&row).Error, ErrSlugTaken)
	})
	if err != nil {
		return Category{}, err
	}
	return row.category(), nil
}

func applyCategory(row *categoryRow, c CategoryChange) error {
	var err error
	if c.Name != nil {
		if row.Name, err = line("body.name", *c.Name, 1, 100); err != nil {
			return err
		}
	}
	if c.Slug != nil {
		if row.Slug, err = shortSlug("body.slug", *c.Slug); err != nil {
			return err
		}
	}
	if c.Description != nil {
		if row.Description, err = text("body.description", *c.Description, 2000); err != nil {
			return err
		}
	}
	if c.Position != nil {
		if *c.Position < 0 || *c.Position > 100_000 {
			return errs.Invalid("body.position", "must be between 0 and 100000")
		}
		row.Position = *c.Position
	}
	if c.ParentID != nil {
		if *c.ParentID == uuid.Nil {
			row.ParentID = nil
		} else {
			p := *c.ParentID
			row.ParentID = &p
		}
	}
	return nil
}

// checkParent refuses a parent that does not exist or would make a cycle.
func checkParent(tx *gorm.DB, id uuid.UUID, parent *uuid.UUID) error {
	if parent == nil {
		return nil
	}
	var chain []uuid.UUID
	err := tx.Raw(`with recursive up(id, parent_id, depth) as (
			select id, parent_id, 0 from categories where id = ?
			union all select c.id, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id where up.depth < 50)
		select id from up`, *parent).Scan(&chain).Error
	if err != nil {
		return err
	}
	if len(chain) == 0 {
		return errs.Invalid("body.parent_id", "is not a category of this marketplace")
	}
	if slices.Contains(chain, id) {
		return errs.Invalid("body.parent_id", "would put the category inside itself")
	}
	if len(chain) >= 6 {
		return errs.Invalid("body.parent_id", "categories nest at most 6 levels deep")
	}
	return nil
}

// UpdateCategory changes a category (operators).
func (s *Service) UpdateCategory(ctx context.Context, id uuid.UUID, c CategoryChange) (Category, error) {
	var row categoryRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrCategoryNotFound
			}
			return err
		}
		if err := applyCategory(&row, c); err != nil {
			return err
		}
		if c.ParentID != nil {
			if err := checkParent(tx, id, row.ParentID); err != nil {
				return err
			}
		}
		row.UpdatedAt = now()
		return duplicate(tx.Model(&categoryRow{}).Where("id = ?", id).Updates(map[string]any{
			"name": row.Name, "slug": row.Slug, "description": row.Description, "position": row.Position,
			"parent_id": row.ParentID, "updated_at": row.UpdatedAt,
		}).Error, ErrSlugTaken)
	})
	if err != nil {
		return Category{}, err
	}
	return row.category(), nil
}

// DeleteCategory removes an empty category (no subcategories, no products).
func (s *Service) DeleteCategory(ctx context.Context, id uuid.UUID) error {
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var used int64
		if err := tx.Raw(`select (select count(*) from categories where parent_id = ?) + (select count(*) from products where category_id = ?)`, id, id).Scan(&used).Error; err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&categoryRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return ErrCategoryNotFound
		}
		if used > 0 {
			return ErrCategoryInUse
		}
		if err := tx.Where("id = ?", id).Delete(&categoryRow{}).Error; err != nil {
			return err
		}
		return nil
	})
}
