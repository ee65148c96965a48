-- +goose Up
-- The catalog: categories (operator-managed tree), products of vendors with options, variants
-- and typed attributes, collections, and the search columns (full text + trigram).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE categories (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  parent_id   uuid,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX categories_slug_key ON categories (tenant_id, slug);
CREATE INDEX categories_parent ON categories (tenant_id, parent_id, position);

-- Products. Slugs are unique per marketplace, so /products/{slug} is unambiguous everywhere.
-- price_min/price_max, in_stock mirror the variants; vendor_listed mirrors the vendor's status
-- (approved), so listings never join another module's tables.
CREATE TABLE products (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  vendor_id        uuid NOT NULL,
  slug             text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$'),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description_html text NOT NULL DEFAULT '',
  description_text text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  category_id      uuid,
  tags             text[] NOT NULL DEFAULT '{}',
  seo_title        text NOT NULL DEFAULT '' CHECK (length(seo_title) <= 70),
  seo_description  text NOT NULL DEFAULT '' CHECK (length(seo_description) <= 320),
  options          jsonb NOT NULL DEFAULT '[]',
  attributes       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  media_ids        uuid[] NOT NULL DEFAULT '{}',
  currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  price_min        bigint,
  price_max        bigint,
  in_stock         boolean NOT NULL DEFAULT false,
  vendor_listed    boolean NOT NULL DEFAULT true,
  moderation_note  text NOT NULL DEFAULT '',
  published_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  search_text      text NOT NULL DEFAULT '',
  search           tsvector NOT NULL DEFAULT ''::tsvector,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE UNIQUE INDEX products_slug_key ON products (tenant_id, slug);
CREATE INDEX products_vendor ON products (tenant_id, vendor_id, id);
-- Listing paths: only listed products (active, vendor approved) are in these partial indexes.
CREATE INDEX products_listed_newest ON products (tenant_id, id DESC) WHERE status = 'active' AND vendor_listed;
CREATE INDEX products_listed_price ON products (tenant_id, price_min, id) WHERE status = 'active' AND vendor_listed;
CREATE INDEX products_listed_category ON products (tenant_id, category_id, id DESC) WHERE status = 'active' AND vendor_listed;
CREATE INDEX products_listed_vendor ON products (tenant_id, vendor_id, id DESC) WHERE status = 'active' AND vendor_listed;
CREATE INDEX products_search ON products USING gin (search);
CREATE INDEX products_search_trgm ON products USING gin (search_text gin_trgm_ops);
CREATE INDEX products_attributes ON products USING gin (attributes jsonb_path_ops);

-- Search columns: weighted full text (title A > tags B > description C) and the lower-cased
-- title and tags for trigram matching (typos, autocomplete).
-- +goose StatementBegin
CREATE FUNCTION products_search_refresh() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  NEW.search_text := lower(NEW.title || ' ' || array_to_string(NEW.tags, ' '));
  NEW.search :=
    setweight(to_tsvector('english', NEW.title), 'A') ||
    setweight(to_tsvector('english', array_to_string(NEW.tags, ' ')), 'B') ||
    setweight(to_tsvector('english', left(NEW.description_text, 20000)), 'C');
  RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER products_search_refresh BEFORE INSERT OR UPDATE OF title, tags, description_text ON products
  FOR EACH ROW EXECUTE FUNCTION products_search_refresh();

-- The words of listed titles and tags, per marketplace: a small dictionary that a misspelt
-- query word is corrected against by trigram similarity (products' own columns cannot use their
-- trigram index under row-level security, whose planner refuses non-leakproof index quals).
CREATE TABLE search_terms (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  term      text NOT NULL CHECK (length(term) BETWEEN 3 AND 40),
  PRIMARY KEY (tenant_id, term)
);
-- +goose StatementBegin
CREATE FUNCTION products_search_terms() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, term)
  SELECT DISTINCT NEW.tenant_id, w FROM regexp_split_to_table(NEW.search_text, '[^[:alnum:]]+') w
  WHERE length(w) BETWEEN 3 AND 40 AND w !~ '^[0-9]+$'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER products_search_terms AFTER INSERT OR UPDATE OF title, tags ON products
  FOR EACH ROW EXECUTE FUNCTION products_search_terms();

-- Variants: what is actually sold. SKUs are unique per vendor. available mirrors inventory
-- (on hand minus reserved across locations).
CREATE TABLE product_variants (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  product_id       uuid NOT NULL,
  vendor_id        uuid NOT NULL,
  sku              text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
  title            text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  option_values    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(option_values) = 'object'),
  price            bigint NOT NULL CHECK (price >= 0),
  compare_at_price bigint CHECK (compare_at_price IS NULL OR compare_at_price >= 0),
  currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  weight_grams     integer NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
  media_ids        uuid[] NOT NULL DEFAULT '{}',
  position         integer NOT NULL DEFAULT 0,
  available        bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX product_variants_sku_key ON product_variants (tenant_id, vendor_id, sku);
CREATE INDEX product_variants_product ON product_variants (tenant_id, product_id, position);

-- Collections: curated by the operator (vendor_id null) or by one vendor.
CREATE TABLE collections (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  vendor_id   uuid,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  featured    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX collections_marketplace_slug_key ON collections (tenant_id, slug) WHERE vendor_id IS NULL;
CREATE UNIQUE INDEX collections_vendor_slug_key ON collections (tenant_id, vendor_id, slug) WHERE vendor_id IS NOT NULL;

CREATE TABLE collection_products (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  collection_id uuid NOT NULL,
  product_id    uuid NOT NULL,
  position      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, collection_id, product_id),
  FOREIGN KEY (tenant_id, collection_id) REFERENCES collections (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX collection_products_product ON collection_products (tenant_id, product_id);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['categories', 'products', 'search_terms', 'product_variants', 'collections', 'collection_products']
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
REVOKE EXECUTE ON FUNCTION products_search_refresh() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION products_search_terms() FROM PUBLIC;

-- Routes of module catalog (search included).
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/categories', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/products', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/products/:ref', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/collections', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/collections/:slug', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/search', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/search/suggest', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/categories', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/categories/:category_id', 'PATCH'),
  ('p', 'operator', '*', '/api/v1/admin/categories/:category_id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/products/:product_id/unpublish', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/collections', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/collections', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/collections/:collection_id', 'PATCH'),
  ('p', 'operator', '*', '/api/v1/admin/collections/:collection_id', 'DELETE'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products/:product_id', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products/:product_id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products/:product_id/variants', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products/:product_id/variants/:variant_id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/products/:product_id/variants/:variant_id', 'DELETE'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/collections', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/collections', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/collections/:collection_id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/collections/:collection_id', 'DELETE');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 IN ('/api/v1/categories', '/api/v1/products', '/api/v1/products/:ref',
  '/api/v1/collections', '/api/v1/collections/:slug', '/api/v1/search', '/api/v1/search/suggest')
  OR v2 LIKE '/api/v1/admin/categories%' OR v2 LIKE '/api/v1/admin/products/%' OR v2 LIKE '/api/v1/admin/collections%'
  OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/products%' OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/collections%');
DROP TABLE IF EXISTS collection_products;
DROP TABLE IF EXISTS collections;
DROP TABLE IF EXISTS product_variants;
DROP TABLE IF EXISTS products;
DROP FUNCTION IF EXISTS products_search_terms();
DROP TABLE IF EXISTS search_terms;
DROP FUNCTION IF EXISTS products_search_refresh();
DROP TABLE IF EXISTS categories;
