package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// verifyInvariants checks, across every marketplace, what must hold after any load: no stock
// level below zero or reserved beyond what is on hand, every order's vendor orders summing to the
// order, and the ledger balanced (debits equal credits per currency). It reads as the owner.
func verifyInvariants(ctx context.Context, dbURL string) (string, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	checks := []struct{ name, sql string }{
		{"stock levels below zero or over-reserved", `select count(*) from stock_levels where on_hand < 0 or reserved < 0 or reserved > on_hand`},
		{"orders whose vendor orders do not sum to the order", `select count(*) from orders o
			where o.total <> (select coalesce(sum(v.total), 0) from vendor_orders v where v.tenant_id = o.tenant_id and v.order_id = o.id)`},
		{"unbalanced ledger entries", `select count(*) from (select entry_id, currency from ledger_lines
			group by tenant_id, entry_id, currency having sum(debit) <> sum(credit)) x`},
	}
	var b strings.Builder
	failed := 0
	var orders int64
	if err := conn.QueryRow(ctx, "select count(*) from orders").Scan(&orders); err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "verification over %d orders:\n", orders)
	for _, c := range checks {
		var n int64
		if err := conn.QueryRow(ctx, c.sql).Scan(&n); err != nil {
			return "", fmt.Errorf("%s: %w", c.name, err)
		}
		mark := "ok  "
		if n != 0 {
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(&b, "  %s %s: %d\n", mark, c.name, n)
	}
	if failed > 0 {
		return b.String(), fmt.Errorf("%d invariant(s) violated:\n%s", failed, b.String())
	}
	return b.String(), nil
}
