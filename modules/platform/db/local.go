package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// WithLocalSetting returns a context whose transactions begin with the run-time setting name
// set to value for that transaction only (set_config(name, value, true)), as the tenants
// package scopes every transaction to a marketplace for row-level security.
//
// BEGIN and the settings go to PostgreSQL as one simple-protocol query, so scoping a
// transaction costs no round trip of its own. A checkout makes 13 round trips, a cart add 7:
// one more each would be a measurable share of their time.
func WithLocalSetting(ctx context.Context, name, value string) context.Context {
	prev, _ := ctx.Value(localSettingsKey{}).([]localSetting)
	return context.WithValue(ctx, localSettingsKey{}, append(prev[:len(prev):len(prev)], localSetting{name, value}))
}

type localSettingsKey struct{}

type localSetting struct{ name, value string }

// conn is pgx's database/sql connection with a BeginTx that applies the context's local
// settings; everything else is stdlib.Conn's.
type conn struct{ *stdlib.Conn }

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	settings, _ := ctx.Value(localSettingsKey{}).([]localSetting)
	if len(settings) == 0 {
		return c.Conn.BeginTx(ctx, opts)
	}
	if c.Conn.Conn().IsClosed() {
		return nil, driver.ErrBadConn
	}
	var q strings.Builder
	q.WriteString("begin")
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault:
	case sql.LevelReadUncommitted:
		q.WriteString(" isolation level read uncommitted")
	case sql.LevelReadCommitted:
		q.WriteString(" isolation level read committed")
	case sql.LevelRepeatableRead, sql.LevelSnapshot:
		q.WriteString(" isolation level repeatable read")
	case sql.LevelSerializable:
		q.WriteString(" isolation level serializable")
	default:
		return nil, fmt.Errorf("unsupported isolation: %v", opts.Isolation)
	}
	if opts.ReadOnly {
		q.WriteString(" read only")
	}
	for _, s := range settings {
		name, err := quoteLiteral(s.name)
		if err != nil {
			return nil, err
		}
		value, err := quoteLiteral(s.value)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&q, "; select set_config(%s, %s, true)", name, value)
	}
	// No parameters, so pgx sends it with the simple protocol, which runs several statements.
	tx, err := c.Conn.Conn().BeginTx(ctx, pgx.TxOptions{BeginQuery: q.String()})
	if err != nil {
		return nil, err
	}
	return pgxTx{ctx: ctx, tx: tx}, nil
}

// pgxTx is a pgx transaction as database/sql's driver.Tx (as stdlib's own wrapper is).
type pgxTx struct {
	ctx context.Context
	tx  pgx.Tx
}

func (t pgxTx) Commit() error   { return t.tx.Commit(t.ctx) }
func (t pgxTx) Rollback() error { return t.tx.Rollback(t.ctx) }

// quoteLiteral quotes s as a standard SQL string literal: doubling quotes is the whole
// escaping. Backslashes and NUL are refused, since what a backslash means depends on the
// server's standard_conforming_strings; the settings sent this way are ids.
func quoteLiteral(s string) (string, error) {
	if strings.ContainsAny(s, "\\\x00") {
		return "", fmt.Errorf("local setting %q: backslashes and NUL are not accepted", s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}

// WithGenericPlans returns a context whose transactions run their prepared statements with
// generic plans (plan_cache_mode = force_generic_plan), planned once per connection, instead of
// letting PostgreSQL plan again for each set of parameters. It is for transactions of many
// short statements that find rows by key, where every parameter value wants the same plan:
// checkout and the cart. Planning was a tenth of PostgreSQL's CPU in a checkout, and
// PostgreSQL kept choosing custom plans for many of its statements: generic plans took a
// checkout over HTTP from ~365 to ~450 orders/s (A/B, runs alternated).
//
// A generic plan is made once, with the statistics of that moment, and kept until ANALYZE
// changes them. Autovacuum (on by default) analyses a table as it grows, so a plan made while
// the order tables were empty is replaced within a minute. With autovacuum off nothing replaces
// it: a fresh database slowed tenfold as carts and orders grew. PostgreSQL's own foreign-key
// checks cache plans the same way, with or without this, so Open warns when autovacuum is off.
func WithGenericPlans(ctx context.Context) context.Context {
	return WithLocalSetting(ctx, "plan_cache_mode", "force_generic_plan")
}
