-- +goose Up
-- Roles are cluster-wide; grants are per database. Creating them here keeps a fresh machine to
-- one command. In production the operator sets the app role's password out of band
-- (ALTER ROLE marketplace_app PASSWORD '...').
-- +goose StatementBegin
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'marketplace_app') THEN
    CREATE ROLE marketplace_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'marketplace_registry') THEN
    CREATE ROLE marketplace_registry NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
-- +goose StatementEnd
ALTER ROLE marketplace_app NOSUPERUSER NOBYPASSRLS;

GRANT USAGE ON SCHEMA public TO marketplace_app, marketplace_registry;
-- Every table the owner creates from now on is usable (DML only) by the app role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO marketplace_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO marketplace_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO marketplace_app;
REVOKE ALL ON TABLE goose_db_version FROM marketplace_app;

-- Marketplaces. A tenant sees only its own row; the platform reaches others only through the
-- registry functions below.
CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  slug        text NOT NULL,
  name        text NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  theme_color text NOT NULL DEFAULT '#4f46e5' CHECK (theme_color ~ '^#[0-9a-fA-F]{6}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY registry_read ON tenants FOR SELECT TO marketplace_registry USING (true);
GRANT SELECT ON tenants TO marketplace_registry;

-- Hosts that serve a marketplace: its {slug}.{base} domain (primary) and verified custom domains.
CREATE TABLE tenant_domains (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  host               text NOT NULL CHECK (host = lower(host)),
  is_primary         boolean NOT NULL DEFAULT false,
  verified           boolean NOT NULL DEFAULT false,
  verification_token text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, host)
);
-- A host belongs to one marketplace, so this one index is global by nature (on Citus this table
-- is a reference table).
CREATE UNIQUE INDEX tenant_domains_host_key ON tenant_domains (host);
CREATE UNIQUE INDEX tenant_domains_one_primary ON tenant_domains (tenant_id) WHERE is_primary;
ALTER TABLE tenant_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_domains
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY registry_read ON tenant_domains FOR SELECT TO marketplace_registry USING (true);
GRANT SELECT ON tenant_domains TO marketplace_registry;

-- The narrow path from a request's host to its marketplace, read before the tenant is known.
-- +goose StatementBegin
CREATE FUNCTION resolve_host(p_host text)
RETURNS TABLE (tenant_id uuid, slug text, name text, status text, theme_color text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.slug, t.name, t.status, t.theme_color
  FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
  WHERE d.host = lower(p_host) AND d.verified
$$;
-- +goose StatementEnd
ALTER FUNCTION resolve_host(text) OWNER TO marketplace_registry;

-- The platform's list of marketplaces (marketctl, platform admins): read-only, across tenants.
-- +goose StatementBegin
CREATE FUNCTION list_tenants()
RETURNS TABLE (id uuid, slug text, name text, status text, theme_color text, created_at timestamptz, updated_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id, slug, name, status, theme_color, created_at, updated_at FROM tenants ORDER BY created_at, id
$$;
-- +goose StatementEnd
ALTER FUNCTION list_tenants() OWNER TO marketplace_registry;

-- Transactional outbox: a module inserts a row in the same transaction as its change; the relay
-- enqueues it to Asynq with the row id as task id and marks it sent.
CREATE TABLE outbox (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         uuid NOT NULL,
  task_type  text NOT NULL,
  queue      text NOT NULL DEFAULT 'default',
  payload    jsonb NOT NULL,
  process_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz,
  attempts   integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_pending ON outbox (tenant_id, created_at) WHERE sent_at IS NULL;
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY registry_relay_read ON outbox FOR SELECT TO marketplace_registry USING (true);
CREATE POLICY registry_relay_mark ON outbox FOR UPDATE TO marketplace_registry USING (true) WITH CHECK (true);
CREATE POLICY registry_relay_purge ON outbox FOR DELETE TO marketplace_registry USING (sent_at IS NOT NULL);
GRANT SELECT, UPDATE, DELETE ON outbox TO marketplace_registry;

-- Claims up to p_batch unsent rows across tenants; the row locks last until the caller's
-- transaction ends, so concurrent relays never take the same row.
-- +goose StatementBegin
CREATE FUNCTION outbox_claim(p_batch integer)
RETURNS SETOF outbox
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT * FROM outbox WHERE sent_at IS NULL
  ORDER BY created_at LIMIT p_batch FOR UPDATE SKIP LOCKED
$$;
CREATE FUNCTION outbox_mark(p_tenant uuid, p_id uuid, p_sent boolean, p_error text)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE outbox
  SET attempts = attempts + 1,
      sent_at = CASE WHEN p_sent THEN now() ELSE NULL END,
      last_error = p_error
  WHERE tenant_id = p_tenant AND id = p_id AND sent_at IS NULL
$$;
-- Deletes rows relayed longer ago than p_age (the scheduler's outbox:purge task).
CREATE FUNCTION outbox_purge(p_age interval)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (DELETE FROM outbox WHERE sent_at < now() - p_age RETURNING 1) SELECT count(*) FROM gone
$$;
-- +goose StatementEnd
ALTER FUNCTION outbox_claim(integer) OWNER TO marketplace_registry;
ALTER FUNCTION outbox_purge(interval) OWNER TO marketplace_registry;
ALTER FUNCTION outbox_mark(uuid, uuid, boolean, text) OWNER TO marketplace_registry;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO marketplace_app;

-- +goose Down
DROP FUNCTION IF EXISTS outbox_purge(interval);
DROP FUNCTION IF EXISTS outbox_mark(uuid, uuid, boolean, text);
DROP FUNCTION IF EXISTS outbox_claim(integer);
DROP TABLE IF EXISTS outbox;
DROP FUNCTION IF EXISTS list_tenants();
DROP FUNCTION IF EXISTS resolve_host(text);
DROP TABLE IF EXISTS tenant_domains;
DROP TABLE IF EXISTS tenants;
