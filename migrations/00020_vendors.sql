-- +goose Up
-- Vendors (sellers) of a marketplace: applications, storefront settings, staff invitations and
-- custom storefront domains. Membership itself (owner/staff) lives in identity's vendor_members.

CREATE TABLE vendors (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL,
  slug             text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description      text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  contact_email    text NOT NULL CHECK (contact_email = lower(contact_email) AND length(contact_email) BETWEEN 3 AND 254),
  country          char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
  applicant_id     uuid NOT NULL,
  applicant_email  text NOT NULL CHECK (applicant_email = lower(applicant_email)),
  status_reason    text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 2000),
  shipping_policy  text NOT NULL DEFAULT '' CHECK (length(shipping_policy) <= 10000),
  returns_policy   text NOT NULL DEFAULT '' CHECK (length(returns_policy) <= 10000),
  logo_media_id    uuid,
  banner_media_id  uuid,
  approved_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, applicant_id) REFERENCES accounts (tenant_id, id)
);
CREATE UNIQUE INDEX vendors_slug_key ON vendors (tenant_id, slug);
CREATE INDEX vendors_status ON vendors (tenant_id, status, created_at);
CREATE INDEX vendors_applicant ON vendors (tenant_id, applicant_id);
-- One open application per account at a time.
CREATE UNIQUE INDEX vendors_one_pending ON vendors (tenant_id, applicant_id) WHERE status = 'pending';

-- Staff invitations: the invitee accepts while signed in with the invited email.
CREATE TABLE vendor_invitations (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL,
  vendor_id   uuid NOT NULL,
  email       text NOT NULL CHECK (email = lower(email)),
  token_hash  bytea NOT NULL,
  invited_by  uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  accepted_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, vendor_id) REFERENCES vendors (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX vendor_invitations_hash_key ON vendor_invitations (tenant_id, token_hash);
CREATE INDEX vendor_invitations_vendor ON vendor_invitations (tenant_id, vendor_id, created_at);

-- A vendor's own storefront domain, served once a TXT record proves control of it.
CREATE TABLE vendor_domains (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  vendor_id          uuid NOT NULL,
  host               text NOT NULL CHECK (host = lower(host) AND length(host) BETWEEN 4 AND 253),
  verification_token text NOT NULL,
  verified_at        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, vendor_id),
  FOREIGN KEY (tenant_id, vendor_id) REFERENCES vendors (tenant_id, id) ON DELETE CASCADE
);
-- A host serves one storefront, whatever the marketplace (global by nature, like tenant_domains).
CREATE UNIQUE INDEX vendor_domains_host_key ON vendor_domains (host);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['vendors', 'vendor_invitations', 'vendor_domains']
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

-- The narrow path from a verified vendor domain to its marketplace and storefront slug, read
-- before the tenant is known (for the host resolver, when it learns vendor domains).
CREATE POLICY registry_read ON vendor_domains FOR SELECT TO marketplace_registry USING (verified_at IS NOT NULL);
CREATE POLICY registry_read ON vendors FOR SELECT TO marketplace_registry USING (status = 'approved');
GRANT SELECT ON vendor_domains, vendors TO marketplace_registry;
-- +goose StatementBegin
CREATE FUNCTION resolve_vendor_host(p_host text)
RETURNS TABLE (tenant_id uuid, vendor_slug text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT d.tenant_id, v.slug
  FROM vendor_domains d JOIN vendors v ON v.tenant_id = d.tenant_id AND v.id = d.vendor_id
  WHERE d.host = lower(p_host) AND d.verified_at IS NOT NULL AND v.status = 'approved'
$$;
-- +goose StatementEnd
ALTER FUNCTION resolve_vendor_host(text) OWNER TO marketplace_registry;
REVOKE EXECUTE ON FUNCTION resolve_vendor_host(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_vendor_host(text) TO marketplace_app;

-- Routes of module vendors.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/storefront', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/vendors', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/vendors/:slug', 'GET'),
  ('p', 'buyer', '*', '/api/v1/vendors', 'POST'),
  ('p', 'buyer', '*', '/api/v1/vendors/invitations/accept', 'POST'),
  ('p', 'buyer', '*', '/api/v1/seller/vendors', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/domain', 'PUT'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/domain', 'DELETE'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/domain/verify', 'POST'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/members', 'GET'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/members/:account_id', 'DELETE'),
  ('p', 'seller', '*', '/api/v1/seller/vendors/:vendor_id/invitations', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/vendors', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/vendors/:vendor_id', 'GET'),
  ('p', 'operator', '*', '/api/v1/admin/vendors/:vendor_id/approve', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/vendors/:vendor_id/reject', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/vendors/:vendor_id/suspend', 'POST'),
  ('p', 'operator', '*', '/api/v1/admin/vendors/:vendor_id/reinstate', 'POST');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 IN ('/api/v1/storefront', '/api/v1/vendors', '/api/v1/vendors/:slug', '/api/v1/vendors/invitations/accept', '/api/v1/seller/vendors', '/api/v1/seller/vendors/:vendor_id', '/api/v1/seller/vendors/:vendor_id/domain', '/api/v1/seller/vendors/:vendor_id/domain/verify', '/api/v1/seller/vendors/:vendor_id/members', '/api/v1/seller/vendors/:vendor_id/members/:account_id', '/api/v1/seller/vendors/:vendor_id/invitations') OR v2 LIKE '/api/v1/admin/vendors%');
DROP FUNCTION IF EXISTS resolve_vendor_host(text);
DROP TABLE IF EXISTS vendor_domains;
DROP TABLE IF EXISTS vendor_invitations;
DROP TABLE IF EXISTS vendors;
