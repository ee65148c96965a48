package catalogio

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Catalog is what catalogio needs from module catalog.
type Catalog interface {
	MarketCurrency(ctx context.Context) string
	CategorySlugs(ctx context.Context) (map[string]uuid.UUID, error)
	VendorCatalogPage(ctx context.Context, vendorID, after uuid.UUID, limit int) ([]catalog.Product, error)
	BulkFindProduct(tx *gorm.DB, vendorID uuid.UUID, slug string) (catalog.BulkProductRef, error)
	BulkUpsertProduct(ctx context.Context, tx *gorm.DB, vendorID uuid.UUID, p catalog.BulkProduct) (catalog.BulkProductRef, error)
	BulkUpsertVariant(tx *gorm.DB, vendorID, productID uuid.UUID, v catalog.BulkVariant, actor *uuid.UUID) (uuid.UUID, error)
}

// Inventory is what catalogio needs from module inventory.
type Inventory interface {
	Locations(ctx context.Context, vendorID uuid.UUID) ([]inventory.Location, error)
	Items(ctx context.Context, vendorID uuid.UUID, f inventory.ItemFilter) (inventory.Page[inventory.Item], error)
	SetOnHand(tx *gorm.DB, c inventory.StockCount) (bool, error)
}

// Vendors is what catalogio needs from module vendors.
type Vendors interface {
	Authorize(ctx context.Context, vendorID uuid.UUID) (vendors.Membership, error)
}

// Deps are what the service is built from.
type Deps struct {
	Tenants   *tenants.Registry
	Catalog   Catalog
	Inventory Inventory
	Vendors   Vendors
}

// Service is the catalogio module's only way in.
type Service struct {
	d Deps
	// batchSize is how many rows commit together with the import's progress.
	batchSize int
}

// NewService returns the catalogio service.
func NewService(d Deps) *Service { return &Service{d: d, batchSize: 100} }

func now() time.Time { return time.Now().UTC() }

// authorize checks that the caller is a member of the vendor (others see 404).
func (s *Service) authorize(ctx context.Context, vendorID uuid.UUID) (vendors.Membership, error) {
	return s.d.Vendors.Authorize(ctx, vendorID)
}

// cleanFilename keeps the base name of an uploaded file, for display.
func cleanFilename(name string) string {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" {
		name = ""
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// Upload checks a CSV file (syntax, header, row count, stock locations) and queues it to be
// applied to the vendor's catalog. A refused file writes nothing.
func (s *Service) Upload(ctx context.Context, vendorID uuid.UUID, filename string, data []byte) (Import, error) {
	if len(data) > MaxUploadBytes {
		return Import{}, errs.Invalid("body", fmt.Sprintf("the file is larger than %d MB", MaxUploadBytes>>20))
	}
	if _, err := s.authorize(ctx, vendorID); err != nil {
		return Import{}, err
	}
	sh, err := parseSheet(data)
	if err != nil {
		return Import{}, err
	}
	locs, err := s.d.Inventory.Locations(ctx, vendorID)
	if err != nil {
		return Import{}, err
	}
	if _, err := locationColumns(sh, locs); err != nil {
		return Import{}, err
	}
	row := importRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), VendorID: vendorID, CreatedBy: access.PrincipalFrom(ctx).AccountID,
		Filename: cleanFilename(filename), Status: StatusQueued, Content: data, RowsTotal: len(sh.rows), Errors: rowErrors{},
		CreatedAt: now(), UpdatedAt: now()}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store import: %w", err)
		}
		_, err := workers.Enqueue(tx, workers.Job{Type: TaskImport, Payload: importPayload{ImportID: row.ID}, Queue: workers.QueueLow})
		return err
	})
	if err != nil {
		return Import{}, err
	}
	return row.view(), nil
}

// locationColumns maps the file's stock columns to the vendor's locations (by name, case
// ignored); a column naming no location refuses the file.
func locationColumns(sh *sheet, locs []inventory.Location) (map[int]uuid.UUID, error) {
	byName := map[string]uuid.UUID{}
	names := make([]string, len(locs))
	for i, l := range locs {
		byName[strings.ToLower(l.Name)] = l.ID
		names[i] = l.Name
	}
	out := map[int]uuid.UUID{}
	for _, c := range sh.stock {
		id, ok := byName[strings.ToLower(c.location)]
		if !ok {
			return nil, errs.Invalid("body", fmt.Sprintf("column %q: the shop has no stock location named %q (it has: %s)", c.header, c.location, strings.Join(names, ", ")))
		}
		out[c.pos] = id
	}
	return out, nil
}

// Get returns one of the vendor's imports.
func (s *Service) Get(ctx context.Context, vendorID, id uuid.UUID) (Import, error) {
	if _, err := s.authorize(ctx, vendorID); err != nil {
		return Import{}, err
	}
	var row importRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Select(importColumns).Where("id = ? AND vendor_id = ?", id, vendorID).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Import{}, ErrImportNotFound
	}
	if err != nil {
		return Import{}, err
	}
	return row.view(), nil
}

// List returns the vendor's most recent imports, newest first.
func (s *Service) List(ctx context.Context, vendorID uuid.UUID, limit int) ([]Import, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	if _, err := s.authorize(ctx, vendorID); err != nil {
		return nil, err
	}
	var rows []importRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Select(importColumns).Where("vendor_id = ?", vendorID).Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	out := make([]Import, len(rows))
	for i, r := range rows {
		out[i] = r.view()
	}
	return out, nil
}

// Export is a vendor's catalog ready to be written as CSV.
type Export struct {
	s          *Service
	vendorID   uuid.UUID
	vendorSlug string
	locations  []inventory.Location
	categories map[uuid.UUID]string
}

// Filename is the suggested name of the download.
func (e *Export) Filename() string {
	return fmt.Sprintf("%s-products-%s.csv", e.vendorSlug, now().Format("20060102"))
}

// PrepareExport checks that the caller may export the vendor's catalog and reads what every
// row needs (locations, categories), so that refusals come before the first byte is written.
func (s *Service) PrepareExport(ctx context.Context, vendorID uuid.UUID) (*Export, error) {
	m, err := s.authorize(ctx, vendorID)
	if err != nil {
		return nil, err
	}
	locs, err := s.d.Inventory.Locations(ctx, vendorID)
	if err != nil {
		return nil, err
	}
	slugs, err := s.d.Catalog.CategorySlugs(ctx)
	if err != nil {
		return nil, err
	}
	cats := make(map[uuid.UUID]string, len(slugs))
	for slug, id := range slugs {
		cats[id] = slug
	}
	return &Export{s: s, vendorID: vendorID, vendorSlug: m.Vendor.Slug, locations: locs, categories: cats}, nil
}

// Header is the export's header row.
func (e *Export) Header() []string {
	h := append([]string{}, Columns...)
	for _, l := range e.locations {
		h = append(h, StockPrefix+l.Name)
	}
	return h
}

// WriteTo writes the header and one row per variant (a product without variants gets one row
// with the variant columns empty), products in a stable order, a page at a time.
func (e *Export) WriteTo(ctx context.Context, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(e.Header()); err != nil {
		return err
	}
	after := uuid.Nil
	for {
		page, err := e.s.d.Catalog.VendorCatalogPage(ctx, e.vendorID, after, 100)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		stock, err := e.stockOf(ctx, page)
		if err != nil {
			return err
		}
		for _, p := range page {
			for _, rec := range e.records(p, stock) {
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		after = page[len(page)-1].ID
	}
	cw.Flush()
	return cw.Error()
}

// stockOf reads the on-hand stock per location of the page's variants.
func (e *Export) stockOf(ctx context.Context, page []catalog.Product) (map[uuid.UUID]map[uuid.UUID]int64, error) {
	var vids []uuid.UUID
	for _, p := range page {
		for _, v := range p.Variants {
			vids = append(vids, v.ID)
		}
	}
	out := map[uuid.UUID]map[uuid.UUID]int64{}
	for start := 0; start < len(vids); start += 200 {
		chunk := vids[start:min(start+200, len(vids))]
		cursor := ""
		for {
			items, err := e.s.d.Inventory.Items(ctx, e.vendorID, inventory.ItemFilter{VariantIDs: chunk, Cursor: cursor, Limit: 200})
			if err != nil {
				return nil, err
			}
			for _, it := range items.Items {
				m := map[uuid.UUID]int64{}
				for _, l := range it.Levels {
					m[l.LocationID] = l.OnHand
				}
				out[it.VariantID] = m
			}
			if items.NextCursor == "" {
				break
			}
			cursor = items.NextCursor
		}
	}
	return out, nil
}

func (e *Export) records(p catalog.Product, stock map[uuid.UUID]map[uuid.UUID]int64) [][]string {
	base := []string{p.Slug, p.Title, p.DescriptionHTML, p.Status, "", strings.Join(p.Tags, TagSeparator), p.SEOTitle, p.SEODescription}
	if p.CategoryID != nil {
		base[4] = e.categories[*p.CategoryID]
	}
	optionCells := func(vals map[string]string) []string {
		cells := make([]string, 6)
		for i, o := range p.Options {
			if i >= 3 {
				break
			}
			cells[2*i], cells[2*i+1] = o.Name, vals[o.Name]
		}
		return cells
	}
	if len(p.Variants) == 0 {
		rec := append(append(append([]string{}, base...), optionCells(nil)...), "", "", "", "", p.Currency, "")
		rec = append(rec, make([]string, len(e.locations))...)
		return [][]string{guardAll(rec)}
	}
	var out [][]string
	for _, v := range p.Variants {
		rec := append(append([]string{}, base...), optionCells(v.OptionValues)...)
		compare := ""
		if v.CompareAtPrice != nil {
			compare = money.Decimal(*v.CompareAtPrice, v.Currency)
		}
		rec = append(rec, v.SKU, v.Title, money.Decimal(v.Price, v.Currency), compare, v.Currency, strconv.Itoa(v.WeightGrams))
		for _, l := range e.locations {
			if n, ok := stock[v.ID][l.ID]; ok {
				rec = append(rec, strconv.FormatInt(n, 10))
			} else {
				rec = append(rec, "0")
			}
		}
		out = append(out, guardAll(rec))
	}
	return out
}

func guardAll(rec []string) []string {
	for i := range rec {
		rec[i] = guard(rec[i])
	}
	return rec
}
