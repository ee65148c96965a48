-- +goose Up
-- Search's two index paths. Under row-level security PostgreSQL evaluates a query's own
-- conditions after the policy's, unless they are leakproof; full-text match (@@) and trigram
-- similarity (%) are not, so the app role's searches could not use the GIN indexes and matched
-- every product of every marketplace by sequential scan. These two read-only functions run as
-- the registry role (no login, reachable only through its functions, as resolve_host), filter
-- by the calling transaction's marketplace explicitly, and return only ids and dictionary
-- words; every product shown is then read again by the app role under RLS.

-- Trigram index of the correction dictionary (before, each query word was compared with every
-- word of the marketplace).
CREATE INDEX search_terms_trgm ON search_terms USING gin (term gin_trgm_ops) WITH (fastupdate = off);

-- Search is read far more often than products change: without GIN's pending list, every search
-- reads only the index proper, not also a list of recent insertions scanned linearly (after a
-- bulk import it held 11,000 entries and made each search 5 ms slower until a vacuum).
ALTER INDEX products_search SET (fastupdate = off);
ALTER INDEX products_search_trgm SET (fastupdate = off);

CREATE POLICY registry_search ON search_terms FOR SELECT TO marketplace_registry USING (true);
GRANT SELECT ON search_terms TO marketplace_registry;
CREATE POLICY registry_search ON products FOR SELECT TO marketplace_registry USING (true);
GRANT SELECT (tenant_id, id, vendor_id, status, vendor_listed, search) ON products TO marketplace_registry;

-- The dictionary words a query word stands for: itself when the marketplace knows it, else up to
-- three closest words of similar length (trigram similarity at least 0.4).
-- +goose StatementBegin
CREATE FUNCTION search_term_matches(p_word text)
RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER ROWS 3 SET search_path = public, pg_temp SET pg_trgm.similarity_threshold = 0.4 AS $$
  WITH tenant AS (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid AS id)
  SELECT t.term FROM search_terms t, tenant WHERE t.tenant_id = tenant.id AND t.term = p_word
  UNION ALL
  (SELECT t.term FROM search_terms t, tenant
    WHERE t.tenant_id = tenant.id AND t.term % p_word
      AND length(t.term) BETWEEN length(p_word) - 2 AND length(p_word) + 3
      AND NOT EXISTS (SELECT 1 FROM search_terms x WHERE x.tenant_id = tenant.id AND x.term = p_word)
    ORDER BY similarity(t.term, p_word) DESC, t.term LIMIT 3)
$$;
-- +goose StatementEnd
ALTER FUNCTION search_term_matches(text) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION search_term_matches(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_term_matches(text) TO marketplace_app;

-- The listed products of the calling marketplace (of one vendor, unless p_vendor is null)
-- matching a tsquery, with their rank; at most p_limit, the best.
-- +goose StatementBegin
CREATE FUNCTION search_match(p_tsquery text, p_vendor uuid, p_limit integer)
RETURNS TABLE (id uuid, rank real)
-- ROWS: a typical search matches tens to hundreds; the default guess (1000) made the planner
-- hash-join the matches against every product of the marketplace instead of looking them up.
LANGUAGE sql STABLE SECURITY DEFINER ROWS 100 SET search_path = public, pg_temp AS $$
  SELECT p.id, ts_rank(p.search, q, 1)
  FROM products p, to_tsquery('english', p_tsquery) q
  WHERE p.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND p.search @@ q AND p.status = 'active' AND p.vendor_listed
    AND (p_vendor IS NULL OR p.vendor_id = p_vendor)
  ORDER BY 2 DESC, 1 DESC
  LIMIT p_limit
$$;
-- +goose StatementEnd
ALTER FUNCTION search_match(text, uuid, integer) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION search_match(text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_match(text, uuid, integer) TO marketplace_app;

-- +goose Down
DROP FUNCTION IF EXISTS search_match(text, uuid, integer);
DROP FUNCTION IF EXISTS search_term_matches(text);
REVOKE SELECT (tenant_id, id, vendor_id, status, vendor_listed, search) ON products FROM marketplace_registry;
DROP POLICY IF EXISTS registry_search ON products;
REVOKE SELECT ON search_terms FROM marketplace_registry;
DROP POLICY IF EXISTS registry_search ON search_terms;
DROP INDEX IF EXISTS search_terms_trgm;
ALTER INDEX products_search_trgm RESET (fastupdate);
ALTER INDEX products_search RESET (fastupdate);
