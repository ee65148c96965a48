package money

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Bounds on what a client may send. Each is far above anything a real marketplace sees and far
// enough below 2^63 that sums of many of them cannot wrap: MaxLineQuantity × MaxAmount is
// about 1e14, a cart of a thousand such lines 1e17, still under 9.2e18. Huma input structs
// carry the same numbers as minimum/maximum tags (tags cannot name constants), so the API
// refuses anything larger with 422 before any code runs.
const (
	// MaxAmount is the largest amount in minor units: a price, a rate, a fee, a refund
	// (1e9 major units: a billion dollars in cents).
	MaxAmount int64 = 100_000_000_000
	// MaxQuantity is the largest stock level or stock adjustment.
	MaxQuantity int64 = 1_000_000_000
	// MaxLineQuantity is the largest quantity of one cart or order line.
	MaxLineQuantity = 999
	// MaxWeightGrams is the largest weight of one item or one shipping band (ten tonnes).
	MaxWeightGrams = 10_000_000
	// MaxBasisPoints is 100%.
	MaxBasisPoints = 10_000
)

// ErrOverflow is a total too large to compute exactly. It is an invalid-input error: totals
// only grow past int64 from what clients sent, so it answers 422, never 500 or a wrapped,
// negative total.
var ErrOverflow = fmt.Errorf("total too large to compute: %w", errs.ErrInvalid)

// Add is a+b, ok=false when the sum does not fit an int64.
func Add(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}

// Sum adds every value, ok=false on overflow.
func Sum(values ...int64) (int64, bool) {
	var total int64
	for _, v := range values {
		var ok bool
		if total, ok = Add(total, v); !ok {
			return 0, false
		}
	}
	return total, true
}

// Mul is a×b, ok=false when the product does not fit an int64.
func Mul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// BasisPoints is the share bp/10000 of amount, rounded half up (half away from zero for a
// negative amount), as tax and commission are computed; ok=false when it does not fit. It
// multiplies in 128 bits, so any amount and any bp within int64 is exact.
func BasisPoints(amount, bp int64) (int64, bool) {
	if amount == 0 || bp == 0 {
		return 0, true
	}
	neg := (amount < 0) != (bp < 0)
	ua, ub := abs(amount), abs(bp)
	hi, lo := bits.Mul64(ua, ub)
	lo, carry := bits.Add64(lo, 5_000, 0)
	hi += carry
	if hi >= 10_000 {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, 10_000)
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Checked turns an ok=false from Add, Sum, Mul or BasisPoints into ErrOverflow naming field
// (the input that made the total too large), so the client gets a 422 problem.
func Checked(field string, v int64, ok bool) (int64, error) {
	if !ok {
		return 0, errs.Invalid(field, "makes a total too large to compute")
	}
	return v, nil
}

// Overflow computes a set of totals and remembers whether any step overflowed, so code adding
// many amounts reads as plain arithmetic and checks once: add with o.Add(&total, amount),
// multiply with o.Mul, then return o.Err(field). After an overflow the totals are meaningless
// (they stop growing) and must not be shown.
type Overflow struct{ happened bool }

// Add adds v to *total.
func (o *Overflow) Add(total *int64, v int64) {
	s, ok := Add(*total, v)
	if !ok {
		o.happened = true
		return
	}
	*total = s
}

// Mul is a×b (0 after an overflow).
func (o *Overflow) Mul(a, b int64) int64 {
	p, ok := Mul(a, b)
	if !ok {
		o.happened = true
	}
	return p
}

// Err is nil when every step fitted, else a 422 field error naming field.
func (o *Overflow) Err(field string) error {
	_, err := Checked(field, 0, !o.happened)
	return err
}
