package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/tenants"
)

// PayoutOnboarding is where to send the seller to set up payouts.
type PayoutOnboarding struct {
	URL    string        `json:"url" doc:"Stripe's hosted onboarding; single use and short-lived: ask again for a fresh one"`
	Status PayoutAccount `json:"status"`
}

// StartOnboarding creates the vendor's Express account on first use (capabilities
// card_payments and transfers) and returns a fresh Account Link. The link's refresh_url and
// return_url lead back to the seller dashboard, which asks this again for a fresh link;
// readiness is only ever taken from account.updated events, never from the return.
func (s *Service) StartOnboarding(ctx context.Context, vendorID uuid.UUID) (PayoutOnboarding, error) {
	if !s.StripeEnabled() {
		return PayoutOnboarding{}, ErrStripeDisabled
	}
	contact, err := s.d.Vendors.Contact(ctx, vendorID)
	if err != nil {
		return PayoutOnboarding{}, err
	}
	var row accountRow
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		// One account per vendor even when the seller double-clicks.
		if err := tx.Exec("select pg_advisory_xact_lock(hashtext(?))", "stripe-account:"+vendorID.String()).Error; err != nil {
			return err
		}
		err := tx.Where("vendor_id = ?", vendorID).Take(&row).Error
		if err == nil && !row.Deauthorized {
			return nil
		}
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		tenantID := tenants.IDFromContext(ctx)
		key := "acct:" + tenantID.String() + ":" + vendorID.String()
		if row.Deauthorized {
			key += ":" + row.AccountID
		}
		a, err := s.stripe.createAccount(ctx, contact.Email, contact.Country, map[string]string{"tenant_id": tenantID.String(), "vendor_id": vendorID.String()}, key)
		if err != nil {
			return err
		}
		now := s.now()
		if err := tx.Where("vendor_id = ?", vendorID).Delete(&accountRow{}).Error; err != nil {
			return err
		}
		row = accountRow{TenantID: tenantID, VendorID: vendorID, AccountID: a.ID, Livemode: s.d.Config.Livemode(), CurrentlyDue: "[]", CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("record stripe account: %w", err)
		}
		return s.saveAccount(tx, a)
	})
	if err != nil {
		return PayoutOnboarding{}, err
	}
	base := s.d.SiteURL(ctx) + "/seller/" + vendorID.String() + "/payouts"
	url, err := s.stripe.accountLink(ctx, row.AccountID, base+"?refresh=1", base+"?return=1")
	if err != nil {
		return PayoutOnboarding{}, err
	}
	st, err := s.AccountStatus(ctx, vendorID)
	if err != nil {
		return PayoutOnboarding{}, err
	}
	return PayoutOnboarding{URL: url, Status: st}, nil
}

// AccountStatus is the vendor's Stripe account as last reported by Stripe.
func (s *Service) AccountStatus(ctx context.Context, vendorID uuid.UUID) (PayoutAccount, error) {
	var row accountRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("vendor_id = ?", vendorID).Take(&row).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return PayoutAccount{VendorID: vendorID, CurrentlyDue: []string{}}, nil
	}
	if err != nil {
		return PayoutAccount{}, err
	}
	return row.status(), nil
}

// Accounts lists every seller's Stripe account of the marketplace (operator).
func (s *Service) Accounts(ctx context.Context) ([]PayoutAccount, error) {
	var rows []accountRow
	if err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Order("created_at").Find(&rows).Error }); err != nil {
		return nil, err
	}
	out := make([]PayoutAccount, len(rows))
	for i, r := range rows {
		out[i] = r.status()
	}
	return out, nil
}

// CanSell reports whether a vendor may take orders: always offline (manual provider); with
// Stripe only once its account is ready (charges and payouts enabled, details submitted, nothing
// currently due, as the last account.updated said). The cart and checkout ask it through
// SellersReady; products of a vendor that cannot sell stay listed.
func (s *Service) CanSell(ctx context.Context, vendorID uuid.UUID) (bool, error) {
	ready, err := s.SellersReady(ctx, nil, []uuid.UUID{vendorID})
	return ready[vendorID], err
}

// SellersReady is CanSell for several vendors in one query: every id of vendorIDs is a key of
// the result. It is the cart's and checkout's seller gate (wired in apps/internal/compose). With tx it
// reads in that transaction (the caller's, scoped to the marketplace), else in one of its own.
func (s *Service) SellersReady(ctx context.Context, tx *gorm.DB, vendorIDs []uuid.UUID) (map[uuid.UUID]bool, error) {
	out := make(map[uuid.UUID]bool, len(vendorIDs))
	if !s.StripeEnabled() {
		for _, id := range vendorIDs {
			out[id] = true
		}
		return out, nil
	}
	for _, id := range vendorIDs {
		out[id] = false
	}
	if len(vendorIDs) == 0 {
		return out, nil
	}
	var rows []accountRow
	err := s.d.Tenants.Within(ctx, tx, func(tx *gorm.DB) error { return tx.Where("vendor_id IN ?", vendorIDs).Find(&rows).Error })
	if err != nil {
		return nil, fmt.Errorf("read payout accounts: %w", err)
	}
	for _, r := range rows {
		out[r.VendorID] = r.status().Ready
	}
	return out, nil
}
