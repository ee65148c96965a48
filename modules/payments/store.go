package payments

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

type settingsRow struct {
	TenantID         uuid.UUID
	TransferPolicy   string
	RefundCommission bool
	UpdatedAt        time.Time
}

func (settingsRow) TableName() string { return "payment_settings" }

type ruleRow struct {
	TenantID   uuid.UUID
	ID         uuid.UUID
	Scope      string
	ScopeID    *uuid.UUID
	PercentBps int
	Fixed      int64
	MinAmount  int64
	MaxAmount  *int64
	UpdatedAt  time.Time
}

func (ruleRow) TableName() string { return "commission_rules" }

func (r ruleRow) rule() CommissionRule {
	return CommissionRule{ID: r.ID, Scope: r.Scope, ScopeID: r.ScopeID, PercentBps: r.PercentBps, Fixed: r.Fixed, Min: r.MinAmount, Max: r.MaxAmount, UpdatedAt: r.UpdatedAt}
}

type accountRow struct {
	TenantID         uuid.UUID
	VendorID         uuid.UUID
	AccountID        string
	Livemode         bool
	ChargesEnabled   bool
	PayoutsEnabled   bool
	DetailsSubmitted bool
	CurrentlyDue     string
	DisabledReason   string
	Deauthorized     bool
	LastPayoutStatus string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (accountRow) TableName() string { return "stripe_accounts" }

func (r accountRow) status() PayoutAccount {
	s := PayoutAccount{VendorID: r.VendorID, Connected: r.AccountID != "" && !r.Deauthorized, AccountID: r.AccountID, ChargesEnabled: r.ChargesEnabled,
		PayoutsEnabled: r.PayoutsEnabled, DetailsSubmitted: r.DetailsSubmitted, DisabledReason: r.DisabledReason, Deauthorized: r.Deauthorized,
		LastPayoutStatus: r.LastPayoutStatus, UpdatedAt: r.UpdatedAt, CurrentlyDue: []string{}}
	_ = json.Unmarshal([]byte(r.CurrentlyDue), &s.CurrentlyDue)
	s.Ready = s.Connected && s.ChargesEnabled && s.PayoutsEnabled && s.DetailsSubmitted && len(s.CurrentlyDue) == 0
	return s
}

type intentRow struct {
	TenantID  uuid.UUID
	OrderID   uuid.UUID
	IntentID  string
	Amount    int64
	Currency  string
	Status    string
	ChargeID  string
	Fee       int64
	Livemode  bool
	PaidAt    *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (intentRow) TableName() string { return "stripe_payment_intents" }

type splitRow struct {
	TenantID           uuid.UUID
	VendorOrderID      uuid.UUID
	OrderID            uuid.UUID
	VendorID           uuid.UUID
	Provider           string
	Currency           string
	Subtotal           int64
	Shipping           int64
	Tax                int64
	Gross              int64
	Commission         int64
	Rule               string
	Net                int64
	TransferStatus     string
	TransferID         string
	Transferred        int64
	DebtNetted         int64
	Refunded           int64
	CommissionRefunded int64
	Reversed           int64
	TransferredAt      *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (splitRow) TableName() string { return "payment_splits" }

func (r splitRow) split() PayoutSplit {
	return PayoutSplit{VendorOrderID: r.VendorOrderID, OrderID: r.OrderID, VendorID: r.VendorID, Provider: r.Provider, Currency: r.Currency,
		Subtotal: r.Subtotal, Shipping: r.Shipping, Tax: r.Tax, Gross: r.Gross, Commission: r.Commission, Net: r.Net, Refunded: r.Refunded,
		CommissionRefunded: r.CommissionRefunded, Rule: json.RawMessage(r.Rule), TransferStatus: r.TransferStatus, TransferID: r.TransferID,
		Transferred: r.Transferred, DebtNetted: r.DebtNetted, Reversed: r.Reversed, TransferredAt: r.TransferredAt, CreatedAt: r.CreatedAt}
}

// sellerRefunded is the part of the refunds this seller bore.
func (r splitRow) sellerRefunded() int64 { return r.Refunded - r.CommissionRefunded }

type refundRow struct {
	TenantID       uuid.UUID
	Key            string
	OrderID        uuid.UUID
	VendorOrderID  uuid.UUID
	Provider       string
	Currency       string
	Amount         int64
	SellerPart     int64
	CommissionPart int64
	RefundID       string
	ReversalID     string
	Reversed       int64
	Debt           int64
	CreatedAt      time.Time
}

func (refundRow) TableName() string { return "payment_refunds" }

type disputeRow struct {
	TenantID  uuid.UUID
	DisputeID string
	OrderID   uuid.UUID
	ChargeID  string
	Amount    int64
	Currency  string
	Status    string
	Reason    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (disputeRow) TableName() string { return "payment_disputes" }

type eventRow struct {
	TenantID    uuid.UUID
	ID          string
	Type        string
	ObjectID    string
	Account     string
	Livemode    bool
	Created     time.Time
	ReceivedAt  time.Time
	ProcessedAt *time.Time
	Result      string
}

func (eventRow) TableName() string { return "stripe_events" }

type issueRow struct {
	TenantID   uuid.UUID
	ID         uuid.UUID
	RunID      uuid.UUID
	Kind       string
	ObjectID   string
	Expected   int64
	Actual     int64
	Detail     string
	DetectedAt time.Time
}

func (issueRow) TableName() string { return "reconciliation_issues" }

type runRow struct {
	TenantID   uuid.UUID
	ID         uuid.UUID
	StartedAt  time.Time
	FinishedAt time.Time
	Checked    int
	Mismatches int
}

func (runRow) TableName() string { return "reconciliation_runs" }
