package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76/webhook"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// WebhookTolerance is how old a signed event may be.
const WebhookTolerance = 300 * time.Second

// eventObject is what the api reads of an event's object to find its marketplace. Nothing in
// it is trusted for money: the worker fetches the object again from Stripe.
type eventObject struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	PaymentIntent json.RawMessage   `json:"payment_intent"`
	Metadata      map[string]string `json:"metadata"`
}

func idOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &o)
	return o.ID
}

// Webhook outcomes.
const (
	WebhookStored    = "stored"
	WebhookDuplicate = "duplicate"
	WebhookIgnored   = "ignored"
)

// ReceiveWebhook verifies a Stripe event (raw body, Stripe-Signature, tolerance 300 s, API
// version 2023-10-16), finds its marketplace through the stripe_event_tenant registry lookup,
// stores it once by event id and queues its processing in the same transaction. connect selects
// the Connect endpoint's secret. Events of no known marketplace are acknowledged and dropped.
func (s *Service) ReceiveWebhook(ctx context.Context, connect bool, payload []byte, signature string) (string, error) {
	secret := s.d.Config.WebhookSecret
	if connect {
		secret = s.d.Config.ConnectWebhookSecret
	}
	if !s.StripeEnabled() || secret == "" {
		return "", ErrStripeDisabled
	}
	if signature == "" {
		return "", fmt.Errorf("%w: missing Stripe-Signature header", ErrBadSignature)
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, secret, webhook.ConstructEventOptions{Tolerance: WebhookTolerance})
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrBadSignature, err.Error())
	}
	if ev.Livemode != s.d.Config.Livemode() {
		return "", ErrLivemodeMismatch
	}
	var obj eventObject
	if ev.Data != nil {
		_ = json.Unmarshal(ev.Data.Raw, &obj)
	}
	var account, intent, transfer string
	account = ev.Account
	objectID := obj.ID
	switch {
	case strings.HasPrefix(string(ev.Type), "payment_intent."):
		intent = obj.ID
	case strings.HasPrefix(string(ev.Type), "charge."):
		intent = idOf(obj.PaymentIntent)
	case strings.HasPrefix(string(ev.Type), "transfer."):
		transfer = obj.ID
	case ev.Type == "account.updated":
		if account == "" {
			account = obj.ID
		}
	}
	var found struct{ StripeEventTenant *uuid.UUID }
	if err := s.d.DB.WithContext(ctx).Raw("select stripe_event_tenant(?, ?, ?)", account, intent, transfer).Scan(&found).Error; err != nil {
		return "", fmt.Errorf("find the event's marketplace: %w", err)
	}
	if found.StripeEventTenant == nil {
		slog.InfoContext(ctx, "stripe event of no known marketplace", "event", ev.ID, "type", ev.Type)
		return WebhookIgnored, nil
	}
	tenantID := *found.StripeEventTenant
	if t := obj.Metadata["tenant_id"]; t != "" && t != tenantID.String() {
		slog.WarnContext(ctx, "stripe event metadata names another marketplace", "event", ev.ID, "type", ev.Type)
		return WebhookIgnored, nil
	}
	outcome := WebhookDuplicate
	err = s.d.Tenants.Tx(tenants.WithTenantID(ctx, tenantID), func(tx *gorm.DB) error {
		row := eventRow{TenantID: tenantID, ID: ev.ID, Type: string(ev.Type), ObjectID: objectID, Account: account, Livemode: ev.Livemode,
			Created: time.Unix(ev.Created, 0).UTC(), ReceivedAt: s.now()}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil
		}
		outcome = WebhookStored
		_, err := workers.Enqueue(tx, workers.Job{Type: TaskStripeEvent, Payload: eventPayload{EventID: ev.ID}})
		return err
	})
	if err != nil {
		return "", err
	}
	return outcome, nil
}

// ProcessEvent acts on a stored event of the marketplace in ctx, once: the object is fetched
// again from Stripe and checked before any money moves. Safe to call any number of times.
func (s *Service) ProcessEvent(ctx context.Context, eventID string) error {
	var ev eventRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", eventID).Take(&ev).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("stripe event %s: %w", eventID, errs.ErrNotFound)
	}
	if err != nil {
		return err
	}
	if ev.ProcessedAt != nil {
		return nil
	}
	result, err := s.handle(ctx, ev)
	if err != nil {
		return fmt.Errorf("stripe event %s (%s): %w", ev.ID, ev.Type, err)
	}
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&eventRow{}).Where("id = ? AND processed_at IS NULL", ev.ID).Updates(map[string]any{"processed_at": s.now(), "result": result}).Error
	})
}

func (s *Service) handle(ctx context.Context, ev eventRow) (string, error) {
	switch {
	case ev.Type == "payment_intent.succeeded":
		return s.onIntentSucceeded(ctx, ev.ObjectID)
	case ev.Type == "payment_intent.payment_failed":
		pi, err := s.stripe.getIntent(ctx, ev.ObjectID)
		if err != nil {
			return "", err
		}
		return "payment failed", s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&intentRow{}).Where("intent_id = ? AND paid_at IS NULL", pi.ID).Updates(map[string]any{"status": pi.Status, "updated_at": s.now()}).Error
		})
	case ev.Type == "charge.refunded":
		return s.onChargeRefunded(ctx, ev.ObjectID)
	case strings.HasPrefix(ev.Type, "charge.dispute."):
		return s.onDispute(ctx, ev.ObjectID)
	case strings.HasPrefix(ev.Type, "transfer."):
		return s.onTransfer(ctx, ev.ObjectID)
	case ev.Type == "account.updated":
		return s.onAccountUpdated(ctx, ev.ObjectID)
	case ev.Type == "account.application.deauthorized":
		return s.onDeauthorized(ctx, ev.Account)
	case ev.Type == "payout.paid" || ev.Type == "payout.failed":
		return s.onPayout(ctx, ev.Account, strings.TrimPrefix(ev.Type, "payout."))
	}
	return "ignored", nil
}

func (s *Service) onIntentSucceeded(ctx context.Context, intentID string) (string, error) {
	pi, err := s.stripe.getIntent(ctx, intentID)
	if err != nil {
		return "", err
	}
	var row intentRow
	if err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("intent_id = ?", intentID).Take(&row).Error }); err != nil {
		return "", fmt.Errorf("payment intent %s: %w", intentID, err)
	}
	if pi.Status != "succeeded" {
		return "not succeeded at Stripe: " + pi.Status, nil
	}
	if pi.Livemode != s.d.Config.Livemode() || pi.AmountReceived != row.Amount || pi.Currency != row.Currency || pi.Metadata["order_id"] != row.OrderID.String() {
		return "", fmt.Errorf("payment intent %s: %w", intentID, ErrIntentMismatch)
	}
	o, err := s.d.Orders.PaymentOrder(ctx, row.OrderID)
	if err != nil {
		return "", err
	}
	if o.Total != row.Amount || o.Currency != row.Currency {
		return "", fmt.Errorf("order %s total changed: %w", o.ID, ErrIntentMismatch)
	}
	var fee int64
	if pi.ChargeID != "" {
		ch, err := s.stripe.getCharge(ctx, pi.ChargeID)
		if err != nil {
			return "", err
		}
		fee = ch.Fee
	}
	if o.PaymentStatus == "cancelled" {
		return s.refundLatePayment(ctx, row, pi, fee)
	}
	// The charge first: marking the order paid books it through module orders' OrderPaid hook
	// (same transaction as the status change), which queues the transfers; they need the charge.
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		return tx.Model(&intentRow{}).Where("intent_id = ?", intentID).Updates(map[string]any{"status": pi.Status, "charge_id": pi.ChargeID,
			"fee": fee, "paid_at": gorm.Expr("coalesce(paid_at, ?)", now), "updated_at": now}).Error
	})
	if err != nil {
		return "", err
	}
	if err := s.d.Orders.MarkPaid(ctx, row.OrderID); err != nil {
		return "", fmt.Errorf("mark order paid: %w", err)
	}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		// Already booked by module orders' OrderPaid hook in MarkPaid's transaction: the splits
		// and the ledger entries "paid:<order>:<vendor order>" are written once, so this is then a no-op; it
		// books only for an order book without the hook.
		if err := s.RecordOrderPaid(ctx, tx, o, ProviderStripe); err != nil {
			return err
		}
		return s.postFee(ctx, tx, pi.ChargeID, o.ID, fee, o.Currency)
	})
	return "order paid", err
}

func (s *Service) postFee(ctx context.Context, tx *gorm.DB, chargeID string, orderID uuid.UUID, fee int64, currency string) error {
	if fee <= 0 {
		return nil
	}
	_, err := ledger.Post(ctx, tx, ledger.Entry{Key: "fee:" + chargeID, Kind: "stripe_fee", OrderID: orderID, Memo: "Stripe processing fee",
		Lines: []ledger.Line{ledger.Dr(ledger.StripeFees, uuid.Nil, fee, currency), ledger.Cr(ledger.PlatformCash, uuid.Nil, fee, currency)}})
	return err
}

// refundLatePayment gives back a payment that arrived after its order was cancelled.
func (s *Service) refundLatePayment(ctx context.Context, row intentRow, pi intent, fee int64) (string, error) {
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		refundID, err := s.stripe.refund(ctx, pi.ID, row.Amount, map[string]string{"tenant_id": row.TenantID.String(), "order_id": row.OrderID.String()}, "re:late:"+row.OrderID.String())
		if err != nil {
			return err
		}
		if _, err := ledger.Post(ctx, tx, ledger.Entry{Key: "late:" + row.OrderID.String(), Kind: "late_payment_refunded", OrderID: row.OrderID,
			Memo: "payment after cancellation refunded (" + refundID + ")", Lines: []ledger.Line{
				ledger.Dr(ledger.PlatformCash, uuid.Nil, row.Amount, row.Currency), ledger.Cr(ledger.BuyerRefunds, uuid.Nil, row.Amount, row.Currency),
				ledger.Dr(ledger.BuyerRefunds, uuid.Nil, row.Amount, row.Currency), ledger.Cr(ledger.PlatformCash, uuid.Nil, row.Amount, row.Currency)}}); err != nil {
			return err
		}
		if err := s.postFee(ctx, tx, pi.ChargeID, row.OrderID, fee, row.Currency); err != nil {
			return err
		}
		return tx.Model(&intentRow{}).Where("intent_id = ?", pi.ID).Updates(map[string]any{"status": "refunded_late", "charge_id": pi.ChargeID, "fee": fee, "updated_at": s.now()}).Error
	})
	return "late payment refunded", err
}

func (s *Service) onChargeRefunded(ctx context.Context, chargeID string) (string, error) {
	ch, err := s.stripe.getCharge(ctx, chargeID)
	if err != nil {
		return "", err
	}
	return "checked", s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row intentRow
		if err := tx.Where("intent_id = ?", ch.PaymentIntent).Take(&row).Error; err != nil {
			return err
		}
		var booked int64
		if err := tx.Model(&refundRow{}).Where("order_id = ? AND provider = ?", row.OrderID, ProviderStripe).Select("coalesce(sum(amount), 0)").Scan(&booked).Error; err != nil {
			return err
		}
		if booked == ch.AmountRefunded {
			return nil
		}
		return tx.Create(&issueRow{TenantID: row.TenantID, ID: ids.New(), RunID: uuid.Nil, Kind: "refund_outside_platform", ObjectID: ch.ID,
			Expected: booked, Actual: ch.AmountRefunded, Detail: "the charge was refunded at Stripe by more than the platform booked", DetectedAt: s.now()}).Error
	})
}

func (s *Service) onDispute(ctx context.Context, disputeID string) (string, error) {
	d, err := s.stripe.getDispute(ctx, disputeID)
	if err != nil {
		return "", err
	}
	return "dispute " + d.Status, s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row intentRow
		q := tx.Where("intent_id = ?", d.PaymentIntent)
		if d.PaymentIntent == "" {
			q = tx.Where("charge_id = ?", d.ChargeID)
		}
		if err := q.Take(&row).Error; err != nil {
			return fmt.Errorf("payment of dispute %s: %w", d.ID, err)
		}
		return s.recordDispute(ctx, tx, d, row.OrderID)
	})
}

func (s *Service) onTransfer(ctx context.Context, transferID string) (string, error) {
	tr, err := s.stripe.getTransfer(ctx, transferID)
	if err != nil {
		return "", err
	}
	return "checked", s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var sp splitRow
		if err := tx.Where("transfer_id = ?", tr.ID).Take(&sp).Error; err != nil {
			return err
		}
		if tr.Amount == sp.Transferred && tr.AmountReversed == sp.Reversed {
			return nil
		}
		return tx.Create(&issueRow{TenantID: sp.TenantID, ID: ids.New(), Kind: "transfer_mismatch", ObjectID: tr.ID, Expected: sp.Transferred - sp.Reversed,
			Actual: tr.Amount - tr.AmountReversed, Detail: "transfer net of reversals differs from the ledger", DetectedAt: s.now()}).Error
	})
}

func (s *Service) onAccountUpdated(ctx context.Context, accountID string) (string, error) {
	a, err := s.stripe.getAccount(ctx, accountID)
	if err != nil {
		return "", err
	}
	return "account updated", s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return s.saveAccount(tx, a) })
}

func (s *Service) saveAccount(tx *gorm.DB, a connectedAccount) error {
	due, _ := json.Marshal(a.CurrentlyDue)
	return tx.Model(&accountRow{}).Where("account_id = ?", a.ID).Updates(map[string]any{"charges_enabled": a.ChargesEnabled, "payouts_enabled": a.PayoutsEnabled,
		"details_submitted": a.DetailsSubmitted, "currently_due": string(due), "disabled_reason": a.DisabledReason, "updated_at": s.now()}).Error
}

func (s *Service) onDeauthorized(ctx context.Context, accountID string) (string, error) {
	return "account disconnected", s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acct accountRow
		if err := tx.Where("account_id = ?", accountID).Take(&acct).Error; err != nil {
			return err
		}
		if err := tx.Model(&accountRow{}).Where("account_id = ?", accountID).Updates(map[string]any{"deauthorized": true, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		return s.notifyAccount(ctx, tx, acct.VendorID, "A seller disconnected its Stripe account",
			"The seller's Stripe account was disconnected from the marketplace; it cannot be paid until it sets up payouts again.")
	})
}

func (s *Service) onPayout(ctx context.Context, accountID, status string) (string, error) {
	return "payout " + status, s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acct accountRow
		if err := tx.Where("account_id = ?", accountID).Take(&acct).Error; err != nil {
			return err
		}
		if err := tx.Model(&accountRow{}).Where("account_id = ?", accountID).Updates(map[string]any{"last_payout_status": status, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if status != "failed" {
			return nil
		}
		return s.notifyAccount(ctx, tx, acct.VendorID, "A payout to your bank failed",
			"Stripe could not pay out to your bank account. Check your payout details in the seller dashboard.")
	})
}

// notifyAccount emails a seller and the operators about its Stripe account.
func (s *Service) notifyAccount(ctx context.Context, tx *gorm.DB, vendorID uuid.UUID, subject, message string) error {
	links := notifications.LinksFor(s.d.SiteURL(ctx))
	var to []recipient
	if c, err := s.d.Vendors.Contact(ctx, vendorID); err == nil && c.Email != "" {
		to = append(to, recipient{addr: c.Email, url: links.SellerPayouts(vendorID)})
	}
	to = append(to, s.operatorRecipients(ctx, links)...)
	for _, r := range to {
		err := s.d.Notify.Send(tx, notifications.Email{To: r.addr, Template: "payout_account", Data: map[string]string{"subject": subject, "message": message,
			"url": r.url}})
		if err != nil && !errors.Is(err, errs.ErrInvalid) {
			return err
		}
	}
	return nil
}
