-- +goose Up
-- Catalog change notices. Every api process keeps rendered catalog reads (product pages, lists,
-- searches) in memory and must drop them when what they were built from changes, whichever
-- code path (or SQL session) made the change. Triggers are the one place every write passes,
-- and NOTIFY is delivered only when (and if) the writing transaction commits, so a rolled-back
-- change never evicts anything and a committed one always does.
--
-- Payload: '<tenant id> <scope> [<product id>]' on channel catalog_changes, where scope is
--   P  a product's page changed (its variants: price, stock) — lists are unaffected;
--   L  a product's listing row changed (title, price range, in-stock flag, status...) — its page
--      and every list and search of the marketplace;
--   *  anything else lists or pages show (categories, collections, images, vendors).
-- Identical notices of one transaction are merged by PostgreSQL, so a bulk change of one
-- product sends one notice.

-- +goose StatementBegin
CREATE FUNCTION catalog_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  scope text := TG_ARGV[0];
  product uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF scope = 'L' THEN
    product := r.id;
  ELSIF scope = 'P' THEN
    product := r.product_id;
  END IF;
  PERFORM pg_notify('catalog_changes', r.tenant_id::text || ' ' || scope || coalesce(' ' || product::text, ''));
  RETURN NULL;
END
$$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION catalog_changed() FROM PUBLIC;

-- A no-op update (same values) changes nothing a reader sees, so it sends nothing.
CREATE TRIGGER products_changed AFTER INSERT OR DELETE ON products FOR EACH ROW EXECUTE FUNCTION catalog_changed('L');
CREATE TRIGGER products_updated AFTER UPDATE ON products FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION catalog_changed('L');
CREATE TRIGGER product_variants_changed AFTER INSERT OR DELETE ON product_variants FOR EACH ROW EXECUTE FUNCTION catalog_changed('P');
CREATE TRIGGER product_variants_updated AFTER UPDATE ON product_variants FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION catalog_changed('P');
CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');
CREATE TRIGGER collections_changed AFTER INSERT OR UPDATE OR DELETE ON collections FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');
CREATE TRIGGER collection_products_changed AFTER INSERT OR UPDATE OR DELETE ON collection_products FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');
CREATE TRIGGER media_changed AFTER INSERT OR UPDATE OR DELETE ON media FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');
CREATE TRIGGER media_thumbnails_changed AFTER INSERT OR UPDATE OR DELETE ON media_thumbnails FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');
CREATE TRIGGER vendors_changed AFTER INSERT OR UPDATE OR DELETE ON vendors FOR EACH ROW EXECUTE FUNCTION catalog_changed('*');

-- +goose Down
DROP TRIGGER IF EXISTS vendors_changed ON vendors;
DROP TRIGGER IF EXISTS media_thumbnails_changed ON media_thumbnails;
DROP TRIGGER IF EXISTS media_changed ON media;
DROP TRIGGER IF EXISTS collection_products_changed ON collection_products;
DROP TRIGGER IF EXISTS collections_changed ON collections;
DROP TRIGGER IF EXISTS categories_changed ON categories;
DROP TRIGGER IF EXISTS product_variants_updated ON product_variants;
DROP TRIGGER IF EXISTS product_variants_changed ON product_variants;
DROP TRIGGER IF EXISTS products_updated ON products;
DROP TRIGGER IF EXISTS products_changed ON products;
DROP FUNCTION IF EXISTS catalog_changed();
