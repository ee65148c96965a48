package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Provider names.
const (
	ProviderStripe = "stripe"
	ProviderManual = "manual"
)

// RecordOrderPaid books a paid order inside tx (the transaction that marks it paid): one split
// per vendor order with its commission and the rule used, one balanced ledger entry (cash in =
// sellers' payables + commission) and, for Stripe at_payment marketplaces, a transfer task per
// vendor order through the outbox. Idempotent by order id.
func (s *Service) RecordOrderPaid(ctx context.Context, tx *gorm.DB, o PaymentOrder, provider string) error {
	var sum int64
	for _, vo := range o.VendorOrders {
		sum += vo.Total
	}
	if sum != o.Total || len(o.VendorOrders) == 0 {
		return fmt.Errorf("order %s: vendor orders add up to %d, order total %d: %w", o.ID, sum, o.Total, errs.ErrConflict)
	}
	set, err := settingsIn(tx)
	if err != nil {
		return err
	}
	var rules []ruleRow
	if err := tx.Find(&rules).Error; err != nil {
		return fmt.Errorf("load commission rules: %w", err)
	}
	rs := newRuleSet(rules)
	cats := map[uuid.UUID]uuid.UUID{}
	if s.d.Categories != nil && len(rs.category) > 0 {
		var products []uuid.UUID
		for _, vo := range o.VendorOrders {
			for _, l := range vo.Lines {
				products = append(products, l.ProductID)
			}
		}
		if cats, err = s.d.Categories.ProductCategories(ctx, products); err != nil {
			return fmt.Errorf("product categories: %w", err)
		}
	}
	status := "not_applicable"
	if provider == ProviderStripe {
		status = "pending"
		if set.TransferPolicy == TransferOnDelivery {
			status = "held"
		}
	}
	tenantID := tenants.IDFromContext(ctx)
	now := s.now()
	for _, vo := range o.VendorOrders {
		c, snap := rs.commission(vo, cats)
		row := splitRow{TenantID: tenantID, VendorOrderID: vo.ID, OrderID: o.ID, VendorID: vo.VendorID, Provider: provider, Currency: o.Currency,
			Subtotal: vo.Subtotal, Shipping: vo.Shipping, Tax: vo.Tax, Gross: vo.Total, Commission: c, Rule: string(snap), Net: vo.Total - c,
			TransferStatus: status, CreatedAt: now, UpdatedAt: now}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return fmt.Errorf("insert payment split: %w", err)
		}
	}
	var splits []splitRow
	if err := tx.Where("order_id = ?", o.ID).Order("vendor_order_id").Find(&splits).Error; err != nil {
		return err
	}
	// One entry per vendor order (cash in = that seller's payable + its commission), so every
	// order_paid entry names the vendor order it books, as refunds and transfers do.
	for _, sp := range splits {
		entry := ledger.Entry{Key: "paid:" + o.ID.String() + ":" + sp.VendorOrderID.String(), Kind: "order_paid", OrderID: o.ID,
			VendorOrderID: sp.VendorOrderID, VendorID: sp.VendorID, Memo: provider + " payment of order " + o.Number,
			Lines: ledger.Compact(ledger.Dr(ledger.PlatformCash, uuid.Nil, sp.Gross, sp.Currency),
				ledger.Cr(ledger.SellerPayable, sp.VendorID, sp.Net, sp.Currency),
				ledger.Cr(ledger.CommissionRevenue, uuid.Nil, sp.Commission, sp.Currency))}
		posted, err := ledger.Post(ctx, tx, entry)
		if err != nil {
			return err
		}
		if posted && sp.TransferStatus == "pending" {
			if _, err := workers.Enqueue(tx, workers.Job{Type: TaskTransfer, Payload: transferPayload{VendorOrderID: sp.VendorOrderID}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReleaseTransfer makes a held transfer due (on_delivery marketplaces): module orders calls it
// when a vendor order is delivered, inside that transaction; the transfer task follows.
func (s *Service) ReleaseTransfer(ctx context.Context, tx *gorm.DB, vendorOrderID uuid.UUID) error {
	res := tx.Model(&splitRow{}).Where("vendor_order_id = ? AND transfer_status = 'held'", vendorOrderID).
		Updates(map[string]any{"transfer_status": "pending", "updated_at": s.now()})
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	_, err := workers.Enqueue(tx, workers.Job{Type: TaskTransfer, Payload: transferPayload{VendorOrderID: vendorOrderID}})
	return err
}

// TransferToSeller pays a vendor order's seller its share: net − refunds it bore − its debt
// (netted), one Stripe Transfer with source_transaction = the order's charge and idempotency key
// "tr:"+vendor order id, and one ledger entry. A seller whose account cannot receive money yet
// keeps the transfer pending (the sweep retries). Idempotent.
//
// The call to Stripe is made between two short transactions, never inside one: the first decides
// what is due under the split's row lock, the second books what was transferred. If the call
// fails or the process dies in between, the split is still pending and the sweep (or the task's
// retry) sends the same key again, so Stripe answers with the transfer already made.
func (s *Service) TransferToSeller(ctx context.Context, vendorOrderID uuid.UUID) error {
	if !s.StripeEnabled() {
		return nil
	}
	plan, err := s.planTransfer(ctx, vendorOrderID)
	if err != nil || plan == nil {
		return err
	}
	var transferID string
	if plan.amount > 0 {
		sp := plan.split
		tr, err := s.stripe.createTransfer(ctx, plan.amount, sp.Currency, plan.account, plan.charge, sp.OrderID.String(),
			map[string]string{"tenant_id": sp.TenantID.String(), "order_id": sp.OrderID.String(), "vendor_order_id": sp.VendorOrderID.String()},
			"tr:"+sp.VendorOrderID.String())
		if err != nil {
			return err
		}
		transferID = tr.ID
	}
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		sp, err := lockSplit(tx, vendorOrderID)
		if err != nil {
			return err
		}
		if sp.TransferStatus != "pending" {
			return nil // booked meanwhile by a concurrent attempt (Stripe answered it the same transfer)
		}
		due, netted, amount, err := transferShares(tx, sp)
		if err != nil {
			return err
		}
		if amount != plan.amount && plan.amount <= 0 {
			// Nothing was sent and a transfer is due now: the next attempt sends it.
			return fmt.Errorf("vendor order %s: its split changed meanwhile: %w", sp.VendorOrderID, errs.ErrUnavailable)
		}
		if amount != plan.amount {
			// A refund or a debt changed while Stripe answered: book what was transferred, the
			// difference with what is due being netted debt (or new debt when negative).
			amount = plan.amount
			netted = due - amount
		}
		now := s.now()
		updates := map[string]any{"transfer_status": "transferred", "debt_netted": netted, "transferred": amount, "transferred_at": now, "updated_at": now}
		if transferID != "" {
			updates["transfer_id"] = transferID
		}
		lines := ledger.Compact(ledger.Dr(ledger.SellerPayable, sp.VendorID, due, sp.Currency), ledger.Cr(ledger.PlatformCash, uuid.Nil, amount, sp.Currency),
			ledger.Cr(ledger.SellerDebt, sp.VendorID, netted, sp.Currency))
		if due < 0 {
			// Refunds the seller bore exceed its share: what is left is its debt.
			lines = ledger.Compact(ledger.Dr(ledger.SellerDebt, sp.VendorID, -due, sp.Currency), ledger.Cr(ledger.SellerPayable, sp.VendorID, -due, sp.Currency))
		}
		_, err = ledger.Post(ctx, tx, ledger.Entry{Key: "transfer:" + sp.VendorOrderID.String(), Kind: "seller_transfer", OrderID: sp.OrderID,
			VendorOrderID: sp.VendorOrderID, VendorID: sp.VendorID, Memo: "transfer to seller", Lines: lines})
		if err != nil && !errors.Is(err, ledger.ErrEmptyEntry) {
			return err
		}
		return tx.Model(&splitRow{}).Where("vendor_order_id = ?", sp.VendorOrderID).Updates(updates).Error
	})
}

// transferPlan is what TransferToSeller sends to Stripe, decided in its first transaction.
type transferPlan struct {
	split   splitRow
	account string
	charge  string
	amount  int64
}

// planTransfer decides, in one short transaction, whether a vendor order's transfer is due now
// and how much; nil when there is nothing to do (already transferred, seller not payable yet).
func (s *Service) planTransfer(ctx context.Context, vendorOrderID uuid.UUID) (*transferPlan, error) {
	var plan *transferPlan
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		sp, err := lockSplit(tx, vendorOrderID)
		if err != nil {
			return err
		}
		if sp.TransferStatus != "pending" {
			return nil
		}
		var acct accountRow
		err = tx.Where("vendor_id = ?", sp.VendorID).Take(&acct).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !acct.status().Ready) {
			return nil // not payable yet; the sweep tries again
		}
		if err != nil {
			return err
		}
		var pi intentRow
		if err := tx.Where("order_id = ?", sp.OrderID).Take(&pi).Error; err != nil {
			return fmt.Errorf("payment intent of order %s: %w", sp.OrderID, err)
		}
		if pi.ChargeID == "" {
			// Booked by the orders hook before the webhook recorded the charge: try again soon.
			return fmt.Errorf("order %s: charge not recorded yet: %w", sp.OrderID, errs.ErrUnavailable)
		}
		_, _, amount, err := transferShares(tx, sp)
		if err != nil {
			return err
		}
		plan = &transferPlan{split: sp, account: acct.AccountID, charge: pi.ChargeID, amount: amount}
		return nil
	})
	return plan, err
}

// lockSplit reads a vendor order's split, its row locked until tx ends.
func lockSplit(tx *gorm.DB, vendorOrderID uuid.UUID) (splitRow, error) {
	var sp splitRow
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("vendor_order_id = ?", vendorOrderID).Take(&sp).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return sp, ErrSplitNotFound
	}
	return sp, err
}

// transferShares is what a split's seller is due (net − refunds it bore), the part of its debt
// netted from it, and the amount to transfer.
func transferShares(tx *gorm.DB, sp splitRow) (due, netted, amount int64, err error) {
	due = sp.Net - sp.sellerRefunded()
	debt, err := ledger.AccountBalance(tx, ledger.SellerDebt, sp.VendorID, sp.Currency)
	if err != nil {
		return 0, 0, 0, err
	}
	netted = min(max(debt, 0), max(due, 0))
	return due, netted, due - netted, nil
}

// RefundInput is a refund of part of a vendor order.
type RefundInput struct {
	// Key is unique per refund and the same on its retries (orders.RefundKey): the ledger and Stripe
	// idempotency keys derive from it.
	Key           string
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	Amount        int64
	Currency      string
	Reason        string
}

// refund books a refund inside tx: the commission part (per policy) and the seller's part;
// for Stripe it refunds the charge, reverses the seller's part of a transfer already sent as
// far as the seller's Stripe balance covers it, and records the shortfall as the seller's debt.
// It returns the Stripe refund id ("" for manual).
func (s *Service) refund(ctx context.Context, tx *gorm.DB, in RefundInput, provider, paymentIntent string) (string, error) {
	if in.Amount <= 0 {
		return "", errs.Invalid("body.amount", "must be positive")
	}
	var existing refundRow
	if err := tx.Where("key = ?", in.Key).Take(&existing).Error; err == nil {
		return existing.RefundID, nil
	} else if !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", err
	}
	var sp splitRow
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("vendor_order_id = ?", in.VendorOrderID).Take(&sp).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", ErrNoSplit
	}
	if err != nil {
		return "", err
	}
	if in.Amount > sp.Gross-sp.Refunded {
		return "", errs.Invalid("body.amount", "more than what remains refundable")
	}
	set, err := settingsIn(tx)
	if err != nil {
		return "", err
	}
	var commPart int64
	if set.RefundCommission && sp.Gross > 0 {
		commPart = min(sp.Commission*in.Amount/sp.Gross, sp.Commission-sp.CommissionRefunded)
		if sp.Refunded+in.Amount == sp.Gross {
			commPart = sp.Commission - sp.CommissionRefunded
		}
	}
	sellerPart := in.Amount - commPart
	row := refundRow{TenantID: sp.TenantID, Key: in.Key, OrderID: sp.OrderID, VendorOrderID: sp.VendorOrderID, Provider: provider, Currency: sp.Currency,
		Amount: in.Amount, SellerPart: sellerPart, CommissionPart: commPart, CreatedAt: s.now()}
	meta := map[string]string{"tenant_id": sp.TenantID.String(), "order_id": sp.OrderID.String(), "vendor_order_id": sp.VendorOrderID.String()}
	if provider == ProviderStripe {
		if row.RefundID, err = s.stripe.refund(ctx, paymentIntent, in.Amount, meta, "re:"+in.Key); err != nil {
			return "", err
		}
	}
	_, err = ledger.Post(ctx, tx, ledger.Entry{Key: "refund:" + in.Key, Kind: "refund", OrderID: sp.OrderID, VendorOrderID: sp.VendorOrderID, VendorID: sp.VendorID,
		Memo: strings.TrimSpace("refund " + in.Reason),
		Lines: ledger.Compact(ledger.Dr(ledger.SellerPayable, sp.VendorID, sellerPart, sp.Currency), ledger.Dr(ledger.CommissionRevenue, uuid.Nil, commPart, sp.Currency),
			ledger.Cr(ledger.PlatformCash, uuid.Nil, in.Amount, sp.Currency))})
	if err != nil {
		return "", err
	}
	// The seller was already paid: take its part back from its Stripe balance.
	if sp.TransferStatus == "transferred" && sellerPart > 0 {
		var acct accountRow
		if err := tx.Where("vendor_id = ?", sp.VendorID).Take(&acct).Error; err != nil {
			return "", fmt.Errorf("seller account: %w", err)
		}
		reversible := min(sellerPart, sp.Transferred-sp.Reversed)
		if reversible > 0 && sp.TransferID != "" {
			avail, err := s.stripe.availableBalance(ctx, acct.AccountID, sp.Currency)
			if err != nil {
				return "", err
			}
			if rev := min(reversible, max(avail, 0)); rev > 0 {
				row.ReversalID, err = s.stripe.reverseTransfer(ctx, sp.TransferID, rev, meta, "trr:"+in.Key)
				if errors.Is(err, errInsufficient) {
					rev = 0
				} else if err != nil {
					return "", err
				}
				row.Reversed = rev
			}
		}
		row.Debt = sellerPart - row.Reversed
		_, err = ledger.Post(ctx, tx, ledger.Entry{Key: "reversal:" + in.Key, Kind: "transfer_reversal", OrderID: sp.OrderID, VendorOrderID: sp.VendorOrderID,
			VendorID: sp.VendorID, Memo: "seller's part of a refund taken back",
			Lines: ledger.Compact(ledger.Dr(ledger.PlatformCash, uuid.Nil, row.Reversed, sp.Currency), ledger.Dr(ledger.SellerDebt, sp.VendorID, row.Debt, sp.Currency),
				ledger.Cr(ledger.SellerPayable, sp.VendorID, sellerPart, sp.Currency))})
		if err != nil {
			return "", err
		}
	}
	if err := tx.Create(&row).Error; err != nil {
		return "", fmt.Errorf("insert refund: %w", err)
	}
	err = tx.Model(&splitRow{}).Where("vendor_order_id = ?", sp.VendorOrderID).Updates(map[string]any{
		"refunded": sp.Refunded + in.Amount, "commission_refunded": sp.CommissionRefunded + commPart, "reversed": sp.Reversed + row.Reversed, "updated_at": s.now()}).Error
	return row.RefundID, err
}

// RecordManualRefund books a refund of the manual provider (money given back outside the
// platform) inside tx; a vendor order without a recorded payment is skipped.
func (s *Service) RecordManualRefund(ctx context.Context, tx *gorm.DB, in RefundInput) error {
	_, err := s.refund(ctx, tx, in, ProviderManual, "")
	if errors.Is(err, ErrNoSplit) {
		return nil
	}
	return err
}

// disputeShares splits amount over the vendor orders of an order in proportion to what each
// was paid; the last takes the rounding remainder.
func disputeShares(splits []splitRow, amount int64) []int64 {
	var gross int64
	for _, sp := range splits {
		gross += sp.Gross
	}
	out := make([]int64, len(splits))
	left := amount
	for i, sp := range splits {
		if i == len(splits)-1 || gross == 0 {
			out[i] = left
			break
		}
		out[i] = amount * sp.Gross / gross
		left -= out[i]
	}
	return out
}

// recordDispute books a dispute: the disputed amount leaves the platform's Stripe balance and
// is charged to the responsible sellers as debt (netted from their next transfers); a dispute
// closed as won gives it back. Sellers and operators are emailed.
func (s *Service) recordDispute(ctx context.Context, tx *gorm.DB, d dispute, orderID uuid.UUID) error {
	var splits []splitRow
	if err := tx.Where("order_id = ?", orderID).Order("vendor_order_id").Find(&splits).Error; err != nil {
		return err
	}
	if len(splits) == 0 {
		return ErrNoSplit
	}
	var prev disputeRow
	if err := tx.Where("dispute_id = ?", d.ID).Take(&prev).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	now := s.now()
	row := disputeRow{TenantID: tenants.IDFromContext(ctx), DisputeID: d.ID, OrderID: orderID, ChargeID: d.ChargeID, Amount: d.Amount, Currency: d.Currency,
		Status: d.Status, Reason: d.Reason, CreatedAt: now, UpdatedAt: now}
	if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "tenant_id"}, {Name: "dispute_id"}},
		DoUpdates: clause.Assignments(map[string]any{"status": d.Status, "updated_at": now})}).Create(&row).Error; err != nil {
		return err
	}
	shares := disputeShares(splits, d.Amount)
	opened := ledger.Entry{Key: "dispute:" + d.ID, Kind: "dispute", OrderID: orderID, Memo: "dispute " + d.Reason,
		Lines: []ledger.Line{ledger.Cr(ledger.PlatformCash, uuid.Nil, d.Amount, d.Currency)}}
	for i, sp := range splits {
		opened.Lines = append(opened.Lines, ledger.Dr(ledger.SellerDebt, sp.VendorID, shares[i], d.Currency))
	}
	opened.Lines = ledger.Compact(opened.Lines...)
	posted, err := ledger.Post(ctx, tx, opened)
	if err != nil {
		return err
	}
	subject, message := "", ""
	if posted {
		subject = "A payment was disputed"
		message = fmt.Sprintf("The buyer disputed %s of order %s (%s). The disputed amount is held from your next transfers until the dispute is decided.",
			money.Format(d.Amount, d.Currency), orderID, d.Reason)
	}
	switch d.Status {
	case "won":
		won := ledger.Entry{Key: "dispute-won:" + d.ID, Kind: "dispute_won", OrderID: orderID, Memo: "dispute won",
			Lines: []ledger.Line{ledger.Dr(ledger.PlatformCash, uuid.Nil, d.Amount, d.Currency)}}
		for i, sp := range splits {
			won.Lines = append(won.Lines, ledger.Cr(ledger.SellerDebt, sp.VendorID, shares[i], d.Currency))
		}
		won.Lines = ledger.Compact(won.Lines...)
		if posted, err = ledger.Post(ctx, tx, won); err != nil {
			return err
		}
		if posted {
			subject, message = "A dispute was decided in your favour", fmt.Sprintf("The dispute of %s on order %s was won; the amount is yours again.", money.Format(d.Amount, d.Currency), orderID)
		}
	case "lost":
		if prev.Status == "lost" {
			break
		}
		subject, message = "A dispute was lost", fmt.Sprintf("The dispute of %s on order %s was lost; the amount stays charged to your account.", money.Format(d.Amount, d.Currency), orderID)
	}
	if subject == "" {
		return nil
	}
	return s.notifyDispute(ctx, tx, splits, subject, message)
}

// recipient is one address of a notice and the link that suits its reader.
type recipient struct{ addr, url string }

// operatorRecipients are the marketplace's operators, linked to the console's payments page.
func (s *Service) operatorRecipients(ctx context.Context, links notifications.Links) []recipient {
	if s.d.Operators == nil {
		return nil
	}
	emails, err := s.d.Operators.OperatorEmails(ctx)
	if err != nil {
		return nil
	}
	out := make([]recipient, len(emails))
	for i, e := range emails {
		out[i] = recipient{addr: e, url: links.OperatorPayments()}
	}
	return out
}

func (s *Service) notifyDispute(ctx context.Context, tx *gorm.DB, splits []splitRow, subject, message string) error {
	links := notifications.LinksFor(s.d.SiteURL(ctx))
	var to []recipient
	for _, sp := range splits {
		if c, err := s.d.Vendors.Contact(ctx, sp.VendorID); err == nil && c.Email != "" {
			to = append(to, recipient{addr: c.Email, url: links.SellerDashboard(sp.VendorID)})
		}
	}
	to = append(to, s.operatorRecipients(ctx, links)...)
	for _, r := range to {
		err := s.d.Notify.Send(tx, notifications.Email{To: r.addr, Template: "payment_dispute", Data: map[string]string{"subject": subject, "message": message,
			"url": r.url}})
		if err != nil && !errors.Is(err, errs.ErrInvalid) {
			return err
		}
	}
	return nil
}
