-- +goose Up
-- A custom domain is held only once its TXT record is verified: an unverified claim must not
-- block (nor reveal itself to) another marketplace's seller. Pending claims of one host may
-- coexist; the first to verify takes it and the others then fail verification.
DROP INDEX vendor_domains_host_key;
CREATE UNIQUE INDEX vendor_domains_host_key ON vendor_domains (host) WHERE verified_at IS NOT NULL;

-- +goose Down
DROP INDEX vendor_domains_host_key;
CREATE UNIQUE INDEX vendor_domains_host_key ON vendor_domains (host);
