-- +goose Up
-- Who may call the media routes. Ownership (a member of the vendor that owns the product,
-- variant or storefront) is checked by the service on top of these.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'seller', '*', '/api/v1/media/uploads', 'POST'),
  ('p', 'seller', '*', '/api/v1/media/:id/complete', 'POST'),
  ('p', 'seller', '*', '/api/v1/media', 'GET'),
  ('p', 'seller', '*', '/api/v1/media/:id', 'GET'),
  ('p', 'seller', '*', '/api/v1/media/:id', 'PATCH'),
  ('p', 'seller', '*', '/api/v1/media/order', 'PUT'),
  ('p', 'seller', '*', '/api/v1/media/:id', 'DELETE'),
  -- Local-store links carry their own signed, expiring token.
  ('p', 'anonymous', '*', '/media/local/:token', 'PUT'),
  ('p', 'anonymous', '*', '/media/local/:token', 'GET');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND (v2 LIKE '/api/v1/media%' OR v2 = '/media/local/:token');
