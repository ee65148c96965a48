// Package audit keeps each marketplace's append-only audit trail: who did what, to what, from
// where and when. Modules record entries inside their own tenant transaction, so an action and
// its entry commit together; the app role cannot update or delete entries.
//
// Tables owned: audit_log. Routes: GET /api/v1/admin/audit (operators).
package audit
