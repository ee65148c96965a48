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
	for _, opts := range []*sql.TxOptions{nil, {ReadOnly: true}, {Isolation: sql.LevelRepeatableRead}} {
		var inside string
		err := gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return tx.Raw(`select current_setting('app.test_setting', true)`).Scan(&inside).Error
		}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if inside != "it's 42" {
			t.Fatalf("options %+v: inside the transaction the setting is %q, want %q", opts, inside, "it's 42")
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
