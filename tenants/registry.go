package tenants

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

// invalidationChannel carries tenant ids whose cached host resolutions every api process must drop.
const invalidationChannel = "marketplace:tenants:invalidate"

// maxCachedHosts bounds the resolution cache so a flood of random Host headers cannot grow it.
const maxCachedHosts = 50_000

// negativeTTL is how long an unknown host stays cached as unknown.
const negativeTTL = 5 * time.Second

// Registry is the tenant registry and the gate to tenant-scoped transactions.
type Registry struct {
	db         *gorm.DB
	rdb        redis.UniversalClient
	baseDomain string
	ttl        time.Duration

	mu    sync.RWMutex
	cache map[string]cachedSite
}

type cachedSite struct {
	site    Site
	err     error
	expires time.Time
}

// NewRegistry returns a Registry. rdb may be nil (single process, no cross-process invalidation).
func NewRegistry(db *gorm.DB, rdb redis.UniversalClient, baseDomain string, cacheTTL time.Duration) *Registry {
	return &Registry{
		db:         db,
		rdb:        rdb,
		baseDomain: normaliseHost(baseDomain),
		ttl:        cacheTTL,
		cache:      map[string]cachedSite{},
	}
}

// BaseDomain is the platform's own host name (without port).
func (r *Registry) BaseDomain() string { return r.baseDomain }

// Tx runs fn in one transaction scoped to the marketplace in ctx. Inside fn, use only tx.
// The scope is transaction-local (set_config(..., true), sent with BEGIN: db.WithLocalSetting),
// so a pooled connection never carries one tenant's setting into another's request.
func (r *Registry) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	id := IDFromContext(ctx)
	if id == uuid.Nil {
		return errNoTenantInScope
	}
	ctx = db.WithLocalSetting(ctx, tenantSetting, id.String())
	return r.db.WithContext(ctx).Transaction(fn)
}

// tenantSetting is the run-time setting the row-level security policies read.
const tenantSetting = "app.tenant_id"

// Within runs fn in tx when the caller already has a transaction (scoped to the marketplace),
// else in a new one (Tx). Services whose reads other modules make inside their own
// transactions take an optional tx this way: a second connection taken while the caller holds
// one could wait forever on a pool the callers' transactions fill.
func (r *Registry) Within(ctx context.Context, tx *gorm.DB, fn func(tx *gorm.DB) error) error {
	if tx != nil {
		return fn(tx)
	}
	return r.Tx(ctx, fn)
}

// PlatformTx runs fn in one transaction scoped to the platform itself, outside every
// marketplace: platform tables under row-level security (the platform audit log) admit only
// such a transaction, and tenant tables show it nothing. Callers are platform-admin paths.
func (r *Registry) PlatformTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	ctx = db.WithLocalSetting(ctx, platformSetting, "on")
	return r.db.WithContext(ctx).Transaction(fn)
}

// platformSetting is the run-time setting the platform tables' policies read.
const platformSetting = "app.platform"

func setTenant(tx *gorm.DB, id uuid.UUID) error {
	if err := tx.Exec("select set_config(?, ?, true)", tenantSetting, id.String()).Error; err != nil {
		return fmt.Errorf("scope transaction to tenant: %w", err)
	}
	return nil
}

// NewTenant is what it takes to create a marketplace.
type NewTenant struct {
	Slug string
	Name string
}

// Provision creates a marketplace with its primary domain {slug}.{base}, then runs fn in the
// same transaction (already scoped to the new tenant) so the caller can add the operator account
// and policies: all of it commits or none of it does. fn may be nil.
func (r *Registry) Provision(ctx context.Context, nt NewTenant, fn func(ctx context.Context, tx *gorm.DB) error) (Tenant, error) {
	nt.Slug = strings.ToLower(strings.TrimSpace(nt.Slug))
	nt.Name = strings.TrimSpace(nt.Name)
	if err := ValidateSlug(nt.Slug); err != nil {
		return Tenant{}, err
	}
	if nt.Name == "" || len(nt.Name) > 100 {
		return Tenant{}, errInvalidName
	}
	t := Tenant{ID: ids.New(), Slug: nt.Slug, Name: nt.Name, Status: StatusActive, ThemeColor: "#4f46e5"}
	ctx = WithTenant(ctx, t)
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := setTenant(tx, t.ID); err != nil {
			return err
		}
		row := tenantRow{ID: t.ID, Slug: t.Slug, Name: t.Name, Status: t.Status, ThemeColor: t.ThemeColor}
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrSlugTaken
			}
			return fmt.Errorf("insert tenant: %w", err)
		}
		t.CreatedAt, t.UpdatedAt = row.CreatedAt, row.UpdatedAt
		now := time.Now()
		dom := domainRow{TenantID: t.ID, ID: ids.New(), Host: t.Slug + "." + r.baseDomain, IsPrimary: true, Verified: true, VerifiedAt: &now}
		if err := tx.Create(&dom).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrSlugTaken
			}
			return fmt.Errorf("insert tenant domain: %w", err)
		}
		if fn != nil {
			return fn(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return Tenant{}, err
	}
	r.Invalidate(ctx, t.ID)
	return t, nil
}

// Get returns the marketplace with id. It reads through the tenant's own scope.
func (r *Registry) Get(ctx context.Context, id uuid.UUID) (Tenant, error) {
	var row tenantRow
	err := r.Tx(WithTenantID(ctx, id), func(tx *gorm.DB) error {
		return tx.Where("id = ?", id).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Tenant{}, ErrTenantNotFound
	}
	if err != nil {
		return Tenant{}, err
	}
	return row.tenant(), nil
}

// List returns every marketplace, oldest first. It reads across tenants through the read-only
// list_tenants() registry function; callers must be platform admins or the operator CLI.
func (r *Registry) List(ctx context.Context) ([]Tenant, error) {
	var rows []tenantRow
	if err := r.db.WithContext(ctx).Raw("select * from list_tenants()").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	out := make([]Tenant, len(rows))
	for i, row := range rows {
		out[i] = row.tenant()
	}
	return out, nil
}

// Update is a partial change to a marketplace's own settings; nil fields are left alone.
type Update struct {
	Name       *string
	ThemeColor *string
	Status     *string
}

// Update changes the marketplace with id, then drops every cached resolution of its hosts on
// every api process.
func (r *Registry) Update(ctx context.Context, id uuid.UUID, u Update) (Tenant, error) {
	changes := map[string]any{"updated_at": time.Now()}
	if u.Name != nil {
		name := strings.TrimSpace(*u.Name)
		if name == "" || len(name) > 100 {
			return Tenant{}, errInvalidName
		}
		changes["name"] = name
	}
	if u.ThemeColor != nil {
		if !themeColorPattern.MatchString(*u.ThemeColor) {
			return Tenant{}, errInvalidThemeColor
		}
		changes["theme_color"] = strings.ToLower(*u.ThemeColor)
	}
	if u.Status != nil {
		if *u.Status != StatusActive && *u.Status != StatusSuspended {
			return Tenant{}, errInvalidStatus
		}
		changes["status"] = *u.Status
	}
	var row tenantRow
	err := r.Tx(WithTenantID(ctx, id), func(tx *gorm.DB) error {
		res := tx.Model(&tenantRow{}).Where("id = ?", id).Updates(changes)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrTenantNotFound
		}
		return tx.Where("id = ?", id).Take(&row).Error
	})
	if err != nil {
		return Tenant{}, err
	}
	r.Invalidate(ctx, id)
	return row.tenant(), nil
}

// Invalidate drops cached resolutions of tenant id here and, through Redis, on every other
// process. Unknown-host entries are dropped too, since a new domain may have just appeared.
func (r *Registry) Invalidate(ctx context.Context, id uuid.UUID) {
	r.dropLocal(id)
	if r.rdb != nil {
		if err := r.rdb.Publish(ctx, invalidationChannel, id.String()).Err(); err != nil {
			// Other processes fall back to the cache TTL.
			slog.WarnContext(ctx, "publish tenant invalidation", "tenant_id", id, "error", err)
		}
	}
}

func (r *Registry) dropLocal(id uuid.UUID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for host, e := range r.cache {
		if e.err != nil || e.site.Tenant.ID == id {
			delete(r.cache, host)
		}
	}
}

// ListenForInvalidations applies invalidations published by other processes until ctx ends.
func (r *Registry) ListenForInvalidations(ctx context.Context) {
	if r.rdb == nil {
		return
	}
	sub := r.rdb.Subscribe(ctx, invalidationChannel)
	defer sub.Close()
	ch := sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			if id, err := uuid.Parse(msg.Payload); err == nil {
				r.dropLocal(id)
			}
		}
	}
}
