-- +goose Up
-- One row per email actually handed to SMTP (or written as .eml), keyed by the outbox row that
-- asked for it: the email:send handler checks it first, so redelivered tasks send nothing twice.
CREATE TABLE email_deliveries (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  message_id uuid NOT NULL,
  template   text NOT NULL,
  recipient  text NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, message_id)
);
ALTER TABLE email_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_deliveries
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE IF EXISTS email_deliveries;
