package money_test

import (
	"testing"

	"github.com/openmarket/marketplace/modules/platform/money"
)

func TestDecimal_WritesAndReadsWithoutRounding(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		minor    int64
		currency string
		text     string
	}{
		{0, "USD", "0.00"}, {5, "USD", "0.05"}, {1250, "USD", "12.50"}, {129900, "eur", "1299.00"},
		{500, "JPY", "500"}, {1250, "KWD", "1.250"}, {100_000_000_000, "USD", "1000000000.00"},
	} {
		if got := money.Decimal(c.minor, c.currency); got != c.text {
			t.Errorf("Decimal(%d, %s) = %q, want %q", c.minor, c.currency, got, c.text)
		}
		if got, err := money.ParseDecimal(c.text, c.currency); err != nil || got != c.minor {
			t.Errorf("ParseDecimal(%q, %s) = %d, %v; want %d", c.text, c.currency, got, err, c.minor)
		}
	}
	for text, want := range map[string]int64{"12": 1200, "12.5": 1250, "007.10": 710, "0": 0} {
		if got, err := money.ParseDecimal(text, "USD"); err != nil || got != want {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
	for _, bad := range []string{"12.345", "-1", "+1", "1,299.00", "1e3", "12.", ".5", "", "abc", "12.5.1", "9999999999999999"} {
		if got, err := money.ParseDecimal(bad, "USD"); err == nil {
			t.Errorf("ParseDecimal(%q) = %d, want an error", bad, got)
		}
	}
	if _, err := money.ParseDecimal("12.5", "JPY"); err == nil {
		t.Error("a fraction of a yen was accepted")
	}
}

func TestFormat_NamesTheCurrencyWithItsDecimals(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		minor    int64
		currency string
		want     string
	}{{129900, "USD", "1299.00 USD"}, {500, "JPY", "500 JPY"}, {-1250, "kwd", "-1.250 KWD"}, {5, "EUR", "0.05 EUR"}} {
		if got := money.Format(c.minor, c.currency); got != c.want {
			t.Errorf("Format(%d, %s) = %q, want %q", c.minor, c.currency, got, c.want)
		}
	}
}
