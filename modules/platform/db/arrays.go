package db

import "strings"

// TextArray is ss as a PostgreSQL array literal, every element quoted, for a parameter cast to
// an array type (text[], uuid[], bigint[]): GORM would expand a slice into a list of parameters.
func TextArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(arrayQuoter.Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// arrayQuoter escapes an element of an array literal.
var arrayQuoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
