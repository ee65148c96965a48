package vendors_test

import (
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// invitationToken invites email to v's staff and returns the token of the emailed /join-shop link.
func invitationToken(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, email string) string {
	t.Helper()
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/invitations", Token: v.Owner.Token, Body: map[string]any{"email": email}}), 201)
	for _, ml := range to(e.Mail(t, m), email) {
		raw := strings.ReplaceAll(strings.ReplaceAll(ml.Raw, "=\r\n", ""), "=3D", "=")
		if i := strings.Index(raw, "/join-shop?token="); i >= 0 {
			return raw[i+len("/join-shop?token=") : i+len("/join-shop?token=")+43]
		}
	}
	t.Fatalf("no invitation email with a /join-shop link to %s", email)
	return ""
}

// TestInvitationPreview: the holder of an invitation's token (signed in or not) sees the shop,
// inviter, role and expiry; a forged, missing, used or other marketplace's token is not found.
func TestInvitationPreview(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "prev"), e.NewMarket(t, "prevo")
	v := e.NewVendor(t, m, "prevshop")
	email := "invitee-" + ct.Short() + "@example.com"
	token := invitationToken(t, e, m, v, email)
	preview := func(host, tok string) ct.Resp {
		return e.Do(t, R{Method: "GET", Host: host, Path: "/api/v1/vendors/invitations/preview", Header: map[string]string{"X-Invitation-Token": tok}})
	}

	res := ct.Want(t, preview(m.Host, token), 200)
	if res.Obj("vendor")["id"] != v.ID || res.Str("email") != email || res.Str("role") != "staff" || res.Str("inviter") == "" || res.Str("expires_at") == "" {
		t.Fatalf("preview: %s", res.Raw)
	}
	ct.Want(t, preview(m.Host, token[:42]+"x"), 404)
	ct.Want(t, preview(other.Host, token), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/vendors/invitations/preview"}), 422)

	staff := e.UserWithEmail(t, m, email)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors/invitations/accept", Token: staff.Token, Body: map[string]any{"token": token}}), 200)
	ct.Want(t, preview(m.Host, token), 404)
}
