package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func me(t *testing.T, e *env, m *market, token string) resp {
	t.Helper()
	return e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me", token: token})
}

func errorLocations(r resp) []string {
	var out []string
	list, _ := r.json["errors"].([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			loc, _ := m["location"].(string)
			out = append(out, loc)
		}
	}
	return out
}

func wantField(t *testing.T, r resp, status int, field string) {
	t.Helper()
	want(t, r, status)
	for _, l := range errorLocations(r) {
		if l == field {
			return
		}
	}
	t.Fatalf("want an error at %s, got %s", field, r.raw)
}

func TestSession_FromAnotherMarketplaceIsRefused(t *testing.T) {
	t.Parallel()
	e := setup(t)
	a, b := e.newMarket(t, "iso-a"), e.newMarket(t, "iso-b")

	want(t, me(t, e, a, a.buyer.token), 200)
	want(t, me(t, e, a, b.buyer.token), 401)
	want(t, e.do(t, req{method: "GET", host: a.host, path: "/api/v1/admin/settings", token: b.operator.token}), 401)

	// Ids of B used on A are not found, whatever the caller's role on A.
	addr := e.do(t, req{method: "POST", host: b.host, path: "/api/v1/me/addresses", token: b.buyer.token, body: usAddress()})
	want(t, addr, 201)
	bSessions := e.do(t, req{method: "GET", host: b.host, path: "/api/v1/me/sessions", token: b.buyer.token})
	bSession := bSessions.items()[0].(map[string]any)["id"].(string)
	for _, c := range []req{
		{method: "PATCH", path: "/api/v1/me/addresses/" + addr.str("id"), token: a.buyer.token, body: map[string]any{"name": "x"}},
		{method: "DELETE", path: "/api/v1/me/addresses/" + addr.str("id"), token: a.buyer.token},
		{method: "DELETE", path: "/api/v1/me/sessions/" + bSession, token: a.buyer.token},
		{method: "DELETE", path: "/api/v1/admin/operators/" + b.operator.id.String(), token: a.operator.token},
		{method: "DELETE", path: "/api/v1/admin/operators/" + b.buyer.id.String(), token: a.operator.token},
		{method: "DELETE", path: "/api/v1/me/addresses/not-a-uuid", token: a.buyer.token},
	} {
		c.host = a.host
		if res := e.do(t, c); res.status != 404 {
			t.Errorf("%s %s on A: %d, want 404: %s", c.method, c.path, res.status, res.raw)
		}
	}
	// Still there for its owner.
	want(t, e.do(t, req{method: "GET", host: b.host, path: "/api/v1/me/addresses", token: b.buyer.token}), 200)
	want(t, me(t, e, b, b.buyer.token), 200)
}

func TestLogin_EleventhBadAttemptIsLimitedButOtherClientsStillSignIn(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "brute")
	login := func(ip, password string) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: ip,
			body: map[string]any{"email": m.buyer.email, "password": password}})
	}
	for i := 1; i <= 10; i++ {
		res := login("198.18.0.1", "wrong-password-"+fmt.Sprint(i))
		want(t, res, 401)
		if res.str("detail") != "email or password is incorrect" {
			t.Fatalf("detail %q", res.str("detail"))
		}
	}
	res := login("198.18.0.1", "wrong-password-11")
	want(t, res, 429)
	if res.header.Get("Retry-After") == "" {
		t.Fatalf("429 without Retry-After: %v %s", res.header, res.raw)
	}
	// Even the right password from the attacking client waits.
	want(t, login("198.18.0.1", m.buyer.password), 429)
	// The owner, elsewhere, is not locked out.
	ok := login("198.18.0.2", m.buyer.password)
	want(t, ok, 200)
	if ok.str("token") == "" {
		t.Fatal("no token")
	}

	// Unknown email: same status and message.
	unknown := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.0.3",
		body: map[string]any{"email": "nobody@example.com", "password": "whatever-password"}})
	want(t, unknown, 401)
	if unknown.str("detail") != "email or password is incorrect" {
		t.Fatalf("unknown email detail %q", unknown.str("detail"))
	}

	// Failed and successful sign-ins are audited.
	audit := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?action=auth.login_failed&limit=100", token: m.operator.token})
	want(t, audit, 200)
	if n := len(audit.items()); n != 11 { // 10 wrong passwords + the unknown email
		t.Fatalf("%d auth.login_failed entries, want 11", n)
	}
}

func TestRegister_ThenPatchMeRefusesUnknownFieldsAndChangesNothing(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m, other := e.newMarket(t, "mass"), e.newMarket(t, "mass-other")
	email := "new-" + short() + "@example.com"
	register := func(host, name, password string) resp {
		return e.do(t, req{method: "POST", host: host, path: "/api/v1/auth/register", ip: "198.18.1.1",
			body: map[string]any{"email": email, "password": password, "name": name}})
	}
	reg := register(m.host, "New Buyer", "a-good-long-password")
	want(t, reg, 202)
	if len(reg.cookies) != 0 || reg.str("token") != "" {
		t.Fatalf("register signed someone in: %v %s", reg.cookies, reg.raw)
	}
	// The same email may hold a separate account in another marketplace.
	want(t, register(other.host, "Elsewhere", "another-long-password"), 202)
	token := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.1.1",
		body: map[string]any{"email": email, "password": "a-good-long-password"}}).str("token")
	if token == "" {
		t.Fatal("the registered account cannot sign in")
	}

	// A field the profile cannot change is refused (422), not silently ignored, and nothing
	// changes, not even the name sent with it.
	for field, value := range map[string]any{"role": "operator", "roles": []string{"operator"}, "tenant_id": other.tenant.ID.String(),
		"email_verified": true, "email": "hijack@example.com", "id": other.buyer.id.String(), "full_name": "A field that does not exist"} {
		res := e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me", token: token, body: map[string]any{"name": "Hijacked", field: value}})
		want(t, res, 422)
	}
	if got := me(t, e, m, token); got.json["name"] != "New Buyer" {
		t.Fatalf("name after refused updates = %v, want New Buyer", got.json["name"])
	}
	res := e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me", token: token, body: map[string]any{"name": "Renamed"}})
	want(t, res, 200)
	got := me(t, e, m, token)
	want(t, got, 200)
	if diff := cmp.Diff(map[string]any{"name": "Renamed", "email": email, "email_verified": false, "roles": []any{"buyer"}},
		map[string]any{"name": got.json["name"], "email": got.json["email"], "email_verified": got.json["email_verified"], "roles": got.json["roles"]}); diff != "" {
		t.Fatalf("profile after mass-assignment attempt (-want +got):\n%s", diff)
	}
	var tenantID string
	testkit.OwnerDB(t).Raw("select tenant_id::text from accounts where email = ? and name = 'Renamed'", email).Scan(&tenantID)
	if tenantID != m.tenant.ID.String() {
		t.Fatalf("account moved to tenant %q", tenantID)
	}
	// Bad input: a blank name changes nothing.
	wantField(t, e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me", token: token, body: map[string]any{"name": "  "}}), 422, "body.name")
}

func TestCSRF_CookieSessionsNeedTheHeaderOnUnsafeMethods(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "csrf")
	login := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.2.1",
		body: map[string]any{"email": m.buyer.email, "password": m.buyer.password}})
	want(t, login, 200)
	jar := map[string]string{}
	for _, c := range login.cookies {
		jar[c.Name] = c.Value
		if c.Name == "mk_session" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Domain != m.host || c.Path != "/") {
			t.Fatalf("session cookie attributes: %+v", c)
		}
		if c.Name == "mk_csrf" && c.HttpOnly {
			t.Fatal("mk_csrf must be readable by the web app")
		}
	}
	patch := func(headers map[string]string, token string) resp {
		r := req{method: "PATCH", host: m.host, path: "/api/v1/me", body: map[string]any{"name": "Via Cookie"}, headers: headers, token: token}
		if token == "" {
			r.cookies = jar
		}
		return e.do(t, r)
	}
	want(t, patch(nil, ""), 403)
	want(t, patch(map[string]string{"X-CSRF-Token": "forged"}, ""), 403)
	want(t, patch(map[string]string{"X-CSRF-Token": jar["mk_csrf"]}, ""), 200)
	want(t, patch(nil, login.str("token")), 200) // bearer: no CSRF
	want(t, e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me", cookies: jar}), 200)

	// Logout with the header ends the session and clears the cookies.
	out := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/logout", cookies: jar, headers: map[string]string{"X-CSRF-Token": jar["mk_csrf"]}})
	want(t, out, 204)
	want(t, e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me", cookies: jar}), 401)
}

func TestPasswordReset_TokenIsSingleUseExpiresAndStaysInItsMarketplace(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m, other := e.newMarket(t, "reset"), e.newMarket(t, "reset-other")
	forgot := func(email string) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/password/forgot", ip: "198.18.3.1", body: map[string]any{"email": email}})
	}
	known, unknown := forgot(m.buyer.email), forgot("nobody-"+short()+"@example.com")
	want(t, known, 202)
	if diff := cmp.Diff(known.json, unknown.json); diff != "" {
		t.Fatalf("forgot answers differ for unknown email:\n%s", diff)
	}
	msgs := e.mail(t, m)
	token := linkToken(t, msgs, m.buyer.email, "Reset")
	reset := func(host, tok, password string) resp {
		return e.do(t, req{method: "POST", host: host, path: "/api/v1/auth/password/reset", ip: "198.18.3.2", body: map[string]any{"token": tok, "password": password}})
	}
	wantField(t, reset(other.host, token, "brand-new-password-1"), 422, "body.token") // wrong marketplace
	wantField(t, reset(m.host, token, "password123"), 422, "body.password")           // common password; token kept
	want(t, reset(m.host, token, "brand-new-password-1"), 204)
	wantField(t, reset(m.host, token, "brand-new-password-2"), 422, "body.token") // reused

	want(t, me(t, e, m, m.buyer.token), 401) // every session ended
	want(t, e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.3.3",
		body: map[string]any{"email": m.buyer.email, "password": "brand-new-password-1"}}), 200)

	// Expired: a fresh link pushed past its hour.
	want(t, forgot(m.buyer.email), 202)
	expiring := linkToken(t, e.mail(t, m), m.buyer.email, "Reset")
	testkit.OwnerDB(t).Exec("update account_tokens set expires_at = now() - interval '1 second' where tenant_id = ? and purpose = 'password_reset' and used_at is null", m.tenant.ID)
	wantField(t, reset(m.host, expiring, "brand-new-password-3"), 422, "body.token")

	audit := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/admin/audit?action=auth.password_reset", token: m.operator.token})
	want(t, audit, 200)
	if len(audit.items()) != 1 {
		t.Fatalf("%d auth.password_reset entries, want 1", len(audit.items()))
	}
}

func TestEmailVerification_LinkVerifiesOnce(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "verify")
	email := "v-" + short() + "@example.com"
	reg := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/register", ip: "198.18.4.1",
		body: map[string]any{"email": email, "password": "verify-me-please-1", "name": "V"}})
	want(t, reg, 202)
	login := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.4.1",
		body: map[string]any{"email": email, "password": "verify-me-please-1"}})
	want(t, login, 200)
	want(t, e.do(t, req{method: "POST", host: m.host, path: "/api/v1/me/email/verification", token: login.str("token")}), 202)
	msgs := e.mail(t, m)
	tok := linkToken(t, msgs, email, "Confirm")
	res := e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/email/verify", body: map[string]any{"token": tok}})
	want(t, res, 200)
	if res.json["email_verified"] != true {
		t.Fatalf("not verified: %s", res.raw)
	}
	wantField(t, e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/email/verify", body: map[string]any{"token": tok}}), 422, "body.token")
}

func TestSessions_ListAndRevoke(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "sess")
	second, err := e.fixtures.IssueSession(m.ctx, m.buyer.id)
	if err != nil {
		t.Fatal(err)
	}
	list := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me/sessions", token: m.buyer.token})
	want(t, list, 200)
	if len(list.items()) != 2 {
		t.Fatalf("%d sessions, want 2", len(list.items()))
	}
	var otherID string
	for _, it := range list.items() {
		s := it.(map[string]any)
		if s["current"] == false {
			otherID = s["id"].(string)
		}
	}
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/me/sessions/" + otherID, token: m.buyer.token}), 204)
	want(t, me(t, e, m, second.Token), 401)
	want(t, me(t, e, m, m.buyer.token), 200)
	// Another user's session id in the same marketplace: 404.
	sellerSessions := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me/sessions", token: m.seller.token})
	sid := sellerSessions.items()[0].(map[string]any)["id"].(string)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/me/sessions/" + sid, token: m.buyer.token}), 404)
}

func TestChangePassword_ChecksCurrentAndEndsOtherSessions(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "chpw")
	other, err := e.fixtures.IssueSession(m.ctx, m.buyer.id)
	if err != nil {
		t.Fatal(err)
	}
	change := func(current, next string) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/me/password", token: m.buyer.token,
			body: map[string]any{"current_password": current, "new_password": next}})
	}
	wantField(t, change("not-my-password", "another-good-password"), 422, "body.current_password")
	wantField(t, change(m.buyer.password, "short"), 422, "body.new_password")
	want(t, change(m.buyer.password, "another-good-password"), 204)
	want(t, me(t, e, m, other.Token), 401)
	want(t, me(t, e, m, m.buyer.token), 200)
}

func TestSignup_ValidatesAndTheOperatorSignsInOnTheNewHost(t *testing.T) {
	t.Parallel()
	e := setup(t)
	taken := e.newMarket(t, "taken")
	signup := func(body map[string]any) resp {
		return e.do(t, req{method: "POST", host: "localhost", path: "/api/v1/platform/signup", ip: "198.18.5.1", body: body})
	}
	slug := "fresh-" + short()
	good := func() map[string]any {
		return map[string]any{"slug": slug, "name": "Fresh Market", "email": "owner@" + slug + ".example", "password": "fresh-market-password", "operator_name": "Owner"}
	}
	cases := []struct {
		name   string
		change func(map[string]any)
		status int
		field  string
	}{
		{"reserved slug", func(b map[string]any) { b["slug"] = "admin" }, 422, "body.slug"},
		{"bad slug", func(b map[string]any) { b["slug"] = "Not A Slug" }, 422, "body.slug"},
		{"taken slug", func(b map[string]any) { b["slug"] = taken.tenant.Slug }, 409, "body.slug"},
		{"weak password", func(b map[string]any) { b["password"] = "password123" }, 422, "body.password"},
		{"short password", func(b map[string]any) { b["password"] = "short" }, 422, "body.password"},
		{"bad email", func(b map[string]any) { b["email"] = "not-an-email" }, 422, "body.email"},
	}
	for _, c := range cases {
		b := good()
		c.change(b)
		res := signup(b)
		if res.status != c.status {
			t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.status, res.raw)
			continue
		}
		wantField(t, res, c.status, c.field)
	}
	var n int64
	testkit.OwnerDB(t).Raw("select count(*) from tenants where slug = ?", slug).Scan(&n)
	if n != 0 {
		t.Fatal("a refused signup created the marketplace")
	}

	res := signup(good())
	want(t, res, 201)
	if res.str("url") != "http://"+slug+".localhost:8080" {
		t.Fatalf("url %q", res.str("url"))
	}
	host := slug + ".localhost"
	login := e.do(t, req{method: "POST", host: host, path: "/api/v1/auth/login", ip: "198.18.5.2",
		body: map[string]any{"email": "owner@" + slug + ".example", "password": "fresh-market-password"}})
	want(t, login, 200)
	roles := login.obj("user")["roles"].([]any)
	if diff := cmp.Diff([]any{"buyer", "operator"}, roles); diff != "" {
		t.Fatalf("roles (-want +got):\n%s", diff)
	}
	want(t, e.do(t, req{method: "GET", host: host, path: "/api/v1/admin/settings", token: login.str("token")}), 200)
	// The welcome email went out through the outbox.
	fresh := &market{tenant: taken.tenant}
	fresh.tenant.ID = [16]byte{}
	site, err := e.registry.Resolve(context.Background(), host)
	if err != nil {
		t.Fatal(err)
	}
	fresh.tenant = site.Tenant
	found := false
	for _, msg := range e.mail(t, fresh) {
		found = found || msg.To[0] == "owner@"+slug+".example" && msg.Subject == "Your marketplace Fresh Market is ready"
	}
	if !found {
		t.Fatal("no welcome email")
	}
}

func TestAddresses_CountryRulesDefaultsAndOwnership(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "addr")
	post := func(body map[string]any) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/me/addresses", token: m.buyer.token, body: body})
	}
	first := post(usAddress())
	want(t, first, 201)
	if first.json["is_default"] != true {
		t.Fatal("first shipping address is not the default")
	}
	bad := []struct {
		change func(map[string]any)
		field  string
	}{
		{func(b map[string]any) { b["postal_code"] = "ABCDE" }, "body.postal_code"},
		{func(b map[string]any) { delete(b, "postal_code") }, "body.postal_code"},
		{func(b map[string]any) { delete(b, "region") }, "body.region"},
		{func(b map[string]any) { b["country"] = "XX" }, "body.country"},
		{func(b map[string]any) { b["country"], b["postal_code"], b["region"] = "GB", "not a postcode", "" }, "body.postal_code"},
		{func(b map[string]any) { b["kind"] = "pickup" }, "body.kind"},
	}
	for _, c := range bad {
		b := usAddress()
		c.change(b)
		if res := post(b); res.status != 422 {
			t.Errorf("%v: %d, want 422 at %s: %s", b, res.status, c.field, res.raw)
		}
	}
	// Countries without postcodes need none; Germany checks five digits.
	want(t, post(map[string]any{"kind": "billing", "name": "A", "line1": "1 Road", "city": "Dubai", "country": "AE"}), 201)
	want(t, post(map[string]any{"kind": "billing", "name": "B", "line1": "Str. 1", "city": "Berlin", "country": "DE", "postal_code": "10115"}), 201)
	second := usAddress()
	second["is_default"] = true
	second["line1"] = "2 Second St"
	s2 := post(second)
	want(t, s2, 201)

	list := e.do(t, req{method: "GET", host: m.host, path: "/api/v1/me/addresses", token: m.buyer.token})
	want(t, list, 200)
	if len(list.items()) != 4 {
		t.Fatalf("%d addresses, want 4 (refused ones must not be written)", len(list.items()))
	}
	defaults := map[string]string{}
	for _, it := range list.items() {
		a := it.(map[string]any)
		if a["is_default"] == true {
			if prev, dup := defaults[a["kind"].(string)]; dup {
				t.Fatalf("two default %s addresses: %s and %s", a["kind"], prev, a["id"])
			}
			defaults[a["kind"].(string)] = a["id"].(string)
		}
	}
	if defaults["shipping"] != s2.str("id") {
		t.Fatal("the new default did not replace the old one")
	}

	patched := e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.buyer.token,
		body: map[string]any{"city": "Oakland", "postal_code": "94607-1234"}})
	want(t, patched, 200)
	if patched.str("city") != "Oakland" || patched.str("line1") != "1 Main St" {
		t.Fatalf("patch: %s", patched.raw)
	}
	wantField(t, e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.buyer.token,
		body: map[string]any{"region": "ZZ"}}), 422, "body.region")
	// Another buyer of the same marketplace cannot see or touch it.
	want(t, e.do(t, req{method: "PATCH", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.seller.token, body: map[string]any{"city": "X"}}), 404)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.seller.token}), 404)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.buyer.token}), 204)
	want(t, e.do(t, req{method: "DELETE", host: m.host, path: "/api/v1/me/addresses/" + first.str("id"), token: m.buyer.token}), 404)
}

func usAddress() map[string]any {
	return map[string]any{"kind": "shipping", "name": "Ada Buyer", "line1": "1 Main St", "city": "San Francisco", "region": "CA",
		"postal_code": "94105", "country": "US", "phone": "+1 415 555 0100"}
}
