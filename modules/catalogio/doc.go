// Package catalogio moves a vendor's catalog in and out as CSV: an export of its products (one
// row per variant, stock per location) and imports that create or update products by slug and
// variants by SKU and set stock per location. It owns no products or stock of its own: it calls
// the catalog and inventory services, inside one transaction per batch of rows.
//
// An upload is checked at once (size, CSV syntax, header, row count; a refused file writes
// nothing), stored in catalog_imports with its content and applied by the catalogio:import
// worker task, enqueued through the outbox in the upload's transaction. Each batch of rows
// commits together with the import's progress (rows_done, rows_failed, row errors), so a
// re-delivered task resumes after the last committed row; rows set absolute values (stock is
// a count, not a delta), so even re-applying one changes nothing. Bad rows are reported with
// their row number, column and message, and the valid rows are kept.
//
// The columns are documented in docs/csv-import.md (and served with the page in the seller
// dashboard).
//
// Tables owned: catalog_imports.
// Routes: /api/v1/seller/vendors/{vendor_id}/catalog/export.csv,
// /api/v1/seller/vendors/{vendor_id}/catalog/imports...
// Task types: catalogio:import.
package catalogio
