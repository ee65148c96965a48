package identity_test

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

// allowed is who may call each identity operation: the access design, written down
// independently of the policies so the test catches a policy that drifts. Operations of other
// modules are checked against their policies (every one must have at least one).
var allowed = map[string][]string{
	"healthz":                 {access.RoleAnonymous},
	"readyz":                  {access.RoleAnonymous},
	"get-site":                {access.RoleAnonymous},
	"signup":                  {access.RoleAnonymous},
	"platform-login":          {access.RoleAnonymous},
	"platform-logout":         {access.RoleAnonymous},
	"platform-me":             {access.RolePlatformAdmin},
	"list-tenants":            {access.RolePlatformAdmin},
	"suspend-tenant":          {access.RolePlatformAdmin},
	"reactivate-tenant":       {access.RolePlatformAdmin},
	"register":                {access.RoleAnonymous},
	"login":                   {access.RoleAnonymous},
	"logout":                  {access.RoleAnonymous},
	"forgot-password":         {access.RoleAnonymous},
	"reset-password":          {access.RoleAnonymous},
	"verify-email":            {access.RoleAnonymous},
	"accept-invitation":       {access.RoleAnonymous},
	"get-me":                  {access.RoleBuyer},
	"update-me":               {access.RoleBuyer},
	"change-password":         {access.RoleBuyer},
	"resend-verification":     {access.RoleBuyer},
	"list-sessions":           {access.RoleBuyer},
	"revoke-session":          {access.RoleBuyer},
	"list-addresses":          {access.RoleBuyer},
	"create-address":          {access.RoleBuyer},
	"update-address":          {access.RoleBuyer},
	"delete-address":          {access.RoleBuyer},
	"get-settings":            {access.RoleOperator},
	"update-settings":         {access.RoleOperator},
	"list-operators":          {access.RoleOperator},
	"invite-operator":         {access.RoleOperator},
	"revoke-invitation":       {access.RoleOperator},
	"remove-operator":         {access.RoleOperator},
	"list-audit-log":          {access.RoleOperator},
	"list-platform-audit-log": {access.RolePlatformAdmin},
}

// implied are the roles each caller holds: every account is a buyer; sellers and operators
// are accounts too.
var implied = map[string][]string{
	access.RoleAnonymous:     {access.RoleAnonymous},
	access.RoleBuyer:         {access.RoleAnonymous, access.RoleBuyer},
	access.RoleSeller:        {access.RoleAnonymous, access.RoleBuyer, access.RoleSeller},
	access.RoleOperator:      {access.RoleAnonymous, access.RoleBuyer, access.RoleOperator},
	access.RolePlatformAdmin: {access.RoleAnonymous, access.RolePlatformAdmin},
}

// allRoles in a fixed order.
var allRoles = []string{access.RoleAnonymous, access.RoleBuyer, access.RoleSeller, access.RoleOperator, access.RolePlatformAdmin}

// policyRoles are the roles the policies let call op (in a marketplace, or on the platform).
func policyRoles(t *testing.T, e *env, op operation) []string {
	t.Helper()
	domain := uuid.NewString()
	if op.platform {
		domain = access.PlatformDomain
	}
	var out []string
	for _, role := range allRoles {
		ok, err := e.enforcer.Allowed([]string{role}, domain, access.Object(op.path), op.method)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			out = append(out, role)
		}
	}
	return out
}

var pathParams = regexp.MustCompile(`\{[^/{}]+\}`)

type operation struct {
	id, method, path string
	platform         bool
}

func operations(t *testing.T, e *env) []operation {
	t.Helper()
	var ops []operation
	for path, item := range e.app.API.OpenAPI().Paths {
		add := func(method string, id string) {
			ops = append(ops, operation{id: id, method: method, path: path, platform: strings.HasPrefix(path, "/api/v1/platform/")})
		}
		if item.Get != nil {
			add(http.MethodGet, item.Get.OperationID)
		}
		if item.Post != nil {
			add(http.MethodPost, item.Post.OperationID)
		}
		if item.Put != nil {
			add(http.MethodPut, item.Put.OperationID)
		}
		if item.Patch != nil {
			add(http.MethodPatch, item.Patch.OperationID)
		}
		if item.Delete != nil {
			add(http.MethodDelete, item.Delete.OperationID)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// TestEveryOperation_HasAnAllowingPolicy walks every registered operation and proves at least
// one role may call it (else it would be unreachable), and that the policies grant exactly the
// roles of the access design, no more.
func TestEveryOperation_HasAnAllowingPolicy(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ops := operations(t, e)
	if len(ops) < len(allowed) {
		t.Fatalf("only %d operations registered, the design lists %d", len(ops), len(allowed))
	}
	for _, op := range ops {
		granted := policyRoles(t, e, op)
		if len(granted) == 0 {
			t.Errorf("%s (%s %s) has no allowing policy: it can never be called", op.id, op.method, op.path)
		}
		roles, designed := allowed[op.id]
		if !designed {
			continue
		}
		if diff := cmp.Diff(roles, granted); diff != "" {
			t.Errorf("%s: policies differ from the access design (-design +policies):\n%s", op.id, diff)
		}
	}
}

// TestRouteRoleMatrix calls every registered operation as anonymous, buyer, seller, operator
// and platform admin, each from this marketplace and from another one, and checks the answer:
// allowed callers get past authorization (2xx for identity reads; bodies here are empty, so writes may
// be 4xx validation or 404 for made-up ids, never 401/403); anonymous callers get 401; signed-in
// callers without the role get 403; credentials of another marketplace count for nothing (401);
// marketplace routes on the platform host and platform routes on a marketplace host are 404.
func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	e := setup(t)
	a := e.newMarket(t, "matrix-a")
	b := e.newMarket(t, "matrix-b")

	type caller struct {
		name  string
		role  string
		token func(t *testing.T) string // a fresh session per call: logout ends it
		home  bool                      // credentials belong to the host they are used on
	}
	session := func(m *market, u func() user) func(t *testing.T) string {
		return func(t *testing.T) string {
			iss, err := e.fixtures.IssueSession(m.ctx, u().id)
			if err != nil {
				t.Fatal(err)
			}
			return iss.Token
		}
	}
	admin := func(t *testing.T) string {
		iss, err := e.fixtures.IssuePlatformSession(context.Background(), e.admin.id)
		if err != nil {
			t.Fatal(err)
		}
		return iss.Token
	}
	none := func(*testing.T) string { return "" }
	callers := []caller{
		{"anonymous", access.RoleAnonymous, none, true},
		{"buyer", access.RoleBuyer, session(a, func() user { return a.buyer }), true},
		{"seller", access.RoleSeller, session(a, func() user { return a.seller }), true},
		{"operator", access.RoleOperator, session(a, func() user { return a.operator }), true},
		{"platform-admin", access.RolePlatformAdmin, admin, true},
		{"buyer of B", access.RoleBuyer, session(b, func() user { return b.buyer }), false},
		{"seller of B", access.RoleSeller, session(b, func() user { return b.seller }), false},
		{"operator of B", access.RoleOperator, session(b, func() user { return b.operator }), false},
	}

	for _, op := range operations(t, e) {
		roles, designed := allowed[op.id]
		if !designed {
			roles = policyRoles(t, e, op)
		}
		path := pathParams.ReplaceAllStringFunc(op.path, func(string) string { return uuid.NewString() })
		for _, c := range callers {
			host := a.host
			if op.platform {
				host = "localhost"
			}
			// The platform admin's credentials live on the platform host; on a marketplace
			// they are foreign, like another marketplace's.
			home := c.home && (c.role == access.RolePlatformAdmin) == op.platform || c.role == access.RoleAnonymous
			holds := []string{access.RoleAnonymous}
			if home {
				holds = implied[c.role]
			}
			mayCall := false
			for _, r := range holds {
				mayCall = mayCall || access.HasRole(roles, r)
			}
			token := c.token(t)
			res := e.do(t, req{method: op.method, host: host, path: path, token: token, ip: "203.0.113.77"})
			switch {
			case mayCall && designed && op.method == http.MethodGet && !strings.Contains(op.path, "{"):
				if res.status < 200 || res.status > 299 {
					t.Errorf("%s %s as %s: %d, want 2xx: %s", op.method, op.path, c.name, res.status, res.raw)
				}
			case mayCall:
				if res.status == 401 || res.status == 403 || res.status >= 500 {
					t.Errorf("%s %s as %s: %d, want past authorization: %s", op.method, op.path, c.name, res.status, res.raw)
				}
			case !home || c.role == access.RoleAnonymous:
				if res.status != 401 {
					t.Errorf("%s %s as %s: %d, want 401: %s", op.method, op.path, c.name, res.status, res.raw)
				}
			default:
				if res.status != 403 {
					t.Errorf("%s %s as %s: %d, want 403: %s", op.method, op.path, c.name, res.status, res.raw)
				}
			}
		}
		// The wrong kind of host never serves the route (health and site are served on both, and
		// signed media links on any host: their token says which marketplace they belong to).
		if op.id == "healthz" || op.id == "readyz" || op.id == "get-site" || strings.HasPrefix(op.path, "/media/local/") {
			continue
		}
		other := "localhost"
		if op.platform {
			other = a.host
		}
		if res := e.do(t, req{method: op.method, host: other, path: path, token: e.admin.token}); res.status != 404 {
			t.Errorf("%s %s on host %s: %d, want 404", op.method, op.path, other, res.status)
		}
	}
}
