-- +goose Up
-- Orders: the buyer's order, one vendor order per seller with its lines, the event log of every
-- status transition, payments and refunds, shipments, return requests and post-sale messages.
-- Money is bigint minor units in the order's currency. vendor_id, account_id and variant_id are
-- other modules' ids (no cross-module keys); product data is snapshotted on the lines.

CREATE TABLE orders (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  number           text NOT NULL,
  account_id       uuid,
  email            text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  guest_token_hash bytea,
  status           text NOT NULL,
  currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal         bigint NOT NULL CHECK (subtotal >= 0),
  shipping_total   bigint NOT NULL CHECK (shipping_total >= 0),
  tax_total        bigint NOT NULL CHECK (tax_total >= 0),
  tax_inclusive    boolean NOT NULL DEFAULT false,
  total            bigint NOT NULL CHECK (total >= 0),
  refunded_total   bigint NOT NULL DEFAULT 0 CHECK (refunded_total >= 0 AND refunded_total <= total),
  shipping_address jsonb NOT NULL,
  payment_provider text NOT NULL,
  payment_status   text NOT NULL,
  payment_instructions text NOT NULL DEFAULT '',
  pay_by           timestamptz,
  placed_at        timestamptz NOT NULL DEFAULT now(),
  paid_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX orders_number_key ON orders (tenant_id, number);
CREATE INDEX orders_account ON orders (tenant_id, account_id, placed_at DESC);
CREATE INDEX orders_status ON orders (tenant_id, status, placed_at DESC);
CREATE INDEX orders_email ON orders (tenant_id, lower(email), placed_at DESC);
CREATE INDEX orders_placed ON orders (tenant_id, placed_at DESC);
CREATE INDEX orders_unpaid ON orders (tenant_id, pay_by) WHERE status = 'pending_payment';

CREATE TABLE vendor_orders (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL,
  order_id           uuid NOT NULL,
  vendor_id          uuid NOT NULL,
  vendor_name        text NOT NULL DEFAULT '',
  vendor_email       text NOT NULL DEFAULT '',
  number             text NOT NULL,
  status             text NOT NULL,
  currency           char(3) NOT NULL,
  subtotal           bigint NOT NULL CHECK (subtotal >= 0),
  shipping_total     bigint NOT NULL CHECK (shipping_total >= 0),
  tax_total          bigint NOT NULL CHECK (tax_total >= 0),
  total              bigint NOT NULL CHECK (total >= 0),
  refunded_total     bigint NOT NULL DEFAULT 0 CHECK (refunded_total >= 0 AND refunded_total <= total),
  shipping_method    jsonb NOT NULL DEFAULT '{}',
  return_window_days integer NOT NULL DEFAULT 30,
  delivered_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX vendor_orders_number_key ON vendor_orders (tenant_id, number);
CREATE INDEX vendor_orders_order ON vendor_orders (tenant_id, order_id);
CREATE INDEX vendor_orders_vendor ON vendor_orders (tenant_id, vendor_id, created_at DESC);
CREATE INDEX vendor_orders_vendor_status ON vendor_orders (tenant_id, vendor_id, status, created_at DESC);

CREATE TABLE order_lines (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid NOT NULL,
  variant_id      uuid NOT NULL,
  product_id      uuid NOT NULL,
  sku             text NOT NULL,
  product_title   text NOT NULL,
  variant_title   text NOT NULL DEFAULT '',
  unit_price      bigint NOT NULL CHECK (unit_price >= 0),
  quantity        integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
  subtotal        bigint NOT NULL CHECK (subtotal >= 0),
  tax             bigint NOT NULL CHECK (tax >= 0),
  total           bigint NOT NULL CHECK (total >= 0),
  shipped_qty     integer NOT NULL DEFAULT 0 CHECK (shipped_qty BETWEEN 0 AND quantity),
  returned_qty    integer NOT NULL DEFAULT 0 CHECK (returned_qty BETWEEN 0 AND quantity),
  position        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_order_id) REFERENCES vendor_orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_lines_vendor_order ON order_lines (tenant_id, vendor_order_id, position);
CREATE INDEX order_lines_order ON order_lines (tenant_id, order_id);

CREATE TABLE order_events (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid,
  from_status     text NOT NULL,
  to_status       text NOT NULL,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('buyer', 'seller', 'operator', 'system')),
  actor_id        uuid,
  note            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order ON order_events (tenant_id, order_id, created_at);

CREATE TABLE payments (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL,
  order_id       uuid NOT NULL,
  provider       text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'cancelled')),
  amount         bigint NOT NULL CHECK (amount >= 0),
  refunded       bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
  currency       char(3) NOT NULL,
  external_ref   text NOT NULL DEFAULT '',
  instructions   text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX payments_order_key ON payments (tenant_id, order_id);

CREATE TABLE refunds (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  payment_id      uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid NOT NULL,
  return_id       uuid,
  amount          bigint NOT NULL CHECK (amount > 0),
  reason          text NOT NULL DEFAULT '',
  external_ref    text NOT NULL DEFAULT '',
  actor_id        uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refunds_vendor_order ON refunds (tenant_id, vendor_order_id);

CREATE TABLE shipments (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid NOT NULL,
  carrier         text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 40),
  tracking_number text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 100),
  tracking_url    text NOT NULL DEFAULT '',
  lines           jsonb NOT NULL,
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_order_id) REFERENCES vendor_orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX shipments_vendor_order ON shipments (tenant_id, vendor_order_id, created_at);
CREATE INDEX shipments_order ON shipments (tenant_id, order_id);

CREATE TABLE return_requests (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid NOT NULL,
  status          text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'received')),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  lines           jsonb NOT NULL,
  refund_amount   bigint NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
  seller_note     text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_order_id) REFERENCES vendor_orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX return_requests_vendor_order ON return_requests (tenant_id, vendor_order_id, created_at);

CREATE TABLE order_messages (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  order_id        uuid NOT NULL,
  vendor_order_id uuid NOT NULL,
  author_kind     text NOT NULL CHECK (author_kind IN ('buyer', 'seller', 'operator')),
  author_id       uuid,
  body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_order_id) REFERENCES vendor_orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_messages_vendor_order ON order_messages (tenant_id, vendor_order_id, created_at);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['orders', 'vendor_orders', 'order_lines', 'order_events', 'payments', 'refunds',
                           'shipments', 'return_requests', 'order_messages']
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

-- The release of unpaid orders runs for every marketplace: it lists the marketplaces holding
-- overdue orders through this narrow read-only path, then works inside each tenant's scope.
CREATE POLICY registry_read_unpaid ON orders FOR SELECT TO marketplace_registry USING (status = 'pending_payment');
GRANT SELECT (tenant_id, status, pay_by) ON orders TO marketplace_registry;
-- +goose StatementBegin
CREATE FUNCTION tenants_with_overdue_orders(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT o.tenant_id FROM orders o WHERE o.status = 'pending_payment' AND o.pay_by < p_now
$$;
-- +goose StatementEnd
ALTER FUNCTION tenants_with_overdue_orders(timestamptz) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION tenants_with_overdue_orders(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_overdue_orders(timestamptz) TO marketplace_app;

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/orders/guest/:order_id', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/orders', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/orders/:order_id', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/orders/:order_id/cancel', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me/orders/:order_id/vendor-orders/:vendor_order_id/returns', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me/orders/:order_id/vendor-orders/:vendor_order_id/messages', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/orders/:order_id/vendor-orders/:vendor_order_id/messages', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/transitions', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/mark-paid', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/shipments', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/refunds', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/returns/:return_id/:decision', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/messages', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/orders/:vendor_order_id/messages', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/orders', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/orders/summary', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/orders/export', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/orders/:order_id', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/orders/:order_id/mark-paid', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/orders/:order_id/vendor-orders/:vendor_order_id/messages', 'GET');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 LIKE '/api/v1/orders/guest/%' OR v2 LIKE '/api/v1/me/orders%'
  OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/orders%' OR v2 LIKE '/api/v1/admin/orders%');
DROP FUNCTION IF EXISTS tenants_with_overdue_orders(timestamptz);
DROP TABLE IF EXISTS order_messages;
DROP TABLE IF EXISTS return_requests;
DROP TABLE IF EXISTS shipments;
DROP TABLE IF EXISTS refunds;
DROP TABLE IF EXISTS payments;
DROP TABLE IF EXISTS order_events;
DROP TABLE IF EXISTS order_lines;
DROP TABLE IF EXISTS vendor_orders;
DROP TABLE IF EXISTS orders;
