// Package money writes and reads amounts kept as int64 minor units with an ISO 4217 currency:
// the one place that knows how many decimals a currency has. No floating point anywhere.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// zeroDecimal and threeDecimal are the ISO 4217 currencies whose minor unit is not a cent.
var (
	zeroDecimal = map[string]bool{"BIF": true, "CLP": true, "DJF": true, "GNF": true, "ISK": true, "JPY": true, "KMF": true, "KRW": true,
		"PYG": true, "RWF": true, "UGX": true, "UYI": true, "VND": true, "VUV": true, "XAF": true, "XOF": true, "XPF": true}
	threeDecimal = map[string]bool{"BHD": true, "IQD": true, "JOD": true, "KWD": true, "LYD": true, "OMR": true, "TND": true}
)

// Digits is the number of decimal places of currency's minor unit (2 unless ISO 4217 says
// otherwise).
func Digits(currency string) int {
	c := strings.ToUpper(currency)
	switch {
	case zeroDecimal[c]:
		return 0
	case threeDecimal[c]:
		return 3
	}
	return 2
}

// Decimal writes minor units of currency as a decimal with the currency's precision:
// 129900 USD is "1299.00", 500 JPY is "500", 1250 KWD is "1.250".
func Decimal(minor int64, currency string) string {
	d := Digits(currency)
	neg := minor < 0
	digits := strconv.FormatInt(minor, 10)
	if neg {
		digits = digits[1:]
	}
	if d > 0 {
		for len(digits) <= d {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-d] + "." + digits[len(digits)-d:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// Format is Decimal followed by the currency code, as emails and messages show amounts:
// "1299.00 USD", "500 JPY".
func Format(minor int64, currency string) string {
	return Decimal(minor, currency) + " " + strings.ToUpper(currency)
}

// ParseDecimal reads a decimal amount of currency into minor units: "12.5" USD is 1250. It
// refuses more decimal places than the currency has ("12.345" USD), signs, thousands
// separators and exponents, so no amount is ever rounded.
func ParseDecimal(v, currency string) (int64, error) {
	d := Digits(currency)
	whole, frac, hasDot := strings.Cut(v, ".")
	if whole == "" || !allDigits(whole) || hasDot && (frac == "" || !allDigits(frac)) {
		return 0, fmt.Errorf("must be an amount such as %s", Decimal(1250*pow10(d)/100, currency))
	}
	if len(frac) > d {
		if d == 0 {
			return 0, fmt.Errorf("must be a whole amount: %s has no minor unit", strings.ToUpper(currency))
		}
		return 0, fmt.Errorf("must have at most %d decimal places for %s", d, strings.ToUpper(currency))
	}
	whole = strings.TrimLeft(whole, "0")
	s := whole + frac + strings.Repeat("0", d-len(frac))
	if s = strings.TrimLeft(s, "0"); s == "" {
		return 0, nil
	}
	if len(s) > 15 {
		return 0, errors.New("is too large")
	}
	return strconv.ParseInt(s, 10, 64)
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
