-- +goose Up
-- Carts (guest carts by token, account carts by account) and the checkout idempotency records.

CREATE TABLE carts (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  token_hash bytea,
  account_id uuid,
  version    bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (token_hash IS NOT NULL OR account_id IS NOT NULL)
);
CREATE UNIQUE INDEX carts_token_key ON carts (tenant_id, token_hash) WHERE token_hash IS NOT NULL;
CREATE UNIQUE INDEX carts_account_key ON carts (tenant_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX carts_updated ON carts (tenant_id, updated_at);

-- unit_price_seen is the price the buyer last saw, so a price change shows as a notice.
CREATE TABLE cart_lines (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  cart_id         uuid NOT NULL,
  variant_id      uuid NOT NULL,
  vendor_id       uuid NOT NULL,
  quantity        integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
  unit_price_seen bigint NOT NULL CHECK (unit_price_seen >= 0),
  currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX cart_lines_variant_key ON cart_lines (tenant_id, cart_id, variant_id);

-- One row per Idempotency-Key of POST /api/v1/checkout. The row is inserted first in the
-- checkout transaction: a concurrent request with the same key blocks on the unique key until
-- the first commits (then replays its response) or rolls back (then runs itself).
CREATE TABLE checkout_requests (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key           text NOT NULL CHECK (length(key) BETWEEN 8 AND 255),
  request_hash  bytea NOT NULL,
  order_id      uuid,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX checkout_requests_created ON checkout_requests (tenant_id, created_at);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['carts', 'cart_lines', 'checkout_requests']
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

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/carts/current', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/carts/current', 'DELETE'),
  ('p', 'anonymous', '*', '/api/v1/carts/current/lines', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/carts/current/lines/:line_id', 'PATCH'),
  ('p', 'anonymous', '*', '/api/v1/carts/current/lines/:line_id', 'DELETE'),
  ('p', 'anonymous', '*', '/api/v1/checkout/quote', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/checkout', 'POST');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 LIKE '/api/v1/carts/current%' OR v2 LIKE '/api/v1/checkout%');
DROP TABLE IF EXISTS checkout_requests;
DROP TABLE IF EXISTS cart_lines;
DROP TABLE IF EXISTS carts;
