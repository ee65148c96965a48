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
