-- +goose Up
-- The pages that emails link to read through two public operations: a staff invitation's
-- preview (/join-shop) and a guest's order by its signed order link (/guest-order). Both take
-- their token in a header and are tenant-scoped like every read, so no new RLS policy is needed.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
  ('p', 'anonymous', '*', '/api/v1/vendors/invitations/preview', 'GET'),
  ('p', 'anonymous', '*', '/api/v1/orders/linked', 'GET');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v0 = 'anonymous'
  AND v2 IN ('/api/v1/vendors/invitations/preview', '/api/v1/orders/linked') AND v3 = 'GET';
