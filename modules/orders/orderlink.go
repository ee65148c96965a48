package orders

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/tenants"
)

// OrderLinkTTL is how long the order link in a guest's emails opens the order.
const OrderLinkTTL = 180 * 24 * time.Hour

// orderLinkPayload is order id (16 bytes) + tenant id (16) + expiry in Unix seconds (8).
const orderLinkPayload = 16 + 16 + 8

// SignOrderLink returns the token of a guest's order link: the order, its marketplace and an
// expiry, signed with HMAC-SHA256 under secret. The token lives only in the guest's email (no
// row), so it cannot be revoked before it expires; it only reads the one order.
func SignOrderLink(secret []byte, tenantID, orderID uuid.UUID, expires time.Time) string {
	p := make([]byte, orderLinkPayload)
	copy(p, orderID[:])
	copy(p[16:], tenantID[:])
	binary.BigEndian.PutUint64(p[32:], uint64(expires.Unix())) //nolint:gosec // expiries are after 1970
	return base64.RawURLEncoding.EncodeToString(p) + "." + base64.RawURLEncoding.EncodeToString(orderLinkMAC(secret, p))
}

func orderLinkMAC(secret, payload []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("order-link:v1:"))
	m.Write(payload)
	return m.Sum(nil)
}

// verifyOrderLink returns the order a token signed by SignOrderLink names, if its signature
// holds, it is for tenantID and it has not expired at now.
func verifyOrderLink(secret []byte, tenantID uuid.UUID, token string, now time.Time) (uuid.UUID, bool) {
	enc, sig, ok := strings.Cut(strings.TrimSpace(token), ".")
	if !ok || len(secret) == 0 {
		return uuid.Nil, false
	}
	p, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(p) != orderLinkPayload {
		return uuid.Nil, false
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, orderLinkMAC(secret, p)) {
		return uuid.Nil, false
	}
	orderID, _ := uuid.FromBytes(p[:16])
	forTenant, _ := uuid.FromBytes(p[16:32])
	expires := time.Unix(int64(binary.BigEndian.Uint64(p[32:])), 0) //nolint:gosec // signed by us, after 1970
	if forTenant != tenantID || !now.Before(expires) {
		return uuid.Nil, false
	}
	return orderID, true
}

// buyerOrderLink is the link to or in its buyer's emails: the account's order page, or for a
// guest (no account to sign in to) a signed order link; none for a guest without a secret.
func (s *Service) buyerOrderLink(ctx context.Context, or orderRow) string {
	links := s.links(ctx)
	if or.AccountID != nil {
		return links.BuyerOrder(or.ID)
	}
	if len(s.d.OrderLinkSecret) == 0 {
		return ""
	}
	return links.GuestOrder(SignOrderLink(s.d.OrderLinkSecret, or.TenantID, or.ID, time.Now().Add(OrderLinkTTL)))
}

func (s *Service) links(ctx context.Context) notifications.Links {
	return notifications.LinksFor(s.d.SiteURL(ctx))
}

// LinkedOrder returns the order a guest's order link token opens: only that order, only in its
// own marketplace, only before it expires (ErrOrderNotFound otherwise, forged tokens included).
func (s *Service) LinkedOrder(ctx context.Context, token string) (Order, error) {
	t, ok := tenants.FromContext(ctx)
	if !ok {
		return Order{}, ErrOrderNotFound
	}
	orderID, ok := verifyOrderLink(s.d.OrderLinkSecret, t.ID, token, time.Now())
	if !ok {
		return Order{}, ErrOrderNotFound
	}
	return s.load(ctx, "id = ? AND account_id IS NULL", orderID)
}
