package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Deps are what the payments service is built from. Orders, Vendors and Notify are required;
// Categories and Operators are optional.
type Deps struct {
	// DB is the app-role pool, used only for the registry lookup of a Stripe event's marketplace.
	DB         *gorm.DB
	Tenants    *tenants.Registry
	Config     Config
	Orders     OrderBook
	Vendors    VendorDirectory
	Categories CategoryLookup
	Operators  OperatorDirectory
	Notify     Notifier
	// SiteURL returns the web origin of the marketplace of ctx, for Account Link return URLs.
	SiteURL func(ctx context.Context) string
	// Now is the clock (tests); time.Now when nil.
	Now func() time.Time
	// Audit records changes of the payout policy and commission rules; nil records nothing.
	Audit *audit.Log
}

// Service runs payments: the Stripe provider, webhooks, commission, transfers, refunds,
// disputes, onboarding and reconciliation, all posted to the ledger.
type Service struct {
	d      Deps
	stripe gateway
}

// NewService returns the payments service.
func NewService(d Deps) *Service {
	if d.SiteURL == nil {
		d.SiteURL = func(context.Context) string { return "" }
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Service{d: d}
	if d.Config.Enabled() {
		s.stripe = gateway{api: newStripeClient(d.Config)}
	}
	return s
}

// StripeEnabled reports whether a Stripe key is configured.
func (s *Service) StripeEnabled() bool { return s.d.Config.Enabled() }

// PublishableKey is the key browsers use for Stripe's Payment Element ("" offline).
func (s *Service) PublishableKey() string { return s.d.Config.PublishableKey }

func (s *Service) now() time.Time { return s.d.Now().UTC() }

// settings reads the marketplace's policy inside tx (defaults when never set).
func settingsIn(tx *gorm.DB) (PaymentSettings, error) {
	var row settingsRow
	err := tx.Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return PaymentSettings{TransferPolicy: TransferAtPayment, RefundCommission: true}, nil
	}
	if err != nil {
		return PaymentSettings{}, fmt.Errorf("load payment settings: %w", err)
	}
	return PaymentSettings{TransferPolicy: row.TransferPolicy, RefundCommission: row.RefundCommission}, nil
}

// Settings returns the marketplace's payout policy.
func (s *Service) Settings(ctx context.Context) (PaymentSettings, error) {
	var out PaymentSettings
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = settingsIn(tx)
		return err
	})
	return out, err
}

// UpdateSettings sets the marketplace's payout policy.
func (s *Service) UpdateSettings(ctx context.Context, in PaymentSettings) (PaymentSettings, error) {
	if in.TransferPolicy != TransferAtPayment && in.TransferPolicy != TransferOnDelivery {
		return PaymentSettings{}, errs.Invalid("body.transfer_policy", "must be at_payment or on_delivery")
	}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		before, err := settingsIn(tx.Clauses(clause.Locking{Strength: "UPDATE"}))
		if err != nil {
			return err
		}
		row := settingsRow{TenantID: tenants.IDFromContext(ctx), TransferPolicy: in.TransferPolicy, RefundCommission: in.RefundCommission, UpdatedAt: s.now()}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "tenant_id"}}, UpdateAll: true}).Create(&row).Error; err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Entry{Action: audit.ActionPayoutPolicyUpdated, TargetType: "payout_policy",
			TargetID: row.TenantID.String(), Details: audit.Change(before, in)})
	})
	if err != nil {
		return PaymentSettings{}, err
	}
	return in, nil
}

// CommissionRuleInput sets a commission rule; Scope marketplace has no ScopeID.
type CommissionRuleInput struct {
	Scope      string     `json:"scope" enum:"marketplace,category,vendor"`
	ScopeID    *uuid.UUID `json:"scope_id,omitempty" format:"uuid"`
	PercentBps int        `json:"percent_bps" minimum:"0" maximum:"10000"`
	Fixed      int64      `json:"fixed,omitempty" minimum:"0" maximum:"100000000" doc:"Minor units per vendor order"`
	Min        int64      `json:"min,omitempty" minimum:"0" maximum:"100000000"`
	Max        *int64     `json:"max,omitempty" minimum:"0" maximum:"100000000"`
}

// CommissionRules lists the marketplace's rules.
func (s *Service) CommissionRules(ctx context.Context) ([]CommissionRule, error) {
	var rows []ruleRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Order("scope, scope_id").Find(&rows).Error })
	if err != nil {
		return nil, err
	}
	out := make([]CommissionRule, len(rows))
	for i, r := range rows {
		out[i] = r.rule()
	}
	return out, nil
}

// SetCommissionRule creates or replaces the rule of a scope. Rules apply to orders paid after
// the change; paid orders keep the rule snapshotted on their vendor orders.
func (s *Service) SetCommissionRule(ctx context.Context, in CommissionRuleInput) (CommissionRule, error) {
	switch in.Scope {
	case "marketplace":
		if in.ScopeID != nil {
			return CommissionRule{}, errs.Invalid("body.scope_id", "must be absent for the marketplace rule")
		}
	case "category", "vendor":
		if in.ScopeID == nil || *in.ScopeID == uuid.Nil {
			return CommissionRule{}, errs.Invalid("body.scope_id", "is required for category and vendor rules")
		}
	default:
		return CommissionRule{}, errs.Invalid("body.scope", "must be marketplace, category or vendor")
	}
	if in.Max != nil && *in.Max < in.Min {
		return CommissionRule{}, errs.Invalid("body.max", "must be at least min")
	}
	if err := s.checkScope(ctx, in.Scope, in.ScopeID); err != nil {
		return CommissionRule{}, err
	}
	row := ruleRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), Scope: in.Scope, ScopeID: in.ScopeID, PercentBps: in.PercentBps,
		Fixed: in.Fixed, MinAmount: in.Min, MaxAmount: in.Max, UpdatedAt: s.now()}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var before []ruleRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("scope = ? AND scope_id IS NOT DISTINCT FROM ?", row.Scope, row.ScopeID).
			Limit(1).Find(&before).Error; err != nil {
			return err
		}
		// returning: on a conflict the stored rule keeps its own id, which the answer must carry.
		err := tx.Raw(`insert into commission_rules (tenant_id, id, scope, scope_id, percent_bps, fixed, min_amount, max_amount, updated_at)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?)
			on conflict (tenant_id, scope, scope_id) do update set percent_bps = excluded.percent_bps, fixed = excluded.fixed,
			  min_amount = excluded.min_amount, max_amount = excluded.max_amount, updated_at = excluded.updated_at
			returning *`,
			row.TenantID, row.ID, row.Scope, row.ScopeID, row.PercentBps, row.Fixed, row.MinAmount, row.MaxAmount, row.UpdatedAt).Scan(&row).Error
		if err != nil {
			return err
		}
		var old any
		if len(before) == 1 {
			old = before[0].rule()
		}
		return s.record(ctx, tx, audit.Entry{Action: audit.ActionCommissionRuleSet, TargetType: "commission_rule", TargetID: row.ID.String(),
			Details: audit.Change(old, row.rule())})
	})
	if err != nil {
		return CommissionRule{}, err
	}
	return row.rule(), nil
}

// scopeNotYours is the message for a scope_id that is not a vendor or category of the
// operator's own marketplace.
const scopeNotYours = "is not a vendor or category of this marketplace, or is not yours"

// checkScope refuses a rule for another marketplace's vendor or category (or an unknown id),
// as collections refuse others' products: the rule would never apply and would reveal nothing
// but still must not be stored.
func (s *Service) checkScope(ctx context.Context, scope string, id *uuid.UUID) error {
	switch scope {
	case "vendor":
		if _, err := s.d.Vendors.Contact(ctx, *id); err != nil {
			if errors.Is(err, errs.ErrNotFound) {
				return errs.Invalid("body.scope_id", scopeNotYours)
			}
			return fmt.Errorf("check commission scope: %w", err)
		}
	case "category":
		if s.d.Categories == nil {
			return errs.Invalid("body.scope_id", scopeNotYours)
		}
		ok, err := s.d.Categories.CategoryExists(ctx, *id)
		if err != nil {
			return fmt.Errorf("check commission scope: %w", err)
		}
		if !ok {
			return errs.Invalid("body.scope_id", scopeNotYours)
		}
	}
	return nil
}

// DeleteCommissionRule removes a rule.
func (s *Service) DeleteCommissionRule(ctx context.Context, id uuid.UUID) error {
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var old ruleRow
		res := tx.Clauses(clause.Returning{}).Where("id = ?", id).Delete(&old)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrRuleNotFound
		}
		return s.record(ctx, tx, audit.Entry{Action: audit.ActionCommissionRuleDeleted, TargetType: "commission_rule", TargetID: id.String(),
			Details: audit.Change(old.rule(), nil)})
	})
}

// record appends e to the marketplace's audit log inside tx (when an audit log is wired).
func (s *Service) record(ctx context.Context, tx *gorm.DB, e audit.Entry) error {
	if s.d.Audit == nil {
		return nil
	}
	return s.d.Audit.Record(ctx, tx, e)
}
