-- +goose Up
-- Images of products, variants and storefronts (modules/media). A row is created when an upload
-- URL is handed out (pending), and becomes ready once the bytes are verified, or rejected.
-- owner_id/vendor_id point into other modules' tables and carry no foreign key on purpose: each
-- module owns its tables, and the catalog deletes an owner's media through the media service.
CREATE TABLE media (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL,
  owner_kind    text NOT NULL CHECK (owner_kind IN ('product', 'variant', 'storefront_logo', 'storefront_banner')),
  owner_id      uuid NOT NULL,
  vendor_id     uuid NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'rejected')),
  filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  declared_type text NOT NULL,
  declared_size bigint NOT NULL CHECK (declared_size > 0),
  upload_key    text NOT NULL,
  -- Set when ready: the sniffed type, the verified size and dimensions, the stored original.
  content_type  text NOT NULL DEFAULT '',
  size_bytes    bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
  width         integer NOT NULL DEFAULT 0 CHECK (width >= 0),
  height        integer NOT NULL DEFAULT 0 CHECK (height >= 0),
  object_key    text NOT NULL DEFAULT '',
  alt           text NOT NULL DEFAULT '' CHECK (length(alt) <= 500),
  position      integer NOT NULL DEFAULT 0,
  reject_reason text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (status <> 'ready' OR (object_key <> '' AND content_type IN ('image/jpeg', 'image/png', 'image/webp') AND width > 0 AND height > 0))
);
CREATE INDEX media_owner ON media (tenant_id, owner_kind, owner_id, position, id) WHERE status <> 'rejected';
CREATE INDEX media_vendor ON media (tenant_id, vendor_id);
ALTER TABLE media ENABLE ROW LEVEL SECURITY;
ALTER TABLE media FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON media
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Resized renditions made by the media:thumbnails task; the primary key makes the task
-- idempotent (one row per image and width class).
CREATE TABLE media_thumbnails (
  tenant_id    uuid NOT NULL,
  media_id     uuid NOT NULL,
  size         integer NOT NULL CHECK (size IN (160, 480, 1200)),
  width        integer NOT NULL CHECK (width > 0),
  height       integer NOT NULL CHECK (height > 0),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size_bytes   bigint NOT NULL CHECK (size_bytes > 0),
  object_key   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, media_id, size),
  FOREIGN KEY (tenant_id, media_id) REFERENCES media (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE media_thumbnails ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_thumbnails FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON media_thumbnails
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE IF EXISTS media_thumbnails;
DROP TABLE IF EXISTS media;
