package audit

import (
	"time"

	"github.com/google/uuid"
)

// Actions recorded by the identity and access modules.
const (
	ActionLogin           = "auth.login"
	ActionLoginFailed     = "auth.login_failed"
	ActionLogout          = "auth.logout"
	ActionPasswordChanged = "auth.password_changed"
	ActionPasswordReset   = "auth.password_reset"
	ActionRoleGranted     = "role.granted"
	ActionRoleRevoked     = "role.revoked"
	ActionTenantSuspended = "tenant.suspended"
	ActionTenantResumed   = "tenant.reactivated"
	ActionSettingsUpdated = "settings.updated"
	ActionOperatorInvited = "operator.invited"
)

// Entry is one line of the audit trail.
type Entry struct {
	ID         uuid.UUID
	At         time.Time
	ActorID    *uuid.UUID
	ActorEmail string
	Action     string
	TargetType string
	TargetID   string
	IP         string
	UserAgent  string
	Details    map[string]any
}

// Filter narrows a listing. Zero fields do not filter.
type Filter struct {
	Action  string
	ActorID uuid.UUID
	Since   time.Time
	Until   time.Time
	// Cursor continues after the last entry of a previous page (newest first).
	Cursor string
	Limit  int
}

// Page is one page of entries, newest first, and the cursor of the next page ("" at the end).
type Page struct {
	Items      []Entry
	NextCursor string
}
