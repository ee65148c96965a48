package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// Registration is what a buyer signs up with.
type Registration struct {
	Email    string
	Password string
	Name     string
}

// Register asks for a buyer account in the marketplace of ctx. A new email gets an unverified
// account and a verification link; an email that already has an account gets an "account
// exists" email with links to sign in and to reset the password, and no new account. The caller
// learns nothing either way (the same answer, the same password hashing cost), so register
// cannot tell who has an account. Nobody is signed in: the owner of the address signs in next.
func (s *Service) Register(ctx context.Context, in Registration) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	email, err := normaliseEmail("body.email", in.Email)
	if err != nil {
		return err
	}
	name, err := normaliseName("body.name", in.Name, true)
	if err != nil {
		return err
	}
	if err := s.policy.Check("body.password", in.Password, email); err != nil {
		return err
	}
	if err := s.allow(ctx, "register:ip:"+t.ID.String()+":"+access.ClientFrom(ctx).IP, s.opt.Limits.SignupPerClient); err != nil {
		return err
	}
	hash, err := s.opt.Hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	slug, err := s.slugOf(ctx)
	if err != nil {
		return err
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var existing accountRow
		err := tx.Where("email = ?", email).Take(&existing).Error
		if err == nil {
			links := notifications.LinksFor(s.cfg.TenantURL(slug))
			return s.notify.Send(tx, notifications.Email{To: existing.Email, Template: "account_exists", Data: map[string]string{
				"name": existing.Name, "sign_in_url": links.SignIn(), "reset_url": links.ForgotPassword(),
			}})
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("find account: %w", err)
		}
		row, err := s.createAccount(tx, t.ID, email, name, hash, false)
		if err != nil {
			return err
		}
		return s.sendVerification(ctx, tx, slug, row)
	})
	if errors.Is(err, ErrEmailTaken) {
		// A concurrent registration of the same email won the insert: the account exists, and
		// the answer must not say so.
		return nil
	}
	return err
}

func (s *Service) createAccount(tx *gorm.DB, tenantID uuid.UUID, email, name, hash string, verified bool) (accountRow, error) {
	now := s.now()
	row := accountRow{TenantID: tenantID, ID: ids.New(), Email: email, Name: name, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	if verified {
		row.EmailVerifiedAt = &now
	}
	if err := tx.Create(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return accountRow{}, ErrEmailTaken
		}
		return accountRow{}, fmt.Errorf("create account: %w", err)
	}
	return row, nil
}

// issueToken stores a new single-use token of purpose for account inside tx and returns it.
func (s *Service) issueToken(tx *gorm.DB, tenantID, accountID uuid.UUID, purpose string, ttl time.Duration) (string, error) {
	tok, hash := tokens.NewHashed()
	now := s.now()
	row := tokenRow{TenantID: tenantID, ID: ids.New(), AccountID: accountID, Purpose: purpose, TokenHash: hash, ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := tx.Create(&row).Error; err != nil {
		return "", fmt.Errorf("store %s token: %w", purpose, err)
	}
	return tok, nil
}

func (s *Service) sendVerification(ctx context.Context, tx *gorm.DB, slug string, acc accountRow) error {
	tok, err := s.issueToken(tx, acc.TenantID, acc.ID, purposeVerify, s.opt.VerifyTTL)
	if err != nil {
		return err
	}
	return s.notify.Send(tx, notifications.Email{To: acc.Email, Template: "verify_email", Data: map[string]string{
		"name": acc.Name, "url": notifications.LinksFor(s.cfg.TenantURL(slug)).VerifyEmail(tok),
	}})
}

// Login checks email and password in the marketplace of ctx and opens a session.
func (s *Service) Login(ctx context.Context, rawEmail, password string) (User, Issued, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return User{}, Issued{}, err
	}
	email, err := normaliseEmail("body.email", rawEmail)
	if err != nil {
		return User{}, Issued{}, err
	}
	ip := access.ClientFrom(ctx).IP
	scope := t.ID.String()
	acctClient := "login:acct-ip:" + scope + ":" + email + ":" + ip
	for _, l := range []struct {
		key   string
		limit httpx.Limit
	}{
		{acctClient, s.opt.Limits.LoginPerAccountClient},
		{"login:ip:" + scope + ":" + ip, s.opt.Limits.LoginPerClient},
		{"login:acct:" + scope + ":" + email, s.opt.Limits.LoginPerAccount},
	} {
		if err := s.allow(ctx, l.key, l.limit); err != nil {
			return User{}, Issued{}, err
		}
	}

	var row accountRow
	found := true
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("email = ?", email).Take(&row).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		found, err = false, nil
	}
	if err != nil {
		return User{}, Issued{}, fmt.Errorf("find account: %w", err)
	}
	hash := s.dummyHash
	if found {
		hash = row.PasswordHash
	}
	ok, err := s.opt.Hasher.Verify(hash, password)
	if err != nil {
		return User{}, Issued{}, fmt.Errorf("verify password: %w", err)
	}
	if !found || !ok {
		entry := audit.Entry{Action: audit.ActionLoginFailed, ActorEmail: email, TargetType: "account", Details: map[string]any{"reason": "bad_credentials"}}
		if found {
			id := row.ID
			entry.ActorID, entry.TargetID = &id, row.ID.String()
		}
		if err := s.audit.RecordIn(ctx, entry); err != nil {
			return User{}, Issued{}, err
		}
		return User{}, Issued{}, ErrBadCredentials
	}

	var u User
	var iss Issued
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if iss, err = s.issueSession(ctx, tx, t.ID, row.ID); err != nil {
			return err
		}
		id := row.ID
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionLogin, ActorID: &id, ActorEmail: row.Email, TargetType: "account", TargetID: row.ID.String()}); err != nil {
			return err
		}
		u, err = s.userOf(tx, t.ID, row.account())
		return err
	})
	if err != nil {
		return User{}, Issued{}, err
	}
	s.resetLimit(ctx, acctClient)
	return u, iss, nil
}

// ChangePassword replaces the signed-in user's password after checking the current one, and
// signs out every other session.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	p := access.PrincipalFrom(ctx)
	if err := s.allow(ctx, "password-change:"+p.AccountID.String(), s.opt.Limits.LoginPerAccountClient); err != nil {
		return err
	}
	var row accountRow
	if err := s.tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", p.AccountID).Take(&row).Error }); err != nil {
		return fmt.Errorf("load account: %w", notFound(err, ErrAccountNotFound))
	}
	if err := s.policy.Check("body.new_password", next, row.Email); err != nil {
		return err
	}
	ok, err := s.opt.Hasher.Verify(row.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return errCurrentPassword
	}
	hash, err := s.opt.Hasher.Hash(next)
	if err != nil {
		return err
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&accountRow{}).Where("id = ?", row.ID).Updates(map[string]any{"password_hash": hash, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("store password: %w", err)
		}
		if err := s.revokeSessions(tx, row.ID, p.SessionID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionPasswordChanged, TargetType: "account", TargetID: row.ID.String()})
	})
}

// ForgotPassword mails a reset link if an account has this email. It answers the same either
// way, so it reveals nothing about who has an account.
func (s *Service) ForgotPassword(ctx context.Context, rawEmail string) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	email, err := normaliseEmail("body.email", rawEmail)
	if err != nil {
		return err
	}
	if err := s.allow(ctx, "reset:ip:"+t.ID.String()+":"+access.ClientFrom(ctx).IP, s.opt.Limits.ResetPerClient); err != nil {
		return err
	}
	if err := s.allow(ctx, "reset:acct:"+t.ID.String()+":"+email, s.opt.Limits.ResetPerAccount); err != nil {
		return err
	}
	slug, err := s.slugOf(ctx)
	if err != nil {
		return err
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var row accountRow
		if err := tx.Where("email = ?", email).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil
			}
			return err
		}
		tok, err := s.issueToken(tx, t.ID, row.ID, purposeReset, s.opt.ResetTTL)
		if err != nil {
			return err
		}
		return s.notify.Send(tx, notifications.Email{To: row.Email, Template: "password_reset", Data: map[string]string{
			"name": row.Name, "url": notifications.LinksFor(s.cfg.TenantURL(slug)).PasswordReset(tok),
		}})
	})
}

// findToken returns the live token of purpose, or errTokenInvalid.
func (s *Service) findToken(tx *gorm.DB, token, purpose string) (tokenRow, error) {
	var row tokenRow
	res := tx.Where("token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?", tokens.Hash(token), purpose, s.now()).Limit(1).Find(&row)
	if res.Error != nil {
		return tokenRow{}, res.Error
	}
	if res.RowsAffected == 0 {
		return tokenRow{}, errTokenInvalid
	}
	return row, nil
}

// useToken marks the token used, refusing if a concurrent request used it first.
func (s *Service) useToken(tx *gorm.DB, id uuid.UUID) error {
	res := tx.Model(&tokenRow{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", s.now())
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errTokenInvalid
	}
	return nil
}

// ResetPassword sets a new password with a mailed reset token (single use, one hour), signs
// out every session of the account and marks its email verified (the link proved it).
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	t, err := tenantOf(ctx)
	if err != nil {
		return err
	}
	if err := s.allow(ctx, "reset:ip:"+t.ID.String()+":"+access.ClientFrom(ctx).IP, s.opt.Limits.ResetPerClient); err != nil {
		return err
	}
	var tok tokenRow
	var acc accountRow
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if tok, err = s.findToken(tx, token, purposeReset); err != nil {
			return err
		}
		return tx.Where("id = ?", tok.AccountID).Take(&acc).Error
	})
	if err != nil {
		return err
	}
	if err := s.policy.Check("body.password", password, acc.Email); err != nil {
		return err
	}
	hash, err := s.opt.Hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := s.useToken(tx, tok.ID); err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&tokenRow{}).Where("account_id = ? AND purpose = ? AND used_at IS NULL", acc.ID, purposeReset).Update("used_at", now).Error; err != nil {
			return err
		}
		if err := tx.Model(&accountRow{}).Where("id = ?", acc.ID).Updates(map[string]any{
			"password_hash": hash, "updated_at": now, "email_verified_at": gorm.Expr("coalesce(email_verified_at, ?)", now),
		}).Error; err != nil {
			return fmt.Errorf("store password: %w", err)
		}
		if err := s.revokeSessions(tx, acc.ID, uuid.Nil); err != nil {
			return err
		}
		id := acc.ID
		return s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionPasswordReset, ActorID: &id, ActorEmail: acc.Email, TargetType: "account", TargetID: acc.ID.String()})
	})
}

// VerifyEmail confirms an account's email with a mailed verification token.
func (s *Service) VerifyEmail(ctx context.Context, token string) (User, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return User{}, err
	}
	if err := s.allow(ctx, "reset:ip:"+t.ID.String()+":"+access.ClientFrom(ctx).IP, s.opt.Limits.ResetPerClient); err != nil {
		return User{}, err
	}
	var u User
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		tok, err := s.findToken(tx, token, purposeVerify)
		if err != nil {
			return err
		}
		if err := s.useToken(tx, tok.ID); err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&accountRow{}).Where("id = ? AND email_verified_at IS NULL", tok.AccountID).Update("email_verified_at", now).Error; err != nil {
			return err
		}
		var acc accountRow
		if err := tx.Where("id = ?", tok.AccountID).Take(&acc).Error; err != nil {
			return err
		}
		u, err = s.userOf(tx, t.ID, acc.account())
		return err
	})
	return u, err
}

// ResendVerification mails a new verification link to the signed-in user, unless the email is
// verified already.
func (s *Service) ResendVerification(ctx context.Context) error {
	p := access.PrincipalFrom(ctx)
	if err := s.allow(ctx, "verify-resend:"+p.AccountID.String(), s.opt.Limits.ResetPerAccount); err != nil {
		return err
	}
	slug, err := s.slugOf(ctx)
	if err != nil {
		return err
	}
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		var acc accountRow
		if err := tx.Where("id = ?", p.AccountID).Take(&acc).Error; err != nil {
			return notFound(err, ErrAccountNotFound)
		}
		if acc.EmailVerifiedAt != nil {
			return nil
		}
		return s.sendVerification(ctx, tx, slug, acc)
	})
}

// EnsureAccount returns the account with email in the marketplace of ctx, creating it with
// password (and a verified email) when missing; created says which. For seed data and tools.
func (s *Service) EnsureAccount(ctx context.Context, rawEmail, password, name string) (acc Account, created bool, err error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return Account{}, false, err
	}
	email, err := normaliseEmail("email", rawEmail)
	if err != nil {
		return Account{}, false, err
	}
	var row accountRow
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("email = ?", email).Take(&row).Error })
	if err == nil {
		return row.account(), false, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return Account{}, false, err
	}
	if err := s.policy.Check("password", password, email); err != nil {
		return Account{}, false, err
	}
	hash, err := s.opt.Hasher.Hash(password)
	if err != nil {
		return Account{}, false, err
	}
	err = s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		row, err = s.createAccount(tx, t.ID, email, name, hash, true)
		return err
	})
	return row.account(), err == nil, err
}
