// Package domains lets a marketplace's operators serve it on their own custom domains, proved
// the way a seller proves a storefront domain: a TXT record _marketplace-verify.{host} carrying
// a token, checked through vendors.DomainVerifier. A domain holds its host only once verified
// (unique across every marketplace and storefront, enforced in PostgreSQL); verifying or
// removing one drops the cached host resolutions of every api process.
//
// Tables owned: none; tenant_domains belongs to package tenants, reached through its Registry.
// Routes: GET/POST /api/v1/admin/domains, DELETE /api/v1/admin/domains/{domain_id},
// POST /api/v1/admin/domains/{domain_id}/verify (operators).
package domains
