package identity

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/tenants"
)

// Signup is what it takes to open a marketplace on the platform host.
type Signup struct {
	Slug         string
	Name         string
	Email        string
	Password     string
	OperatorName string
}

// SignupResult is the new marketplace, its address and its first operator.
type SignupResult struct {
	Tenant   tenants.Tenant
	URL      string
	Operator Account
}

// SignUp creates a marketplace with its domain, its operator account, the operator's role grant
// and the welcome email, all in one transaction.
func (s *Service) SignUp(ctx context.Context, in Signup) (SignupResult, error) {
	slug := strings.ToLower(strings.TrimSpace(in.Slug))
	if err := tenants.ValidateSlug(slug); err != nil {
		return SignupResult{}, err
	}
	if _, err := normaliseName("body.name", in.Name, true); err != nil {
		return SignupResult{}, err
	}
	email, err := normaliseEmail("body.email", in.Email)
	if err != nil {
		return SignupResult{}, err
	}
	opName, err := normaliseName("body.operator_name", in.OperatorName, true)
	if err != nil {
		return SignupResult{}, errOperatorNameEmpty
	}
	if err := s.policy.Check("body.password", in.Password, email); err != nil {
		return SignupResult{}, err
	}
	if err := s.allow(ctx, "signup:ip:"+access.ClientFrom(ctx).IP, s.opt.Limits.MarketplaceSignupPerClient); err != nil {
		return SignupResult{}, err
	}
	hash, err := s.opt.Hasher.Hash(in.Password)
	if err != nil {
		return SignupResult{}, err
	}
	var op accountRow
	t, err := s.tenants.Provision(ctx, tenants.NewTenant{Slug: slug, Name: in.Name}, func(ctx context.Context, tx *gorm.DB) error {
		t, _ := tenants.FromContext(ctx)
		var err error
		if op, err = s.createAccount(tx, t.ID, email, opName, hash, false); err != nil {
			return err
		}
		if err := access.Grant(tx, op.ID.String(), access.RoleOperator, t.ID.String()); err != nil {
			return err
		}
		id := op.ID
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: audit.ActionRoleGranted, ActorID: &id, ActorEmail: email, TargetType: "account",
			TargetID: op.ID.String(), Details: map[string]any{"role": access.RoleOperator, "via": "signup"}}); err != nil {
			return err
		}
		if err := s.sendVerification(ctx, tx, slug, op); err != nil {
			return err
		}
		return s.notify.Send(tx, notifications.Email{To: email, Template: "marketplace_welcome", Data: map[string]string{
			"name": opName, "url": notifications.LinksFor(s.cfg.TenantURL(slug)).Home(), "console": notifications.LinksFor(s.cfg.TenantURL(slug)).OperatorConsole(),
		}})
	})
	if err != nil {
		return SignupResult{}, err
	}
	if err := s.enforcer.Changed(ctx); err != nil {
		return SignupResult{}, err
	}
	return SignupResult{Tenant: t, URL: s.cfg.TenantURL(t.Slug), Operator: op.account()}, nil
}
