// Package identity owns who people are on the platform and how they prove it: marketplace
// accounts (buyers, sellers, operators), their sessions, passwords and mailed one-time tokens,
// address books, operator invitations, vendor memberships (the seller role), platform admins
// and their sessions, and marketplace signup.
//
// Sessions are opaque random tokens; only their SHA-256 is stored. A session is accepted as the
// HttpOnly cookie mk_session (scoped to the marketplace host and its storefront subdomains; unsafe
// methods then also need X-CSRF-Token equal to the mk_csrf cookie) or as a bearer token. It
// slides: it expires after SessionIdle without use (14 days) and after SessionAbsolute (30 days)
// in any case. Passwords are argon2id (OWASP parameters: 19 MiB, 2 passes) and must be 10 to 128
// characters and not on the embedded list of common passwords.
//
// Sign-in and password reset are rate limited per account and client, per client, and per
// account across clients (all sliding, so a victim is never locked out for long). An unknown
// email costs the same argon2 verification as a wrong password and gets the same answer.
// Marketplace signup is limited per client (five an hour).
//
// Tables owned: accounts, sessions, account_tokens, addresses, operator_invitations,
// vendor_members, platform_admins, platform_sessions.
//
// Routes: /api/v1/auth/..., /api/v1/me/..., /api/v1/admin/settings, /api/v1/admin/operators/...
// on marketplace hosts; /api/v1/platform/signup, /api/v1/platform/auth/..., /api/v1/platform/me
// and /api/v1/platform/tenants/... on the platform host. Task types: none (email goes through
// module notifications).
package identity
