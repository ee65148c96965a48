package commerce_test

import (
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// auditEntries is the operator's audit log of m with action, newest first.
func auditEntries(t *testing.T, e *ct.Env, m *ct.Market, action string) []map[string]any {
	t.Helper()
	return ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/admin/audit?action=" + action, Token: m.Operator.Token}), 200).Items()
}

// onlyEntry is the one entry of action in m's log; it fails unless exactly one exists.
func onlyEntry(t *testing.T, e *ct.Env, m *ct.Market, action string) map[string]any {
	t.Helper()
	items := auditEntries(t, e, m, action)
	if len(items) != 1 {
		t.Fatalf("%d %s audit entries, want 1: %v", len(items), action, items)
	}
	return items[0]
}

// side is details[key][field] of an entry ("before" or "after").
func side(entry map[string]any, key, field string) any {
	d, _ := entry["details"].(map[string]any)
	s, _ := d[key].(map[string]any)
	return s[field]
}

func wantActorTarget(t *testing.T, entry map[string]any, actor ct.User, targetType, targetID string) {
	t.Helper()
	if entry["actor_id"] != actor.ID.String() || entry["actor_email"] != actor.Email || entry["target_type"] != targetType || entry["target_id"] != targetID {
		t.Fatalf("entry %v: want actor %s (%s), target %s %s", entry, actor.ID, actor.Email, targetType, targetID)
	}
}

// TestAudit_OperatorDecisionsOnVendorsAreRecorded: approval, suspension, reinstatement and
// rejection each leave one entry with the operator, the vendor, and the status before and after.
func TestAudit_OperatorDecisionsOnVendorsAreRecorded(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "auv")
	v := e.NewVendor(t, m, "auv")
	op := func(path string, body any) {
		ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/admin/vendors/" + v.ID + path, Token: m.Operator.Token, Body: body}), 200)
	}
	op("/suspend", map[string]any{"reason": "counterfeit goods"})
	op("/reinstate", nil)
	rejected, _ := e.Apply(t, m, "auv-rej-"+ct.Short()[:4])
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/admin/vendors/" + rejected + "/reject", Token: m.Operator.Token,
		Body: map[string]any{"reason": "incomplete"}}), 200)

	for _, c := range []struct {
		action, vendor, before, after, reason string
	}{
		{"vendor.approved", v.ID, "pending", "approved", ""},
		{"vendor.suspended", v.ID, "approved", "suspended", "counterfeit goods"},
		{"vendor.reinstated", v.ID, "suspended", "approved", ""},
		{"vendor.rejected", rejected, "pending", "rejected", "incomplete"},
	} {
		entry := onlyEntry(t, e, m, c.action)
		wantActorTarget(t, entry, m.Operator, "vendor", c.vendor)
		details := entry["details"].(map[string]any)
		if side(entry, "before", "status") != c.before || side(entry, "after", "status") != c.after || (c.reason != "" && details["reason"] != c.reason) {
			t.Errorf("%s details %v: want %s -> %s, reason %q", c.action, details, c.before, c.after, c.reason)
		}
	}
}

// TestAudit_TaxCommissionAndPayoutPolicyChangesRecordBeforeAndAfter.
func TestAudit_TaxCommissionAndPayoutPolicyChangesRecordBeforeAndAfter(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "aut")
	do := func(method, path string, body any, status int) ct.Resp {
		return ct.Want(t, e.Do(t, ct.Req{Method: method, Host: m.Host, Path: path, Token: m.Operator.Token, Body: body}), status)
	}
	rate := do("POST", "/api/v1/admin/tax-rates", map[string]any{"country": "FR", "name": "TVA", "rate_bp": 2000}, 201).Str("id")
	do("PUT", "/api/v1/admin/tax-rates/"+rate, map[string]any{"country": "FR", "name": "TVA", "rate_bp": 550}, 200)
	do("DELETE", "/api/v1/admin/tax-rates/"+rate, nil, 204)
	created, updated, deleted := onlyEntry(t, e, m, "tax_rate.created"), onlyEntry(t, e, m, "tax_rate.updated"), onlyEntry(t, e, m, "tax_rate.deleted")
	for _, entry := range []map[string]any{created, updated, deleted} {
		wantActorTarget(t, entry, m.Operator, "tax_rate", rate)
	}
	if side(created, "before", "rate_bp") != nil || side(created, "after", "rate_bp") != float64(2000) ||
		side(updated, "before", "rate_bp") != float64(2000) || side(updated, "after", "rate_bp") != float64(550) ||
		side(deleted, "before", "rate_bp") != float64(550) || side(deleted, "after", "rate_bp") != nil {
		t.Fatalf("tax rate details: created %v, updated %v, deleted %v", created["details"], updated["details"], deleted["details"])
	}

	rule := do("PUT", "/api/v1/admin/payments/commission-rules", map[string]any{"scope": "marketplace", "percent_bps": 1000}, 200).Str("id")
	do("PUT", "/api/v1/admin/payments/commission-rules", map[string]any{"scope": "marketplace", "percent_bps": 1500}, 200)
	do("DELETE", "/api/v1/admin/payments/commission-rules/"+rule, nil, 204)
	sets := auditEntries(t, e, m, "commission_rule.set")
	if len(sets) != 2 {
		t.Fatalf("%d commission_rule.set entries, want 2: %v", len(sets), sets)
	}
	first, second := sets[1], sets[0]
	removed := onlyEntry(t, e, m, "commission_rule.deleted")
	for _, entry := range []map[string]any{first, second, removed} {
		wantActorTarget(t, entry, m.Operator, "commission_rule", rule)
	}
	if side(first, "before", "percent_bps") != nil || side(first, "after", "percent_bps") != float64(1000) ||
		side(second, "before", "percent_bps") != float64(1000) || side(second, "after", "percent_bps") != float64(1500) ||
		side(removed, "before", "percent_bps") != float64(1500) {
		t.Fatalf("commission details: %v, %v, %v", first["details"], second["details"], removed["details"])
	}

	do("PUT", "/api/v1/admin/payments/settings", map[string]any{"transfer_policy": "on_delivery", "refund_commission": false}, 200)
	policy := onlyEntry(t, e, m, "payout_policy.updated")
	wantActorTarget(t, policy, m.Operator, "payout_policy", m.Tenant.ID.String())
	if side(policy, "before", "transfer_policy") != "at_payment" || side(policy, "before", "refund_commission") != true ||
		side(policy, "after", "transfer_policy") != "on_delivery" || side(policy, "after", "refund_commission") != false {
		t.Fatalf("payout policy details: %v", policy["details"])
	}
	// A refused change writes nothing.
	do("PUT", "/api/v1/admin/payments/settings", map[string]any{"transfer_policy": "never", "refund_commission": false}, 422)
	if n := len(auditEntries(t, e, m, "payout_policy.updated")); n != 1 {
		t.Fatalf("%d payout_policy.updated entries after a refused change, want 1", n)
	}
}

// TestAudit_MarkPaidAndRefundsRecordWhoAndHowMuch: a seller marking its order paid and refunding
// part of it leaves one entry each, with the seller, the order, and the amounts.
func TestAudit_MarkPaidAndRefundsRecordWhoAndHowMuch(t *testing.T) {
	e := ct.Setup(t)
	m := e.NewMarket(t, "aup")
	v := e.NewVendor(t, m, "aup")
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/shipping-profiles", Token: v.Owner.Token,
		Body: map[string]any{"name": "Standard", "ship_from_country": "US", "currency": "USD", "zones": []any{map[string]any{
			"name": "US", "countries": []string{"US"}, "rates": []any{map[string]any{"id": "standard", "name": "Standard", "kind": "flat", "amount": 500, "min_days": 2, "max_days": 5}},
		}}}}), 201)
	p := e.ActiveProduct(t, m, v, "Audit Item "+ct.Short(), 1500, 20, nil)
	variant := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	orderID := guestCheckout(t, e, m, "audit@example.com", "Audit Guest", map[string]int{variant: 2})

	list := ct.Want(t, e.Do(t, ct.Req{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/orders", Token: v.Owner.Token}), 200)
	vo := list.JSON["vendor_orders"].([]any)[0].(map[string]any)
	voID := vo["id"].(string)
	if n := len(auditEntries(t, e, m, "order.marked_paid")); n != 0 {
		t.Fatalf("%d order.marked_paid entries before anyone marked it paid", n)
	}
	base := "/api/v1/seller/vendors/" + v.ID + "/orders/" + voID
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: base + "/mark-paid", Token: v.Owner.Token}), 200)
	ct.Want(t, e.Do(t, ct.Req{Method: "POST", Host: m.Host, Path: base + "/refunds", Token: v.Owner.Token,
		Body: map[string]any{"amount": 700, "reason": "damaged box"}}), 201)

	paid := onlyEntry(t, e, m, "order.marked_paid")
	wantActorTarget(t, paid, v.Owner, "order", orderID)
	if d := paid["details"].(map[string]any); d["by"] != "seller" || side(paid, "before", "payment_status") != "pending" || side(paid, "after", "payment_status") != "paid" {
		t.Fatalf("mark-paid details: %v", d)
	}
	refund := onlyEntry(t, e, m, "order.refunded")
	wantActorTarget(t, refund, v.Owner, "vendor_order", voID)
	d := refund["details"].(map[string]any)
	if d["amount"] != float64(700) || d["reason"] != "damaged box" || d["order_id"] != orderID ||
		side(refund, "before", "refunded_total") != float64(0) || side(refund, "after", "refunded_total") != float64(700) {
		t.Fatalf("refund details: %v", d)
	}
}
