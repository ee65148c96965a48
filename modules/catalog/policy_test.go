package catalog_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

const (
	anon     = access.RoleAnonymous
	buyer    = access.RoleBuyer
	seller   = access.RoleSeller
	operator = access.RoleOperator
)

// designed is who may call each operation of the vendors, catalog, search and inventory
// modules, written down apart from the migrations' policies so that a drifting policy fails.
var designed = map[string][]string{
	"apply-vendor": {buyer}, "list-vendors": {anon}, "get-vendor": {anon}, "get-storefront": {anon},
	"accept-vendor-invitation": {buyer}, "preview-vendor-invitation": {anon}, "list-my-vendors": {buyer},
	"get-my-vendor": {seller}, "update-my-vendor": {seller}, "set-vendor-domain": {seller}, "verify-vendor-domain": {seller},
	"remove-vendor-domain": {seller}, "list-vendor-members": {seller}, "invite-vendor-staff": {seller}, "remove-vendor-member": {seller},
	"admin-list-vendors": {operator}, "admin-get-vendor": {operator}, "admin-approve-vendor": {operator},
	"admin-reject-vendor": {operator}, "admin-suspend-vendor": {operator}, "admin-reinstate-vendor": {operator},

	"list-products": {anon}, "get-product": {anon}, "search-products": {anon}, "suggest-products": {anon},
	"list-categories": {anon}, "list-collections": {anon}, "get-collection": {anon},
	"seller-list-products": {seller}, "seller-create-product": {seller}, "seller-get-product": {seller},
	"seller-update-product": {seller}, "seller-add-variant": {seller}, "seller-update-variant": {seller},
	"seller-delete-variant": {seller}, "seller-list-collections": {seller}, "seller-create-collection": {seller},
	"seller-update-collection": {seller}, "seller-delete-collection": {seller},
	"admin-unpublish-product": {operator}, "admin-create-category": {operator}, "admin-update-category": {operator},
	"admin-delete-category": {operator}, "admin-list-collections": {operator}, "admin-create-collection": {operator},
	"admin-update-collection": {operator}, "admin-delete-collection": {operator},

	"list-stock-locations": {seller}, "create-stock-location": {seller}, "update-stock-location": {seller},
	"list-inventory": {seller}, "adjust-inventory": {seller}, "list-inventory-movements": {seller},
	"set-low-stock-threshold": {seller},
}

// ours reports whether a path belongs to these modules (other modules also hang routes under
// /api/v1/seller/vendors/{vendor_id}).
func ours(path string) bool {
	if rest, ok := strings.CutPrefix(path, "/api/v1/seller/vendors/{vendor_id}"); ok {
		seg, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		return slices.Contains([]string{"", "domain", "members", "invitations", "products", "collections", "locations", "inventory"}, seg)
	}
	for _, p := range []string{"/api/v1/vendors", "/api/v1/storefront", "/api/v1/seller/vendors", "/api/v1/admin/vendors",
		"/api/v1/products", "/api/v1/search", "/api/v1/categories", "/api/v1/collections", "/api/v1/admin/categories",
		"/api/v1/admin/collections", "/api/v1/admin/products"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

func TestPolicies_EveryRouteHasExactlyTheDesignedRoles(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	enf, err := access.NewEnforcer(context.Background(), testkit.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for path, item := range e.App.API.OpenAPI().Paths {
		ops := map[string]string{}
		if item.Get != nil {
			ops[http.MethodGet] = item.Get.OperationID
		}
		if item.Post != nil {
			ops[http.MethodPost] = item.Post.OperationID
		}
		if item.Put != nil {
			ops[http.MethodPut] = item.Put.OperationID
		}
		if item.Patch != nil {
			ops[http.MethodPatch] = item.Patch.OperationID
		}
		if item.Delete != nil {
			ops[http.MethodDelete] = item.Delete.OperationID
		}
		for method, id := range ops {
			roles, listed := designed[id]
			if !listed {
				if ours(path) && !strings.Contains(path, "/media") {
					t.Errorf("%s %s (%s) is not in the access design of this test", method, path, id)
				}
				continue
			}
			seen[id] = true
			for _, role := range []string{anon, buyer, seller, operator, access.RolePlatformAdmin} {
				ok, err := enf.Allowed([]string{role}, uuid.NewString(), access.Object(path), method)
				if err != nil {
					t.Fatal(err)
				}
				if ok != slices.Contains(roles, role) {
					t.Errorf("%s (%s %s): policy allows %s = %v, design says %v", id, method, path, role, ok, roles)
				}
			}
		}
	}
	for id := range designed {
		if !seen[id] {
			t.Errorf("operation %s of the design is not registered", id)
		}
	}
}
