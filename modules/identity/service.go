package identity

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// Deps are the services identity is built from.
type Deps struct {
	// DB is the app-role database, used directly only for platform tables (platform admins).
	DB       *gorm.DB
	Tenants  *tenants.Registry
	Enforcer *access.Enforcer
	Audit    *audit.Log
	Notify   *notifications.Service
	// Limiter may be nil (no rate limits), as when printing the OpenAPI document.
	Limiter *httpx.Limiter
	Config  configs.Config
}

// Options tune the service; zero values take the defaults.
type Options struct {
	Hasher          Hasher
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	ResetTTL        time.Duration
	VerifyTTL       time.Duration
	InvitationTTL   time.Duration
	// Limits of sign-in and reset attempts.
	Limits Limits
}

// Limits are the abuse limits. Every one is a sliding GCRA window, so none locks anyone out for
// longer than its period.
type Limits struct {
	// LoginPerAccountClient bounds attempts on one account from one client (10/min: the 11th
	// is refused).
	LoginPerAccountClient httpx.Limit
	// LoginPerClient bounds attempts from one client across accounts (credential stuffing).
	LoginPerClient httpx.Limit
	// LoginPerAccount bounds attempts on one account from all clients together (distributed
	// guessing); generous, so a victim can still sign in from their own device soon after.
	LoginPerAccount httpx.Limit
	// ResetPerClient bounds forgot/reset/verify requests from one client.
	ResetPerClient httpx.Limit
	// ResetPerAccount bounds reset emails to one address.
	ResetPerAccount httpx.Limit
	// SignupPerClient bounds registrations on a marketplace from one client.
	SignupPerClient httpx.Limit
	// MarketplaceSignupPerClient bounds new marketplaces from one client. Opening a marketplace
	// is rare and each one is a tenant with a domain and an operator, so the bound is per hour.
	MarketplaceSignupPerClient httpx.Limit
}

func (o Options) withDefaults() Options {
	if o.Hasher.MemoryKiB == 0 {
		o.Hasher = DefaultHasher()
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.SessionIdle, 14*24*time.Hour)
	def(&o.SessionAbsolute, 30*24*time.Hour)
	def(&o.ResetTTL, time.Hour)
	def(&o.VerifyTTL, 7*24*time.Hour)
	def(&o.InvitationTTL, 7*24*time.Hour)
	lim := func(l *httpx.Limit, v httpx.Limit) {
		if l.Rate == 0 {
			*l = v
		}
	}
	lim(&o.Limits.LoginPerAccountClient, httpx.PerMinute(10))
	lim(&o.Limits.LoginPerClient, httpx.PerMinute(60))
	lim(&o.Limits.LoginPerAccount, httpx.Limit{Rate: 100, Burst: 30, Period: 15 * time.Minute})
	lim(&o.Limits.ResetPerClient, httpx.PerMinute(10))
	lim(&o.Limits.ResetPerAccount, httpx.Limit{Rate: 5, Burst: 5, Period: 15 * time.Minute})
	lim(&o.Limits.SignupPerClient, httpx.PerMinute(20))
	lim(&o.Limits.MarketplaceSignupPerClient, httpx.Limit{Rate: 5, Burst: 5, Period: time.Hour})
	return o
}

// Service is the identity module's only way in.
type Service struct {
	db       *gorm.DB
	tenants  *tenants.Registry
	enforcer *access.Enforcer
	audit    *audit.Log
	notify   *notifications.Service
	limiter  *httpx.Limiter
	cfg      configs.Config
	opt      Options
	policy   passwordPolicy
	// dummyHash is verified when an email is unknown, so that costs what a wrong password does.
	dummyHash string
}

// NewService returns the identity service.
func NewService(d Deps, opt Options) (*Service, error) {
	opt = opt.withDefaults()
	dummy, err := opt.Hasher.Hash("not-a-password-of-anyone")
	if err != nil {
		return nil, err
	}
	return &Service{db: d.DB, tenants: d.Tenants, enforcer: d.Enforcer, audit: d.Audit, notify: d.Notify, limiter: d.Limiter,
		cfg: d.Config, opt: opt, policy: newPasswordPolicy(), dummyHash: dummy}, nil
}

func (s *Service) now() time.Time { return time.Now().UTC() }

func (s *Service) allow(ctx context.Context, key string, l httpx.Limit) error {
	if s.limiter == nil {
		return nil
	}
	return s.limiter.Allow(ctx, key, l)
}

func (s *Service) resetLimit(ctx context.Context, key string) {
	if s.limiter != nil {
		_ = s.limiter.Reset(ctx, key)
	}
}

// normaliseEmail trims and lower-cases an email and checks it is a bare address.
func normaliseEmail(field, raw string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(raw))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndex(e, "@")+1:], ".") && !strings.HasSuffix(e, "@localhost") {
		return "", errs.Invalid(field, "is not a valid email address")
	}
	return e, nil
}

func normaliseName(field, raw string, required bool) (string, error) {
	n := strings.TrimSpace(raw)
	if (required && n == "") || utf8.RuneCountInString(n) > 100 || strings.ContainsAny(n, "\r\n\x00") {
		return "", errs.Invalid(field, "must be 1 to 100 characters on one line")
	}
	return n, nil
}

// tenantOf returns the marketplace of ctx (the request's host).
func tenantOf(ctx context.Context) (tenants.Tenant, error) {
	t, ok := tenants.FromContext(ctx)
	if !ok {
		return tenants.Tenant{}, fmt.Errorf("identity: no marketplace in context: %w", errs.ErrNotFound)
	}
	return t, nil
}

// slugOf returns the slug of the marketplace of ctx, loading it when the context carries only
// the id.
func (s *Service) slugOf(ctx context.Context) (string, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return "", err
	}
	if t.Slug != "" {
		return t.Slug, nil
	}
	full, err := s.tenants.Get(ctx, t.ID)
	return full.Slug, err
}

// userOf completes acc with its roles and vendor memberships, inside tx.
func (s *Service) userOf(tx *gorm.DB, tenantID uuid.UUID, acc Account) (User, error) {
	var members []memberRow
	if err := tx.Where("account_id = ?", acc.ID).Order("created_at").Find(&members).Error; err != nil {
		return User{}, fmt.Errorf("load memberships: %w", err)
	}
	u := User{Account: acc, Roles: []string{access.RoleBuyer}, VendorMemberships: make([]VendorMembership, len(members))}
	for i, m := range members {
		u.VendorMemberships[i] = VendorMembership{VendorID: m.VendorID, Role: m.Role}
	}
	if len(members) > 0 {
		u.Roles = append(u.Roles, access.RoleSeller)
	}
	if s.enforcer.HasGrant(acc.ID.String(), access.RoleOperator, tenantID.String()) {
		u.Roles = append(u.Roles, access.RoleOperator)
	}
	return u, nil
}

// Me returns the signed-in user of ctx.
func (s *Service) Me(ctx context.Context) (User, error) {
	p := access.PrincipalFrom(ctx)
	t, err := tenantOf(ctx)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row accountRow
		if err := tx.Where("id = ?", p.AccountID).Take(&row).Error; err != nil {
			return fmt.Errorf("load account: %w", notFound(err, ErrAccountNotFound))
		}
		u, err = s.userOf(tx, t.ID, row.account())
		return err
	})
	return u, err
}

// User returns the account id of the marketplace of ctx, with its roles: ErrAccountNotFound for
// ids of other marketplaces.
func (s *Service) User(ctx context.Context, id uuid.UUID) (User, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row accountRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return fmt.Errorf("load account: %w", notFound(err, ErrAccountNotFound))
		}
		u, err = s.userOf(tx, t.ID, row.account())
		return err
	})
	return u, err
}

// UpdateMe changes the signed-in user's own profile. Only the name is theirs to change.
func (s *Service) UpdateMe(ctx context.Context, name *string) (User, error) {
	if name != nil {
		n, err := normaliseName("body.name", *name, true)
		if err != nil {
			return User{}, err
		}
		p := access.PrincipalFrom(ctx)
		err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&accountRow{}).Where("id = ?", p.AccountID).Updates(map[string]any{"name": n, "updated_at": s.now()}).Error
		})
		if err != nil {
			return User{}, fmt.Errorf("update profile: %w", err)
		}
	}
	return s.Me(ctx)
}
