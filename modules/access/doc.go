// Package access decides who may call what: Casbin RBAC with domains, deny by default.
//
// A request's caller holds roles (anonymous always; buyer, seller, operator from their account in
// the marketplace; platform-admin on the platform host). The authorization middleware asks the
// enforcer, for the matched Huma operation's path pattern and method, whether any of those roles
// is allowed in the request's domain (the tenant id, or "platform"). A route without a policy is
// refused: 401 for anonymous callers, 403 for signed-in ones.
//
// Policies live in Postgres (table casbin_rule, platform data outside RLS, read through
// gorm-adapter). Role definitions are platform-wide rows in domain "*" seeded by migrations;
// role grants (an account is an operator of one marketplace, an admin is a platform-admin) are
// "g" rows in the marketplace's domain. Buyer is implicit for every account and seller comes from
// vendor memberships, so the enforcer never holds one row per shopper. Every change is published
// on Redis (Watcher) and every api process reloads its enforcer within a second or two.
//
// Tables owned: casbin_rule. Routes: none.
package access
