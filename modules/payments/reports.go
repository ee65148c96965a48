package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// SellerBalances is a seller's position per currency, from the ledger.
func (s *Service) SellerBalances(ctx context.Context, vendorID uuid.UUID) ([]SellerBalance, error) {
	var out []SellerBalance
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		bs, err := ledger.Balances(tx, vendorID)
		if err != nil {
			return err
		}
		by := map[string]*SellerBalance{}
		get := func(c string) *SellerBalance {
			if by[c] == nil {
				by[c] = &SellerBalance{Currency: c}
			}
			return by[c]
		}
		for _, b := range bs {
			switch b.Account {
			case ledger.SellerPayable:
				get(b.Currency).Payable = -b.Net
			case ledger.SellerDebt:
				get(b.Currency).Debt = b.Net
			}
		}
		type row struct {
			Currency string
			Sum      int64
		}
		var rows []row
		if err := tx.Model(&splitRow{}).Select("currency, coalesce(sum(transferred - reversed), 0) as sum").Where("vendor_id = ?", vendorID).Group("currency").Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			get(r.Currency).Transferred = r.Sum
		}
		for _, b := range by {
			out = append(out, *b)
		}
		return nil
	})
	return out, err
}

// SellerSplits lists a seller's vendor orders with their money, newest first; status filters
// on the transfer status ("upcoming" = held or pending).
func (s *Service) SellerSplits(ctx context.Context, vendorID uuid.UUID, status string, limit, offset int) ([]PayoutSplit, error) {
	var rows []splitRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("vendor_id = ?", vendorID)
		switch status {
		case "upcoming":
			q = q.Where("transfer_status IN ('held', 'pending')")
		case "past":
			q = q.Where("transfer_status = 'transferred'")
		}
		return q.Order("created_at DESC, vendor_order_id").Limit(limit).Offset(offset).Find(&rows).Error
	})
	if err != nil {
		return nil, err
	}
	out := make([]PayoutSplit, len(rows))
	for i, r := range rows {
		out[i] = r.split()
	}
	return out, nil
}

// SellerSplit is one vendor order's breakdown (gross, commission, fees, net).
func (s *Service) SellerSplit(ctx context.Context, vendorID, vendorOrderID uuid.UUID) (PayoutSplit, error) {
	var row splitRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("vendor_id = ? AND vendor_order_id = ?", vendorID, vendorOrderID).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return PayoutSplit{}, ErrSplitNotFound
	}
	if err != nil {
		return PayoutSplit{}, err
	}
	return row.split(), nil
}

// Statement is a seller's ledger lines in [from, to).
func (s *Service) Statement(ctx context.Context, vendorID uuid.UUID, from, to time.Time) ([]ledger.EntryLine, error) {
	var out []ledger.EntryLine
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = ledger.VendorStatement(tx, vendorID, from, to)
		return err
	})
	return out, err
}

// Summary is the marketplace's money per currency (operator).
func (s *Service) Summary(ctx context.Context) ([]MoneySummary, error) {
	var out []MoneySummary
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		bs, err := ledger.Balances(tx, uuid.Nil)
		if err != nil {
			return err
		}
		by := map[string]*MoneySummary{}
		for _, b := range bs {
			sm := by[b.Currency]
			if sm == nil {
				sm = &MoneySummary{Currency: b.Currency}
				by[b.Currency] = sm
			}
			switch b.Account {
			case ledger.PlatformCash:
				sm.Cash += b.Net
			case ledger.CommissionRevenue:
				sm.CommissionRevenue -= b.Net
			case ledger.SellerPayable:
				sm.SellerPayables -= b.Net
			case ledger.SellerDebt:
				sm.SellerDebt += b.Net
			case ledger.StripeFees:
				sm.StripeFees += b.Net
			case ledger.BuyerRefunds:
				sm.BuyerRefunds -= b.Net
			}
		}
		for _, v := range by {
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// Reconcile compares the marketplace's ledger with Stripe: each PaymentIntent's amount
// received, each transfer net of reversals, each charge's refunds, and the trial balance. It
// records the run and its mismatches for the operator.
func (s *Service) Reconcile(ctx context.Context) (ReconciliationStatus, error) {
	started := s.now()
	tenantID := tenants.IDFromContext(ctx)
	runID := ids.New()
	var issues []issueRow
	checked := 0
	add := func(kind, obj string, expected, actual int64, detail string) {
		issues = append(issues, issueRow{TenantID: tenantID, ID: ids.New(), RunID: runID, Kind: kind, ObjectID: obj, Expected: expected, Actual: actual,
			Detail: detail, DetectedAt: s.now()})
	}
	var intents []intentRow
	var splits []splitRow
	refunds := map[uuid.UUID]int64{}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		tb, err := ledger.TrialBalance(tx)
		if err != nil {
			return err
		}
		for c, d := range tb {
			if d != 0 {
				add("ledger_unbalanced", c, 0, d, "debits minus credits")
			}
		}
		if err := tx.Where("paid_at IS NOT NULL").Find(&intents).Error; err != nil {
			return err
		}
		if err := tx.Where("transfer_id <> ''").Find(&splits).Error; err != nil {
			return err
		}
		type r struct {
			OrderID uuid.UUID
			Sum     int64
		}
		var rs []r
		if err := tx.Model(&refundRow{}).Select("order_id, sum(amount) as sum").Where("provider = ?", ProviderStripe).Group("order_id").Scan(&rs).Error; err != nil {
			return err
		}
		for _, x := range rs {
			refunds[x.OrderID] = x.Sum
		}
		return nil
	})
	if err != nil {
		return ReconciliationStatus{}, err
	}
	if s.StripeEnabled() {
		for _, row := range intents {
			checked++
			pi, err := s.stripe.getIntent(ctx, row.IntentID)
			if err != nil {
				add("stripe_unreachable", row.IntentID, 0, 0, err.Error())
				continue
			}
			if pi.AmountReceived != row.Amount {
				add("payment_amount", row.IntentID, row.Amount, pi.AmountReceived, "amount received at Stripe differs from the order total booked")
			}
			if row.ChargeID != "" {
				ch, err := s.stripe.getCharge(ctx, row.ChargeID)
				if err != nil {
					add("stripe_unreachable", row.ChargeID, 0, 0, err.Error())
					continue
				}
				if ch.AmountRefunded != refunds[row.OrderID] {
					add("refund_amount", ch.ID, refunds[row.OrderID], ch.AmountRefunded, "refunded at Stripe differs from refunds booked")
				}
			}
		}
		for _, sp := range splits {
			checked++
			tr, err := s.stripe.getTransfer(ctx, sp.TransferID)
			if err != nil {
				add("stripe_unreachable", sp.TransferID, 0, 0, err.Error())
				continue
			}
			if tr.Amount != sp.Transferred || tr.AmountReversed != sp.Reversed {
				add("transfer_amount", tr.ID, sp.Transferred-sp.Reversed, tr.Amount-tr.AmountReversed, "transfer net of reversals differs from the ledger")
			}
		}
	}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if len(issues) > 0 {
			if err := tx.Create(&issues).Error; err != nil {
				return err
			}
		}
		return tx.Create(&runRow{TenantID: tenantID, ID: runID, StartedAt: started, FinishedAt: s.now(), Checked: checked, Mismatches: len(issues)}).Error
	})
	if err != nil {
		return ReconciliationStatus{}, fmt.Errorf("record reconciliation: %w", err)
	}
	return s.ReconciliationStatus(ctx)
}

// ReconciliationStatus is the last run and the mismatches found by it and by webhooks since.
func (s *Service) ReconciliationStatus(ctx context.Context) (ReconciliationStatus, error) {
	var out ReconciliationStatus
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var run runRow
		err := tx.Order("started_at DESC").Take(&run).Error
		since := time.Time{}
		runID := uuid.Nil
		if err == nil {
			out.LastRunAt, out.Checked, out.Mismatches = &run.FinishedAt, run.Checked, run.Mismatches
			since, runID = run.StartedAt, run.ID
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		var rows []issueRow
		if err := tx.Where("run_id = ? OR (run_id = ? AND detected_at >= ?)", runID, uuid.Nil, since).Order("detected_at").Limit(500).Find(&rows).Error; err != nil {
			return err
		}
		out.Issues = make([]ReconciliationIssue, len(rows))
		for i, r := range rows {
			out.Issues[i] = ReconciliationIssue{ID: r.ID, Kind: r.Kind, ObjectID: r.ObjectID, Expected: r.Expected, Actual: r.Actual, Detail: r.Detail, DetectedAt: r.DetectedAt}
		}
		return nil
	})
	return out, err
}
