package catalog

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// Vendors is what the catalog needs from module vendors.
type Vendors interface {
	Authorize(ctx context.Context, vendorID uuid.UUID) (vendors.Membership, error)
	ListedIn(tx *gorm.DB, vendorID uuid.UUID) (bool, error)
	Storefront(ctx context.Context) (vendors.Vendor, bool, error)
	// Contacts reads the names (and emails) of vendors, in tx when given.
	Contacts(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]vendors.Contact, error)
}

// Inventory is what the catalog needs from module inventory.
type Inventory interface {
	Track(tx *gorm.DB, t inventory.Track) error
	Untrack(tx *gorm.DB, variantID uuid.UUID) error
	Rename(tx *gorm.DB, variantID uuid.UUID, sku string) error
}

// Deps are what the service is built from.
type Deps struct {
	Tenants   *tenants.Registry
	Vendors   Vendors
	Inventory Inventory
	// CurrencyOf is the marketplace currency of ctx; nil means DefaultCurrency.
	CurrencyOf func(ctx context.Context) string
	// Images adds the ready images (module media) to product views; nil shows none.
	Images ImageResolver
	// Media says who owns images, so products and variants list only their own seller's; nil
	// refuses every image reference.
	Media MediaOwners
}

// MediaOwners tells which vendor owns images (module media, injected by the api).
type MediaOwners interface {
	// MediaVendors maps each image among ids that exists in the marketplace of ctx and is not
	// rejected onto the vendor that owns it; other ids are absent.
	MediaVendors(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error)
}

// mediaNotYours is the message for a media id that is not an image of the product's seller in
// this marketplace.
const mediaNotYours = "lists an image that does not exist or is not yours"

// checkMedia refuses image references that are not vendorID's own images (another seller's,
// another marketplace's, unknown or rejected), as collections refuse others' products.
func (s *Service) checkMedia(ctx context.Context, vendorID uuid.UUID, field string, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	if s.d.Media == nil {
		return errs.Invalid(field, mediaNotYours)
	}
	owners, err := s.d.Media.MediaVendors(ctx, ids)
	if err != nil {
		return fmt.Errorf("check images: %w", err)
	}
	for _, id := range ids {
		if owner, ok := owners[id]; !ok || owner != vendorID {
			return errs.Invalid(field, mediaNotYours)
		}
	}
	return nil
}

// Service is the catalog module's only way in.
type Service struct {
	d    Deps
	html sanitizer
	// reads caches rendered product pages, lists and searches; it serves only once
	// ListenForChanges is running.
	reads *ReadCache
}

// NewService returns the catalog service.
func NewService(d Deps) *Service {
	return &Service{d: d, html: newSanitizer(), reads: NewReadCache()}
}

// ListenForChanges turns the read cache on for as long as ctx lives (see ReadCache); dsn is
// the database the service reads. Without it every read goes to the database.
func (s *Service) ListenForChanges(ctx context.Context, dsn string) {
	s.reads.ListenForChanges(ctx, dsn)
}

// ReadCacheLive reports whether catalog reads are being served from the cache.
func (s *Service) ReadCacheLive() bool { return s.reads.Live() }

func now() time.Time { return time.Now().UTC() }

func (s *Service) currency(ctx context.Context) string {
	if s.d.CurrencyOf != nil {
		if c := s.d.CurrencyOf(ctx); c != "" {
			return c
		}
	}
	return DefaultCurrency
}

// VendorStatusChanged mirrors a vendor's status onto its products inside the vendors module's
// transaction: subscribe it with vendors.Service.OnStatusChange.
func (s *Service) VendorStatusChanged(tx *gorm.DB, v vendors.Vendor) error {
	if err := tx.Model(&productRow{}).Where("vendor_id = ? AND vendor_listed <> ?", v.ID, v.Listed()).
		Update("vendor_listed", v.Listed()).Error; err != nil {
		return fmt.Errorf("mirror vendor status on products: %w", err)
	}
	return nil
}

// AvailabilityChanged mirrors variants' available stock (by variant id) inside the inventory
// module's transaction: subscribe it with inventory.Service.OnAvailabilityChange. One statement
// whatever the number of variants, since checkout calls it with its stock rows locked.
func (s *Service) AvailabilityChanged(tx *gorm.DB, available map[uuid.UUID]int64) error {
	if len(available) == 0 {
		return nil
	}
	variantIDs := make(uuidArray, 0, len(available))
	quantities := make([]string, 0, len(available))
	for id, n := range available {
		variantIDs = append(variantIDs, id)
		quantities = append(quantities, strconv.FormatInt(n, 10))
	}
	// The products' in-stock flags in the same statement: its reads see the variants as they
	// were, so a changed variant's availability is taken from c, the others' from the table.
	err := tx.Exec(`with c(id, available) as (select * from unnest(?::uuid[], ?::bigint[])),
			v as (update product_variants v set available = c.available from c
				where v.id = c.id and v.available <> c.available returning v.product_id),
			x as (select d.pid, exists(select 1 from product_variants pv left join c on c.id = pv.id
					where pv.product_id = d.pid and coalesce(c.available, pv.available) > 0) as in_stock
				from (select distinct product_id as pid from v) d)
		update products p set in_stock = x.in_stock from x where p.id = x.pid and p.in_stock <> x.in_stock`,
		variantIDs, db.TextArray(quantities)).Error
	if err != nil {
		return fmt.Errorf("mirror availability: %w", err)
	}
	return nil
}

// ---- products (sellers)

func (s *Service) loadProduct(tx *gorm.DB, where string, args ...any) (Product, error) {
	var row productRow
	if err := tx.Select(productColumns).Where(where, args...).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Product{}, ErrProductNotFound
		}
		return Product{}, fmt.Errorf("load product: %w", err)
	}
	p := row.product()
	var vrows []variantRow
	if err := tx.Where("product_id = ?", p.ID).Order("position, id").Find(&vrows).Error; err != nil {
		return Product{}, fmt.Errorf("load variants: %w", err)
	}
	p.Variants = make([]Variant, len(vrows))
	for i, v := range vrows {
		p.Variants[i] = v.variant()
	}
	return p, nil
}

func (s *Service) checkCategory(tx *gorm.DB, id *uuid.UUID) error {
	if id == nil || *id == uuid.Nil {
		return nil
	}
	var n int64
	if err := tx.Model(&categoryRow{}).Where("id = ?", *id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.Invalid("body.category_id", "is not a category of this marketplace")
	}
	return nil
}

// uniqueSlug returns base, or base-2, base-3... whichever is free.
func uniqueSlug(tx *gorm.DB, base string) (string, error) {
	var taken []string
	if err := tx.Model(&productRow{}).Where("slug = ? OR slug LIKE ?", base, base+"-%").Pluck("slug", &taken).Error; err != nil {
		return "", err
	}
	set := map[string]bool{}
	for _, t := range taken {
		set[t] = true
	}
	if !set[base] {
		return base, nil
	}
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s-%d", base, i)
		if !set[c] {
			return c, nil
		}
	}
}

func duplicate(err error, target error) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return target
	}
	return err
}

// refreshPrices recomputes a product's price range from its variants.
func refreshPrices(tx *gorm.DB, productID uuid.UUID) error {
	return tx.Exec(`update products p set price_min = x.lo, price_max = x.hi, in_stock = x.stock, updated_at = now()
		from (select min(price) lo, max(price) hi, coalesce(bool_or(available > 0), false) stock from product_variants where product_id = ?) x
		where p.id = ?`, productID, productID).Error
}

// CreateProduct adds a product (and its variants with their opening stock) to a vendor the
// caller is a member of.
func (s *Service) CreateProduct(ctx context.Context, vendorID uuid.UUID, np NewProduct) (Product, error) {
	row := productRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), VendorID: vendorID, Currency: s.currency(ctx),
		CreatedAt: now(), UpdatedAt: now()}
	var err error
	if row.Title, err = line("body.title", np.Title, 1, 200); err != nil {
		return Product{}, err
	}
	explicitSlug := strings.TrimSpace(np.Slug) != ""
	if explicitSlug {
		if row.Slug, err = productSlug("body.slug", np.Slug); err != nil {
			return Product{}, err
		}
	} else if row.Slug = Slugify(row.Title, 100); row.Slug == "" {
		row.Slug = "product"
	}
	if row.DescriptionHTML, row.DescriptionText, err = s.html.description(np.DescriptionHTML); err != nil {
		return Product{}, err
	}
	if np.Status == "" {
		np.Status = StatusDraft
	}
	if row.Status, err = cleanStatus("body.status", np.Status); err != nil {
		return Product{}, err
	}
	if row.Tags, err = cleanTags(np.Tags); err != nil {
		return Product{}, err
	}
	if row.SEOTitle, err = line("body.seo_title", np.SEOTitle, 0, 70); err != nil {
		return Product{}, err
	}
	if row.SEODescription, err = text("body.seo_description", np.SEODescription, 320); err != nil {
		return Product{}, err
	}
	if row.Options.V, err = cleanOptions(np.Options); err != nil {
		return Product{}, err
	}
	if row.Attributes.V, err = cleanAttributes(np.Attributes); err != nil {
		return Product{}, err
	}
	if row.MediaIDs, err = cleanMedia("body.media_ids", np.MediaIDs); err != nil {
		return Product{}, err
	}
	if np.CategoryID != nil && *np.CategoryID != uuid.Nil {
		row.CategoryID = np.CategoryID
	}
	if len(np.Variants) > maxVariants {
		return Product{}, errs.Invalid("body.variants", fmt.Sprintf("at most %d variants", maxVariants))
	}
	if row.Status == StatusActive && len(np.Variants) == 0 {
		return Product{}, ErrNoVariants
	}
	variants := make([]variantRow, len(np.Variants))
	seen := map[string]bool{}
	skus := map[string]bool{}
	for i, nv := range np.Variants {
		vr, err := s.variantRow(fmt.Sprintf("body.variants[%d]", i), row, nv, i)
		if err != nil {
			return Product{}, err
		}
		if skus[strings.ToLower(vr.SKU)] {
			return Product{}, errs.Invalid(fmt.Sprintf("body.variants[%d].sku", i), "repeats another variant's SKU")
		}
		key := optionKey(vr.OptionValues.V, row.Options.V)
		if seen[key] {
			return Product{}, errs.Invalid(fmt.Sprintf("body.variants[%d].option_values", i), "repeats another variant's option values")
		}
		seen[key], skus[strings.ToLower(vr.SKU)] = true, true
		variants[i] = vr
	}
	if row.Status == StatusActive {
		t := now()
		row.PublishedAt = &t
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	if err := s.checkMedia(ctx, vendorID, "body.media_ids", row.MediaIDs); err != nil {
		return Product{}, err
	}
	for i, v := range variants {
		if err := s.checkMedia(ctx, vendorID, fmt.Sprintf("body.variants[%d].media_ids", i), v.MediaIDs); err != nil {
			return Product{}, err
		}
	}
	actor := access.PrincipalFrom(ctx).AccountID
	var out Product
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := s.checkCategory(tx, row.CategoryID); err != nil {
			return err
		}
		listed, err := s.d.Vendors.ListedIn(tx, vendorID)
		if err != nil {
			return err
		}
		row.VendorListed = listed
		if !explicitSlug {
			if row.Slug, err = uniqueSlug(tx, row.Slug); err != nil {
				return err
			}
		}
		if err := tx.Create(&row).Error; err != nil {
			return duplicate(err, ErrSlugTaken)
		}
		for i := range variants {
			v := &variants[i]
			v.ProductID = row.ID
			if err := tx.Create(v).Error; err != nil {
				return duplicate(err, ErrSKUTaken)
			}
			nv := np.Variants[i]
			if err := s.d.Inventory.Track(tx, inventory.Track{VendorID: vendorID, VariantID: v.ID, SKU: v.SKU, Initial: nv.Stock,
				LowStockThreshold: nv.LowStockThreshold, ActorID: &actor}); err != nil {
				return remapField(err, fmt.Sprintf("body.variants[%d]", i))
			}
		}
		if err := refreshPrices(tx, row.ID); err != nil {
			return err
		}
		out, err = s.loadProduct(tx, "id = ?", row.ID)
		return err
	})
	return out, err
}

// remapField moves inventory's body.* field errors under the variant they concern.
func remapField(err error, prefix string) error {
	var fe *errs.FieldError
	if errors.As(err, &fe) && strings.HasPrefix(fe.Field, "body.") {
		return errs.Invalid(prefix+"."+strings.TrimPrefix(fe.Field, "body."), fe.Message)
	}
	return err
}

func (s *Service) variantRow(field string, p productRow, nv NewVariant, pos int) (variantRow, error) {
	vr := variantRow{TenantID: p.TenantID, ID: ids.New(), ProductID: p.ID, VendorID: p.VendorID, Currency: p.Currency, Position: pos,
		CreatedAt: now(), UpdatedAt: now()}
	var err error
	if vr.SKU, err = cleanSKU(field+".sku", nv.SKU); err != nil {
		return vr, err
	}
	if vr.Title, err = line(field+".title", nv.Title, 0, 200); err != nil {
		return vr, err
	}
	if vr.OptionValues.V, err = cleanOptionValues(field+".option_values", p.Options.V, nv.OptionValues); err != nil {
		return vr, err
	}
	if vr.Title == "" {
		parts := make([]string, 0, len(p.Options.V))
		for _, o := range p.Options.V {
			parts = append(parts, vr.OptionValues.V[o.Name])
		}
		vr.Title = strings.Join(parts, " / ")
	}
	if err := cleanPrice(field+".price", nv.Price); err != nil {
		return vr, err
	}
	vr.Price = nv.Price
	if nv.CompareAtPrice != nil {
		if err := cleanPrice(field+".compare_at_price", *nv.CompareAtPrice); err != nil {
			return vr, err
		}
		vr.CompareAtPrice = nv.CompareAtPrice
	}
	if nv.WeightGrams < 0 || nv.WeightGrams > 10_000_000 {
		return vr, errs.Invalid(field+".weight_grams", "must be between 0 and 10000000")
	}
	vr.WeightGrams = nv.WeightGrams
	if vr.MediaIDs, err = cleanMedia(field+".media_ids", nv.MediaIDs); err != nil {
		return vr, err
	}
	if nv.Stock < 0 || nv.Stock > 1_000_000_000 {
		return vr, errs.Invalid(field+".stock", "must be between 0 and 1000000000")
	}
	if nv.LowStockThreshold < 0 || nv.LowStockThreshold > 1_000_000_000 {
		return vr, errs.Invalid(field+".low_stock_threshold", "must be between 0 and 1000000000")
	}
	return vr, nil
}

// SellerProducts lists a vendor's products in every status, newest first.
func (s *Service) SellerProducts(ctx context.Context, vendorID uuid.UUID, status, cursor string, limit int) ([]Product, string, error) {
	if status != "" {
		if _, err := cleanStatus("query.status", status); err != nil {
			return nil, "", err
		}
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	c, err := decodeCursor(cursor, "seller")
	if err != nil {
		return nil, "", err
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return nil, "", err
	}
	var rows []productRow
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Select(productColumns).Where("vendor_id = ?", vendorID).Order("id DESC").Limit(limit + 1)
		if status != "" {
			q = q.Where("status = ?", status)
		}
		if c.ID != uuid.Nil {
			q = q.Where("id < ?", c.ID)
		}
		return q.Find(&rows).Error
	})
	if err != nil {
		return nil, "", fmt.Errorf("list products: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = encodeCursor(cursorState{Sort: "seller", ID: rows[len(rows)-1].ID})
	}
	out := make([]Product, len(rows))
	for i, r := range rows {
		out[i] = r.product()
	}
	return out, next, nil
}

// SellerProduct returns one of a vendor's products, in any status.
func (s *Service) SellerProduct(ctx context.Context, vendorID, id uuid.UUID) (Product, error) {
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		p, err = s.loadProduct(tx, "id = ? AND vendor_id = ?", id, vendorID)
		return err
	})
	return p, err
}

// UpdateProduct changes one of a vendor's products.
func (s *Service) UpdateProduct(ctx context.Context, vendorID, id uuid.UUID, c ProductChange) (Product, error) {
	changes := map[string]any{}
	var err error
	if c.Title != nil {
		if changes["title"], err = line("body.title", *c.Title, 1, 200); err != nil {
			return Product{}, err
		}
	}
	if c.Slug != nil {
		if changes["slug"], err = productSlug("body.slug", *c.Slug); err != nil {
			return Product{}, err
		}
	}
	if c.DescriptionHTML != nil {
		h, t, err := s.html.description(*c.DescriptionHTML)
		if err != nil {
			return Product{}, err
		}
		changes["description_html"], changes["description_text"] = h, t
	}
	if c.Status != nil {
		if changes["status"], err = cleanStatus("body.status", *c.Status); err != nil {
			return Product{}, err
		}
	}
	if c.Tags != nil {
		tags, err := cleanTags(*c.Tags)
		if err != nil {
			return Product{}, err
		}
		changes["tags"] = textArray(tags)
	}
	if c.SEOTitle != nil {
		if changes["seo_title"], err = line("body.seo_title", *c.SEOTitle, 0, 70); err != nil {
			return Product{}, err
		}
	}
	if c.SEODescription != nil {
		if changes["seo_description"], err = text("body.seo_description", *c.SEODescription, 320); err != nil {
			return Product{}, err
		}
	}
	var newOptions []ProductOption
	if c.Options != nil {
		if newOptions, err = cleanOptions(*c.Options); err != nil {
			return Product{}, err
		}
		changes["options"] = jsonColumn[[]ProductOption]{V: newOptions}
	}
	if c.Attributes != nil {
		attrs, err := cleanAttributes(*c.Attributes)
		if err != nil {
			return Product{}, err
		}
		changes["attributes"] = jsonColumn[map[string]any]{V: attrs}
	}
	if c.MediaIDs != nil {
		m, err := cleanMedia("body.media_ids", *c.MediaIDs)
		if err != nil {
			return Product{}, err
		}
		changes["media_ids"] = uuidArray(m)
	}
	if c.CategoryID != nil {
		if *c.CategoryID == uuid.Nil {
			changes["category_id"] = nil
		} else {
			changes["category_id"] = *c.CategoryID
		}
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	if m, ok := changes["media_ids"].(uuidArray); ok {
		if err := s.checkMedia(ctx, vendorID, "body.media_ids", m); err != nil {
			return Product{}, err
		}
	}
	var out Product
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		cur, err := s.loadProduct(tx, "id = ? AND vendor_id = ?", id, vendorID)
		if err != nil {
			return err
		}
		if err := s.checkCategory(tx, c.CategoryID); err != nil {
			return err
		}
		if c.Options != nil {
			for i, v := range cur.Variants {
				if _, err := cleanOptionValues("body.options", newOptions, v.OptionValues); err != nil {
					return errs.Invalid("body.options", fmt.Sprintf("variant %s (%d) would no longer match the options; change or delete it first", v.SKU, i))
				}
			}
		}
		if st, ok := changes["status"].(string); ok && st == StatusActive {
			if len(cur.Variants) == 0 {
				return ErrNoVariants
			}
			if cur.PublishedAt == nil {
				changes["published_at"] = now()
			}
			changes["moderation_note"] = ""
		}
		if len(changes) == 0 {
			out = cur
			return nil
		}
		changes["updated_at"] = now()
		if err := tx.Model(&productRow{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return duplicate(err, ErrSlugTaken)
		}
		out, err = s.loadProduct(tx, "id = ?", id)
		return err
	})
	return out, err
}

// Unpublish takes any product of the marketplace out of listings (operators): it goes back
// to draft with the operator's note, which its vendor sees.
func (s *Service) Unpublish(ctx context.Context, id uuid.UUID, note string) (Product, error) {
	n, err := text("body.reason", note, 1000)
	if err != nil {
		return Product{}, err
	}
	var out Product
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&productRow{}).Where("id = ?", id).Updates(map[string]any{"status": StatusDraft, "moderation_note": n, "updated_at": now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrProductNotFound
		}
		out, err = s.loadProduct(tx, "id = ?", id)
		return err
	})
	return out, err
}

// AddVariant adds a variant, with its opening stock, to one of a vendor's products.
func (s *Service) AddVariant(ctx context.Context, vendorID, productID uuid.UUID, nv NewVariant) (Product, error) {
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	if err := s.checkMedia(ctx, vendorID, "body.media_ids", nv.MediaIDs); err != nil {
		return Product{}, err
	}
	actor := access.PrincipalFrom(ctx).AccountID
	var out Product
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var prow productRow
		if err := tx.Select(productColumns).Where("id = ? AND vendor_id = ?", productID, vendorID).Take(&prow).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrProductNotFound
			}
			return err
		}
		cur, err := s.loadProduct(tx, "id = ?", productID)
		if err != nil {
			return err
		}
		if len(cur.Variants) >= maxVariants {
			return errs.Invalid("body", fmt.Sprintf("a product has at most %d variants", maxVariants))
		}
		vr, err := s.variantRow("body", prow, nv, len(cur.Variants))
		if err != nil {
			return err
		}
		key := optionKey(vr.OptionValues.V, prow.Options.V)
		for _, v := range cur.Variants {
			if optionKey(v.OptionValues, prow.Options.V) == key {
				return errs.Invalid("body.option_values", "another variant has these option values")
			}
		}
		if err := tx.Create(&vr).Error; err != nil {
			return duplicate(err, ErrSKUTaken)
		}
		if err := s.d.Inventory.Track(tx, inventory.Track{VendorID: vendorID, VariantID: vr.ID, SKU: vr.SKU, Initial: nv.Stock,
			LowStockThreshold: nv.LowStockThreshold, ActorID: &actor}); err != nil {
			return err
		}
		if err := refreshPrices(tx, productID); err != nil {
			return err
		}
		out, err = s.loadProduct(tx, "id = ?", productID)
		return err
	})
	return out, err
}

// UpdateVariant changes a variant of one of a vendor's products.
func (s *Service) UpdateVariant(ctx context.Context, vendorID, productID, variantID uuid.UUID, c VariantChange) (Product, error) {
	changes := map[string]any{}
	var err error
	if c.SKU != nil {
		if changes["sku"], err = cleanSKU("body.sku", *c.SKU); err != nil {
			return Product{}, err
		}
	}
	if c.Title != nil {
		if changes["title"], err = line("body.title", *c.Title, 0, 200); err != nil {
			return Product{}, err
		}
	}
	if c.Price != nil {
		if err := cleanPrice("body.price", *c.Price); err != nil {
			return Product{}, err
		}
		changes["price"] = *c.Price
	}
	if c.CompareAtPrice != nil {
		if *c.CompareAtPrice == nil {
			changes["compare_at_price"] = nil
		} else {
			if err := cleanPrice("body.compare_at_price", **c.CompareAtPrice); err != nil {
				return Product{}, err
			}
			changes["compare_at_price"] = **c.CompareAtPrice
		}
	}
	if c.WeightGrams != nil {
		if *c.WeightGrams < 0 || *c.WeightGrams > 10_000_000 {
			return Product{}, errs.Invalid("body.weight_grams", "must be between 0 and 10000000")
		}
		changes["weight_grams"] = *c.WeightGrams
	}
	if c.MediaIDs != nil {
		m, err := cleanMedia("body.media_ids", *c.MediaIDs)
		if err != nil {
			return Product{}, err
		}
		changes["media_ids"] = uuidArray(m)
	}
	if c.Position != nil {
		if *c.Position < 0 || *c.Position > 10_000 {
			return Product{}, errs.Invalid("body.position", "must be between 0 and 10000")
		}
		changes["position"] = *c.Position
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	if m, ok := changes["media_ids"].(uuidArray); ok {
		if err := s.checkMedia(ctx, vendorID, "body.media_ids", m); err != nil {
			return Product{}, err
		}
	}
	var out Product
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		cur, err := s.loadProduct(tx, "id = ? AND vendor_id = ?", productID, vendorID)
		if err != nil {
			return err
		}
		found := false
		for _, v := range cur.Variants {
			if v.ID == variantID {
				found = true
			}
		}
		if !found {
			return ErrVariantNotFound
		}
		if c.OptionValues != nil {
			vals, err := cleanOptionValues("body.option_values", cur.Options, *c.OptionValues)
			if err != nil {
				return err
			}
			for _, v := range cur.Variants {
				if v.ID != variantID && optionKey(v.OptionValues, cur.Options) == optionKey(vals, cur.Options) {
					return errs.Invalid("body.option_values", "another variant has these option values")
				}
			}
			changes["option_values"] = jsonColumn[map[string]string]{V: vals}
		}
		if len(changes) > 0 {
			changes["updated_at"] = now()
			if err := tx.Model(&variantRow{}).Where("id = ?", variantID).Updates(changes).Error; err != nil {
				return duplicate(err, ErrSKUTaken)
			}
			if sku, ok := changes["sku"].(string); ok {
				if err := s.d.Inventory.Rename(tx, variantID, sku); err != nil {
					return err
				}
			}
			if err := refreshPrices(tx, productID); err != nil {
				return err
			}
		}
		out, err = s.loadProduct(tx, "id = ?", productID)
		return err
	})
	return out, err
}

// DeleteVariant removes a variant (and its stock records); an active product keeps one.
func (s *Service) DeleteVariant(ctx context.Context, vendorID, productID, variantID uuid.UUID) (Product, error) {
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return Product{}, err
	}
	var out Product
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		cur, err := s.loadProduct(tx, "id = ? AND vendor_id = ?", productID, vendorID)
		if err != nil {
			return err
		}
		found := false
		for _, v := range cur.Variants {
			found = found || v.ID == variantID
		}
		if !found {
			return ErrVariantNotFound
		}
		if cur.Status == StatusActive && len(cur.Variants) == 1 {
			return ErrLastVariant
		}
		if err := s.d.Inventory.Untrack(tx, variantID); err != nil {
			return err
		}
		if err := tx.Where("id = ?", variantID).Delete(&variantRow{}).Error; err != nil {
			return err
		}
		if err := refreshPrices(tx, productID); err != nil {
			return err
		}
		out, err = s.loadProduct(tx, "id = ?", productID)
		return err
	})
	return out, err
}

// AuthorizeMediaOwner checks that the caller may attach images to a product or variant (a
// member of its vendor) and returns that vendor; anything else is ErrProductNotFound. Module
// media's OwnerGuard is built on it.
func (s *Service) AuthorizeMediaOwner(ctx context.Context, kind string, id uuid.UUID) (uuid.UUID, error) {
	var vendorID uuid.UUID
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var ids []uuid.UUID
		var err error
		switch kind {
		case "product":
			err = tx.Model(&productRow{}).Where("id = ?", id).Pluck("vendor_id", &ids).Error
		case "variant":
			err = tx.Model(&variantRow{}).Where("id = ?", id).Pluck("vendor_id", &ids).Error
		default:
			return errs.Invalid("body.owner_kind", "must be product or variant")
		}
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return ErrProductNotFound
		}
		vendorID = ids[0]
		return nil
	})
	if err != nil {
		return uuid.Nil, err
	}
	if _, err := s.d.Vendors.Authorize(ctx, vendorID); err != nil {
		return uuid.Nil, ErrProductNotFound
	}
	return vendorID, nil
}
