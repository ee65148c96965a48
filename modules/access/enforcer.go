package access

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	gormadapter "github.com/casbin/gorm-adapter/v3"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/configs"
)

// Enforcer answers "may this role do this action on this route in this domain" from the
// policies in casbin_rule, and keeps every api process's copy current.
type Enforcer struct {
	e       *casbin.SyncedCachedEnforcer
	watcher *Watcher
	// reloading serialises Reload. casbin reads the rules from the database under a read lock
	// and swaps them in afterwards, so two reloads at once (a local change and another
	// process's announcement) could finish in the wrong order: the one that read before a
	// change committed last, and that change (a new seller's rights) was gone until the next
	// reload. One at a time, the last to run reads the latest rules.
	reloading sync.Mutex
}

// NewEnforcer loads the policies from db. With rdb it also subscribes to changes made by other
// processes. db nil gives an enforcer with no policies (used to print the OpenAPI document).
func NewEnforcer(ctx context.Context, db *gorm.DB, rdb redis.UniversalClient) (*Enforcer, error) {
	m, err := model.NewModelFromString(configs.RBACModel)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	if db == nil {
		e, err := casbin.NewSyncedCachedEnforcer(m)
		if err != nil {
			return nil, err
		}
		return &Enforcer{e: e}, nil
	}
	// The table is created by migrations; the app role may not create tables. The session copy
	// keeps the adapter's context flag off the shared handle.
	adb := db.Session(&gorm.Session{NewDB: true})
	gormadapter.TurnOffAutoMigrate(adb)
	adapter, err := gormadapter.NewAdapterByDBUseTableName(adb, "", ruleTable)
	if err != nil {
		return nil, fmt.Errorf("casbin adapter: %w", err)
	}
	e, err := casbin.NewSyncedCachedEnforcer(m, adapter)
	if err != nil {
		return nil, fmt.Errorf("load casbin policies: %w", err)
	}
	out := &Enforcer{e: e}
	if rdb != nil {
		w, err := NewWatcher(ctx, rdb)
		if err != nil {
			return nil, fmt.Errorf("casbin watcher: %w", err)
		}
		if err := e.SetWatcher(w); err != nil {
			return nil, err
		}
		_ = w.SetUpdateCallback(func(string) { logReloadError(out.Reload()) })
		out.watcher = w
	}
	return out, nil
}

// Close stops listening for changes.
func (en *Enforcer) Close() {
	if en.watcher != nil {
		en.watcher.Close()
	}
}

// Allowed reports whether any of roles may perform act (an HTTP method) on obj (a route
// pattern in :param form) in domain.
func (en *Enforcer) Allowed(roles []string, domain, obj, act string) (bool, error) {
	for _, r := range roles {
		ok, err := en.e.Enforce(r, domain, obj, act)
		if err != nil {
			return false, fmt.Errorf("enforce: %w", err)
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// HasGrant reports whether subject holds role in domain.
func (en *Enforcer) HasGrant(subject, role, domain string) bool {
	ok, err := en.e.HasGroupingPolicy(subject, role, domain)
	return err == nil && ok
}

// Subjects lists who holds role in domain (for example the operators of a marketplace).
func (en *Enforcer) Subjects(role, domain string) []string {
	rules, err := en.e.GetFilteredGroupingPolicy(1, role, domain)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(rules))
	for _, r := range rules {
		out = append(out, r[0])
	}
	return out
}

// Changed applies a change to casbin_rule that was just committed (through Grant, Revoke or
// AddPolicy in a transaction): this process reloads now, every other process right after.
// Reloading also empties the decision cache.
func (en *Enforcer) Changed(ctx context.Context) error {
	if err := en.Reload(); err != nil {
		return fmt.Errorf("reload casbin policies: %w", err)
	}
	if en.watcher != nil {
		if err := en.watcher.Update(); err != nil {
			// Other processes catch up at their periodic reload.
			slog.WarnContext(ctx, "announce casbin policy change", "error", err)
		}
	}
	return nil
}

// Reload re-reads every policy from the database (the watcher does this on announcements).
// The decision cache is emptied again after loading: LoadPolicy empties it before it loads,
// and a check running meanwhile could cache a decision made from the old policies.
func (en *Enforcer) Reload() error {
	en.reloading.Lock()
	defer en.reloading.Unlock()
	if err := en.e.LoadPolicy(); err != nil {
		return err
	}
	return en.e.InvalidateCache()
}

const ruleTable = "casbin_rule"

// ruleRow is a casbin_rule row, in gorm-adapter's layout.
type ruleRow struct {
	ID    int64 `gorm:"primaryKey"`
	Ptype string
	V0    string
	V1    string
	V2    string
	V3    string
	V4    string
	V5    string
}

func (ruleRow) TableName() string { return ruleTable }

// Grant records inside tx that subject holds role in domain (idempotent). Call
// Enforcer.Changed after tx commits.
func Grant(tx *gorm.DB, subject, role, domain string) error {
	row := ruleRow{Ptype: "g", V0: subject, V1: role, V2: domain}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("grant %s in %s: %w", role, domain, err)
	}
	return nil
}

// Revoke removes inside tx the grant of role in domain to subject and reports whether there was
// one. Call Enforcer.Changed after tx commits.
func Revoke(tx *gorm.DB, subject, role, domain string) (bool, error) {
	res := tx.Where("ptype = 'g' AND v0 = ? AND v1 = ? AND v2 = ?", subject, role, domain).Delete(&ruleRow{})
	if res.Error != nil {
		return false, fmt.Errorf("revoke %s in %s: %w", role, domain, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// AddPolicy records inside tx that role may perform act on obj in domain (idempotent). Call
// Enforcer.Changed after tx commits.
func AddPolicy(tx *gorm.DB, role, domain, obj, act string) error {
	row := ruleRow{Ptype: "p", V0: role, V1: domain, V2: obj, V3: act}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("add policy: %w", err)
	}
	return nil
}
