package catalogio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// TaskImport applies one uploaded CSV file to its vendor's catalog.
const TaskImport = "catalogio:import"

type importPayload struct {
	ImportID uuid.UUID `json:"import_id"`
}

// RegisterTasks registers the catalogio:import handler.
func (s *Service) RegisterTasks(mux *asynq.ServeMux) {
	mux.HandleFunc(TaskImport, s.HandleImport)
}

// HandleImport is the catalogio:import task handler (see RunImport).
func (s *Service) HandleImport(ctx context.Context, t *asynq.Task) error {
	env, err := workers.DecodeEnvelope(t)
	if err != nil {
		return err
	}
	var p importPayload
	if err := json.Unmarshal(env.Data, &p); err != nil || p.ImportID == uuid.Nil {
		return fmt.Errorf("%s payload: %w", TaskImport, asynq.SkipRetry)
	}
	return s.RunImport(tenants.WithTenantID(ctx, env.TenantID), p.ImportID)
}

// importJob is what applying the rows of one import needs.
type importJob struct {
	id        uuid.UUID
	vendorID  uuid.UUID
	actor     uuid.UUID
	note      string
	sheet     *sheet
	locations map[int]uuid.UUID
	cats      map[string]uuid.UUID
	plans     map[string]*productPlan
}

// productPlan is what the file says about one product_slug as a whole: the row its product
// columns are read from, and its options with every value any of its rows uses.
type productPlan struct {
	firstRow     int
	optionNames  []string
	optionValues [][]string
}

// RunImport applies an import's rows, a batch per transaction that also records the progress,
// until every row is done. It is idempotent: a finished import is left alone, and a re-run
// resumes after the last committed row. The rows are applied with the authority of the person
// who uploaded the file, who must still be a member of the vendor.
func (s *Service) RunImport(ctx context.Context, id uuid.UUID) error {
	var row importRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status != StatusQueued {
			return nil
		}
		return tx.Model(&importRow{}).Where("id = ? AND status = ?", id, StatusQueued).
			Updates(map[string]any{"status": StatusRunning, "started_at": now(), "updated_at": now()}).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if row.Status != StatusQueued && row.Status != StatusRunning {
		return nil
	}
	actx := access.WithPrincipal(ctx, access.Principal{AccountID: row.CreatedBy, Roles: []string{access.RoleAnonymous, access.RoleBuyer, access.RoleSeller}})
	if _, err := s.authorize(actx, row.VendorID); err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return s.fail(ctx, id, "the person who uploaded the file can no longer manage this shop")
		}
		return err
	}
	job := &importJob{id: id, vendorID: row.VendorID, actor: row.CreatedBy, note: truncate("CSV import "+row.Filename, 500)}
	if job.sheet, err = parseSheet(row.Content); err != nil {
		return s.fail(ctx, id, err.Error())
	}
	locs, err := s.d.Inventory.Locations(actx, row.VendorID)
	if err != nil {
		return err
	}
	if job.locations, err = locationColumns(job.sheet, locs); err != nil {
		var fe *errs.FieldError
		if errors.As(err, &fe) {
			return s.fail(ctx, id, fe.Message)
		}
		return err
	}
	if job.cats, err = s.d.Catalog.CategorySlugs(ctx); err != nil {
		return err
	}
	job.plans = plan(job.sheet)
	for {
		finished, err := s.runBatch(ctx, job)
		if err != nil || finished {
			return err
		}
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// fail ends an import that cannot be applied at all, with the reason.
func (s *Service) fail(ctx context.Context, id uuid.UUID, reason string) error {
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&importRow{}).Where("id = ? AND status IN ?", id, []string{StatusQueued, StatusRunning}).
			Updates(map[string]any{"status": StatusFailed, "failure": truncate(reason, 1000), "content": nil, "finished_at": now(), "updated_at": now()}).Error
	})
}

// plan reads each product's first row and its option values across all its rows.
func plan(sh *sheet) map[string]*productPlan {
	plans := map[string]*productPlan{}
	for i, rec := range sh.rows {
		slug, _ := sh.cell(rec, ColProductSlug)
		key := strings.ToLower(slug)
		p, ok := plans[key]
		if !ok {
			p = &productPlan{firstRow: i}
			for _, oc := range optionColumns {
				name, _ := sh.cell(rec, oc[0])
				if name == "" {
					break
				}
				p.optionNames = append(p.optionNames, name)
			}
			p.optionValues = make([][]string, len(p.optionNames))
			plans[key] = p
		}
		for j := range p.optionNames {
			v, _ := sh.cell(rec, optionColumns[j][1])
			if v != "" && !slices.Contains(p.optionValues[j], v) {
				p.optionValues[j] = append(p.optionValues[j], v)
			}
		}
	}
	return plans
}

// runBatch applies the next batch of rows and records the progress in the same transaction.
// Each row runs in a savepoint: a bad row is rolled back and reported, the others are kept.
func (s *Service) runBatch(ctx context.Context, job *importJob) (bool, error) {
	finished := false
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row importRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select(importColumns).Where("id = ?", job.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status != StatusRunning {
			finished = true
			return nil
		}
		start, end := row.RowsDone, min(row.RowsDone+s.batchSize, row.RowsTotal)
		list, failed := []RowError(row.Errors), row.RowsFailed
		for i := start; i < end; i++ {
			err := tx.Transaction(func(stx *gorm.DB) error { return s.applyRow(ctx, stx, job, i) })
			if err == nil {
				continue
			}
			re, ok := rowErrorOf(err)
			if !ok {
				return fmt.Errorf("import %s row %d: %w", job.id, i+2, err)
			}
			re.Row = i + 2
			failed++
			if len(list) < maxStoredErrors {
				list = append(list, re)
			}
		}
		changes := map[string]any{"rows_done": end, "rows_failed": failed, "errors": rowErrors(list), "updated_at": now()}
		if end == row.RowsTotal {
			changes["status"], changes["finished_at"], changes["content"] = StatusDone, now(), nil
			finished = true
		}
		return tx.Model(&importRow{}).Where("id = ?", job.id).Updates(changes).Error
	})
	return finished, err
}

// rowErrorOf turns what refused a row into its report; other errors (the database is down)
// abort the batch so the task is retried.
func rowErrorOf(err error) (RowError, bool) {
	var fe *errs.FieldError
	switch {
	case errors.As(err, &fe):
		return RowError{Column: fe.Field, Message: fe.Message}, true
	case errors.Is(err, errs.ErrInvalid), errors.Is(err, errs.ErrNotFound), errors.Is(err, errs.ErrConflict):
		return RowError{Message: err.Error()}, true
	case errors.Is(err, gorm.ErrDuplicatedKey), errors.Is(err, gorm.ErrForeignKeyViolated), errors.Is(err, gorm.ErrCheckConstraintViolated):
		return RowError{Message: "refused by the database: " + err.Error()}, true
	}
	return RowError{}, false
}

func invalid(column, format string, args ...any) error {
	return errs.Invalid(column, fmt.Sprintf(format, args...))
}

// applyRow applies row i of the file inside tx: the product (from its first row), the variant
// by SKU, then the stock counts.
func (s *Service) applyRow(ctx context.Context, tx *gorm.DB, job *importJob, i int) error {
	sh, rec := job.sheet, job.sheet.rows[i]
	get := func(c string) string { v, _ := sh.cell(rec, c); return v }
	slug := get(ColProductSlug)
	if slug == "" {
		return invalid(ColProductSlug, "is required")
	}
	p := job.plans[strings.ToLower(slug)]
	first := p.firstRow == i

	optionValues := map[string]string{}
	for j, oc := range optionColumns {
		name, value := get(oc[0]), get(oc[1])
		if j >= len(p.optionNames) {
			if name != "" || value != "" {
				return invalid(oc[0], "the product's first row (row %d) names %d options", p.firstRow+2, len(p.optionNames))
			}
			continue
		}
		if name != "" && name != p.optionNames[j] {
			return invalid(oc[0], "must be %q, as on the product's first row (row %d), or empty", p.optionNames[j], p.firstRow+2)
		}
		optionValues[p.optionNames[j]] = value
	}

	sku, price := get(ColSKU), get(ColPrice)
	counts := map[int]int64{}
	for _, c := range sh.stock {
		v := rec[c.pos]
		if v == "" {
			continue
		}
		n, err := parseCount(v)
		if err != nil {
			return errs.Invalid(c.header, err.Error())
		}
		counts[c.pos] = n
	}
	if sku == "" {
		if !first {
			return invalid(ColSKU, "is required on every row after the product's first")
		}
		if price != "" || len(counts) > 0 {
			return invalid(ColSKU, "is required to set a price or stock")
		}
	} else if price == "" {
		return invalid(ColPrice, "is required")
	}

	var ref catalog.BulkProductRef
	var err error
	if first {
		bp, err := job.bulkProduct(sh, rec, slug, p)
		if err != nil {
			return err
		}
		if ref, err = s.d.Catalog.BulkUpsertProduct(ctx, tx, job.vendorID, bp); err != nil {
			return err
		}
	} else if ref, err = s.d.Catalog.BulkFindProduct(tx, job.vendorID, slug); err != nil {
		return err
	}
	if sku == "" {
		return nil
	}
	if c := get(ColCurrency); c != "" && !strings.EqualFold(c, ref.Currency) {
		return invalid(ColCurrency, "the product is priced in %s", ref.Currency)
	}
	bv := catalog.BulkVariant{SKU: sku, OptionValues: optionValues}
	if bv.Price, err = money.ParseDecimal(price, ref.Currency); err != nil {
		return errs.Invalid(ColPrice, err.Error())
	}
	if v, ok := sh.cell(rec, ColCompareAt); ok {
		var compare *int64
		if v != "" {
			n, err := money.ParseDecimal(v, ref.Currency)
			if err != nil {
				return errs.Invalid(ColCompareAt, err.Error())
			}
			compare = &n
		}
		bv.CompareAtPrice = &compare
	}
	if v, ok := sh.cell(rec, ColWeightGrams); ok && v != "" {
		n, err := parseCount(v)
		if err != nil || n > 10_000_000 {
			return invalid(ColWeightGrams, "must be a whole number of grams from 0 to 10000000")
		}
		w := int(n)
		bv.WeightGrams = &w
	}
	if v, ok := sh.cell(rec, ColVariantTitle); ok {
		bv.Title = &v
	}
	variantID, err := s.d.Catalog.BulkUpsertVariant(tx, job.vendorID, ref.ID, bv, &job.actor)
	if err != nil {
		return err
	}
	for _, c := range sh.stock {
		n, ok := counts[c.pos]
		if !ok {
			continue
		}
		if _, err := s.d.Inventory.SetOnHand(tx, inventory.StockCount{VendorID: job.vendorID, VariantID: variantID, LocationID: job.locations[c.pos],
			OnHand: n, Reason: inventory.ReasonCSVImport, Note: job.note, ActorID: &job.actor, Field: c.header}); err != nil {
			return err
		}
	}
	return nil
}

// bulkProduct reads the product columns of a product's first row. A column the file does not
// have leaves the product's value alone; an empty cell clears it (title and status, which
// cannot be empty, are then left alone).
func (job *importJob) bulkProduct(sh *sheet, rec []string, slug string, p *productPlan) (catalog.BulkProduct, error) {
	bp := catalog.BulkProduct{Slug: slug}
	str := func(c string) *string {
		v, ok := sh.cell(rec, c)
		if !ok {
			return nil
		}
		return &v
	}
	nonEmpty := func(c string) *string {
		if v := str(c); v != nil && *v != "" {
			return v
		}
		return nil
	}
	bp.Title, bp.Status = nonEmpty(ColTitle), nonEmpty(ColStatus)
	bp.DescriptionHTML, bp.SEOTitle, bp.SEODescription = str(ColDescription), str(ColSEOTitle), str(ColSEODescription)
	if v := str(ColTags); v != nil {
		tags := splitTags(*v)
		bp.Tags = &tags
	}
	if v := str(ColCategory); v != nil {
		id := uuid.Nil
		if *v != "" {
			var ok bool
			if id, ok = job.cats[strings.ToLower(*v)]; !ok {
				return bp, invalid(ColCategory, "the marketplace has no category with the slug %q", *v)
			}
		}
		bp.CategoryID = &id
	}
	if sh.has(ColOption1Name) {
		opts := make([]catalog.ProductOption, len(p.optionNames))
		for j, name := range p.optionNames {
			opts[j] = catalog.ProductOption{Name: name, Values: p.optionValues[j]}
		}
		bp.Options = &opts
	}
	return bp, nil
}
