package ledger_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func TestPost_RefusesUnbalancedAndIsIdempotent(t *testing.T) {
	t.Parallel()
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "ledger")
	ctx := tenants.WithTenantID(context.Background(), tn.ID)
	vendor := ids.New()
	paid := ledger.Entry{Key: "paid:1", Kind: "order_paid", Lines: []ledger.Line{
		ledger.Dr(ledger.PlatformCash, uuid.Nil, 1000, "EUR"),
		ledger.Cr(ledger.SellerPayable, vendor, 900, "EUR"),
		ledger.Cr(ledger.CommissionRevenue, uuid.Nil, 100, "EUR"),
	}}
	cases := []struct {
		name    string
		entry   ledger.Entry
		wantErr error
		posted  bool
	}{
		{"balanced", paid, nil, true},
		{"same key again", paid, nil, false},
		{"unbalanced", ledger.Entry{Key: "x", Kind: "k", Lines: []ledger.Line{ledger.Dr(ledger.PlatformCash, uuid.Nil, 10, "EUR"), ledger.Cr(ledger.CommissionRevenue, uuid.Nil, 9, "EUR")}}, ledger.ErrUnbalanced, false},
		{"balanced across currencies only", ledger.Entry{Key: "y", Kind: "k", Lines: []ledger.Line{ledger.Dr(ledger.PlatformCash, uuid.Nil, 10, "EUR"), ledger.Cr(ledger.CommissionRevenue, uuid.Nil, 10, "USD")}}, ledger.ErrUnbalanced, false},
		{"seller account without vendor", ledger.Entry{Key: "z", Kind: "k", Lines: []ledger.Line{ledger.Dr(ledger.PlatformCash, uuid.Nil, 10, "EUR"), ledger.Cr(ledger.SellerPayable, uuid.Nil, 10, "EUR")}}, ledger.ErrBadLine, false},
		{"empty", ledger.Entry{Key: "e", Kind: "k"}, ledger.ErrEmptyEntry, false},
	}
	for _, c := range cases {
		err := reg.Tx(ctx, func(tx *gorm.DB) error {
			posted, err := ledger.Post(ctx, tx, c.entry)
			if posted != c.posted {
				t.Errorf("%s: posted = %v, want %v", c.name, posted, c.posted)
			}
			return err
		})
		if c.wantErr == nil && err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.wantErr != nil && (!errors.Is(err, c.wantErr) || !errors.Is(err, errs.ErrInvalid)) {
			t.Fatalf("%s: err = %v, want %v", c.name, err, c.wantErr)
		}
	}
	err := reg.Tx(ctx, func(tx *gorm.DB) error {
		tb, err := ledger.TrialBalance(tx)
		if err != nil {
			return err
		}
		if tb["EUR"] != 0 {
			t.Errorf("trial balance %v", tb)
		}
		n, err := ledger.AccountBalance(tx, ledger.SellerPayable, vendor, "EUR")
		if err != nil {
			return err
		}
		if n != -900 {
			t.Errorf("seller payable = %d, want -900", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLedger_AppendOnlyAndBalancedAtCommit(t *testing.T) {
	t.Parallel()
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "ledgerdb")
	ctx := tenants.WithTenantID(context.Background(), tn.ID)
	err := reg.Tx(ctx, func(tx *gorm.DB) error {
		_, err := ledger.Post(ctx, tx, ledger.Entry{Key: "k1", Kind: "test", Lines: []ledger.Line{
			ledger.Dr(ledger.PlatformCash, uuid.Nil, 5, "EUR"), ledger.Cr(ledger.CommissionRevenue, uuid.Nil, 5, "EUR")}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"update ledger_lines set debit = debit + 1", "delete from ledger_entries", "update ledger_entries set memo = 'x'"} {
		if err := reg.Tx(ctx, func(tx *gorm.DB) error { return tx.Exec(stmt).Error }); err == nil {
			t.Errorf("%s: allowed for the app role", stmt)
		}
	}
	// Writing lines directly, bypassing Post, still cannot commit an unbalanced entry.
	err = reg.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`with e as (insert into ledger_entries (tenant_id, id, key, kind) values (?, ?, 'raw', 'raw') returning id)
			insert into ledger_lines (tenant_id, entry_id, line_no, account_id, debit, currency)
			select ?, e.id, 1, (select id from ledger_accounts limit 1), 7, 'EUR' from e`, tn.ID, ids.New(), tn.ID).Error
	})
	if err == nil {
		t.Fatal("an unbalanced entry committed")
	}
}
