package vendors_test

import (
	"os"
	"strings"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type R = ct.Req

// to keeps the messages sent to addr.
func to(msgs []testkit.CapturedMail, addr string) []testkit.CapturedMail {
	var out []testkit.CapturedMail
	for _, m := range msgs {
		if len(m.To) > 0 && m.To[0] == addr {
			out = append(out, m)
		}
	}
	return out
}

func TestApply_ValidatesAndRefusesDuplicates(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "apply")
	u := e.NewUser(t, m, "applicant")
	good := map[string]any{"name": "Acme Audio", "slug": "acme-" + ct.Short()[:6], "contact_email": "Hello@Acme.example", "country": "de", "description": "Speakers."}
	with := func(k string, v any) map[string]any {
		b := map[string]any{}
		for kk, vv := range good {
			b[kk] = vv
		}
		b[k] = v
		return b
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"reserved slug", with("slug", "admin"), "body.slug"},
		{"reserved storefront word", with("slug", "checkout"), "body.slug"},
		{"slug not DNS-safe", with("slug", "Acme_Audio"), "body.slug"},
		{"slug too short", with("slug", "ab"), "body.slug"},
		{"no name", with("name", "  "), "body.name"},
		{"bad email", with("contact_email", "not-an-email"), "body.contact_email"},
		{"bad country", with("country", "Germany"), "body.country"},
	} {
		res := e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: u.Token, Body: tc.body})
		if res.Status != 422 || !res.ErrorAt(tc.field) {
			t.Errorf("%s: %d %s, want 422 at %s", tc.name, res.Status, res.Raw, tc.field)
		}
	}
	if n := ct.Count(t, "vendors", "tenant_id = ?", m.Tenant.ID); n != 0 {
		t.Fatalf("bad applications wrote %d vendors", n)
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Body: good}), 401)

	res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: u.Token, Body: good}), 201)
	v := res.Obj("vendor")
	if v["status"] != "pending" || v["contact_email"] != "hello@acme.example" || v["country"] != "DE" || res.Str("role") != "applicant" {
		t.Fatalf("application: %s", res.Raw)
	}
	// A second application while one is pending, and another account taking the slug.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: u.Token, Body: with("slug", "other-"+ct.Short()[:6])}), 409)
	other := e.NewUser(t, m, "other")
	taken := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: other.Token, Body: good}), 409)
	if !strings.Contains(taken.Str("detail"), "slug") {
		t.Fatalf("slug conflict detail: %s", taken.Raw)
	}
	// The same slug is free in another marketplace.
	m2 := e.NewMarket(t, "apply2")
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m2.Host, Path: "/api/v1/vendors", Token: m2.Buyer.Token, Body: good}), 201)

	mine := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors", Token: u.Token}), 200)
	if len(mine.Items()) != 1 || mine.Items()[0]["role"] != "applicant" {
		t.Fatalf("my vendors: %s", mine.Raw)
	}
}

func TestApproval_MakesOwnerSellerAndEmails(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "approve"), e.NewMarket(t, "approve-x")
	slug := "shop-" + ct.Short()[:6]
	id, owner := e.Apply(t, m, slug)
	path := "/api/v1/admin/vendors/" + id

	// Before approval the applicant is no seller and the storefront is closed.
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + id, Token: owner.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(slug), Path: "/api/v1/storefront"}), 404)

	queue := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/admin/vendors?status=pending", Token: m.Operator.Token}), 200)
	if len(queue.Items()) != 1 || queue.Items()[0]["id"] != id {
		t.Fatalf("queue: %s", queue.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/admin/vendors?status=bogus", Token: m.Operator.Token}), 422)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/admin/vendors", Token: m.Buyer.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/admin/vendors"}), 401)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/approve", Token: owner.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/approve"}), 401)
	// Another marketplace's operator: the id does not exist there.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: other.Host, Path: path + "/approve", Token: other.Operator.Token}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: path, Token: other.Operator.Token}), 404)

	res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/approve", Token: m.Operator.Token}), 200)
	if res.Str("status") != "approved" || res.JSON["approved_at"] == nil {
		t.Fatalf("approve: %s", res.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/approve", Token: m.Operator.Token}), 409)

	mine := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + id, Token: owner.Token}), 200)
	if mine.Str("role") != "owner" {
		t.Fatalf("membership: %s", mine.Raw)
	}
	sf := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(slug), Path: "/api/v1/storefront"}), 200)
	if sf.Str("id") != id || sf.Str("slug") != slug || sf.JSON["contact_email"] != nil {
		t.Fatalf("storefront: %s", sf.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/storefront"}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost("nobody-here"), Path: "/api/v1/storefront"}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/vendors/" + slug}), 200)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/vendors/" + slug}), 404)
	list := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/vendors"}), 200)
	if len(list.Items()) != 1 {
		t.Fatalf("public vendors: %s", list.Raw)
	}

	mails := to(e.Mail(t, m), owner.Email)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "approved") {
		t.Fatalf("mails: %+v", mails)
	}
}

func TestRejectSuspendReinstate(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "decide")
	id, applicant := e.Apply(t, m, "rej-"+ct.Short()[:6])
	path := "/api/v1/admin/vendors/" + id
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/reject", Token: m.Operator.Token, Body: map[string]any{"reason": " "}}), 422)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/suspend", Token: m.Operator.Token, Body: map[string]any{"reason": "x"}}), 409)
	res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/reject", Token: m.Operator.Token,
		Body: map[string]any{"reason": "Please add a returns policy."}}), 200)
	if res.Str("status") != "rejected" || res.Str("status_reason") != "Please add a returns policy." {
		t.Fatalf("reject: %s", res.Raw)
	}
	mails := to(e.Mail(t, m), applicant.Email)
	if len(mails) != 1 || !strings.Contains(mails[0].Raw, "Please add a returns policy.") {
		t.Fatalf("rejection mail: %+v", mails)
	}
	// A rejected applicant may apply again.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors", Token: applicant.Token, Body: map[string]any{
		"name": "Second try", "slug": "again-" + ct.Short()[:6], "contact_email": "a@b.example", "country": "FR"}}), 201)

	v := e.NewVendor(t, m, "susp")
	p := e.ActiveProduct(t, m, v, "Suspended Lamp", 4900, 3, nil)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("slug")}), 200)
	vpath := "/api/v1/admin/vendors/" + v.ID
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath + "/suspend", Token: m.Operator.Token, Body: map[string]any{"reason": "Counterfeits reported."}}), 200)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("slug")}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(v.Slug), Path: "/api/v1/storefront"}), 404)
	if items := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/search?q=lamp"}), 200).Items(); len(items) != 0 {
		t.Fatalf("suspended vendor's product found: %v", items)
	}
	// Members still manage the suspended shop.
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products/" + p.Str("id"), Token: v.Owner.Token}), 200)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath + "/reinstate", Token: m.Operator.Token}), 200)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/" + p.Str("slug")}), 200)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: vpath + "/reinstate", Token: m.Operator.Token}), 409)
}

func TestSettings_OnlyMembersOfTheVendor(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "settings"), e.NewMarket(t, "settings-x")
	a, b := e.NewVendor(t, m, "seta"), e.NewVendor(t, m, "setb")
	ox := e.NewVendor(t, other, "setx")
	path := "/api/v1/seller/vendors/" + a.ID
	body := map[string]any{"name": "Acme Renamed", "shipping_policy": "Ships in 2 days.", "returns_policy": "30 days.",
		"logo_media_id": storefrontImage(t, e, m, a, "storefront_logo")}

	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Body: body}), 401)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: m.Buyer.Token, Body: body}), 403)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: b.Owner.Token, Body: body}), 404)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path, Token: b.Owner.Token}), 404)
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: other.Host, Path: path, Token: ox.Owner.Token, Body: body}), 404)
	bad := ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token, Body: map[string]any{"name": "", "shipping_policy": "x"}}), 422)
	if !bad.ErrorAt("body.name") {
		t.Fatalf("bad settings: %s", bad.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token, Body: map[string]any{"logo_media_id": "nope"}}), 422)
	res := ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token, Body: body}), 200)
	if res.Str("name") != "Acme Renamed" || res.Str("shipping_policy") != "Ships in 2 days." || res.Str("logo_media_id") != body["logo_media_id"] {
		t.Fatalf("settings: %s", res.Raw)
	}
	sf := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.StorefrontHost(a.Slug), Path: "/api/v1/storefront"}), 200)
	if sf.Str("returns_policy") != "30 days." {
		t.Fatalf("storefront: %s", sf.Raw)
	}
	res = ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: path, Token: a.Owner.Token, Body: map[string]any{"logo_media_id": ""}}), 200)
	if res.JSON["logo_media_id"] != nil {
		t.Fatalf("logo not cleared: %s", res.Raw)
	}
}

func TestStaff_InviteAcceptRemove(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "staff")
	v := e.NewVendor(t, m, "team")
	path := "/api/v1/seller/vendors/" + v.ID
	staffEmail := "staff-" + ct.Short() + "@example.com"

	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/invitations", Token: v.Owner.Token, Body: map[string]any{"email": "bad"}}), 422)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/invitations", Token: m.Buyer.Token, Body: map[string]any{"email": staffEmail}}), 403)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/invitations", Body: map[string]any{"email": staffEmail}}), 401)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/invitations", Token: v.Owner.Token, Body: map[string]any{"email": staffEmail}}), 201)
	mails := e.Mail(t, m)
	var token string
	for _, ml := range mails {
		if ml.To[0] == staffEmail {
			raw := strings.ReplaceAll(strings.ReplaceAll(ml.Raw, "=\r\n", ""), "=3D", "=")
			if i := strings.Index(raw, "token="); i >= 0 {
				token = raw[i+6 : i+6+43]
			}
		}
	}
	if token == "" {
		t.Fatalf("no invitation mail: %+v", mails)
	}
	// Only the invited address may accept.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors/invitations/accept", Token: m.Buyer.Token, Body: map[string]any{"token": token}}), 422)
	staff := e.UserWithEmail(t, m, staffEmail)
	res := ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors/invitations/accept", Token: staff.Token, Body: map[string]any{"token": token}}), 200)
	if res.Str("role") != "staff" {
		t.Fatalf("accept: %s", res.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/vendors/invitations/accept", Token: staff.Token, Body: map[string]any{"token": token}}), 422)

	// Staff edit the catalog but do not manage the team.
	e.ActiveProduct(t, m, ct.Vendor{ID: v.ID, Owner: staff}, "Staff Made Mug", 1200, 1, nil)
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: path + "/invitations", Token: staff.Token, Body: map[string]any{"email": "x@example.com"}}), 403)
	members := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path + "/members", Token: staff.Token}), 200)
	if n := len(members.JSON["members"].([]any)); n != 2 {
		t.Fatalf("members: %s", members.Raw)
	}
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path + "/members/" + v.Owner.ID.String(), Token: staff.Token}), 403)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path + "/members/" + v.Owner.ID.String(), Token: v.Owner.Token}), 409)
	ct.Want(t, e.Do(t, R{Method: "DELETE", Host: m.Host, Path: path + "/members/" + staff.ID.String(), Token: v.Owner.Token}), 204)
	ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: path, Token: staff.Token}), 403)
}
