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
	"github.com/openmarket/marketplace/modules/platform/tokens"
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
	err = s.tenants.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrAdminExists
			}
			return fmt.Errorf("create platform admin: %w", err)
		}
		if err := access.Grant(tx, row.ID.String(), access.RolePlatformAdmin, access.PlatformDomain); err != nil {
			return err
		}
		return s.audit.RecordPlatform(ctx, tx, audit.Entry{Action: audit.ActionPlatformAdminCreated, TargetType: "platform_admin",
			TargetID: row.ID.String(), Details: map[string]any{"email": row.Email}})
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
		entry := audit.Entry{Action: audit.ActionPlatformLoginFailed, ActorEmail: email, TargetType: "platform_admin", Details: map[string]any{"reason": "bad_credentials"}}
		if found {
			id := row.ID
			entry.ActorID, entry.TargetID = &id, row.ID.String()
		}
		if err := s.audit.RecordPlatformIn(ctx, entry); err != nil {
			return PlatformAdmin{}, Issued{}, err
		}
		return PlatformAdmin{}, Issued{}, ErrBadCredentials
	}
	var iss Issued
	err = s.tenants.PlatformTx(ctx, func(tx *gorm.DB) error {
		if iss, err = s.issuePlatformSession(ctx, tx, row.ID); err != nil {
			return err
		}
		id := row.ID
		return s.audit.RecordPlatform(ctx, tx, audit.Entry{Action: audit.ActionPlatformLogin, ActorID: &id, ActorEmail: row.Email,
			TargetType: "platform_admin", TargetID: row.ID.String()})
	})
	if err != nil {
		return PlatformAdmin{}, Issued{}, err
	}
	s.resetLimit(ctx, acctClient)
	return row.admin(), iss, nil
}

// IssuePlatformSession signs a platform admin in without a password: for trusted callers
// only (tools, tests).
func (s *Service) IssuePlatformSession(ctx context.Context, adminID uuid.UUID) (Issued, error) {
	return s.issuePlatformSession(ctx, s.db.WithContext(ctx), adminID)
}

// issuePlatformSession creates a platform session inside tx (or the pool).
func (s *Service) issuePlatformSession(ctx context.Context, tx *gorm.DB, adminID uuid.UUID) (Issued, error) {
	tok, hash := tokens.NewHashed()
	now := s.now()
	c := access.ClientFrom(ctx)
	sess := platformSessionRow{ID: ids.New(), AdminID: adminID, TokenHash: hash, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.opt.SessionIdle), AbsoluteExpiresAt: now.Add(s.opt.SessionAbsolute), IP: c.IP, UserAgent: truncate(c.UserAgent, 512)}
	if err := tx.Create(&sess).Error; err != nil {
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
	res := s.db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", tokens.Hash(token), now, now).Limit(1).Find(&sess)
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
	return s.tenants.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&platformSessionRow{}).Where("id = ?", p.SessionID).Update("revoked_at", s.now()).Error; err != nil {
			return fmt.Errorf("end platform session: %w", err)
		}
		return s.audit.RecordPlatform(ctx, tx, audit.Entry{Action: audit.ActionPlatformLogout, TargetType: "platform_session", TargetID: p.SessionID.String()})
	})
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
// audit log and in the platform's, with the platform admin as actor.
func (s *Service) SetTenantStatus(ctx context.Context, id uuid.UUID, status, reason string) (tenants.Tenant, error) {
	before, err := s.tenants.Get(ctx, id)
	if err != nil {
		return tenants.Tenant{}, err
	}
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
	if err := s.audit.RecordIn(tenants.WithTenantID(ctx, id), audit.Entry{Action: action, TargetType: "tenant", TargetID: id.String(), Details: details}); err != nil {
		return t, err
	}
	change := audit.Change(map[string]any{"status": before.Status}, map[string]any{"status": t.Status})
	change["slug"] = t.Slug
	if reason != "" {
		change["reason"] = reason
	}
	err = s.audit.RecordPlatformIn(ctx, audit.Entry{Action: action, TargetType: "tenant", TargetID: id.String(), MarketplaceID: &id, Details: change})
	return t, err
}
