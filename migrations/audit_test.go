package migrations_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/migrations"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

// tenantTables lists every table protected by tenant RLS: those with a tenant_id column, plus
// tenants itself (keyed by id).
func tenantTables(t *testing.T, owner *gorm.DB) []string {
	t.Helper()
	var names []string
	err := owner.Raw(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind in ('r','p')
		and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
		     or c.relname = 'tenants')
		order by 1`).Scan(&names).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 4 {
		t.Fatalf("expected the foundation's tenant tables, found %v", names)
	}
	return names
}

func TestCatalog_EveryTenantTableHasForcedFailClosedRLS(t *testing.T) {
	owner := testkit.OwnerDB(t)
	for _, table := range tenantTables(t, owner) {
		t.Run(table, func(t *testing.T) {
			var rls struct{ Enabled, Forced bool }
			owner.Raw(`select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class
				where oid = ('public.' || ?)::regclass`, table).Scan(&rls)
			if !rls.Enabled || !rls.Forced {
				t.Fatalf("row-level security enabled=%v forced=%v, want both", rls.Enabled, rls.Forced)
			}
			type policy struct {
				Name, Cmd, Roles string
				Using, Check     *string
			}
			var policies []policy
			owner.Raw(`select polname as name, polcmd::text as cmd,
					array_to_string(array(select coalesce(rolname, 'public') from unnest(polroles) r left join pg_roles on pg_roles.oid = r), ',') as roles,
					pg_get_expr(polqual, polrelid) as using, pg_get_expr(polwithcheck, polrelid) as check
				from pg_policy where polrelid = ('public.' || ?)::regclass`, table).Scan(&policies)
			key := "tenant_id"
			if table == "tenants" {
				key = "id"
			}
			var isolation bool
			for _, p := range policies {
				switch {
				case p.Name == "tenant_isolation":
					isolation = p.Cmd == "*" && p.Using != nil && p.Check != nil &&
						strings.Contains(*p.Using, "app.tenant_id") && strings.Contains(*p.Check, "app.tenant_id") &&
						strings.HasPrefix(*p.Using, "("+key+" = ") && strings.HasPrefix(*p.Check, "("+key+" = ")
				case p.Roles != migrations.RegistryRole:
					// Any other permissive policy would widen what the app role sees.
					t.Errorf("policy %s applies to %q; only %s may have extra policies", p.Name, p.Roles, migrations.RegistryRole)
				}
			}
			if !isolation {
				t.Fatalf("no tenant_isolation policy for all commands with USING and WITH CHECK on %s = app.tenant_id; got %+v", key, policies)
			}
		})
	}
}

func TestCatalog_AppRoleIsUnprivilegedAndOwnsNothing(t *testing.T) {
	owner := testkit.OwnerDB(t)
	var role struct{ Super, Bypass, CreateRole, CreateDB bool }
	owner.Raw(`select rolsuper as super, rolbypassrls as bypass, rolcreaterole as create_role, rolcreatedb as create_db
		from pg_roles where rolname = ?`, migrations.AppRole).Scan(&role)
	if role.Super || role.Bypass || role.CreateRole || role.CreateDB {
		t.Fatalf("app role privileges %+v, want none", role)
	}
	var owned []string
	owner.Raw(`select relname from pg_class where relowner = (select oid from pg_roles where rolname = ?)
		union all select proname from pg_proc where proowner = (select oid from pg_roles where rolname = ?)
		union all select nspname from pg_namespace where nspowner = (select oid from pg_roles where rolname = ?)`,
		migrations.AppRole, migrations.AppRole, migrations.AppRole).Scan(&owned)
	if len(owned) != 0 {
		t.Fatalf("app role owns %v, want nothing", owned)
	}
	var registryLogin bool
	owner.Raw(`select rolcanlogin from pg_roles where rolname = ?`, migrations.RegistryRole).Scan(&registryLogin)
	if registryLogin {
		t.Fatal("registry role can log in")
	}
	var member bool
	owner.Raw(`select pg_has_role(?, ?, 'MEMBER')`, migrations.AppRole, migrations.RegistryRole).Scan(&member)
	if member {
		t.Fatal("app role is a member of the registry role and could SET ROLE to bypass tenancy")
	}
}

// seedTwoTenants inserts two marketplaces with one outbox row each, as the owner.
func seedTwoTenants(t *testing.T) (a, b uuid.UUID) {
	t.Helper()
	owner := testkit.OwnerDB(t)
	a, b = ids.New(), ids.New()
	for _, id := range []uuid.UUID{a, b} {
		slug := "t" + strings.ReplaceAll(id.String(), "-", "")[20:]
		if err := owner.Exec(`insert into tenants (id, slug, name) values (?, ?, ?)`, id, slug, slug).Error; err != nil {
			t.Fatal(err)
		}
		if err := owner.Exec(`insert into outbox (tenant_id, id, task_type, payload) values (?, ?, 'test:noop', '{}')`, id, ids.New()).Error; err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

func TestRLS_FailsClosedWithoutTenant(t *testing.T) {
	seedTwoTenants(t)
	app := testkit.DB(t)
	for _, table := range tenantTables(t, testkit.OwnerDB(t)) {
		var n int64
		if err := app.Raw("select count(*) from " + table).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if n != 0 {
			t.Errorf("%s: app role with no tenant set sees %d rows, want 0", table, n)
		}
	}
	err := app.Exec(`insert into outbox (tenant_id, id, task_type, payload) select id, ?, 'x', '{}' from (select gen_random_uuid() as id) s`, ids.New()).Error
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("insert without tenant: err = %v, want a row-level security violation", err)
	}
	err = app.Exec(`insert into tenants (id, slug, name) values (?, 'sneaky', 'Sneaky')`, ids.New()).Error
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("tenant insert without tenant: err = %v, want a row-level security violation", err)
	}
}

func TestRLS_WriteIntoAnotherTenantIsRefused(t *testing.T) {
	a, b := seedTwoTenants(t)
	app := testkit.DB(t)
	err := app.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("select set_config('app.tenant_id', ?, true)", a.String()).Error; err != nil {
			return err
		}
		return tx.Exec(`insert into outbox (tenant_id, id, task_type, payload) values (?, ?, 'x', '{}')`, b, ids.New()).Error
	})
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("tenant A writing a row of tenant B: err = %v, want a row-level security violation", err)
	}
}

func TestRLS_PooledConnectionDoesNotLeakTenant(t *testing.T) {
	a, b := seedTwoTenants(t)
	// One connection only, so the second transaction reuses the first one's session.
	single, err := db.Open(context.Background(), testkit.AppURL(t), db.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := single.DB(); err == nil {
			_ = s.Close()
		}
	})
	seen := func(tenant uuid.UUID) []uuid.UUID {
		var got []uuid.UUID
		err := single.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("select set_config('app.tenant_id', ?, true)", tenant.String()).Error; err != nil {
				return err
			}
			return tx.Raw("select distinct tenant_id from outbox").Scan(&got).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := seen(a); len(got) != 1 || got[0] != a {
		t.Fatalf("tenant A sees outbox rows of %v", got)
	}
	if got := seen(b); len(got) != 1 || got[0] != b {
		t.Fatalf("tenant B, on the connection A used, sees outbox rows of %v", got)
	}
	var after int64
	if err := single.Raw("select count(*) from outbox").Scan(&after).Error; err != nil {
		t.Fatal(err)
	}
	if after != 0 {
		t.Fatalf("after the transactions the pooled connection still sees %d rows", after)
	}
}
