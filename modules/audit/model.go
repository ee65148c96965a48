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

// Actions recorded by the commerce modules. Changes of settings carry Details "before" and
// "after" (Change); deletions only "before".
const (
	ActionVendorApproved        = "vendor.approved"
	ActionVendorRejected        = "vendor.rejected"
	ActionVendorSuspended       = "vendor.suspended"
	ActionVendorReinstated      = "vendor.reinstated"
	ActionTaxRateCreated        = "tax_rate.created"
	ActionTaxRateUpdated        = "tax_rate.updated"
	ActionTaxRateDeleted        = "tax_rate.deleted"
	ActionCommissionRuleSet     = "commission_rule.set"
	ActionCommissionRuleDeleted = "commission_rule.deleted"
	ActionPayoutPolicyUpdated   = "payout_policy.updated"
	ActionOrderMarkedPaid       = "order.marked_paid"
	ActionOrderRefunded         = "order.refunded"
)

// Actions of the platform audit log (RecordPlatform). Suspending and reactivating a marketplace
// (ActionTenantSuspended, ActionTenantResumed) are recorded there too, as well as in the
// marketplace's own log.
const (
	ActionPlatformLogin        = "platform.login"
	ActionPlatformLoginFailed  = "platform.login_failed"
	ActionPlatformLogout       = "platform.logout"
	ActionPlatformAdminCreated = "platform.admin_created"
)

// Change is the Details of an entry that changed something from before to after (either may be
// nil: nothing before a creation, nothing after a deletion).
func Change(before, after any) map[string]any {
	d := map[string]any{}
	if before != nil {
		d["before"] = before
	}
	if after != nil {
		d["after"] = after
	}
	return d
}

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
	// MarketplaceID is the marketplace a platform entry is about (platform log only).
	MarketplaceID *uuid.UUID
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
