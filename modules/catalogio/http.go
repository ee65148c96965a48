package catalogio

import (
	"context"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

// RowErrorView is why one row was not applied.
type RowErrorView struct {
	Row     int    `json:"row" doc:"Spreadsheet row number; the header is row 1" example:"7"`
	Column  string `json:"column" doc:"The column at fault, empty when the row as a whole was refused" example:"price"`
	Message string `json:"message" example:"must have at most 2 decimal places for USD"`
}

// ImportView is an uploaded CSV file and its progress.
type ImportView struct {
	ID         string         `json:"id" format:"uuid"`
	VendorID   string         `json:"vendor_id" format:"uuid"`
	Filename   string         `json:"filename"`
	Status     string         `json:"status" enum:"queued,running,done,failed"`
	RowsTotal  int            `json:"rows_total"`
	RowsDone   int            `json:"rows_done" doc:"Rows processed so far, applied or refused"`
	RowsFailed int            `json:"rows_failed"`
	Errors     []RowErrorView `json:"errors" doc:"The first 200 refused rows"`
	Failure    string         `json:"failure" doc:"Why the whole file could not be applied (status failed)"`
	CreatedAt  time.Time      `json:"created_at"`
	StartedAt  *time.Time     `json:"started_at"`
	FinishedAt *time.Time     `json:"finished_at"`
}

func importView(im Import) ImportView {
	v := ImportView{ID: im.ID.String(), VendorID: im.VendorID.String(), Filename: im.Filename, Status: im.Status, RowsTotal: im.RowsTotal,
		RowsDone: im.RowsDone, RowsFailed: im.RowsFailed, Errors: make([]RowErrorView, len(im.Errors)), Failure: im.Failure,
		CreatedAt: im.CreatedAt, StartedAt: im.StartedAt, FinishedAt: im.FinishedAt}
	for i, e := range im.Errors {
		v.Errors[i] = RowErrorView(e)
	}
	return v
}

type vendorInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
}

type uploadInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Filename string    `query:"filename" maxLength:"255" doc:"The uploaded file's name, for display"`
	RawBody  []byte    `contentType:"text/csv" doc:"The CSV file (UTF-8, comma-separated, a header row; see docs/csv-import.md)"`
}

type importInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	ImportID uuid.UUID `path:"import_id"`
}

type listInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Limit    int       `query:"limit" minimum:"0" maximum:"50" doc:"Default 20"`
}

type importOutput struct{ Body ImportView }

type importsOutput struct {
	Body struct {
		Items []ImportView `json:"items"`
	}
}

// Routes registers the catalogio operations.
func Routes(api huma.API, s *Service) {
	tags := []string{"Seller catalog"}
	base := "/api/v1/seller/vendors/{vendor_id}/catalog"

	huma.Register(api, huma.Operation{
		OperationID: "seller-export-catalog", Method: http.MethodGet, Path: base + "/export.csv", Tags: tags,
		Summary:     "Export products as CSV",
		Description: "The shop's products in every status, one row per variant, with the on-hand stock of each stock location (columns: docs/csv-import.md). Cells that a spreadsheet would run as a formula start with an apostrophe.",
		Security:    access.Security(),
		Responses: map[string]*huma.Response{"200": {Description: "The CSV file", Content: map[string]*huma.MediaType{
			"text/csv": {Schema: &huma.Schema{Type: "string"}},
		}}},
	}, func(ctx context.Context, in *vendorInput) (*huma.StreamResponse, error) {
		exp, err := s.PrepareExport(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			hctx.SetHeader("Content-Type", "text/csv; charset=utf-8")
			hctx.SetHeader("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": exp.Filename()}))
			hctx.SetHeader("Cache-Control", "private, no-store")
			hctx.SetHeader("X-Content-Type-Options", "nosniff")
			hctx.SetStatus(http.StatusOK)
			// Once the first byte is out the status cannot change; a failure cuts the file short.
			if err := exp.WriteTo(ctx, hctx.BodyWriter()); err != nil {
				slog.ErrorContext(ctx, "catalog export cut short", "vendor_id", in.VendorID, "err", err)
			}
		}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-create-import", Method: http.MethodPost, Path: base + "/imports", Tags: tags,
		Summary: "Import products from CSV",
		Description: "Uploads a CSV file (at most 10 MB and 50,000 rows) as the request body with Content-Type text/csv. The file is checked " +
			"at once (CSV syntax, header, stock locations); it is then applied by a worker: products are created or updated by slug, variants by SKU, " +
			"stock set per location. Poll the import for progress and row errors; valid rows are kept.",
		Security: access.Security(), DefaultStatus: http.StatusAccepted, MaxBodyBytes: MaxUploadBytes,
	}, func(ctx context.Context, in *uploadInput) (*importOutput, error) {
		im, err := s.Upload(ctx, in.VendorID, in.Filename, in.RawBody)
		if err != nil {
			return nil, err
		}
		return &importOutput{Body: importView(im)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-imports", Method: http.MethodGet, Path: base + "/imports", Tags: tags,
		Summary: "List recent imports", Description: "The shop's most recent CSV imports, newest first.", Security: access.Security(),
	}, func(ctx context.Context, in *listInput) (*importsOutput, error) {
		list, err := s.List(ctx, in.VendorID, in.Limit)
		if err != nil {
			return nil, err
		}
		out := &importsOutput{}
		out.Body.Items = make([]ImportView, len(list))
		for i, im := range list {
			out.Body.Items[i] = importView(im)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "seller-get-import", Method: http.MethodGet, Path: base + "/imports/{import_id}", Tags: tags,
		Summary: "Get an import", Description: "An import's status, progress and row errors.", Security: access.Security(),
	}, func(ctx context.Context, in *importInput) (*importOutput, error) {
		im, err := s.Get(ctx, in.VendorID, in.ImportID)
		if err != nil {
			return nil, err
		}
		return &importOutput{Body: importView(im)}, nil
	})
}
