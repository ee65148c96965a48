-- +goose Up
-- Identity and access: accounts per marketplace, their sessions and one-time tokens, address
-- books, operator invitations, vendor memberships (the seller role), the audit log, platform
-- admins with their sessions, and the Casbin policy table.

-- A person's account in one marketplace. The same email may hold separate accounts in different
-- marketplaces, so uniqueness is per tenant. Emails are stored lower-cased.
CREATE TABLE accounts (
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                uuid NOT NULL,
  email             text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name              text NOT NULL DEFAULT '' CHECK (length(name) <= 100),
  password_hash     text NOT NULL,
  email_verified_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (tenant_id, email);

-- Sessions: only the SHA-256 of the opaque token is stored. expires_at slides with use (idle
-- limit); absolute_expires_at never moves.
CREATE TABLE sessions (
  tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                  uuid NOT NULL,
  account_id          uuid NOT NULL,
  token_hash          bytea NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  ip                  text NOT NULL DEFAULT '',
  user_agent          text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sessions_token_key ON sessions (tenant_id, token_hash);
CREATE INDEX sessions_account ON sessions (tenant_id, account_id, created_at);

-- Single-use tokens mailed to an account: password resets and email verifications.
CREATE TABLE account_tokens (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  account_id uuid NOT NULL,
  purpose    text NOT NULL CHECK (purpose IN ('password_reset', 'email_verify')),
  token_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (tenant_id, token_hash);
CREATE INDEX account_tokens_account ON account_tokens (tenant_id, account_id, purpose);

-- Address book. At most one default per account and kind.
CREATE TABLE addresses (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  account_id  uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('shipping', 'billing')),
  is_default  boolean NOT NULL DEFAULT false,
  name        text NOT NULL,
  company     text NOT NULL DEFAULT '',
  line1       text NOT NULL,
  line2       text NOT NULL DEFAULT '',
  city        text NOT NULL,
  region      text NOT NULL DEFAULT '',
  postal_code text NOT NULL DEFAULT '',
  country     char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  phone       text NOT NULL DEFAULT '',
  latitude    double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude   double precision CHECK (longitude BETWEEN -180 AND 180),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX addresses_account ON addresses (tenant_id, account_id, created_at);
CREATE UNIQUE INDEX addresses_one_default ON addresses (tenant_id, account_id, kind) WHERE is_default;

-- Invitations for new operators; the token is single-use and expires after 7 days.
CREATE TABLE operator_invitations (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  email       text NOT NULL CHECK (email = lower(email)),
  token_hash  bytea NOT NULL,
  invited_by  uuid,
  expires_at  timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX operator_invitations_hash_key ON operator_invitations (tenant_id, token_hash);
CREATE INDEX operator_invitations_email ON operator_invitations (tenant_id, email);

-- Members of a vendor (owner or staff). Any membership gives the account the seller role. The
-- vendors module owns the vendors themselves; vendor_id is not a foreign key until it exists.
CREATE TABLE vendor_members (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  vendor_id  uuid NOT NULL,
  account_id uuid NOT NULL,
  role       text NOT NULL CHECK (role IN ('owner', 'staff')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vendor_id, account_id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX vendor_members_account ON vendor_members (tenant_id, account_id);

-- Append-only audit trail of security-relevant actions in a marketplace.
CREATE TABLE audit_log (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid,
  actor_email text NOT NULL DEFAULT '',
  action      text NOT NULL,
  target_type text NOT NULL DEFAULT '',
  target_id   text NOT NULL DEFAULT '',
  ip          text NOT NULL DEFAULT '',
  user_agent  text NOT NULL DEFAULT '',
  details     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_action ON audit_log (tenant_id, action, id);
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_id, id);

-- Row-level security on every tenant-owned table above, failing closed.
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'sessions', 'account_tokens', 'addresses', 'operator_invitations', 'vendor_members', 'audit_log']
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
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM marketplace_app;

-- Platform admins run the SaaS itself: platform data, outside any tenant.
CREATE TABLE platform_admins (
  id            uuid PRIMARY KEY,
  email         text NOT NULL CHECK (email = lower(email)),
  name          text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX platform_admins_email_key ON platform_admins (email);

CREATE TABLE platform_sessions (
  id                  uuid PRIMARY KEY,
  admin_id            uuid NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
  token_hash          bytea NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  ip                  text NOT NULL DEFAULT '',
  user_agent          text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX platform_sessions_token_key ON platform_sessions (token_hash);

-- Casbin policies (gorm-adapter layout). Platform data: v1 is the domain (a tenant id,
-- "platform", or "*" for every marketplace), so the table stays outside RLS.
--   p, role, domain, object (route pattern, :param style), action (HTTP method)
--   g, subject (account or admin id), role, domain
CREATE TABLE casbin_rule (
  id    bigserial PRIMARY KEY,
  ptype varchar(100) NOT NULL DEFAULT '',
  v0    varchar(100) NOT NULL DEFAULT '',
  v1    varchar(100) NOT NULL DEFAULT '',
  v2    varchar(100) NOT NULL DEFAULT '',
  v3    varchar(100) NOT NULL DEFAULT '',
  v4    varchar(100) NOT NULL DEFAULT '',
  v5    varchar(100) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX idx_casbin_rule ON casbin_rule (ptype, v0, v1, v2, v3, v4, v5);

-- Default policies. Nothing is public by omission: anonymous access is granted route by route.
-- Every account holds the buyer role, so routes for any signed-in user are granted to buyer.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/healthz', 'GET'),
  ('p', 'anonymous', '*', '/readyz', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/site', 'GET'),
  ('p', 'anonymous', 'platform', '/api/v1/platform/signup', 'POST'),
  ('p', 'anonymous', 'platform', '/api/v1/platform/auth/login', 'POST'),
  ('p', 'anonymous', 'platform', '/api/v1/platform/auth/logout', 'POST'),
  ('p', 'platform-admin', 'platform', '/api/v1/platform/me', 'GET'),
  ('p', 'platform-admin', 'platform', '/api/v1/platform/tenants', 'GET'),
  ('p', 'platform-admin', 'platform', '/api/v1/platform/tenants/:id/suspend', 'POST'),
  ('p', 'platform-admin', 'platform', '/api/v1/platform/tenants/:id/reactivate', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/register', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/login', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/logout', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/password/forgot', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/password/reset', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/email/verify', 'POST'),
  ('p', 'anonymous', '*', '/api/v1/auth/invitations/accept', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me', 'PATCH'),
  ('p', 'buyer', '*', '/api/v1/me/password', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me/email/verification', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me/sessions', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/sessions/:id', 'DELETE'),
  ('p', 'buyer', '*', '/api/v1/me/addresses', 'GET'),
  ('p', 'buyer', '*', '/api/v1/me/addresses', 'POST'),
  ('p', 'buyer', '*', '/api/v1/me/addresses/:id', 'PATCH'),
  ('p', 'buyer', '*', '/api/v1/me/addresses/:id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/settings', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/settings', 'PATCH'),
  ('p', 'operator', '*', '/api/v1/admin/operators', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/operators/:id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/operators/invitations', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/operators/invitations/:id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/audit', 'GET');

-- +goose Down
DROP TABLE IF EXISTS casbin_rule;
DROP TABLE IF EXISTS platform_sessions;
DROP TABLE IF EXISTS platform_admins;
DROP TABLE IF EXISTS audit_log;
DROP TABLE IF EXISTS vendor_members;
DROP TABLE IF EXISTS operator_invitations;
DROP TABLE IF EXISTS addresses;
DROP TABLE IF EXISTS account_tokens;
DROP TABLE IF EXISTS sessions;
DROP TABLE IF EXISTS accounts;
