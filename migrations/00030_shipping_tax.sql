-- +goose Up
-- Shipping profiles of vendors (ship-from location, zones with rates, return window) and the
-- marketplace's tax rates. Zones and rates are one validated JSON document per profile: they are
-- always read and replaced together. vendor_id is the vendors module's id (no cross-module key).

CREATE TABLE shipping_profiles (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 uuid NOT NULL,
  vendor_id          uuid NOT NULL,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  is_default         boolean NOT NULL DEFAULT false,
  ship_from_country  char(2) NOT NULL CHECK (ship_from_country ~ '^[A-Z]{2}$'),
  ship_from_lat      double precision CHECK (ship_from_lat BETWEEN -90 AND 90),
  ship_from_lon      double precision CHECK (ship_from_lon BETWEEN -180 AND 180),
  return_window_days integer NOT NULL DEFAULT 30 CHECK (return_window_days BETWEEN 0 AND 365),
  currency           char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  zones              jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(zones) = 'array'),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX shipping_profiles_vendor ON shipping_profiles (tenant_id, vendor_id, created_at);
CREATE UNIQUE INDEX shipping_profiles_one_default ON shipping_profiles (tenant_id, vendor_id) WHERE is_default;

-- Tax rates in basis points (2000 = 20%). region '' applies to the whole country; a rate for the
-- region wins over the country-wide one.
CREATE TABLE tax_rates (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  country          char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  region           text NOT NULL DEFAULT '' CHECK (length(region) <= 100),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  rate_bp          integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  inclusive        boolean NOT NULL DEFAULT false,
  applies_to_shipping boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX tax_rates_place_key ON tax_rates (tenant_id, country, region);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['shipping_profiles', 'tax_rates']
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

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/carriers', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/shipping-profiles', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/shipping-profiles', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/shipping-profiles/:profile_id', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/shipping-profiles/:profile_id', 'PUT'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/shipping-profiles/:profile_id', 'DELETE'),
  ('p', 'operator', '*', '/api/v1/admin/tax-rates', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/tax-rates', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/tax-rates/:rate_id', 'PUT'),
  ('p', 'operator', '*', '/api/v1/admin/tax-rates/:rate_id', 'DELETE');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 = '/api/v1/carriers'
  OR v2 LIKE '/api/v1/seller/vendors/:vendor_id/shipping-profiles%' OR v2 LIKE '/api/v1/admin/tax-rates%');
DROP TABLE IF EXISTS tax_rates;
DROP TABLE IF EXISTS shipping_profiles;
