package db

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// renumber returns text with each bind parameter $n (as GORM's PostgreSQL dialect writes
// them) shifted to $(n+base). GORM quotes identifiers and binds every value, so a "$" followed
// by digits in its INSERT is always a parameter. (A regular expression did this at 3% of the
// api's CPU in a checkout.)
func renumber(text string, base int) string {
	if base == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for i := 0; i < len(text); i++ {
		c := text[i]
		b.WriteByte(c)
		if c != '$' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j == i+1 {
			continue
		}
		n, _ := strconv.Atoi(text[i+1 : j])
		b.WriteString(strconv.Itoa(base + n))
		i = j - 1
	}
	return b.String()
}

// InsertAll inserts each of values (a model or a slice of models, as tx.Create takes) in one
// statement, one round trip: the inserts but the last become data-modifying CTEs, which
// PostgreSQL runs exactly once each, and foreign keys between them are checked at the end of
// the statement, so a parent and its children can go together. Empty slices are skipped.
//
// GORM writes each INSERT (a dry run: nothing is sent); InsertAll only numbers their
// parameters on. Nothing is read back, so every column must be set by the caller: a model
// whose insert would return database defaults is refused.
func InsertAll(tx *gorm.DB, values ...any) error {
	var sql strings.Builder
	var vars []any
	n := 0
	for _, v := range values {
		st := tx.Session(&gorm.Session{DryRun: true, NewDB: true}).Create(v).Statement
		if st.Error != nil {
			if errors.Is(st.Error, gorm.ErrEmptySlice) {
				continue
			}
			return st.Error
		}
		text := st.SQL.String()
		if strings.Contains(text, " RETURNING ") {
			return fmt.Errorf("db.InsertAll: %s would read database defaults back; set every column", st.Table)
		}
		base := len(vars)
		text = renumber(text, base)
		if n > 0 {
			sql.WriteString(", ")
		} else {
			sql.WriteString("with ")
		}
		fmt.Fprintf(&sql, "i%d as (%s)", n, text)
		vars = append(vars, st.Vars...)
		n++
	}
	if n == 0 {
		return nil
	}
	// The CTEs do the work; the outer statement only has to exist.
	sql.WriteString(" select 1")
	_, err := tx.Statement.ConnPool.ExecContext(tx.Statement.Context, sql.String(), vars...)
	return err
}
