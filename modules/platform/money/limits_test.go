package money_test

import (
	"errors"
	"math"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/money"
)

func TestCheckedArithmetic_RefusesWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	for _, c := range [][3]int64{{2, 3, 5}, {math.MaxInt64 - 1, 1, math.MaxInt64}, {-5, 3, -2}} {
		if got, ok := money.Add(c[0], c[1]); !ok || got != c[2] {
			t.Errorf("Add(%d, %d) = %d, %v; want %d", c[0], c[1], got, ok, c[2])
		}
	}
	if _, ok := money.Add(math.MaxInt64, 1); ok {
		t.Error("MaxInt64+1 fitted")
	}
	if _, ok := money.Add(math.MinInt64, -1); ok {
		t.Error("MinInt64-1 fitted")
	}
	if _, ok := money.Sum(money.MaxAmount, math.MaxInt64); ok {
		t.Error("Sum overflowed silently")
	}
	if got, ok := money.Mul(money.MaxAmount, money.MaxLineQuantity); !ok || got != 99_900_000_000_000 {
		t.Errorf("Mul(MaxAmount, MaxLineQuantity) = %d, %v", got, ok)
	}
	for _, c := range [][2]int64{{math.MaxInt64, 2}, {math.MinInt64, -1}, {-1, math.MinInt64}, {1 << 32, 1 << 31}} {
		if _, ok := money.Mul(c[0], c[1]); ok {
			t.Errorf("Mul(%d, %d) fitted", c[0], c[1])
		}
	}
	for _, c := range []struct{ amount, bp, want int64 }{
		{1000, 2000, 200}, {5, 1000, 1}, {4, 1000, 0}, {-5, 1000, -1}, {0, 5000, 0},
		{math.MaxInt64, 10_000, math.MaxInt64}, {math.MaxInt64, 5_000, 4611686018427387904},
	} {
		if got, ok := money.BasisPoints(c.amount, c.bp); !ok || got != c.want {
			t.Errorf("BasisPoints(%d, %d) = %d, %v; want %d", c.amount, c.bp, got, ok, c.want)
		}
	}
	if _, ok := money.BasisPoints(math.MaxInt64, 10_001); ok {
		t.Error("a share over int64 fitted")
	}
}

func TestOverflow_IsA422FieldError(t *testing.T) {
	t.Parallel()
	var o money.Overflow
	total := int64(0)
	o.Add(&total, money.MaxAmount)
	if err := o.Err("cart"); err != nil || total != money.MaxAmount {
		t.Fatalf("total %d, err %v", total, err)
	}
	o.Add(&total, math.MaxInt64)
	err := o.Err("cart")
	var fe *errs.FieldError
	if !errors.Is(err, errs.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "cart" {
		t.Fatalf("err %v, want an invalid-input error on cart", err)
	}
	if total < 0 {
		t.Fatalf("total wrapped to %d", total)
	}
}
