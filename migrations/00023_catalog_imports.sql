-- +goose Up
-- CSV imports of a vendor's products and stock (module catalogio). The uploaded file is kept
-- in the row until a worker has applied it; progress (rows_done) is committed in the same
-- transaction as each batch of rows, so a re-delivered task resumes where the last commit
-- left off instead of applying rows twice.

CREATE TABLE catalog_imports (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL,
  vendor_id    uuid NOT NULL,
  created_by   uuid NOT NULL,
  filename     text NOT NULL DEFAULT '' CHECK (length(filename) <= 200),
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  content      bytea,
  rows_total   integer NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
  rows_done    integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0 AND rows_done <= rows_total),
  rows_failed  integer NOT NULL DEFAULT 0 CHECK (rows_failed >= 0 AND rows_failed <= rows_done),
  errors       jsonb NOT NULL DEFAULT '[]',
  failure      text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX catalog_imports_vendor ON catalog_imports (tenant_id, vendor_id, created_at DESC);

ALTER TABLE catalog_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog_imports
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Stock set by an import is recorded with its own reason.
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_reason_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_reason_check CHECK (reason IN ('initial', 'restock', 'correction',
  'damaged', 'lost', 'returned', 'reserved', 'released', 'sold', 'transfer', 'csv_import'));

-- Routes of module catalogio.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/catalog/export.csv', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/catalog/imports', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/catalog/imports', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/catalog/imports/:import_id', 'GET');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 LIKE '/api/v1/seller/vendors/:vendor_id/catalog/%';
DELETE FROM stock_movements WHERE reason = 'csv_import';
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_reason_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_reason_check CHECK (reason IN ('initial', 'restock', 'correction',
  'damaged', 'lost', 'returned', 'reserved', 'released', 'sold', 'transfer'));
DROP TABLE IF EXISTS catalog_imports;
