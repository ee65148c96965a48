package payments

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/money"
)

// commissionSnapshot records how a vendor order's commission was computed.
type commissionSnapshot struct {
	Source     string           `json:"source"`
	Base       int64            `json:"base"`
	Rules      []CommissionRule `json:"rules"`
	Percentage int64            `json:"percentage_part"`
	Fixed      int64            `json:"fixed_part"`
	Clamped    int64            `json:"commission"`
}

// ruleSet is a marketplace's rules indexed for lookup.
type ruleSet struct {
	marketplace *ruleRow
	vendor      map[uuid.UUID]ruleRow
	category    map[uuid.UUID]ruleRow
}

func newRuleSet(rows []ruleRow) ruleSet {
	rs := ruleSet{vendor: map[uuid.UUID]ruleRow{}, category: map[uuid.UUID]ruleRow{}}
	for i, r := range rows {
		switch r.Scope {
		case "marketplace":
			rs.marketplace = &rows[i]
		case "vendor":
			rs.vendor[*r.ScopeID] = r
		case "category":
			rs.category[*r.ScopeID] = r
		}
	}
	return rs
}

// percentOf rounds half up: amount × bps / 10000, exact for any amount (a vendor subtotal of
// a million major units times 10000 bps would overflow a plain int64 product). bps is at most
// 10000, so the share never exceeds amount and always fits.
func percentOf(amount int64, bps int) int64 {
	share, _ := money.BasisPoints(amount, int64(bps))
	return share
}

func clamp(c int64, r *ruleRow) int64 {
	if r == nil {
		return c
	}
	if c < r.MinAmount {
		c = r.MinAmount
	}
	if r.MaxAmount != nil && c > *r.MaxAmount {
		c = *r.MaxAmount
	}
	return c
}

// commission computes a vendor order's commission on its subtotal. A vendor rule, when set,
// applies to the whole vendor order. Otherwise each line takes its category's percentage (or
// the marketplace's), and the marketplace rule adds its fixed part and clamps to min/max. The
// result never exceeds what the buyer paid for the vendor order.
func (rs ruleSet) commission(vo PaymentVendorOrder, categories map[uuid.UUID]uuid.UUID) (int64, json.RawMessage) {
	snap := commissionSnapshot{Base: vo.Subtotal, Rules: []CommissionRule{}}
	var c int64
	if r, ok := rs.vendor[vo.VendorID]; ok {
		snap.Source = "vendor"
		snap.Rules = append(snap.Rules, r.rule())
		snap.Percentage = percentOf(vo.Subtotal, r.PercentBps)
		snap.Fixed = r.Fixed
		c = clamp(snap.Percentage+snap.Fixed, &r)
	} else {
		snap.Source = "marketplace"
		used := map[uuid.UUID]bool{}
		covered := int64(0)
		for _, l := range vo.Lines {
			cat, ok := categories[l.ProductID]
			r, has := rs.category[cat]
			if !ok || !has {
				continue
			}
			snap.Percentage += percentOf(l.Subtotal, r.PercentBps)
			covered += l.Subtotal
			if !used[r.ID] {
				used[r.ID] = true
				snap.Rules = append(snap.Rules, r.rule())
				snap.Source = "marketplace+category"
			}
		}
		if m := rs.marketplace; m != nil {
			snap.Rules = append(snap.Rules, m.rule())
			snap.Percentage += percentOf(vo.Subtotal-covered, m.PercentBps)
			snap.Fixed = m.Fixed
		}
		c = clamp(snap.Percentage+snap.Fixed, rs.marketplace)
	}
	if c > vo.Total {
		c = vo.Total
	}
	if c < 0 {
		c = 0
	}
	snap.Clamped = c
	b, _ := json.Marshal(snap)
	return c, b
}
