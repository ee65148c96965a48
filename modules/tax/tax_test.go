package tax

import "testing"

func TestLineTax_HalfUpPerLine(t *testing.T) {
	cases := []struct {
		amount    int64
		bp        int
		inclusive bool
		want      int64
	}{
		{1000, 2000, false, 200},
		{1000, 2000, true, 167}, // 1000 × 2000 / 12000 = 166.67
		{25, 2000, false, 5},    // 5.0
		{1, 5000, false, 1},     // 0.5 rounds up
		{3, 1650, false, 0},     // 0.495 rounds down
		{333, 1960, false, 65},  // 65.268
		{1099, 550, true, 57},   // 57.29
		{0, 2000, false, 0},
		{1000, 0, false, 0},
		{9_000_000_000_000_000, 10000, false, 9_000_000_000_000_000}, // no overflow
	}
	for _, c := range cases {
		if got := LineTax(c.amount, c.bp, c.inclusive); got != c.want {
			t.Errorf("LineTax(%d, %d, %v) = %d, want %d", c.amount, c.bp, c.inclusive, got, c.want)
		}
	}
}

func TestApply_ShippingOnlyWhenTheRateSaysSo(t *testing.T) {
	r := Apply(TaxRate{RateBP: 1000, AppliesToShipping: false}, []Line{{Amount: 1000}, {Amount: 500, Shipping: true}})
	if r.Lines[0] != 100 || r.Lines[1] != 0 || r.Total != 100 {
		t.Fatalf("%+v", r)
	}
}
