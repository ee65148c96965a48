package catalogio

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Import statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Import is an uploaded CSV file and how far applying it has come.
type Import struct {
	ID         uuid.UUID
	VendorID   uuid.UUID
	CreatedBy  uuid.UUID
	Filename   string
	Status     string
	RowsTotal  int
	RowsDone   int
	RowsFailed int
	// Errors are the first row errors (at most 200); RowsFailed counts them all.
	Errors     []RowError
	Failure    string
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
}

// RowError says why one row of an import was not applied.
type RowError struct {
	// Row is the spreadsheet row number: the header is row 1.
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ErrImportNotFound is also the answer for other vendors' and marketplaces' imports.
var ErrImportNotFound = fmt.Errorf("import: %w", errs.ErrNotFound)
