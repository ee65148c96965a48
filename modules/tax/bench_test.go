package tax

import "testing"

// BenchmarkApply measures the tax of a 3-line, 2-vendor cart with shipping: the per-checkout
// money arithmetic (half-up rounding in big integers, so no amount overflows).
func BenchmarkApply(b *testing.B) {
	rate := TaxRate{RateBP: 725, AppliesToShipping: true, Name: "Sales tax"}
	lines := []Line{{Amount: 12900}, {Amount: 4599}, {Amount: 999}, {Amount: 499, Shipping: true}, {Amount: 1499, Shipping: true}}
	b.ReportAllocs()
	for b.Loop() {
		res := Apply(rate, lines)
		if res.Total != 1485 {
			b.Fatalf("total tax %d, want 1485", res.Total)
		}
	}
}
