package notifications

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// webRoutes reads the marketplace's route paths from the web app's router (MarketplaceRoutes in
// apps/web/src/App.tsx), nesting included, leaving out the catch-all not-found route.
func webRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("../../apps/web/src/App.tsx")
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	start := strings.Index(body, "function MarketplaceRoutes")
	if start < 0 {
		t.Fatal("MarketplaceRoutes not found in App.tsx")
	}
	body = body[start:]
	body = body[:strings.Index(body, "</Routes>")]
	pathAttr := regexp.MustCompile(`\bpath="([^"]*)"`)
	var stack, routes []string
	for i := 0; i < len(body); i++ {
		if strings.HasPrefix(body[i:], "</Route>") {
			stack = stack[:len(stack)-1]
			continue
		}
		if !strings.HasPrefix(body[i:], "<Route ") && !strings.HasPrefix(body[i:], "<Route>") {
			continue
		}
		// The tag ends at the first '>' outside {...} (elements nest inside its attributes).
		end, depth := i+len("<Route"), 0
		for ; end < len(body) && (body[end] != '>' || depth > 0); end++ {
			switch body[end] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		attrs := body[i+len("<Route") : end]
		selfClosing := strings.HasSuffix(attrs, "/")
		i = end
		p := ""
		if pm := pathAttr.FindStringSubmatch(attrs); pm != nil {
			p = pm[1]
		}
		full := strings.Join(append(append([]string{}, stack...), p), "/")
		full = "/" + strings.Trim(regexp.MustCompile(`/+`).ReplaceAllString(full, "/"), "/")
		if p != "*" && (p != "" || strings.Contains(attrs, "index")) {
			routes = append(routes, full)
		}
		if !selfClosing {
			stack = append(stack, p)
		}
	}
	if len(routes) < 10 {
		t.Fatalf("read only %d routes from App.tsx: %v", len(routes), routes)
	}
	return routes
}

func matchesRoute(path string, routes []string) bool {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, r := range routes {
		rs := strings.Split(strings.Trim(r, "/"), "/")
		if len(rs) != len(segs) {
			continue
		}
		ok := true
		for i := range rs {
			if !strings.HasPrefix(rs[i], ":") && rs[i] != segs[i] || segs[i] == "" && rs[i] != "" {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// sampleData is realistic data of every template, its links made by the real builder. A new
// template without an entry here fails TestTemplates_EveryLinkIsAWebRoute.
func sampleData(l Links) map[string]map[string]string {
	vendor, vo, order := uuid.New(), uuid.New(), uuid.New()
	return map[string]map[string]string{
		"account_exists":      {"name": "Bo", "sign_in_url": l.SignIn(), "reset_url": l.ForgotPassword()},
		"low_stock":           {"sku": "MUG-1", "product": "Mug", "available": "2", "threshold": "3", "vendor": "Acme", "url": l.SellerLowStock(vendor)},
		"marketplace_welcome": {"name": "Olga", "url": l.Home(), "console": l.OperatorConsole()},
		"notice":              {"subject": "Return requested", "message": "The buyer asks to return a mug", "url": l.SellerOrder(vendor, vo)},
		"operator_invite":     {"inviter": "olga@example.com", "url": l.OperatorInvitation("tok")},
		"order_confirmation":  {"number": "AB12", "total": "$12.00", "items": "1 × Mug", "url": l.GuestOrder("a.b")},
		"order_message":       {"number": "AB12", "from": "seller", "message": "Shipped today", "url": l.BuyerOrder(order)},
		"order_update":        {"number": "AB12", "subject": "Shipped", "message": "Your order shipped", "url": l.GuestOrder("a.b")},
		"password_reset":      {"name": "Bo", "url": l.PasswordReset("tok")},
		"payment_dispute":     {"subject": "Dispute", "message": "A buyer disputes a charge", "url": l.SellerDashboard(vendor)},
		"payout_account":      {"subject": "Payouts paused", "message": "Stripe needs details", "url": l.SellerPayouts(vendor)},
		"vendor_approved":     {"vendor": "Acme", "url": l.SellerDashboard(vendor)},
		"vendor_invite":       {"vendor": "Acme", "inviter": "owner@example.com", "url": l.JoinShop("tok")},
		"vendor_new_order":    {"number": "AB12-1", "vendor": "Acme", "total": "$12.00", "items": "1 × Mug [MUG-1]", "url": l.SellerOrder(vendor, vo)},
		"vendor_reinstated":   {"vendor": "Acme", "url": l.SellerDashboard(vendor)},
		"vendor_rejected":     {"vendor": "Acme", "reason": "Incomplete"},
		"vendor_suspended":    {"vendor": "Acme", "reason": "Complaints", "url": l.SellerDashboard(vendor)},
		"verify_email":        {"name": "Bo", "url": l.VerifyEmail("tok")},
	}
}

// TestTemplates_EveryLinkIsAWebRoute renders every template with the real link builder and
// checks that each link (HTML href and text URL) is a route of the web app, not its not-found
// page, and that seller links name the shop.
func TestTemplates_EveryLinkIsAWebRoute(t *testing.T) {
	s, err := NewService(nil, nil, "shop@example.com")
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://demo.example.com"
	routes := webRoutes(t)
	data := sampleData(LinksFor(base))
	href := regexp.MustCompile(`href="([^"]*)"`)
	textURL := regexp.MustCompile(`https?://[^\s"<>]+`)
	for name := range s.text {
		d, ok := data[name]
		if !ok {
			t.Errorf("template %s has no sample data in sampleData: its links are not checked", name)
			continue
		}
		_, text, html, err := s.Render("Demo", Email{To: "x@example.com", Template: name, Data: d})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var links []string
		for _, m := range href.FindAllStringSubmatch(html, -1) {
			links = append(links, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
		links = append(links, textURL.FindAllString(text, -1)...)
		for _, raw := range links {
			u, err := url.Parse(raw)
			if err != nil || u.Scheme+"://"+u.Host != base {
				t.Errorf("%s: link %q is not on the marketplace %s", name, raw, base)
				continue
			}
			if !matchesRoute(u.Path, routes) {
				t.Errorf("%s: link %q leads to no web route (not found page); routes: %v", name, raw, routes)
			}
			if strings.HasPrefix(u.Path, "/sell") && u.Query().Get("vendor") == "" {
				t.Errorf("%s: seller link %q does not name the shop (?vendor=)", name, raw)
			}
		}
	}
}
