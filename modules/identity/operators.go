package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// Operators lists the operators of the marketplace of ctx and its pending invitations.
func (s *Service) Operators(ctx context.Context) ([]Account, []Invitation, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	var accountIDs []uuid.UUID
	for _, sub := range s.enforcer.Subjects(access.RoleOperator, t.ID.String()) {
		if id, err := uuid.Parse(sub); err == nil {
			accountIDs = append(accountIDs, id)
		}
	}
	var accs []accountRow
	var invs []invitationRow
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if len(accountIDs) > 0 {
			if err := tx.Where("id IN ?", accountIDs).Order("created_at").Find(&accs).Error; err != nil {
				return err
			}
		}
		return tx.Where("accepted_at IS NULL AND expires_at > ?", s.now()).Order("created_at").Find(&invs).Error
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list operators: %w", err)
	}
	ops := make([]Account, len(accs))
	for i, a := range accs {
		ops[i] = a.account()
	}
	out := make([]Invitation, len(invs))
	for i, r := range invs {
		out[i] = Invitation{ID: r.ID, Email: r.Email, ExpiresAt: r.ExpiresAt, CreatedAt: r.CreatedAt}
	}
	return ops, out, nil
}

// InviteOperator mails an invitation to become an operator (single use, 7 days). A new
// invitation to the same email replaces a pending one.
func (s *Service) InviteOperator(ctx context.Context, rawEmail string) (Invitation, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return Invitation{}, err
	}
	email, err := normaliseEmail("body.email", rawEmail)
	if err != nil {
		return Invitation{}, err
	}
	p := access.PrincipalFrom(ctx)
	slug, err := s.slugOf(ctx)
	if err != nil {
		return Invitation{}, err
	}
	tok, hash := tokens.NewHashed()
	now := s.now()
	row := invitationRow{TenantID: t.ID, ID: ids.New(), Email: email, TokenHash: hash, ExpiresAt: now.Add(s.opt.InvitationTTL), CreatedAt: now}
	if p.Authenticated() {
		id := p.AccountID
		row.InvitedBy = &id
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var existing accountRow
		err := tx.Select("id").Where("email = ?", email).Take(&existing).Error
		if err == nil && s.enforcer.HasGrant(existing.ID.String(), access.RoleOperator, t.ID.String()) {
			return ErrAlreadyOperator
		}
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if err := tx.Where("email = ? AND accepted_at IS NULL", email).Delete(&invitationRow{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store invitation: %w", err)
		}
		inviter := p.Email
		if inviter == "" {
			inviter = "An operator"
		}
		if err := s.notify.Send(tx, notifications.Email{To: email, Template: "operator_invite", Data: map[string]string{
			"inviter": inviter, "url": notifications.LinksFor(s.cfg.TenantURL(slug)).OperatorInvitation(tok),
		}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionOperatorInvited, TargetType: "invitation", TargetID: row.ID.String(),
			Details: map[string]any{"email": email}})
	})
	if err != nil {
		return Invitation{}, err
	}
	return Invitation{ID: row.ID, Email: row.Email, ExpiresAt: row.ExpiresAt, CreatedAt: row.CreatedAt}, nil
}

// RevokeInvitation withdraws a pending invitation of the marketplace of ctx.
func (s *Service) RevokeInvitation(ctx context.Context, id uuid.UUID) error {
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND accepted_at IS NULL", id).Delete(&invitationRow{})
		if res.Error != nil {
			return fmt.Errorf("revoke invitation: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrInvitationNotFound
		}
		return nil
	})
}

// AcceptInvitation makes the invitee an operator and signs them in. A new account is created
// (its email counts as verified: the link proved it) unless one exists with this email, in which
// case password must be that account's password.
func (s *Service) AcceptInvitation(ctx context.Context, token, name, password string) (User, Issued, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return User{}, Issued{}, err
	}
	if err := s.allow(ctx, "reset:ip:"+t.ID.String()+":"+access.ClientFrom(ctx).IP, s.opt.Limits.ResetPerClient); err != nil {
		return User{}, Issued{}, err
	}
	var inv invitationRow
	var existing *accountRow
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("token_hash = ? AND accepted_at IS NULL AND expires_at > ?", tokens.Hash(token), s.now()).Limit(1).Find(&inv)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errTokenInvalid
		}
		var acc accountRow
		err := tx.Where("email = ?", inv.Email).Take(&acc).Error
		if err == nil {
			existing = &acc
			return nil
		}
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return User{}, Issued{}, err
	}
	var hash string
	if existing != nil {
		ok, err := s.opt.Hasher.Verify(existing.PasswordHash, password)
		if err != nil {
			return User{}, Issued{}, err
		}
		if !ok {
			return User{}, Issued{}, errExistingPassword
		}
	} else {
		if name, err = normaliseName("body.name", name, true); err != nil {
			return User{}, Issued{}, err
		}
		if err := s.policy.Check("body.password", password, inv.Email); err != nil {
			return User{}, Issued{}, err
		}
		if hash, err = s.opt.Hasher.Hash(password); err != nil {
			return User{}, Issued{}, err
		}
	}
	var u User
	var iss Issued
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&invitationRow{}).Where("id = ? AND accepted_at IS NULL", inv.ID).Update("accepted_at", s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errTokenInvalid
		}
		acc := existing
		if acc == nil {
			row, err := s.createAccount(tx, t.ID, inv.Email, name, hash, true)
			if err != nil {
				return err
			}
			acc = &row
		}
		if err := access.Grant(tx, acc.ID.String(), access.RoleOperator, t.ID.String()); err != nil {
			return err
		}
		id := acc.ID
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleGranted, ActorID: &id, ActorEmail: acc.Email, TargetType: "account",
			TargetID: acc.ID.String(), Details: map[string]any{"role": access.RoleOperator, "invitation_id": inv.ID.String()}}); err != nil {
			return err
		}
		if iss, err = s.issueSession(ctx, tx, t.ID, acc.ID); err != nil {
			return err
		}
		u = User{Account: acc.account()}
		return nil
	})
	if err != nil {
		return User{}, Issued{}, err
	}
	if err := s.enforcer.Changed(ctx); err != nil {
		return User{}, Issued{}, err
	}
	u, err = s.User(ctx, u.ID)
	return u, iss, err
}

// RemoveOperator takes the operator role from an account of the marketplace of ctx. Operators
// cannot remove themselves, so a marketplace always keeps one.
func (s *Service) RemoveOperator(ctx context.Context, accountID uuid.UUID) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	if access.PrincipalFrom(ctx).AccountID == accountID {
		return ErrRemoveSelf
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acc accountRow
		if err := tx.Select("id", "email").Where("id = ?", accountID).Take(&acc).Error; err != nil {
			return notFound(err, ErrAccountNotFound)
		}
		removed, err := access.Revoke(tx, accountID.String(), access.RoleOperator, t.ID.String())
		if err != nil {
			return err
		}
		if !removed {
			return ErrAccountNotFound
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleRevoked, TargetType: "account", TargetID: accountID.String(),
			Details: map[string]any{"role": access.RoleOperator, "email": acc.Email}})
	})
	if err != nil {
		return err
	}
	return s.enforcer.Changed(ctx)
}

// GrantOperator makes an existing account of the marketplace of ctx an operator (marketctl
// seed and trusted callers; operators use invitations).
func (s *Service) GrantOperator(ctx context.Context, accountID uuid.UUID) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acc accountRow
		if err := tx.Select("id").Where("id = ?", accountID).Take(&acc).Error; err != nil {
			return notFound(err, ErrAccountNotFound)
		}
		if err := access.Grant(tx, accountID.String(), access.RoleOperator, t.ID.String()); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleGranted, TargetType: "account", TargetID: accountID.String(),
			Details: map[string]any{"role": access.RoleOperator}})
	})
	if err != nil {
		return err
	}
	return s.enforcer.Changed(ctx)
}
