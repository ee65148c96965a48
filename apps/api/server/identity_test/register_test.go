package identity_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// Register used to answer 409 for an email with an account, which told anyone who has one. Now
// a known email gets the very answer a new one gets, and its owner is told by email instead.
func TestRegister_KnownEmailGetsTheSameAnswerAndItsOwnerAnEmail(t *testing.T) {
	t.Parallel()
	e := setup(t)
	m := e.newMarket(t, "enum")
	register := func(email string) resp {
		return e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/register", ip: "2001:db8:9::" + short()[:4],
			body: map[string]any{"email": email, "password": "someone-elses-password", "name": "Mallory"}})
	}
	newEmail := "fresh-" + short() + "@example.com"
	fresh, known := register(newEmail), register(m.buyer.email)
	if fresh.status != 202 || known.status != 202 {
		t.Fatalf("new email %d, known email %d, want 202 for both: %s / %s", fresh.status, known.status, fresh.raw, known.raw)
	}
	if diff := cmp.Diff(fresh.json, known.json); diff != "" {
		t.Fatalf("the answers differ (-new +known):\n%s", diff)
	}
	if len(known.cookies) != 0 || len(fresh.cookies) != 0 {
		t.Fatal("register set cookies")
	}

	var n int64
	testkit.OwnerDB(t).Raw("select count(*) from accounts where tenant_id = ? and email = ?", m.tenant.ID, m.buyer.email).Scan(&n)
	if n != 1 {
		t.Fatalf("%d accounts with the known email, want 1", n)
	}
	testkit.OwnerDB(t).Raw("select count(*) from accounts where tenant_id = ? and email = ? and name = 'Mallory'", m.tenant.ID, newEmail).Scan(&n)
	if n != 1 {
		t.Fatalf("%d accounts with the new email, want 1", n)
	}
	// The known account keeps its password.
	want(t, e.do(t, req{method: "POST", host: m.host, path: "/api/v1/auth/login", ip: "198.18.9.1",
		body: map[string]any{"email": m.buyer.email, "password": "someone-elses-password"}}), 401)

	var exists, verify bool
	for _, msg := range e.mail(t, m) {
		raw := strings.ReplaceAll(strings.ReplaceAll(msg.Raw, "=\r\n", ""), "=3D", "=")
		switch {
		case msg.To[0] == m.buyer.email && strings.Contains(msg.Subject, "already have"):
			exists = strings.Contains(raw, "http://"+m.host+":8080/sign-in") && strings.Contains(raw, "http://"+m.host+":8080/forgot-password")
			if !exists {
				t.Fatalf("the account-exists email lacks the sign-in or reset link: %s", raw)
			}
		case msg.To[0] == m.buyer.email:
			t.Fatalf("the known email got %q", msg.Subject)
		case msg.To[0] == newEmail && strings.Contains(msg.Subject, "Confirm"):
			verify = true
		}
	}
	if !exists || !verify {
		t.Fatalf("account-exists email sent: %v, verification email to the new address: %v", exists, verify)
	}
}
