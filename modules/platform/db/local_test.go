package db_test

import (
	"context"
	"database/sql"
	"testing"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// A transaction begun with a local setting sees it, whatever its options; the setting ends
// with the transaction, so the connection's next user does not inherit it.
func TestWithLocalSetting_ScopesTheTransactionOnly(t *testing.T) {
	gdb := testkit.DB(t)
	ctx := db.WithLocalSetting(context.Background(), "app.test_setting", "it's 42")
	for _, c := range []struct {
		opts              *sql.TxOptions
		isolation, access string
	}{
		{nil, "read committed", "off"},
		{&sql.TxOptions{ReadOnly: true}, "read committed", "on"},
		{&sql.TxOptions{Isolation: sql.LevelRepeatableRead}, "repeatable read", "off"},
	} {
		var inside struct{ Setting, Isolation, ReadOnly string }
		err := gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return tx.Raw(`select current_setting('app.test_setting', true) as setting, current_setting('transaction_isolation') as isolation,
				current_setting('transaction_read_only') as read_only`).Scan(&inside).Error
		}, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if inside.Setting != "it's 42" || inside.Isolation != c.isolation || inside.ReadOnly != c.access {
			t.Fatalf("options %+v: inside the transaction %+v, want the setting %q, %s, read only %s", c.opts, inside, "it's 42", c.isolation, c.access)
		}
	}
	// Every pooled connection, now outside any transaction: none carries the setting.
	sqlDB, _ := gdb.DB()
	conns := make([]*sql.Conn, 0, 4)
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	for range 4 {
		c, err := sqlDB.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var after sql.NullString
		if err := c.QueryRowContext(context.Background(), `select nullif(current_setting('app.test_setting', true), '')`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after.Valid {
			t.Fatalf("after the transaction a connection still has the setting %q", after.String)
		}
	}
}

func TestWithLocalSetting_RefusesBackslashes(t *testing.T) {
	ctx := db.WithLocalSetting(context.Background(), "app.test_setting", `a\'; drop table carts; --`)
	err := testkit.DB(t).WithContext(ctx).Transaction(func(tx *gorm.DB) error { return nil })
	if err == nil {
		t.Fatal("a setting with a backslash began a transaction")
	}
	var n int64
	if err := testkit.OwnerDB(t).Raw(`select count(*) from pg_tables where tablename = 'carts'`).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("carts table: %d, %v", n, err)
	}
}
