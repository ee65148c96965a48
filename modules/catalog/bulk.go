package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Bulk reads and writes for module catalogio (CSV import and export). The writes take the
// caller's transaction so that an import can apply a batch of rows and record its progress in
// one commit; they do not authorize (the caller checked the vendor membership of the person
// who uploaded the file). Field errors name CSV columns, not JSON fields.

// BulkProduct is the product part of an imported row, found or created by Slug. A nil field
// leaves an existing product's value alone (a new product gets the default); Title is needed
// to create a product.
type BulkProduct struct {
	Slug            string
	Title           *string
	DescriptionHTML *string
	Status          *string
	// CategoryID is the category; a pointer to uuid.Nil clears it.
	CategoryID     *uuid.UUID
	Tags           *[]string
	SEOTitle       *string
	SEODescription *string
	// Options are merged into the product's: values the product already has stay (its other
	// variants may use them), new ones are appended.
	Options *[]ProductOption
}

// BulkVariant is the variant part of an imported row, found or created by SKU within the
// vendor. A nil field leaves an existing variant's value alone.
type BulkVariant struct {
	SKU          string
	Title        *string
	OptionValues map[string]string
	Price        int64
	// CompareAtPrice is the former price; a pointer to nil clears it.
	CompareAtPrice **int64
	WeightGrams    *int
}

// BulkProductRef is the product a bulk row was applied to.
type BulkProductRef struct {
	ID       uuid.UUID
	Currency string
	Created  bool
}

// MarketCurrency is the currency new products of the marketplace in ctx are priced in.
func (s *Service) MarketCurrency(ctx context.Context) string { return s.currency(ctx) }

// CategorySlugs maps the marketplace's category slugs to their ids.
func (s *Service) CategorySlugs(ctx context.Context) (map[string]uuid.UUID, error) {
	var rows []categoryRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Select("id, slug").Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out := make(map[string]uuid.UUID, len(rows))
	for _, r := range rows {
		out[r.Slug] = r.ID
	}
	return out, nil
}

// VendorCatalogPage returns up to limit of a vendor's products (every status) with their
// variants, ordered by id after the product id after (uuid.Nil for the first page). The
// caller must be a member of the vendor.
func (s *Service) VendorCatalogPage(ctx context.Context, vendorID, after uuid.UUID, limit int) ([]Product, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return nil, err
	}
	var out []Product
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var rows []productRow
		q := tx.Select(productColumns).Where("vendor_id = ?", vendorID).Order("id").Limit(limit)
		if after != uuid.Nil {
			q = q.Where("id > ?", after)
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		pids := make([]uuid.UUID, len(rows))
		for i, r := range rows {
			pids[i] = r.ID
		}
		var vrows []variantRow
		if err := tx.Where("product_id IN ?", pids).Order("product_id, position, id").Find(&vrows).Error; err != nil {
			return err
		}
		byProduct := map[uuid.UUID][]Variant{}
		for _, v := range vrows {
			byProduct[v.ProductID] = append(byProduct[v.ProductID], v.variant())
		}
		out = make([]Product, len(rows))
		for i, r := range rows {
			out[i] = r.product()
			out[i].Variants = byProduct[r.ID]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export products: %w", err)
	}
	return out, nil
}

// BulkFindProduct finds a vendor's product by slug inside tx.
func (s *Service) BulkFindProduct(tx *gorm.DB, vendorID uuid.UUID, slug string) (BulkProductRef, error) {
	var row productRow
	err := tx.Select("id, vendor_id, currency").Where("slug = ?", strings.ToLower(strings.TrimSpace(slug))).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || err == nil && row.VendorID != vendorID {
		return BulkProductRef{}, errs.Invalid("product_slug", "the shop has no product with this slug")
	}
	if err != nil {
		return BulkProductRef{}, err
	}
	return BulkProductRef{ID: row.ID, Currency: row.Currency}, nil
}

// BulkUpsertProduct creates the vendor's product with p.Slug, or updates it, inside tx. A slug
// used by another vendor's product is refused.
func (s *Service) BulkUpsertProduct(ctx context.Context, tx *gorm.DB, vendorID uuid.UUID, p BulkProduct) (BulkProductRef, error) {
	slug, err := productSlug("product_slug", p.Slug)
	if err != nil {
		return BulkProductRef{}, err
	}
	changes := map[string]any{}
	if p.Title != nil {
		if changes["title"], err = line("title", *p.Title, 1, 200); err != nil {
			return BulkProductRef{}, err
		}
	}
	if p.DescriptionHTML != nil {
		h, t, err := s.html.description(*p.DescriptionHTML)
		if err != nil {
			return BulkProductRef{}, asColumn(err, "description_html")
		}
		changes["description_html"], changes["description_text"] = h, t
	}
	if p.Status != nil {
		if changes["status"], err = cleanStatus("status", *p.Status); err != nil {
			return BulkProductRef{}, err
		}
	}
	if p.Tags != nil {
		tags, err := cleanTags(*p.Tags)
		if err != nil {
			return BulkProductRef{}, asColumn(err, "tags")
		}
		changes["tags"] = textArray(tags)
	}
	if p.SEOTitle != nil {
		if changes["seo_title"], err = line("seo_title", *p.SEOTitle, 0, 70); err != nil {
			return BulkProductRef{}, err
		}
	}
	if p.SEODescription != nil {
		if changes["seo_description"], err = text("seo_description", *p.SEODescription, 320); err != nil {
			return BulkProductRef{}, err
		}
	}
	if p.CategoryID != nil {
		if *p.CategoryID == uuid.Nil {
			changes["category_id"] = nil
		} else {
			if err := s.checkCategory(tx, p.CategoryID); err != nil {
				return BulkProductRef{}, errs.Invalid("category", "is not a category of this marketplace")
			}
			changes["category_id"] = *p.CategoryID
		}
	}
	var cur productRow
	err = tx.Select(productColumns).Where("slug = ?", slug).Take(&cur).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return s.bulkCreateProduct(ctx, tx, vendorID, slug, p, changes)
	case err != nil:
		return BulkProductRef{}, err
	case cur.VendorID != vendorID:
		return BulkProductRef{}, errs.Invalid("product_slug", "is used by another shop's product; choose another")
	}
	if p.Options != nil {
		merged, err := mergeOptions(cur.Options.V, *p.Options)
		if err != nil {
			return BulkProductRef{}, err
		}
		var vrows []variantRow
		if err := tx.Select("sku, option_values").Where("product_id = ?", cur.ID).Find(&vrows).Error; err != nil {
			return BulkProductRef{}, err
		}
		for _, v := range vrows {
			if _, err := cleanOptionValues("options", merged, v.OptionValues.V); err != nil {
				return BulkProductRef{}, errs.Invalid("option1_name", fmt.Sprintf("variant %s would no longer match the product's options", v.SKU))
			}
		}
		changes["options"] = jsonColumn[[]ProductOption]{V: merged}
	}
	if st, ok := changes["status"].(string); ok && st == StatusActive && cur.Status != StatusActive {
		if cur.PublishedAt == nil {
			changes["published_at"] = now()
		}
		changes["moderation_note"] = ""
	}
	changes["updated_at"] = now()
	if err := tx.Model(&productRow{}).Where("id = ?", cur.ID).Updates(changes).Error; err != nil {
		return BulkProductRef{}, err
	}
	return BulkProductRef{ID: cur.ID, Currency: cur.Currency}, nil
}

func (s *Service) bulkCreateProduct(ctx context.Context, tx *gorm.DB, vendorID uuid.UUID, slug string, p BulkProduct, changes map[string]any) (BulkProductRef, error) {
	if p.Title == nil {
		return BulkProductRef{}, errs.Invalid("title", "is required for a new product")
	}
	row := productRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), VendorID: vendorID, Slug: slug, Currency: s.currency(ctx),
		Status: StatusDraft, CreatedAt: now(), UpdatedAt: now()}
	row.Title = changes["title"].(string)
	if v, ok := changes["description_html"].(string); ok {
		row.DescriptionHTML, row.DescriptionText = v, changes["description_text"].(string)
	}
	if v, ok := changes["status"].(string); ok {
		row.Status = v
	}
	if v, ok := changes["tags"].(textArray); ok {
		row.Tags = v
	}
	if v, ok := changes["seo_title"].(string); ok {
		row.SEOTitle = v
	}
	if v, ok := changes["seo_description"].(string); ok {
		row.SEODescription = v
	}
	if v, ok := changes["category_id"].(uuid.UUID); ok {
		row.CategoryID = &v
	}
	row.Options.V = []ProductOption{}
	if p.Options != nil {
		opts, err := mergeOptions(nil, *p.Options)
		if err != nil {
			return BulkProductRef{}, err
		}
		row.Options.V = opts
	}
	row.Attributes.V = map[string]any{}
	if row.Status == StatusActive {
		t := now()
		row.PublishedAt = &t
	}
	listed, err := s.d.Vendors.ListedIn(tx, vendorID)
	if err != nil {
		return BulkProductRef{}, err
	}
	row.VendorListed = listed
	if err := tx.Create(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return BulkProductRef{}, errs.Invalid("product_slug", "is already used; choose another")
		}
		return BulkProductRef{}, err
	}
	return BulkProductRef{ID: row.ID, Currency: row.Currency, Created: true}, nil
}

// mergeOptions keeps cur's values of each option named in next and appends next's new ones.
func mergeOptions(cur, next []ProductOption) ([]ProductOption, error) {
	out := make([]ProductOption, len(next))
	for i, o := range next {
		vals := []string{}
		for _, c := range cur {
			if c.Name == strings.TrimSpace(o.Name) {
				vals = append(vals, c.Values...)
			}
		}
		for _, v := range o.Values {
			if v = strings.TrimSpace(v); !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		out[i] = ProductOption{Name: o.Name, Values: vals}
	}
	clean, err := cleanOptions(out)
	if err != nil {
		var fe *errs.FieldError
		if errors.As(err, &fe) {
			i := 0
			_, _ = fmt.Sscanf(strings.TrimPrefix(fe.Field, "body.options["), "%d", &i)
			return nil, errs.Invalid(fmt.Sprintf("option%d_name", i+1), fe.Message)
		}
		return nil, err
	}
	return clean, nil
}

// BulkUpsertVariant creates the vendor's variant with v.SKU on product, or updates it, inside
// tx. A new variant is tracked by inventory with no stock; the caller sets its stock. A SKU
// the vendor uses on another product is refused.
func (s *Service) BulkUpsertVariant(tx *gorm.DB, vendorID, productID uuid.UUID, v BulkVariant, actor *uuid.UUID) (uuid.UUID, error) {
	sku, err := cleanSKU("sku", v.SKU)
	if err != nil {
		return uuid.Nil, err
	}
	if err := cleanPrice("price", v.Price); err != nil {
		return uuid.Nil, err
	}
	if v.CompareAtPrice != nil && *v.CompareAtPrice != nil {
		if err := cleanPrice("compare_at_price", **v.CompareAtPrice); err != nil {
			return uuid.Nil, err
		}
	}
	if v.WeightGrams != nil && (*v.WeightGrams < 0 || *v.WeightGrams > 10_000_000) {
		return uuid.Nil, errs.Invalid("weight_grams", "must be between 0 and 10000000")
	}
	title := ""
	if v.Title != nil {
		if title, err = line("variant_title", *v.Title, 0, 200); err != nil {
			return uuid.Nil, err
		}
	}
	var prow productRow
	if err := tx.Select(productColumns).Where("id = ? AND vendor_id = ?", productID, vendorID).Take(&prow).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return uuid.Nil, ErrProductNotFound
		}
		return uuid.Nil, err
	}
	vals, err := cleanOptionValues("option1_value", prow.Options.V, v.OptionValues)
	if err != nil {
		return uuid.Nil, asColumn(err, "option1_value")
	}
	if title == "" {
		parts := make([]string, 0, len(prow.Options.V))
		for _, o := range prow.Options.V {
			parts = append(parts, vals[o.Name])
		}
		title = strings.Join(parts, " / ")
	}
	var siblings []variantRow
	if err := tx.Where("product_id = ?", productID).Order("position, id").Find(&siblings).Error; err != nil {
		return uuid.Nil, err
	}
	var existing []variantRow
	if err := tx.Select("id, product_id").Where("vendor_id = ? AND sku = ?", vendorID, sku).Find(&existing).Error; err != nil {
		return uuid.Nil, err
	}
	key := optionKey(vals, prow.Options.V)
	var id uuid.UUID
	if len(existing) > 0 {
		if existing[0].ProductID != productID {
			var other string
			_ = tx.Model(&productRow{}).Where("id = ?", existing[0].ProductID).Pluck("slug", &other).Error
			return uuid.Nil, errs.Invalid("sku", fmt.Sprintf("is used by the shop's product %q; SKUs are unique per shop", other))
		}
		id = existing[0].ID
		for _, sv := range siblings {
			if sv.ID != id && optionKey(sv.OptionValues.V, prow.Options.V) == key {
				return uuid.Nil, errs.Invalid("option1_value", fmt.Sprintf("variant %s already has these option values", sv.SKU))
			}
		}
		changes := map[string]any{"option_values": jsonColumn[map[string]string]{V: vals}, "price": v.Price, "updated_at": now()}
		if v.Title != nil {
			changes["title"] = title
		}
		if v.CompareAtPrice != nil {
			changes["compare_at_price"] = *v.CompareAtPrice
		}
		if v.WeightGrams != nil {
			changes["weight_grams"] = *v.WeightGrams
		}
		if err := tx.Model(&variantRow{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return uuid.Nil, err
		}
	} else {
		if len(siblings) >= maxVariants {
			return uuid.Nil, errs.Invalid("sku", fmt.Sprintf("a product has at most %d variants", maxVariants))
		}
		for _, sv := range siblings {
			if optionKey(sv.OptionValues.V, prow.Options.V) == key {
				return uuid.Nil, errs.Invalid("option1_value", fmt.Sprintf("variant %s already has these option values", sv.SKU))
			}
		}
		vr := variantRow{TenantID: prow.TenantID, ID: ids.New(), ProductID: productID, VendorID: vendorID, SKU: sku, Title: title,
			OptionValues: jsonColumn[map[string]string]{V: vals}, Price: v.Price, Currency: prow.Currency, MediaIDs: uuidArray{},
			Position: len(siblings), CreatedAt: now(), UpdatedAt: now()}
		if v.CompareAtPrice != nil {
			vr.CompareAtPrice = *v.CompareAtPrice
		}
		if v.WeightGrams != nil {
			vr.WeightGrams = *v.WeightGrams
		}
		if err := tx.Create(&vr).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return uuid.Nil, errs.Invalid("sku", "the shop already has a variant with this SKU")
			}
			return uuid.Nil, err
		}
		if err := s.d.Inventory.Track(tx, inventory.Track{VendorID: vendorID, VariantID: vr.ID, SKU: vr.SKU, ActorID: actor}); err != nil {
			return uuid.Nil, err
		}
		id = vr.ID
	}
	if err := refreshPrices(tx, productID); err != nil {
		return uuid.Nil, err
	}
	return id, nil
}

// asColumn renames a field error after the CSV column it came from.
func asColumn(err error, column string) error {
	var fe *errs.FieldError
	if errors.As(err, &fe) {
		return errs.Invalid(column, fe.Message)
	}
	return err
}
