package identity

import (
	"context"

	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/tenants"
)

// Settings returns the marketplace of ctx as its operators edit it.
func (s *Service) Settings(ctx context.Context) (tenants.Tenant, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return tenants.Tenant{}, err
	}
	return s.tenants.Get(ctx, t.ID)
}

// UpdateSettings changes the marketplace's name and theme colour and records what changed.
func (s *Service) UpdateSettings(ctx context.Context, u tenants.Update) (tenants.Tenant, error) {
	t, err := tenantOf(ctx)
	if err != nil {
		return tenants.Tenant{}, err
	}
	u.Status = nil // suspension is the platform's, never the operator's
	before, err := s.tenants.Get(ctx, t.ID)
	if err != nil {
		return tenants.Tenant{}, err
	}
	after, err := s.tenants.Update(ctx, t.ID, u)
	if err != nil {
		return tenants.Tenant{}, err
	}
	changes := map[string]any{}
	if before.Name != after.Name {
		changes["name"] = map[string]string{"from": before.Name, "to": after.Name}
	}
	if before.ThemeColor != after.ThemeColor {
		changes["theme_color"] = map[string]string{"from": before.ThemeColor, "to": after.ThemeColor}
	}
	if len(changes) > 0 {
		if err := s.audit.RecordIn(ctx, audit.Entry{Action: audit.ActionSettingsUpdated, TargetType: "tenant", TargetID: t.ID.String(), Details: changes}); err != nil {
			return tenants.Tenant{}, err
		}
	}
	return after, nil
}
