-- +goose Up
-- Double-entry ledger (module ledger). Accounts per marketplace; an entry is a set of lines whose
-- debits equal its credits per currency (checked by the service and again at commit by a
-- deferred constraint trigger). Append-only: the app role may insert and read, never change.
CREATE TABLE ledger_accounts (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  code       text NOT NULL CHECK (code IN ('platform_cash', 'commission_revenue', 'seller_payable', 'buyer_refunds', 'stripe_fees', 'seller_debt')),
  vendor_id  uuid,
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((code IN ('seller_payable', 'seller_debt')) = (vendor_id IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_accounts_key ON ledger_accounts (tenant_id, code, vendor_id, currency) NULLS NOT DISTINCT;

CREATE TABLE ledger_entries (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  kind            text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  order_id        uuid,
  vendor_order_id uuid,
  vendor_id       uuid,
  memo            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ledger_entries_key ON ledger_entries (tenant_id, key);
CREATE INDEX ledger_entries_order ON ledger_entries (tenant_id, order_id);
CREATE INDEX ledger_entries_vendor ON ledger_entries (tenant_id, vendor_id, created_at);

CREATE TABLE ledger_lines (
  tenant_id  uuid NOT NULL,
  entry_id   uuid NOT NULL,
  line_no    integer NOT NULL,
  account_id uuid NOT NULL,
  debit      bigint NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit     bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  PRIMARY KEY (tenant_id, entry_id, line_no),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES ledger_entries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, account_id) REFERENCES ledger_accounts (tenant_id, id) ON DELETE CASCADE,
  CHECK ((debit = 0) <> (credit = 0))
);
CREATE INDEX ledger_lines_account ON ledger_lines (tenant_id, account_id);

-- An unbalanced entry can never commit, whatever code wrote it.
-- +goose StatementBegin
CREATE FUNCTION ledger_check_balanced() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM ledger_lines
    WHERE tenant_id = NEW.tenant_id AND entry_id = NEW.entry_id
    GROUP BY currency HAVING sum(debit) <> sum(credit)
  ) THEN
    RAISE EXCEPTION 'ledger entry % is not balanced', NEW.entry_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE CONSTRAINT TRIGGER ledger_lines_balanced AFTER INSERT ON ledger_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

ALTER TABLE ledger_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledger_accounts
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledger_entries
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE ledger_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledger_lines
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

REVOKE UPDATE, DELETE, TRUNCATE ON ledger_accounts, ledger_entries, ledger_lines FROM marketplace_app;
REVOKE EXECUTE ON FUNCTION ledger_check_balanced() FROM PUBLIC;

-- +goose Down
DROP TABLE IF EXISTS ledger_lines;
DROP FUNCTION IF EXISTS ledger_check_balanced();
DROP TABLE IF EXISTS ledger_entries;
DROP TABLE IF EXISTS ledger_accounts;
