-- +goose Up
-- Append-only audit trail of the platform itself: platform-admin sign-ins (failed ones too),
-- sign-outs, admins created, and actions on marketplaces. It belongs to no marketplace, so a
-- marketplace's transaction (app.tenant_id set) never sees it; it is reached only in a platform
-- transaction (app.platform = 'on', no tenant), and fails closed like every tenant table.
-- marketplace_id names the marketplace an action was about (not a tenant key, hence its name).
CREATE TABLE platform_audit_log (
  id             uuid PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  actor_id       uuid,
  actor_email    text NOT NULL DEFAULT '',
  action         text NOT NULL,
  target_type    text NOT NULL DEFAULT '',
  target_id      text NOT NULL DEFAULT '',
  marketplace_id uuid,
  ip             text NOT NULL DEFAULT '',
  user_agent     text NOT NULL DEFAULT '',
  details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX platform_audit_log_action ON platform_audit_log (action, id);
CREATE INDEX platform_audit_log_actor ON platform_audit_log (actor_id, id);

ALTER TABLE platform_audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_scope ON platform_audit_log
  USING (current_setting('app.platform', true) = 'on' AND nullif(current_setting('app.tenant_id', true), '') IS NULL)
  WITH CHECK (current_setting('app.platform', true) = 'on' AND nullif(current_setting('app.tenant_id', true), '') IS NULL);
REVOKE UPDATE, DELETE, TRUNCATE ON platform_audit_log FROM marketplace_app;

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'platform-admin', 'platform', '/api/v1/platform/audit', 'GET');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v0 = 'platform-admin' AND v2 = '/api/v1/platform/audit';
DROP TABLE IF EXISTS platform_audit_log;
