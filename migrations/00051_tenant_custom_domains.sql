-- +goose Up
-- Operators add their marketplace's own custom domains, proved by the same TXT record as a
-- seller's storefront domain. As for vendor domains (00050), a pending claim holds nothing: only
-- a verified row holds its host, so an unverified claim cannot squat across marketplaces.
ALTER TABLE tenant_domains ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE tenant_domains ADD COLUMN verified_at timestamptz;
UPDATE tenant_domains SET verified_at = created_at WHERE verified;
CREATE UNIQUE INDEX tenant_domains_id_key ON tenant_domains (tenant_id, id);
DROP INDEX tenant_domains_host_key;
CREATE UNIQUE INDEX tenant_domains_host_key ON tenant_domains (host) WHERE verified;

-- A verified host serves one thing only: a marketplace or one storefront, whatever the
-- marketplace. Each table's partial unique index covers its own rows; these triggers cover the
-- pair. The advisory lock on the host serialises two transactions verifying it in the two
-- tables at once, so the second one's check sees the first one's committed row. They run as the
-- registry role, whose read policies see every verified row of both tables.
-- +goose StatementBegin
CREATE FUNCTION verified_host_is_free_of_storefronts()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('verified-host:' || NEW.host));
  IF EXISTS (SELECT 1 FROM vendor_domains WHERE host = NEW.host AND verified_at IS NOT NULL) THEN
    RAISE EXCEPTION 'host % is already verified for a storefront', NEW.host USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE FUNCTION verified_host_is_free_of_marketplaces()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('verified-host:' || NEW.host));
  IF EXISTS (SELECT 1 FROM tenant_domains WHERE host = NEW.host AND verified) THEN
    RAISE EXCEPTION 'host % is already verified for a marketplace', NEW.host USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NEW;
END
$$;
-- +goose StatementEnd
ALTER FUNCTION verified_host_is_free_of_storefronts() OWNER TO marketplace_registry;
ALTER FUNCTION verified_host_is_free_of_marketplaces() OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION verified_host_is_free_of_storefronts() FROM PUBLIC, marketplace_app;
REVOKE EXECUTE ON FUNCTION verified_host_is_free_of_marketplaces() FROM PUBLIC, marketplace_app;
CREATE TRIGGER verified_host_unique_across_storefronts
  BEFORE INSERT OR UPDATE OF host, verified ON tenant_domains
  FOR EACH ROW WHEN (NEW.verified) EXECUTE FUNCTION verified_host_is_free_of_storefronts();
CREATE TRIGGER verified_host_unique_across_marketplaces
  BEFORE INSERT OR UPDATE OF host, verified_at ON vendor_domains
  FOR EACH ROW WHEN (NEW.verified_at IS NOT NULL) EXECUTE FUNCTION verified_host_is_free_of_marketplaces();

-- Routes of the operator's custom domains (module domains).
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'operator', '*', '/api/v1/admin/domains', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/domains', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/domains/:domain_id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/domains/:domain_id/verify', 'POST');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 LIKE '/api/v1/admin/domains%';
DROP TRIGGER IF EXISTS verified_host_unique_across_marketplaces ON vendor_domains;
DROP TRIGGER IF EXISTS verified_host_unique_across_storefronts ON tenant_domains;
DROP FUNCTION IF EXISTS verified_host_is_free_of_marketplaces();
DROP FUNCTION IF EXISTS verified_host_is_free_of_storefronts();
DELETE FROM tenant_domains WHERE NOT verified;
DROP INDEX tenant_domains_host_key;
CREATE UNIQUE INDEX tenant_domains_host_key ON tenant_domains (host);
DROP INDEX tenant_domains_id_key;
ALTER TABLE tenant_domains DROP COLUMN verified_at;
ALTER TABLE tenant_domains DROP COLUMN id;
