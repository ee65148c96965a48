-- +goose Up
-- Inventory: stock per variant per stock location (a vendor's warehouses), reservations for
-- checkout, an append-only movement history and low-stock alert state.

CREATE TABLE stock_locations (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  vendor_id  uuid NOT NULL,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  is_default boolean NOT NULL DEFAULT false,
  country    char(2) CHECK (country ~ '^[A-Z]{2}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_locations_vendor ON stock_locations (tenant_id, vendor_id, created_at);
CREATE UNIQUE INDEX stock_locations_one_default ON stock_locations (tenant_id, vendor_id) WHERE is_default;
CREATE UNIQUE INDEX stock_locations_name_key ON stock_locations (tenant_id, vendor_id, lower(name));

-- One row per tracked variant: its vendor, SKU (for display) and low-stock alert state.
CREATE TABLE inventory_items (
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  variant_id          uuid NOT NULL,
  vendor_id           uuid NOT NULL,
  sku                 text NOT NULL,
  low_stock_threshold bigint NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
  low_stock_alerted   boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, variant_id)
);
CREATE INDEX inventory_items_vendor ON inventory_items (tenant_id, vendor_id, sku);

-- Stock never goes below zero, and never more is reserved than is on hand: constraints, not
-- only code.
CREATE TABLE stock_levels (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  variant_id  uuid NOT NULL,
  location_id uuid NOT NULL,
  on_hand     bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, variant_id, location_id),
  CHECK (reserved <= on_hand),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES inventory_items (tenant_id, variant_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_id) REFERENCES stock_locations (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX stock_levels_location ON stock_levels (tenant_id, location_id);

-- Held stock for a checkout (reference = cart or order id) until committed or released.
CREATE TABLE stock_reservations (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL,
  reference    text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
  variant_id   uuid NOT NULL,
  location_id  uuid NOT NULL,
  quantity     bigint NOT NULL CHECK (quantity > 0),
  state        text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'committed', 'released')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  settled_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, variant_id, location_id) REFERENCES stock_levels (tenant_id, variant_id, location_id)
);
CREATE INDEX stock_reservations_reference ON stock_reservations (tenant_id, reference, state);

-- Every change of on-hand or reserved stock, with why and by whom.
CREATE TABLE stock_movements (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL,
  vendor_id      uuid NOT NULL,
  variant_id     uuid NOT NULL,
  location_id    uuid NOT NULL,
  on_hand_delta  bigint NOT NULL DEFAULT 0,
  reserved_delta bigint NOT NULL DEFAULT 0,
  on_hand_after  bigint NOT NULL,
  reason         text NOT NULL CHECK (reason IN ('initial', 'restock', 'correction', 'damaged', 'lost', 'returned', 'reserved', 'released', 'sold', 'transfer')),
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  reference      text NOT NULL DEFAULT '',
  actor_id       uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_movements_variant ON stock_movements (tenant_id, variant_id, id DESC);
CREATE INDEX stock_movements_vendor ON stock_movements (tenant_id, vendor_id, id DESC);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stock_locations', 'inventory_items', 'stock_levels', 'stock_reservations', 'stock_movements']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
-- +goose StatementEnd
REVOKE UPDATE, DELETE, TRUNCATE ON stock_movements FROM marketplace_app;

-- Routes of module inventory.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/locations', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/locations', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/locations/:location_id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/inventory', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/inventory/adjustments', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/inventory/movements', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/inventory/:variant_id/threshold', 'PUT');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 LIKE '/api/v1/seller/vendors/:vendor_id/locations%' OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/inventory%');
DROP TABLE IF EXISTS stock_movements;
DROP TABLE IF EXISTS stock_reservations;
DROP TABLE IF EXISTS stock_levels;
DROP TABLE IF EXISTS inventory_items;
DROP TABLE IF EXISTS stock_locations;
