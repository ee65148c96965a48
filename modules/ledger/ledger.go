package ledger

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Account codes.
const (
	PlatformCash      = "platform_cash"
	CommissionRevenue = "commission_revenue"
	SellerPayable     = "seller_payable"
	BuyerRefunds      = "buyer_refunds"
	StripeFees        = "stripe_fees"
	SellerDebt        = "seller_debt"
)

// perVendor says which accounts exist once per seller.
var perVendor = map[string]bool{SellerPayable: true, SellerDebt: true}

var known = map[string]bool{PlatformCash: true, CommissionRevenue: true, SellerPayable: true, BuyerRefunds: true, StripeFees: true, SellerDebt: true}

// Line is one side of an entry: exactly one of Debit and Credit is positive.
type Line struct {
	Account string
	// VendorID names the seller of seller_payable and seller_debt lines.
	VendorID uuid.UUID
	Debit    int64
	Credit   int64
	Currency string
}

// Entry is one balanced movement of money.
type Entry struct {
	// Key makes posting idempotent: the effect's natural id, such as "paid:<order id>:<vendor order id>".
	Key           string
	Kind          string
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	VendorID      uuid.UUID
	Memo          string
	Lines         []Line
}

// Dr and Cr build lines.
func Dr(account string, vendorID uuid.UUID, amount int64, currency string) Line {
	return Line{Account: account, VendorID: vendorID, Debit: amount, Currency: currency}
}

// Cr builds a credit line.
func Cr(account string, vendorID uuid.UUID, amount int64, currency string) Line {
	return Line{Account: account, VendorID: vendorID, Credit: amount, Currency: currency}
}

// Errors of this package.
var (
	ErrUnbalanced  = fmt.Errorf("ledger: entry is not balanced: %w", errs.ErrInvalid)
	ErrBadLine     = fmt.Errorf("ledger: bad line: %w", errs.ErrInvalid)
	ErrEmptyEntry  = fmt.Errorf("ledger: entry has no lines: %w", errs.ErrInvalid)
	ErrKeyConflict = fmt.Errorf("ledger: entry key already used by a different entry: %w", errs.ErrConflict)
	errNoTenant    = fmt.Errorf("ledger: no marketplace in scope: %w", errs.ErrInvalid)
)

type accountRow struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	Code      string
	VendorID  *uuid.UUID
	Currency  string
	CreatedAt time.Time
}

func (accountRow) TableName() string { return "ledger_accounts" }

type entryRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	Key           string
	Kind          string
	OrderID       *uuid.UUID
	VendorOrderID *uuid.UUID
	VendorID      *uuid.UUID
	Memo          string
	CreatedAt     time.Time
}

func (entryRow) TableName() string { return "ledger_entries" }

type lineRow struct {
	TenantID  uuid.UUID
	EntryID   uuid.UUID
	LineNo    int
	AccountID uuid.UUID
	Debit     int64
	Credit    int64
	Currency  string
}

func (lineRow) TableName() string { return "ledger_lines" }

func optID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// Validate checks an entry without writing it.
func Validate(e Entry) error {
	if e.Key == "" || len(e.Key) > 200 || e.Kind == "" {
		return fmt.Errorf("%w: key and kind are required", ErrBadLine)
	}
	if len(e.Lines) == 0 {
		return ErrEmptyEntry
	}
	sums := map[string]int64{}
	for i, l := range e.Lines {
		if !known[l.Account] {
			return fmt.Errorf("%w: line %d: unknown account %q", ErrBadLine, i, l.Account)
		}
		if perVendor[l.Account] != (l.VendorID != uuid.Nil) {
			return fmt.Errorf("%w: line %d: %s needs a vendor exactly when it is a seller account", ErrBadLine, i, l.Account)
		}
		if l.Debit < 0 || l.Credit < 0 || (l.Debit == 0) == (l.Credit == 0) {
			return fmt.Errorf("%w: line %d: exactly one of debit and credit must be positive", ErrBadLine, i)
		}
		if len(l.Currency) != 3 {
			return fmt.Errorf("%w: line %d: currency", ErrBadLine, i)
		}
		sums[l.Currency] += l.Debit - l.Credit
	}
	for cur, d := range sums {
		if d != 0 {
			return fmt.Errorf("%w: %s debits - credits = %d", ErrUnbalanced, cur, d)
		}
	}
	return nil
}

// Compact drops zero lines (so callers can build entries with optional parts) and returns nil
// lines when nothing is left.
func Compact(lines ...Line) []Line {
	out := lines[:0:0]
	for _, l := range lines {
		if l.Debit == 0 && l.Credit == 0 {
			continue
		}
		if l.Debit < 0 {
			l.Credit, l.Debit = -l.Debit, 0
		} else if l.Credit < 0 {
			l.Debit, l.Credit = -l.Credit, 0
		}
		out = append(out, l)
	}
	return out
}

// Post records e inside tx, a tenants.Registry.Tx transaction. It returns posted=false when an
// entry with the same key already exists (nothing is written); an unbalanced entry is refused.
func Post(ctx context.Context, tx *gorm.DB, e Entry) (posted bool, err error) {
	if err := Validate(e); err != nil {
		return false, err
	}
	tenantID := tenants.IDFromContext(ctx)
	if tenantID == uuid.Nil {
		return false, errNoTenant
	}
	row := entryRow{TenantID: tenantID, ID: ids.New(), Key: e.Key, Kind: e.Kind, OrderID: optID(e.OrderID),
		VendorOrderID: optID(e.VendorOrderID), VendorID: optID(e.VendorID), Memo: e.Memo, CreatedAt: time.Now().UTC()}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("ledger: insert entry %s: %w", e.Key, res.Error)
	}
	if res.RowsAffected == 0 {
		return false, nil
	}
	lines := make([]lineRow, len(e.Lines))
	for i, l := range e.Lines {
		acct, err := account(tx, tenantID, l.Account, l.VendorID, l.Currency)
		if err != nil {
			return false, err
		}
		lines[i] = lineRow{TenantID: tenantID, EntryID: row.ID, LineNo: i + 1, AccountID: acct, Debit: l.Debit, Credit: l.Credit, Currency: l.Currency}
	}
	if err := tx.Create(&lines).Error; err != nil {
		return false, fmt.Errorf("ledger: insert lines of %s: %w", e.Key, err)
	}
	return true, nil
}

// account returns the id of an account, creating it on first use.
func account(tx *gorm.DB, tenantID uuid.UUID, code string, vendorID uuid.UUID, currency string) (uuid.UUID, error) {
	var got struct{ ID uuid.UUID }
	err := tx.Raw(`insert into ledger_accounts (tenant_id, id, code, vendor_id, currency) values (?, ?, ?, ?, ?)
		on conflict (tenant_id, code, vendor_id, currency) do nothing returning id`, tenantID, ids.New(), code, optID(vendorID), currency).Scan(&got).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("ledger: account %s: %w", code, err)
	}
	if got.ID != uuid.Nil {
		return got.ID, nil
	}
	q := tx.Model(&accountRow{}).Where("code = ? AND currency = ?", code, currency)
	if vendorID == uuid.Nil {
		q = q.Where("vendor_id IS NULL")
	} else {
		q = q.Where("vendor_id = ?", vendorID)
	}
	var row accountRow
	if err := q.Take(&row).Error; err != nil {
		return uuid.Nil, errors.Join(fmt.Errorf("ledger: account %s not found", code), err)
	}
	return row.ID, nil
}

// Balance is the sum of one account's lines: Debit - Credit (positive for assets and expenses
// in the normal case, negative for liabilities and revenue).
type Balance struct {
	Account  string    `json:"account"`
	VendorID uuid.UUID `json:"vendor_id,omitempty"`
	Currency string    `json:"currency"`
	Debit    int64     `json:"debit"`
	Credit   int64     `json:"credit"`
	Net      int64     `json:"net" doc:"debit - credit"`
}

// Balances returns every account's balance in tx's marketplace; vendorID, when set, keeps only
// that seller's accounts.
func Balances(tx *gorm.DB, vendorID uuid.UUID) ([]Balance, error) {
	type row struct {
		Code     string
		VendorID *uuid.UUID
		Currency string
		Debit    int64
		Credit   int64
	}
	q := tx.Table("ledger_lines l").Select("a.code, a.vendor_id, a.currency, coalesce(sum(l.debit),0) as debit, coalesce(sum(l.credit),0) as credit").
		Joins("join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id").Group("a.code, a.vendor_id, a.currency")
	if vendorID != uuid.Nil {
		q = q.Where("a.vendor_id = ?", vendorID)
	}
	var rows []row
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("ledger: balances: %w", err)
	}
	out := make([]Balance, len(rows))
	for i, r := range rows {
		b := Balance{Account: r.Code, Currency: r.Currency, Debit: r.Debit, Credit: r.Credit, Net: r.Debit - r.Credit}
		if r.VendorID != nil {
			b.VendorID = *r.VendorID
		}
		out[i] = b
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		if out[i].Currency != out[j].Currency {
			return out[i].Currency < out[j].Currency
		}
		return out[i].VendorID.String() < out[j].VendorID.String()
	})
	return out, nil
}

// AccountBalance is Debit - Credit of one account.
func AccountBalance(tx *gorm.DB, code string, vendorID uuid.UUID, currency string) (int64, error) {
	var n int64
	q := tx.Table("ledger_lines l").Select("coalesce(sum(l.debit - l.credit), 0)").
		Joins("join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id").
		Where("a.code = ? AND a.currency = ?", code, currency)
	if vendorID == uuid.Nil {
		q = q.Where("a.vendor_id IS NULL")
	} else {
		q = q.Where("a.vendor_id = ?", vendorID)
	}
	if err := q.Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("ledger: balance of %s: %w", code, err)
	}
	return n, nil
}

// TrialBalance returns, per currency, Σ debits - Σ credits over the whole book: always zero.
func TrialBalance(tx *gorm.DB) (map[string]int64, error) {
	type row struct {
		Currency string
		Diff     int64
	}
	var rows []row
	if err := tx.Table("ledger_lines").Select("currency, sum(debit) - sum(credit) as diff").Group("currency").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("ledger: trial balance: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Currency] = r.Diff
	}
	return out, nil
}

// EntryLine is a line of a seller's statement.
type EntryLine struct {
	EntryKey      string    `json:"entry_key"`
	Kind          string    `json:"kind"`
	OrderID       uuid.UUID `json:"order_id"`
	VendorOrderID uuid.UUID `json:"vendor_order_id"`
	Memo          string    `json:"memo"`
	Account       string    `json:"account"`
	Currency      string    `json:"currency"`
	Debit         int64     `json:"debit"`
	Credit        int64     `json:"credit"`
	At            time.Time `json:"at"`
}

// VendorStatement returns the lines of a seller's accounts, oldest first.
func VendorStatement(tx *gorm.DB, vendorID uuid.UUID, from, to time.Time) ([]EntryLine, error) {
	type row struct {
		Key           string
		Kind          string
		OrderID       *uuid.UUID
		VendorOrderID *uuid.UUID
		Memo          string
		Code          string
		Currency      string
		Debit         int64
		Credit        int64
		CreatedAt     time.Time
	}
	var rows []row
	err := tx.Table("ledger_lines l").
		Select("e.key, e.kind, e.order_id, e.vendor_order_id, e.memo, a.code, l.currency, l.debit, l.credit, e.created_at").
		Joins("join ledger_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id").
		Joins("join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id").
		Where("a.vendor_id = ? AND e.created_at >= ? AND e.created_at < ?", vendorID, from, to).
		Order("e.created_at, e.id, l.line_no").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("ledger: statement: %w", err)
	}
	out := make([]EntryLine, len(rows))
	for i, r := range rows {
		out[i] = EntryLine{EntryKey: r.Key, Kind: r.Kind, Memo: r.Memo, Account: r.Code, Currency: r.Currency, Debit: r.Debit, Credit: r.Credit, At: r.CreatedAt}
		if r.OrderID != nil {
			out[i].OrderID = *r.OrderID
		}
		if r.VendorOrderID != nil {
			out[i].VendorOrderID = *r.VendorOrderID
		}
	}
	return out, nil
}
