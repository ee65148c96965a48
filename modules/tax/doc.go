// Package tax owns the marketplace's tax rates (table tax_rates) and computes line, shipping and
// order tax through the Calculator interface, so an external tax service can plug in later.
//
// Rates are basis points (2000 = 20%) per country, optionally per region (a region rate wins
// over the country-wide one), and say whether catalog prices include the tax (inclusive, as in
// the EU) or have it added (exclusive, as in the US).
//
// Rounding, documented once: tax is computed per line in integer minor units and rounded half
// up (away from zero) on each line; the order's tax is the sum of its lines' tax, so the totals
// of vendor orders always add up to the order to the cent.
//
//	exclusive: tax = round(amount × bp / 10000)
//	inclusive: tax = round(amount × bp / (10000 + bp))   (the tax part of a gross amount)
//
// Routes: /api/v1/admin/tax-rates (operator). Task types: none.
package tax
