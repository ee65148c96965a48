// Package audit keeps each marketplace's append-only audit trail: who did what, to what, from
// where and when. Modules record entries inside their own tenant transaction, so an action and
// its entry commit together; the app role cannot update or delete entries.
//
// Platform-admin work, outside every marketplace, is recorded in the platform audit log inside
// a tenants.Registry.PlatformTx transaction.
//
// Tables owned: audit_log, platform_audit_log. Routes: GET /api/v1/admin/audit (operators),
// GET /api/v1/platform/audit (platform admins, platform host).
package audit
