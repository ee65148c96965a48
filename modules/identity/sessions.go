package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/tenants"
)

// touchEvery limits the sliding-expiry write to one per minute per session.
const touchEvery = time.Minute

// issueSession creates a session for account inside tx.
func (s *Service) issueSession(ctx context.Context, tx *gorm.DB, tenantID, accountID uuid.UUID) (Issued, error) {
	tok, hash := tokens.NewHashed()
	now := s.now()
	c := access.ClientFrom(ctx)
	row := sessionRow{TenantID: tenantID, ID: ids.New(), AccountID: accountID, TokenHash: hash, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.opt.SessionIdle), AbsoluteExpiresAt: now.Add(s.opt.SessionAbsolute), IP: c.IP, UserAgent: truncate(c.UserAgent, 512)}
	if err := tx.Create(&row).Error; err != nil {
		return Issued{}, fmt.Errorf("create session: %w", err)
	}
	return Issued{Token: tok, ExpiresAt: row.ExpiresAt}, nil
}

// IssueSession signs account in on the marketplace of ctx without a password: for trusted
// callers only (seed data, tests, an accepted invitation).
func (s *Service) IssueSession(ctx context.Context, accountID uuid.UUID) (Issued, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return Issued{}, err
	}
	var out Issued
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		out, err = s.issueSession(ctx, tx, t.ID, accountID)
		return err
	})
	return out, err
}

// principalForToken resolves a marketplace session token to its principal. An unknown,
// expired or revoked token (or one from another marketplace, which RLS hides) is anonymous.
func (s *Service) principalForToken(ctx context.Context, t tenants.Tenant, token string) (access.Principal, error) {
	now := s.now()
	p := access.Anonymous()
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var sess sessionRow
		res := tx.Where("token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", tokens.Hash(token), now, now).Limit(1).Find(&sess)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var acc accountRow
		if err := tx.Select("id", "email").Where("id = ?", sess.AccountID).Take(&acc).Error; err != nil {
			return err
		}
		if now.Sub(sess.LastSeenAt) > touchEvery {
			exp := now.Add(s.opt.SessionIdle)
			if exp.After(sess.AbsoluteExpiresAt) {
				exp = sess.AbsoluteExpiresAt
			}
			if err := tx.Model(&sessionRow{}).Where("id = ?", sess.ID).Updates(map[string]any{"last_seen_at": now, "expires_at": exp}).Error; err != nil {
				return err
			}
		}
		var memberships int64
		if err := tx.Model(&memberRow{}).Where("account_id = ?", acc.ID).Limit(1).Count(&memberships).Error; err != nil {
			return err
		}
		p = access.Principal{AccountID: acc.ID, Email: acc.Email, SessionID: sess.ID, Roles: []string{access.RoleAnonymous, access.RoleBuyer}}
		if memberships > 0 {
			p.Roles = append(p.Roles, access.RoleSeller)
		}
		if s.enforcer.HasGrant(acc.ID.String(), access.RoleOperator, t.ID.String()) {
			p.Roles = append(p.Roles, access.RoleOperator)
		}
		return nil
	})
	if err != nil {
		return access.Anonymous(), fmt.Errorf("authenticate session: %w", err)
	}
	return p, nil
}

// Sessions lists the signed-in user's live sessions, newest first.
func (s *Service) Sessions(ctx context.Context) ([]Session, error) {
	p := access.PrincipalFrom(ctx)
	now := s.now()
	var rows []sessionRow
	err := s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("account_id = ? AND revoked_at IS NULL AND expires_at > ? AND absolute_expires_at > ?", p.AccountID, now, now).
			Order("created_at desc").Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]Session, len(rows))
	for i, r := range rows {
		out[i] = Session{ID: r.ID, CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, ExpiresAt: r.ExpiresAt, UserAgent: r.UserAgent, IP: r.IP, Current: r.ID == p.SessionID}
	}
	return out, nil
}

// RevokeSession signs out one of the user's own sessions; other people's are not found.
func (s *Service) RevokeSession(ctx context.Context, id uuid.UUID) error {
	p := access.PrincipalFrom(ctx)
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&sessionRow{}).Where("id = ? AND account_id = ? AND revoked_at IS NULL", id, p.AccountID).Update("revoked_at", s.now())
		if res.Error != nil {
			return fmt.Errorf("revoke session: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrSessionNotFound
		}
		return nil
	})
}

// Logout ends the session of the request, if any.
func (s *Service) Logout(ctx context.Context) error {
	p := access.PrincipalFrom(ctx)
	if !p.Authenticated() {
		return nil
	}
	if p.Platform {
		return s.platformLogout(ctx, p)
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&sessionRow{}).Where("id = ?", p.SessionID).Update("revoked_at", s.now()).Error; err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionLogout, TargetType: "session", TargetID: p.SessionID.String()})
	})
}

// revokeSessions ends every session of account except keep (uuid.Nil: all), inside tx.
func (s *Service) revokeSessions(tx *gorm.DB, accountID, keep uuid.UUID) error {
	q := tx.Model(&sessionRow{}).Where("account_id = ? AND revoked_at IS NULL", accountID)
	if keep != uuid.Nil {
		q = q.Where("id <> ?", keep)
	}
	if err := q.Update("revoked_at", s.now()).Error; err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
