package identity_test

import (
	"context"
	"testing"
	"time"
)

// platformAudit is the platform audit log filtered by query, as the platform admin reads it.
func platformAudit(t *testing.T, e *env, query string) []map[string]any {
	t.Helper()
	res := e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit?" + query, token: e.admin.token})
	want(t, res, 200)
	var out []map[string]any
	for _, it := range res.items() {
		out = append(out, it.(map[string]any))
	}
	return out
}

// TestPlatformAudit_SignInsFailedSignInsAndSignOutsAreRecorded: a new platform admin's
// creation, its wrong password, its sign-in and its sign-out each leave one platform entry
// with the admin as actor and target; an unknown email's attempt is recorded with no actor.
func TestPlatformAudit_SignInsFailedSignInsAndSignOutsAreRecorded(t *testing.T) {
	t.Parallel()
	e := setup(t)
	email, password := "audited-"+short()+"@platform.example", "platform-admin-pass-2"
	pa, err := e.fixtures.CreatePlatformAdmin(context.Background(), email, password, "Audited")
	if err != nil {
		t.Fatal(err)
	}
	login := func(pass string) resp {
		return e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/auth/login", ip: "198.51.100.7",
			headers: map[string]string{"User-Agent": "audit-test"}, body: map[string]any{"email": email, "password": pass}})
	}
	want(t, login("wrong-password-123"), 401)
	var token string
	for deadline := time.Now().Add(10 * time.Second); ; {
		if res := login(password); res.status == 200 {
			token = res.str("token")
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("new platform admin never became usable")
		}
		time.Sleep(50 * time.Millisecond)
	}
	want(t, e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/auth/logout", token: token}), 204)
	unknown := "nobody-" + short() + "@platform.example"
	want(t, e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/auth/login", body: map[string]any{"email": unknown, "password": "whatever-pass-1"}}), 401)

	entries := platformAudit(t, e, "actor_id="+pa.ID.String()+"&limit=100")
	count := map[string]int{}
	for _, it := range entries {
		count[it["action"].(string)]++
		if it["actor_email"] != email || (it["target_type"] != "platform_session" && it["target_id"] != pa.ID.String()) {
			t.Errorf("entry %v: want actor and target the admin %s", it, pa.ID)
		}
		if it["action"] == "platform.login_failed" {
			if it["ip"] != "198.51.100.7" || it["user_agent"] != "audit-test" || it["details"].(map[string]any)["reason"] != "bad_credentials" {
				t.Errorf("failed sign-in entry %v: want client and reason", it)
			}
		}
	}
	if count["platform.login"] != 1 || count["platform.logout"] != 1 || count["platform.login_failed"] < 1 {
		t.Fatalf("platform entries of the admin: %v", count)
	}
	created := 0
	for _, it := range platformAudit(t, e, "action=platform.admin_created&limit=100") {
		if it["target_id"] == pa.ID.String() && it["details"].(map[string]any)["email"] == email {
			created++
		}
	}
	if created != 1 {
		t.Fatalf("%d platform.admin_created entries for the admin, want 1", created)
	}
	found := false
	for _, it := range platformAudit(t, e, "action=platform.login_failed&limit=100") {
		if it["actor_email"] == unknown {
			found = it["actor_id"] == nil && it["target_id"] == ""
		}
	}
	if !found {
		t.Fatal("no failed sign-in entry without an actor for the unknown email")
	}
}

// TestPlatformAudit_SuspensionRecordsTheAdminMarketplaceAndStatusChange, and the platform log is
// paginated like the marketplace's.
func TestPlatformAudit_SuspensionRecordsTheAdminMarketplaceAndStatusChange(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "paudit")
	id := m.tenant.ID.String()
	want(t, e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/tenants/" + id + "/suspend", token: e.admin.token,
		body: map[string]any{"reason": "chargebacks"}}), 200)
	want(t, e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/tenants/" + id + "/reactivate", token: e.admin.token}), 200)

	for _, c := range []struct{ action, before, after string }{
		{"tenant.suspended", "active", "suspended"},
		{"tenant.reactivated", "suspended", "active"},
	} {
		var mine []map[string]any
		for _, it := range platformAudit(t, e, "action="+c.action+"&limit=100") {
			if it["marketplace_id"] == id {
				mine = append(mine, it)
			}
		}
		if len(mine) != 1 {
			t.Fatalf("%d %s platform entries for the marketplace, want 1", len(mine), c.action)
		}
		it := mine[0]
		d := it["details"].(map[string]any)
		before, _ := d["before"].(map[string]any)
		after, _ := d["after"].(map[string]any)
		if it["actor_id"] != e.admin.id.String() || it["actor_email"] != e.admin.email || it["target_type"] != "tenant" || it["target_id"] != id ||
			before["status"] != c.before || after["status"] != c.after || (c.action == "tenant.suspended" && d["reason"] != "chargebacks") {
			t.Fatalf("%s entry: %v", c.action, it)
		}
	}

	// Cursor pagination: pages of one, no entry twice, and bad queries are 422.
	first := e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit?limit=1", token: e.admin.token})
	want(t, first, 200)
	next := first.str("next_cursor")
	if len(first.items()) != 1 || next == "" {
		t.Fatalf("first page: %s", first.raw)
	}
	second := e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit?limit=1&cursor=" + next, token: e.admin.token})
	want(t, second, 200)
	if len(second.items()) != 1 || second.items()[0].(map[string]any)["id"] == first.items()[0].(map[string]any)["id"] {
		t.Fatalf("second page repeats the first: %s", second.raw)
	}
	for _, q := range []string{"limit=101", "cursor=nope", "actor_id=x", "since=yesterday"} {
		want(t, e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit?" + q, token: e.admin.token}), 422)
	}
	// The marketplace's operator sees none of it, on either host.
	want(t, e.do(t, req{method: "GET", host: m.host, path: "/api/v1/platform/audit", token: m.operator.token}), 404)
	want(t, e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit", token: m.operator.token}), 401)
	want(t, e.do(t, req{method: "GET", host: "localhost", path: "/api/v1/platform/audit"}), 401)
}
