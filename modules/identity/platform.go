package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// CreatePlatformAdmin adds a platform admin (marketctl admins create).
func (s *Service) CreatePlatformAdmin(ctx context.Context, rawEmail, password, name string) (PlatformAdmin, error) {
	email, err := normaliseEmail("email", rawEmail)
	if err != nil {
		return PlatformAdmin{}, err
	}
	if name, err = normaliseName("name", name, false); err != nil {
		return PlatformAdmin{}, err
	}
	if err := s.policy.Check("password", password, email); err != nil {
		return PlatformAdmin{}, err
	}
	hash, err := s.opt.Hasher.Hash(password)
	if err != nil {
		return PlatformAdmin{}, err
	}
	now := s.now()
	row := adminRow{ID: ids.New(), Email: email, Name: name, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrAdminExists
			}
			return fmt.Errorf("create platform admin: %w", err)
		}
		return access.Grant(tx, row.ID.String(), access.RolePlatformAdmin, access.PlatformDomain)
	})
	if err != nil {
		return PlatformAdmin{}, err
	}
	if err := s.enforcer.Changed(ctx); err != nil {
		return PlatformAdmin{}, err
	}
	return PlatformAdmin{ID: row.ID, Email: row.Email, Name: row.Name, CreatedAt: row.CreatedAt}, nil
}

// PlatformLogin signs a platform admin in on the platform host.
func (s *Service) PlatformLogin(ctx context.Context, rawEmail, password string) (PlatformAdmin, Issued, error) {
	email, err := normaliseEmail("body.email", rawEmail)
	if err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	ip := access.ClientFrom(ctx).IP
	acctClient := "login:acct-ip:platform:" + email + ":" + ip
	if err := s.allow(ctx, acctClient, s.opt.Limits.LoginPerAccountClient); err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	if err := s.allow(ctx, "login:ip:platform:"+ip, s.opt.Limits.LoginPerClient); err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	if err := s.allow(ctx, "login:acct:platform:"+email, s.opt.Limits.LoginPerAccount); err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	var row adminRow
	err = s.db.WithContext(ctx).Where("email = ?", email).Take(&row).Error
	found := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return PlatformAdmin{}, Issued{}, fmt.Errorf("find platform admin: %w", err)
	}
	hash := s.dummyHash
	if found {
		hash = row.PasswordHash
	}
	ok, err := s.opt.Hasher.Verify(hash, password)
	if err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	if !found || !ok || !s.enforcer.HasGrant(row.ID.String(), access.RolePlatformAdmin, access.PlatformDomain) {
		return PlatformAdmin{}, Issued{}, ErrBadCredentials
	}
	iss, err := s.IssuePlatformSession(ctx, row.ID)
	if err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	s.resetLimit(ctx, acctClient)
	return row.admin(), iss, nil
}

// IssuePlatformSession signs a platform admin in without a password: for trusted callers
// only (tools, tests).
func (s *Service) IssuePlatformSession(ctx context.Context, adminID uuid.UUID) (Issued, error) {
	tok, hash, err := newToken()
	if err != nil {
		return Issued{}, err
	}
	now := s.now()
	c := access.ClientFrom(ctx)
	sess := platformSessionRow{ID: ids.New(), AdminID: adminID, TokenHash: hash, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.opt.SessionIdle), AbsoluteExpiresAt: now.Add(s.opt.SessionAbsolute), IP: c.IP, UserAgent: truncate(c.UserAgent, 512)}
	if err := s.db.WithContext(ctx).Create(&sess).Error; err != nil {
		return Issued{}, fmt.Errorf("create platform session: %w", err)
	}
	return Issued{Token: tok, ExpiresAt: sess.ExpiresAt}, nil
}

func (r adminRow) admin() PlatformAdmin {
	return PlatformAdmin{ID: r.ID, Email: r.Email, Name: r.Name, CreatedAt: r.CreatedAt}
}

// platformPrincipal resolves a platform session token.
func (s *Service) platformPrincipal(ctx context.Context, token string) (access.Principal, error) {
	now := s.now()
	var sess platformSessionRow
	res := s.db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", hashToken(token), now, now).Limit(1).Find(&sess)
	if res.Error != nil {
		return access.Anonymous(), fmt.Errorf("authenticate platform session: %w", res.Error)
	}
	if res.RowsAffected == 0 || !s.enforcer.HasGrant(sess.AdminID.String(), access.RolePlatformAdmin, access.PlatformDomain) {
		return access.Anonymous(), nil
	}
	var admin adminRow
	if err := s.db.WithContext(ctx).Select("id", "email").Where("id = ?", sess.AdminID).Take(&admin).Error; err != nil {
		return access.Anonymous(), fmt.Errorf("load platform admin: %w", err)
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		exp := now.Add(s.opt.SessionIdle)
		if exp.After(sess.AbsoluteExpiresAt) {
			exp = sess.AbsoluteExpiresAt
		}
		if err := s.db.WithContext(ctx).Model(&platformSessionRow{}).Where("id = ?", sess.ID).Updates(map[string]any{"last_seen_at": now, "expires_at": exp}).Error; err != nil {
			return access.Anonymous(), err
		}
	}
	return access.Principal{AccountID: admin.ID, Email: admin.Email, SessionID: sess.ID, Platform: true,
		Roles: []string{access.RoleAnonymous, access.RolePlatformAdmin}}, nil
}

func (s *Service) platformLogout(ctx context.Context, p access.Principal) error {
	return s.db.WithContext(ctx).Model(&platformSessionRow{}).Where("id = ?", p.SessionID).Update("revoked_at", s.now()).Error
}

// PlatformMe returns the signed-in platform admin.
func (s *Service) PlatformMe(ctx context.Context) (PlatformAdmin, error) {
	var row adminRow
	if err := s.db.WithContext(ctx).Where("id = ?", access.PrincipalFrom(ctx).AccountID).Take(&row).Error; err != nil {
		return PlatformAdmin{}, notFound(err, ErrAccountNotFound)
	}
	return row.admin(), nil
}

// Tenants lists the marketplaces, optionally only those with status.
func (s *Service) Tenants(ctx context.Context, status string) ([]tenants.Tenant, error) {
	all, err := s.tenants.List(ctx)
	if err != nil {
		return nil, err
	}
	if status == "" {
		return all, nil
	}
	out := make([]tenants.Tenant, 0, len(all))
	for _, t := range all {
		if t.Status == status {
			out = append(out, t)
		}
	}
	return out, nil
}

// SetTenantStatus suspends or reactivates a marketplace and records it in that marketplace's
// audit log, with the platform admin as actor.
func (s *Service) SetTenantStatus(ctx context.Context, id uuid.UUID, status, reason string) (tenants.Tenant, error) {
	t, err := s.tenants.Update(ctx, id, tenants.Update{Status: &status})
	if err != nil {
		return tenants.Tenant{}, err
	}
	action := audit.ActionTenantSuspended
	if status == tenants.StatusActive {
		action = audit.ActionTenantResumed
	}
	details := map[string]any{"by": "platform-admin"}
	if reason != "" {
		details["reason"] = reason
	}
	// The admin is not an account of the marketplace, but its id and email identify it.
	err = s.audit.RecordIn(tenants.WithTenantID(ctx, id), audit.Entry{Action: action, TargetType: "tenant", TargetID: id.String(), Details: details})
	return t, err
}
