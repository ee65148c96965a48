package notifications

import (
	"net/url"
	"strings"

	"github.com/google/uuid"
)

// Links builds every link an email carries, from a marketplace's public base URL (its origin,
// e.g. https://demo.example.com; "" gives host-relative links). The paths are routes of the web
// app (apps/web/src/App.tsx): TestTemplates_EveryLinkIsAWebRoute checks each one against it.
//
// Seller links carry ?vendor=<vendor id> so that a member of several shops lands in the shop
// the email is about.
type Links struct{ base string }

// LinksFor returns the link builder of the marketplace at base.
func LinksFor(base string) Links { return Links{base: strings.TrimSuffix(base, "/")} }

func (l Links) path(p string, query ...string) string {
	if len(query) == 0 {
		return l.base + p
	}
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	return l.base + p + "?" + q.Encode()
}

// Home is the marketplace's front page.
func (l Links) Home() string { return l.path("/") }

// OperatorConsole is the operator's console.
func (l Links) OperatorConsole() string { return l.path("/admin") }

// OperatorPayments is the operator console's payments page.
func (l Links) OperatorPayments() string { return l.path("/admin/payments") }

// VerifyEmail confirms an account's email address with token.
func (l Links) VerifyEmail(token string) string { return l.path("/verify-email", "token", token) }

// SignIn is the sign-in page.
func (l Links) SignIn() string { return l.path("/sign-in") }

// ForgotPassword asks for a password-reset email.
func (l Links) ForgotPassword() string { return l.path("/forgot-password") }

// PasswordReset chooses a new password with token.
func (l Links) PasswordReset(token string) string { return l.path("/reset-password", "token", token) }

// OperatorInvitation accepts an invitation to run the marketplace.
func (l Links) OperatorInvitation(token string) string {
	return l.path("/accept-invite", "token", token)
}

// JoinShop shows a staff invitation to a shop and accepts it.
func (l Links) JoinShop(token string) string { return l.path("/join-shop", "token", token) }

// BuyerOrder is a signed-in buyer's order.
func (l Links) BuyerOrder(orderID uuid.UUID) string {
	return l.path("/account/orders/" + orderID.String())
}

// GuestOrder is an order placed without an account, opened with its signed order link token.
func (l Links) GuestOrder(token string) string { return l.path("/guest-order", "token", token) }

// SellerDashboard is the overview of a shop's seller dashboard.
func (l Links) SellerDashboard(vendorID uuid.UUID) string {
	return l.path("/sell", "vendor", vendorID.String())
}

// SellerOrder is one vendor order in its shop's dashboard.
func (l Links) SellerOrder(vendorID, vendorOrderID uuid.UUID) string {
	return l.path("/sell/orders/"+vendorOrderID.String(), "vendor", vendorID.String())
}

// SellerLowStock is a shop's inventory, filtered to what is at or below its alert threshold.
func (l Links) SellerLowStock(vendorID uuid.UUID) string {
	return l.path("/sell/inventory", "low", "true", "vendor", vendorID.String())
}

// SellerPayouts is a shop's payout settings.
func (l Links) SellerPayouts(vendorID uuid.UUID) string {
	return l.path("/sell/payouts", "vendor", vendorID.String())
}
