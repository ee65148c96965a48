-- +goose Up
-- Idempotency records of checkouts are kept 7 days (a client retries within minutes), then
-- purged across marketplaces by the checkout:purge-requests task through this narrow path.
CREATE POLICY registry_purge_read ON checkout_requests FOR SELECT TO marketplace_registry USING (true);
CREATE POLICY registry_purge ON checkout_requests FOR DELETE TO marketplace_registry USING (true);
GRANT SELECT (tenant_id, key, created_at), DELETE ON checkout_requests TO marketplace_registry;
-- +goose StatementBegin
CREATE FUNCTION checkout_requests_purge(p_age interval)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (DELETE FROM checkout_requests WHERE created_at < now() - p_age RETURNING 1) SELECT count(*) FROM gone
$$;
-- +goose StatementEnd
ALTER FUNCTION checkout_requests_purge(interval) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION checkout_requests_purge(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION checkout_requests_purge(interval) TO marketplace_app;

-- +goose Down
DROP FUNCTION IF EXISTS checkout_requests_purge(interval);
REVOKE SELECT (tenant_id, key, created_at), DELETE ON checkout_requests FROM marketplace_registry;
DROP POLICY IF EXISTS registry_purge ON checkout_requests;
DROP POLICY IF EXISTS registry_purge_read ON checkout_requests;
