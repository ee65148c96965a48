-- +goose Up
-- Module payments: Stripe Connect accounts of sellers, PaymentIntents of orders, commission
-- rules and the per-vendor-order split (commission snapshot + transfer), refunds, disputes, the
-- webhook event inbox and reconciliation results.

-- One row per marketplace: when sellers are paid and who bears refunded commission.
CREATE TABLE payment_settings (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  transfer_policy   text NOT NULL DEFAULT 'at_payment' CHECK (transfer_policy IN ('at_payment', 'on_delivery')),
  refund_commission boolean NOT NULL DEFAULT true,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Commission: one marketplace rule (scope_id null), overridable per category and per vendor.
CREATE TABLE commission_rules (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  scope       text NOT NULL CHECK (scope IN ('marketplace', 'category', 'vendor')),
  scope_id    uuid,
  percent_bps integer NOT NULL CHECK (percent_bps BETWEEN 0 AND 10000),
  fixed       bigint NOT NULL DEFAULT 0 CHECK (fixed >= 0),
  min_amount  bigint NOT NULL DEFAULT 0 CHECK (min_amount >= 0),
  max_amount  bigint CHECK (max_amount IS NULL OR max_amount >= min_amount),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((scope = 'marketplace') = (scope_id IS NULL))
);
CREATE UNIQUE INDEX commission_rules_scope ON commission_rules (tenant_id, scope, scope_id) NULLS NOT DISTINCT;

-- A seller's Stripe Express account and the last state Stripe reported (account.updated).
CREATE TABLE stripe_accounts (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  vendor_id         uuid NOT NULL,
  account_id        text NOT NULL,
  livemode          boolean NOT NULL DEFAULT false,
  charges_enabled   boolean NOT NULL DEFAULT false,
  payouts_enabled   boolean NOT NULL DEFAULT false,
  details_submitted boolean NOT NULL DEFAULT false,
  currently_due     jsonb NOT NULL DEFAULT '[]',
  disabled_reason   text NOT NULL DEFAULT '',
  deauthorized      boolean NOT NULL DEFAULT false,
  last_payout_status text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vendor_id)
);
-- Stripe account ids are global; the registry lookup of a Connect event's tenant uses it.
CREATE UNIQUE INDEX stripe_accounts_account ON stripe_accounts (account_id);

-- The PaymentIntent of an order (one per checkout).
CREATE TABLE stripe_payment_intents (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  order_id   uuid NOT NULL,
  intent_id  text NOT NULL,
  amount     bigint NOT NULL CHECK (amount > 0),
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status     text NOT NULL DEFAULT 'requires_payment_method',
  charge_id  text NOT NULL DEFAULT '',
  fee        bigint NOT NULL DEFAULT 0,
  livemode   boolean NOT NULL DEFAULT false,
  paid_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id)
);
CREATE UNIQUE INDEX stripe_payment_intents_intent ON stripe_payment_intents (intent_id);
CREATE INDEX stripe_payment_intents_charge ON stripe_payment_intents (tenant_id, charge_id);

-- One row per vendor order once its order is paid: the commission rule used (snapshot), the
-- amounts, and the seller's transfer.
CREATE TABLE payment_splits (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  vendor_order_id    uuid NOT NULL,
  order_id           uuid NOT NULL,
  vendor_id          uuid NOT NULL,
  provider           text NOT NULL,
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal           bigint NOT NULL,
  shipping           bigint NOT NULL,
  tax                bigint NOT NULL,
  gross              bigint NOT NULL CHECK (gross >= 0),
  commission         bigint NOT NULL CHECK (commission >= 0 AND commission <= gross),
  rule               jsonb NOT NULL,
  net                bigint NOT NULL,
  transfer_status    text NOT NULL DEFAULT 'held' CHECK (transfer_status IN ('held', 'pending', 'transferred', 'failed', 'not_applicable')),
  transfer_id        text NOT NULL DEFAULT '',
  transferred        bigint NOT NULL DEFAULT 0,
  debt_netted        bigint NOT NULL DEFAULT 0,
  refunded           bigint NOT NULL DEFAULT 0,
  commission_refunded bigint NOT NULL DEFAULT 0,
  reversed           bigint NOT NULL DEFAULT 0,
  transferred_at     timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vendor_order_id)
);
CREATE INDEX payment_splits_vendor ON payment_splits (tenant_id, vendor_id, created_at);
CREATE INDEX payment_splits_order ON payment_splits (tenant_id, order_id);
CREATE UNIQUE INDEX payment_splits_transfer ON payment_splits (transfer_id) WHERE transfer_id <> '';

-- Refunds given through a provider, with the seller's part reversed and any shortfall (debt).
CREATE TABLE payment_refunds (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key              text NOT NULL,
  order_id         uuid NOT NULL,
  vendor_order_id  uuid NOT NULL,
  provider         text NOT NULL,
  currency         text NOT NULL,
  amount           bigint NOT NULL CHECK (amount > 0),
  seller_part      bigint NOT NULL DEFAULT 0,
  commission_part  bigint NOT NULL DEFAULT 0,
  refund_id        text NOT NULL DEFAULT '',
  reversal_id      text NOT NULL DEFAULT '',
  reversed         bigint NOT NULL DEFAULT 0,
  debt             bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX payment_refunds_order ON payment_refunds (tenant_id, order_id);

CREATE TABLE payment_disputes (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  dispute_id  text NOT NULL,
  order_id    uuid NOT NULL,
  charge_id   text NOT NULL,
  amount      bigint NOT NULL,
  currency    text NOT NULL,
  status      text NOT NULL,
  reason      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, dispute_id)
);

-- Webhook inbox. Tenant-scoped: the api finds the event's marketplace first (stripe_event_tenant)
-- and stores it inside that marketplace's transaction, so the inbox obeys RLS like everything
-- else; the event id (globally unique at Stripe) is the dedupe key within it.
CREATE TABLE stripe_events (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           text NOT NULL,
  type         text NOT NULL,
  object_id    text NOT NULL DEFAULT '',
  account      text NOT NULL DEFAULT '',
  livemode     boolean NOT NULL,
  created      timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  result       text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE reconciliation_issues (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  run_id      uuid NOT NULL,
  kind        text NOT NULL,
  object_id   text NOT NULL,
  expected    bigint NOT NULL,
  actual      bigint NOT NULL,
  detail      text NOT NULL DEFAULT '',
  detected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX reconciliation_issues_run ON reconciliation_issues (tenant_id, run_id);

CREATE TABLE reconciliation_runs (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  checked     integer NOT NULL,
  mismatches  integer NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payment_settings', 'commission_rules', 'stripe_accounts', 'stripe_payment_intents',
    'payment_splits', 'payment_refunds', 'payment_disputes', 'stripe_events', 'reconciliation_issues', 'reconciliation_runs']
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

-- The narrow path from a Stripe event to its marketplace, read before the tenant is known: a
-- connected account, a PaymentIntent or a transfer id maps to at most one marketplace.
CREATE POLICY registry_read ON stripe_accounts FOR SELECT TO marketplace_registry USING (true);
CREATE POLICY registry_read ON stripe_payment_intents FOR SELECT TO marketplace_registry USING (true);
CREATE POLICY registry_read ON payment_splits FOR SELECT TO marketplace_registry USING (true);
GRANT SELECT ON stripe_accounts, stripe_payment_intents, payment_splits TO marketplace_registry;
-- +goose StatementBegin
CREATE FUNCTION stripe_event_tenant(p_account text, p_intent text, p_transfer text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce(
    (SELECT tenant_id FROM stripe_payment_intents WHERE p_intent <> '' AND intent_id = p_intent),
    (SELECT tenant_id FROM payment_splits WHERE p_transfer <> '' AND transfer_id = p_transfer),
    (SELECT tenant_id FROM stripe_accounts WHERE p_account <> '' AND account_id = p_account))
$$;
-- +goose StatementEnd
ALTER FUNCTION stripe_event_tenant(text, text, text) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION stripe_event_tenant(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stripe_event_tenant(text, text, text) TO marketplace_app;

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', 'platform', '/api/v1/platform/webhooks/stripe', 'POST'),
  ('p', 'anonymous', 'platform', '/api/v1/platform/webhooks/stripe/connect', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/payments/config', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/account', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/onboarding', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/balance', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/transfers', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/orders/:vendor_order_id', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/payouts/statement', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/payments/settings', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/payments/settings', 'PUT'),
  ('p', 'operator', '*', '/api/v1/admin/payments/commission-rules', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/payments/commission-rules', 'PUT'),
  ('p', 'operator', '*', '/api/v1/admin/payments/commission-rules/:rule_id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/payments/accounts', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/payments/summary', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/payments/reconciliation', 'GET')
ON CONFLICT DO NOTHING;

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 LIKE '/api/v1/platform/webhooks/stripe%' OR v2 = '/api/v1/payments/config'
  OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/payouts%' OR v2 LIKE '/api/v1/admin/payments%');
DROP FUNCTION IF EXISTS stripe_event_tenant(text, text, text);
DROP TABLE IF EXISTS reconciliation_runs;
DROP TABLE IF EXISTS reconciliation_issues;
DROP TABLE IF EXISTS stripe_events;
DROP TABLE IF EXISTS payment_disputes;
DROP TABLE IF EXISTS payment_refunds;
DROP TABLE IF EXISTS payment_splits;
DROP TABLE IF EXISTS stripe_payment_intents;
DROP TABLE IF EXISTS stripe_accounts;
DROP TABLE IF EXISTS commission_rules;
DROP TABLE IF EXISTS payment_settings;
