package db

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

func TestUUIDsAreEncodedAsBinaryDirectly(t *testing.T) {
	id := uuid.New()
	if _, ok := pgtype.NewMap().PlanEncode(pgtype.UUIDOID, pgtype.BinaryFormatCode, id).(*uuidEncodePlan); ok {
		t.Fatal("a plain pgx map already plans uuid.UUID directly; this encoder is no longer needed")
	}
	m := pgtype.NewMap() // a map memoises its plans: register before the first
	encodeUUIDsDirectly(m)
	plan := m.PlanEncode(pgtype.UUIDOID, pgtype.BinaryFormatCode, id)
	if _, ok := plan.(*uuidEncodePlan); !ok {
		t.Fatalf("plan for uuid.UUID = %T, want *uuidEncodePlan", plan)
	}
	got, err := plan.Encode(id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, id[:]) {
		t.Fatalf("encoded %x, want the 16 bytes %x", got, id[:])
	}
}

func TestRenumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		base int
		want string
	}{
		{`INSERT INTO "a" ("x","y") VALUES ($1,$2)`, 0, `INSERT INTO "a" ("x","y") VALUES ($1,$2)`},
		{`INSERT INTO "a" ("x","y") VALUES ($1,$2),($3,$10)`, 7, `INSERT INTO "a" ("x","y") VALUES ($8,$9),($10,$17)`},
		{`select $ , $$, $1`, 2, `select $ , $$, $3`},
	} {
		if got := renumber(c.in, c.base); got != c.want {
			t.Errorf("renumber(%q, %d) = %q, want %q", c.in, c.base, got, c.want)
		}
	}
}
