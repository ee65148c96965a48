package tax

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// TaxRate is one tax rate of the marketplace.
type TaxRate struct {
	ID                uuid.UUID `json:"id"`
	Country           string    `json:"country" example:"FR"`
	Region            string    `json:"region" doc:"Empty for the whole country"`
	Name              string    `json:"name" example:"TVA"`
	RateBP            int       `json:"rate_bp" doc:"Basis points: 2000 = 20%"`
	Inclusive         bool      `json:"inclusive" doc:"Catalog prices already include this tax"`
	AppliesToShipping bool      `json:"applies_to_shipping"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// TaxRateInput creates or replaces a rate.
type TaxRateInput struct {
	Country           string `json:"country" pattern:"^[A-Z]{2}$" example:"FR"`
	Region            string `json:"region,omitempty" maxLength:"100"`
	Name              string `json:"name" minLength:"1" maxLength:"100"`
	RateBP            int    `json:"rate_bp" minimum:"0" maximum:"10000"`
	Inclusive         bool   `json:"inclusive,omitempty"`
	AppliesToShipping *bool  `json:"applies_to_shipping,omitempty"`
}

// Destination is where goods are delivered, as far as tax cares.
type Destination struct {
	Country string
	Region  string
}

// Line is one taxable amount (a cart line or a vendor's shipping) in minor units.
type Line struct {
	Amount   int64
	Shipping bool
}

// Result is the tax of each line (same order as the input) and whether prices include it.
type Result struct {
	Lines     []int64
	Total     int64
	Inclusive bool
	RateBP    int
	Name      string
}

// Calculator computes tax for lines delivered to a destination.
type Calculator interface {
	Calculate(ctx context.Context, dest Destination, lines []Line) (Result, error)
}

// Errors of this package.
var (
	ErrRateNotFound = fmt.Errorf("tax rate: %w", errs.ErrNotFound)
	ErrRateExists   = fmt.Errorf("%w: a rate for this country and region exists", errs.ErrConflict)
)

// Service manages rates and is the default Calculator.
type Service struct {
	tenants *tenants.Registry
	audit   *audit.Log
}

// NewService returns the tax service. Changes of rates are recorded in log (nil records
// nothing: tools and tests).
func NewService(reg *tenants.Registry, log *audit.Log) *Service {
	return &Service{tenants: reg, audit: log}
}

// record appends a rate change to the audit log inside tx.
func (s *Service) record(ctx context.Context, tx *gorm.DB, action string, id uuid.UUID, before, after *TaxRate) error {
	if s.audit == nil {
		return nil
	}
	var b, a any
	if before != nil {
		b = before
	}
	if after != nil {
		a = after
	}
	return s.audit.Record(ctx, tx, audit.Entry{Action: action, TargetType: "tax_rate", TargetID: id.String(), Details: audit.Change(b, a)})
}

type rateRow struct {
	TenantID          uuid.UUID
	ID                uuid.UUID
	Country           string
	Region            string
	Name              string
	RateBP            int `gorm:"column:rate_bp"`
	Inclusive         bool
	AppliesToShipping bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (rateRow) TableName() string { return "tax_rates" }

func (r rateRow) rate() TaxRate {
	return TaxRate{ID: r.ID, Country: r.Country, Region: r.Region, Name: r.Name, RateBP: r.RateBP,
		Inclusive: r.Inclusive, AppliesToShipping: r.AppliesToShipping, UpdatedAt: r.UpdatedAt}
}

// Rates lists the marketplace's rates.
func (s *Service) Rates(ctx context.Context) ([]TaxRate, error) {
	var rows []rateRow
	if err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Order("country, region").Find(&rows).Error
	}); err != nil {
		return nil, fmt.Errorf("list tax rates: %w", err)
	}
	out := make([]TaxRate, len(rows))
	for i, r := range rows {
		out[i] = r.rate()
	}
	return out, nil
}

func normaliseInput(in TaxRateInput) (TaxRateInput, bool, error) {
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Region = strings.TrimSpace(in.Region)
	in.Name = strings.TrimSpace(in.Name)
	if len(in.Country) != 2 {
		return in, false, errs.Invalid("body.country", "must be an ISO 3166-1 alpha-2 code")
	}
	if in.Name == "" {
		return in, false, errs.Invalid("body.name", "is required")
	}
	if in.RateBP < 0 || in.RateBP > 10000 {
		return in, false, errs.Invalid("body.rate_bp", "must be 0 to 10000")
	}
	ship := true
	if in.AppliesToShipping != nil {
		ship = *in.AppliesToShipping
	}
	return in, ship, nil
}

// SaveRate creates a rate (id nil) or replaces rate id.
func (s *Service) SaveRate(ctx context.Context, id uuid.UUID, in TaxRateInput) (TaxRate, error) {
	in, ship, err := normaliseInput(in)
	if err != nil {
		return TaxRate{}, err
	}
	row := rateRow{ID: id, Country: in.Country, Region: in.Region, Name: in.Name, RateBP: in.RateBP,
		Inclusive: in.Inclusive, AppliesToShipping: ship, UpdatedAt: time.Now()}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		row.TenantID = tenants.IDFromContext(ctx)
		if id == uuid.Nil {
			row.ID = ids.New()
			row.CreatedAt = row.UpdatedAt
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			after := row.rate()
			return s.record(ctx, tx, audit.ActionTaxRateCreated, row.ID, nil, &after)
		}
		var old rateRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&old).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrRateNotFound
			}
			return err
		}
		res := tx.Model(&rateRow{}).Where("id = ?", id).Updates(map[string]any{
			"country": row.Country, "region": row.Region, "name": row.Name, "rate_bp": row.RateBP,
			"inclusive": row.Inclusive, "applies_to_shipping": row.AppliesToShipping, "updated_at": row.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrRateNotFound
		}
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		before, after := old.rate(), row.rate()
		return s.record(ctx, tx, audit.ActionTaxRateUpdated, id, &before, &after)
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return TaxRate{}, ErrRateExists
	}
	if err != nil {
		return TaxRate{}, fmt.Errorf("save tax rate: %w", err)
	}
	return row.rate(), nil
}

// DeleteRate removes a rate.
func (s *Service) DeleteRate(ctx context.Context, id uuid.UUID) error {
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var old rateRow
		res := tx.Clauses(clause.Returning{}).Where("id = ?", id).Delete(&old)
		if res.Error != nil {
			return fmt.Errorf("delete tax rate: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrRateNotFound
		}
		before := old.rate()
		return s.record(ctx, tx, audit.ActionTaxRateDeleted, id, &before, nil)
	})
}

// RateFor returns the rate that applies at dest (region rate over country rate); ok is false
// when none does (no tax).
func (s *Service) RateFor(ctx context.Context, dest Destination) (TaxRate, bool, error) {
	var (
		r  TaxRate
		ok bool
	)
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		r, ok, err = rateIn(tx, dest)
		return err
	})
	return r, ok, err
}

func rateIn(tx *gorm.DB, dest Destination) (TaxRate, bool, error) {
	var rows []rateRow
	err := tx.Where("country = ? AND (region = '' OR lower(region) = lower(?))", strings.ToUpper(dest.Country), dest.Region).
		Order("region DESC").Limit(1).Find(&rows).Error
	if err != nil {
		return TaxRate{}, false, fmt.Errorf("find tax rate: %w", err)
	}
	if len(rows) == 0 {
		return TaxRate{}, false, nil
	}
	return rows[0].rate(), true, nil
}

// Calculate implements Calculator with the marketplace's own rates.
func (s *Service) Calculate(ctx context.Context, dest Destination, lines []Line) (Result, error) {
	rate, ok, err := s.RateFor(ctx, dest)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{Lines: make([]int64, len(lines))}, nil
	}
	return Apply(rate, lines), nil
}

// CalculateIn is Calculate inside the caller's transaction (checkout); see TxCalculator.
func (s *Service) CalculateIn(tx *gorm.DB, dest Destination, lines []Line) (Result, error) {
	rate, ok, err := rateIn(tx, dest)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{Lines: make([]int64, len(lines))}, nil
	}
	return Apply(rate, lines), nil
}

// TxCalculator is a Calculator that can also compute inside a database transaction, saving a
// round trip to checkout. External tax services implement only Calculator.
type TxCalculator interface {
	CalculateIn(tx *gorm.DB, dest Destination, lines []Line) (Result, error)
}

// Apply computes the tax of lines at rate, per line, rounded half up.
func Apply(rate TaxRate, lines []Line) Result {
	res := Result{Lines: make([]int64, len(lines)), Inclusive: rate.Inclusive, RateBP: rate.RateBP, Name: rate.Name}
	for i, l := range lines {
		if l.Shipping && !rate.AppliesToShipping {
			continue
		}
		res.Lines[i] = LineTax(l.Amount, rate.RateBP, rate.Inclusive)
		res.Total += res.Lines[i]
	}
	return res
}

// LineTax is the tax of amount (minor units, ≥ 0) at bp basis points, rounded half up. It uses
// big integers so no amount can overflow.
func LineTax(amount int64, bp int, inclusive bool) int64 {
	if amount <= 0 || bp <= 0 {
		return 0
	}
	num := new(big.Int).Mul(big.NewInt(amount), big.NewInt(int64(bp)))
	den := big.NewInt(10000)
	if inclusive {
		den = big.NewInt(int64(10000 + bp))
	}
	// round half up: floor((2·num + den) / (2·den))
	num.Mul(num, big.NewInt(2)).Add(num, den)
	den.Mul(den, big.NewInt(2))
	return num.Quo(num, den).Int64()
}
