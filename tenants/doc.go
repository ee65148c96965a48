// Package tenants is the tenant registry and the tenancy plumbing every module stands on:
//
//   - Registry.Tx runs a function in one transaction scoped to the request's marketplace
//     (set_config('app.tenant_id', ..., true)); PostgreSQL row-level security does the rest.
//   - Registry.Resolve maps a request's host to a marketplace (and storefront slug), cached per
//     process and invalidated across processes through Redis pub/sub.
//   - Middleware puts the resolved Site into every request's context.
//
// Tables owned: tenants, tenant_domains, outbox (written by modules through workers.Outbox).
package tenants
