package identity_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOperatorInvitation_AcceptedOnceThenOperatorsManageEachOther(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "invite")
	invite := func(token, email string) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/admin/operators/invitations", token: token, body: map[string]any{"email": email}})
	}
	wantField(t, invite(m.operator.token, "not an email"), 422, "body.email")
	want(t, invite(m.operator.token, m.operator.email), 409) // already an operator
	email := "second-op-" + short() + "@example.com"
	inv := invite(m.operator.token, email)
	want(t, inv, 201)

	list := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/operators", token: m.operator.token})
	want(t, list, 200)
	if len(list.items()) != 1 || len(list.json["invitations"].([]any)) != 1 {
		t.Fatalf("operators listing: %s", list.raw)
	}

	tok := linkToken(t, e.mail(t, m), email, "invited")
	accept := func(body map[string]any) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/invitations/accept", ip: "198.18.6.1", body: body})
	}
	wantField(t, accept(map[string]any{"token": tok, "name": "Second", "password": "short"}), 422, "body.password")
	ok := accept(map[string]any{"token": tok, "name": "Second", "password": "second-operator-pw"})
	want(t, ok, 200)
	if diff := cmp.Diff([]any{"buyer", "operator"}, ok.obj("user")["roles"]); diff != "" {
		t.Fatalf("roles (-want +got):\n%s", diff)
	}
	wantField(t, accept(map[string]any{"token": tok, "name": "Again", "password": "second-operator-pw"}), 422, "body.token")
	second := ok.str("token")
	want(t, e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/settings", token: second}), 200)

	// Operators cannot remove themselves; they can remove each other, which takes effect at once.
	secondID := ok.obj("user")["id"].(string)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/admin/operators/" + secondID, token: second}), 409)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/admin/operators/" + secondID, token: m.operator.token}), 204)
	want(t, e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/settings", token: second}), 403)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/admin/operators/" + secondID, token: m.operator.token}), 404)

	// The role changes are in the audit log.
	for _, action := range []string{"operator.invited", "role.granted", "role.revoked"} {
		res := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?action=" + action, token: m.operator.token})
		want(t, res, 200)
		if len(res.items()) == 0 {
			t.Errorf("no %s entry", action)
		}
	}
	// A withdrawn invitation stops working.
	third := invite(m.operator.token, "third-"+short()+"@example.com")
	want(t, third, 201)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/admin/operators/invitations/" + third.str("id"), token: m.operator.token}), 204)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/admin/operators/invitations/" + third.str("id"), token: m.operator.token}), 404)
}

func TestSettings_UpdateIsValidatedAndAudited(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "settings")
	patch := func(body map[string]any) resp {
		return e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/admin/settings", token: m.operator.token, body: body})
	}
	wantField(t, patch(map[string]any{"theme_color": "blue"}), 422, "body.theme_color")
	wantField(t, patch(map[string]any{"name": ""}), 422, "body.name")
	res := patch(map[string]any{"name": "Renamed Market", "theme_color": "#112233"})
	want(t, res, 200)
	if res.str("name") != "Renamed Market" || res.str("theme_color") != "#112233" || res.str("slug") != m.tenant.Slug {
		t.Fatalf("settings: %s", res.raw)
	}
	site := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/site"})
	if site.obj("tenant")["name"] != "Renamed Market" {
		t.Fatalf("site still shows %v", site.obj("tenant")["name"])
	}
	audit := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?action=settings.updated", token: m.operator.token})
	want(t, audit, 200)
	if len(audit.items()) != 1 {
		t.Fatalf("%d settings.updated entries, want 1 (refused changes write nothing)", len(audit.items()))
	}
}

func TestPlatformAdmin_SuspendsAndReactivatesWithAudit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "suspend")
	as := func(method, path string, body any) resp {
		return e.do(t, req{method: method, host: "localhost", path: path, token: e.admin.token, body: body})
	}
	list := as("GET", "/api/v1/platform/tenants?status=active", nil)
	want(t, list, 200)
	want(t, as("GET", "/api/v1/platform/tenants?status=bogus", nil), 422)
	want(t, as("POST", "/api/v1/platform/tenants/"+short()+"/suspend", map[string]any{}), 404)

	res := as("POST", "/api/v1/platform/tenants/"+m.tenant.ID.String()+"/suspend", map[string]any{"reason": "unpaid invoices"})
	want(t, res, 200)
	if res.str("status") != "suspended" {
		t.Fatalf("status %q", res.str("status"))
	}
	want(t, me(t, e, m, m.buyer.token), 403)
	suspended := as("GET", "/api/v1/platform/tenants?status=suspended", nil)
	found := false
	for _, it := range suspended.items() {
		found = found || it.(map[string]any)["id"] == m.tenant.ID.String()
	}
	if !found {
		t.Fatal("suspended marketplace not listed as suspended")
	}
	want(t, as("POST", "/api/v1/platform/tenants/"+m.tenant.ID.String()+"/reactivate", nil), 200)
	// Reactivation invalidates the host cache at once.
	if res := me(t, e, m, m.buyer.token); res.status != 200 {
		t.Fatalf("reactivated marketplace still refused: %d %s", res.status, res.raw)
	}

	audit := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?limit=100", token: m.operator.token})
	want(t, audit, 200)
	var actions []string
	for _, it := range audit.items() {
		a := it.(map[string]any)
		if a["action"] == "tenant.suspended" {
			if a["actor_email"] != e.admin.email || a["details"].(map[string]any)["reason"] != "unpaid invoices" {
				t.Fatalf("suspension entry: %v", a)
			}
		}
		actions = append(actions, a["action"].(string))
	}
	if diff := cmp.Diff([]string{"tenant.reactivated", "tenant.suspended"}, actions[:2]); diff != "" {
		t.Fatalf("latest audit actions (-want +got):\n%s", diff)
	}
}

func TestAuditLog_FiltersAndCursorPagination(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "audit")
	for i := 0; i < 3; i++ {
		want(t, e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.7.1",
			body: map[string]any{"email": m.buyer.email, "password": m.buyer.password}}), 200)
	}
	get := func(q url.Values) resp {
		return e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?" + q.Encode(), token: m.operator.token})
	}
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		q := url.Values{"action": {"auth.login"}, "actor_id": {m.buyer.id.String()}, "limit": {"2"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		res := get(q)
		want(t, res, 200)
		pages++
		for _, it := range res.items() {
			id := it.(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("entry %s on two pages", id)
			}
			seen[id] = true
		}
		next, _ := res.json["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 3 || pages != 2 {
		t.Fatalf("%d entries over %d pages, want 3 over 2", len(seen), pages)
	}
	wantField(t, get(url.Values{"cursor": {"garbage!"}}), 422, "query.cursor")
	wantField(t, get(url.Values{"since": {"yesterday"}}), 422, "query.since")
	wantField(t, get(url.Values{"actor_id": {"nope"}}), 422, "query.actor_id")
	if res := get(url.Values{"since": {"2999-01-01T00:00:00Z"}}); len(res.items()) != 0 {
		t.Fatalf("future since returned %d entries", len(res.items()))
	}
}
