package catalogio

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

type importRow struct {
	TenantID   uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	VendorID   uuid.UUID
	CreatedBy  uuid.UUID
	Filename   string
	Status     string
	Content    []byte
	RowsTotal  int
	RowsDone   int
	RowsFailed int
	Errors     rowErrors
	Failure    string
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
	UpdatedAt  time.Time
}

func (importRow) TableName() string { return "catalog_imports" }

// importColumns are read for views (never the file).
const importColumns = "tenant_id, id, vendor_id, created_by, filename, status, rows_total, rows_done, rows_failed, errors, failure, created_at, started_at, finished_at, updated_at"

func (r importRow) view() Import {
	return Import{ID: r.ID, VendorID: r.VendorID, CreatedBy: r.CreatedBy, Filename: r.Filename, Status: r.Status, RowsTotal: r.RowsTotal,
		RowsDone: r.RowsDone, RowsFailed: r.RowsFailed, Errors: []RowError(r.Errors), Failure: r.Failure, CreatedAt: r.CreatedAt,
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
}

// rowErrors is the jsonb list of row errors.
type rowErrors []RowError

func (e *rowErrors) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case []byte:
		b = v
	case string:
		b = []byte(v)
	case nil:
		*e = rowErrors{}
		return nil
	default:
		return fmt.Errorf("scan row errors: unexpected %T", src)
	}
	var out []RowError
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	*e = out
	return nil
}

func (e rowErrors) Value() (driver.Value, error) {
	if e == nil {
		return "[]", nil
	}
	b, err := json.Marshal([]RowError(e))
	return string(b), err
}
