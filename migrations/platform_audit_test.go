package migrations_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// TestPlatformAuditLog_OnlyAPlatformTransactionReachesItAndNobodyRewritesIt: the platform audit
// log has forced row-level security that admits only a platform transaction (app.platform on,
// no marketplace), so neither an unscoped connection nor a marketplace's transaction reads or
// writes it, and the app role cannot update or delete its entries.
func TestPlatformAuditLog_OnlyAPlatformTransactionReachesItAndNobodyRewritesIt(t *testing.T) {
	owner := testkit.OwnerDB(t)
	var rls struct{ Enabled, Forced bool }
	owner.Raw(`select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where oid = 'public.platform_audit_log'::regclass`).Scan(&rls)
	if !rls.Enabled || !rls.Forced {
		t.Fatalf("row-level security enabled=%v forced=%v, want both", rls.Enabled, rls.Forced)
	}
	a, _ := seedTwoTenants(t)
	app := testkit.DB(t)
	insert := func(tx *gorm.DB) error {
		return tx.Exec(`insert into platform_audit_log (id, action) values (?, 'platform.login')`, ids.New()).Error
	}
	scoped := func(settings map[string]string, fn func(tx *gorm.DB) error) error {
		return app.Transaction(func(tx *gorm.DB) error {
			for k, v := range settings {
				if err := tx.Exec("select set_config(?, ?, true)", k, v).Error; err != nil {
					return err
				}
			}
			return fn(tx)
		})
	}
	platform := map[string]string{"app.platform": "on"}
	if err := scoped(platform, insert); err != nil {
		t.Fatalf("platform transaction insert: %v", err)
	}
	for name, settings := range map[string]map[string]string{
		"unscoped":             nil,
		"marketplace":          {"app.tenant_id": a.String()},
		"platform with tenant": {"app.platform": "on", "app.tenant_id": a.String()},
	} {
		var n int64
		if err := scoped(settings, func(tx *gorm.DB) error { return tx.Raw("select count(*) from platform_audit_log").Scan(&n).Error }); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: sees %d platform entries, want 0", name, n)
		}
		if err := scoped(settings, insert); err == nil || !strings.Contains(err.Error(), "row-level security") {
			t.Errorf("%s: insert err = %v, want a row-level security violation", name, err)
		}
	}
	for _, stmt := range []string{"update platform_audit_log set action = 'x'", "delete from platform_audit_log"} {
		if err := scoped(platform, func(tx *gorm.DB) error { return tx.Exec(stmt).Error }); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: err = %v, want permission denied", stmt, err)
		}
	}
}
