package access

import (
	"regexp"
	"slices"
)

// Role names as they appear in policies.
const (
	RoleAnonymous     = "anonymous"
	RoleBuyer         = "buyer"
	RoleSeller        = "seller"
	RoleOperator      = "operator"
	RolePlatformAdmin = "platform-admin"
)

// PlatformDomain is the Casbin domain of the platform host (signup, platform admins).
const PlatformDomain = "platform"

// AnyDomain in a policy's domain column makes it hold in every marketplace.
const AnyDomain = "*"

// MarketplaceRoles are the roles an account can hold inside a marketplace, in display order.
var MarketplaceRoles = []string{RoleBuyer, RoleSeller, RoleOperator}

var pathParam = regexp.MustCompile(`\{([^/{}]+)\}`)

// Object turns a Huma path pattern (/api/v1/me/addresses/{id}) into the policy object form
// (/api/v1/me/addresses/:id) that keyMatch2 understands.
func Object(pattern string) string { return pathParam.ReplaceAllString(pattern, ":$1") }

// HasRole reports whether roles contains role.
func HasRole(roles []string, role string) bool { return slices.Contains(roles, role) }
