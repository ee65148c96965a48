package identity

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/tenants"
)

// SettingsView is what operators can see and change about their marketplace.
type SettingsView struct {
	Name       string `json:"name"`
	Slug       string `json:"slug"`
	ThemeColor string `json:"theme_color" example:"#4f46e5"`
	URL        string `json:"url" example:"http://demo.localhost:8080"`
}

type settingsOutput struct {
	Body SettingsView
}

type updateSettingsInput struct {
	Body struct {
		Name       *string `json:"name,omitempty" maxLength:"100"`
		ThemeColor *string `json:"theme_color,omitempty" maxLength:"7" example:"#4f46e5"`
	}
}

// OperatorView is one operator of the marketplace.
type OperatorView struct {
	ID        string    `json:"id" format:"uuid"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// OperatorInvitationView is a pending operator invitation.
type OperatorInvitationView struct {
	ID        string    `json:"id" format:"uuid"`
	Email     string    `json:"email"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

func operatorInvitationView(i Invitation) OperatorInvitationView {
	return OperatorInvitationView{ID: i.ID.String(), Email: i.Email, ExpiresAt: i.ExpiresAt, CreatedAt: i.CreatedAt}
}

type listOperatorsOutput struct {
	Body struct {
		Items       []OperatorView           `json:"items"`
		Invitations []OperatorInvitationView `json:"invitations"`
	}
}

type invitationOutput struct {
	Body OperatorInvitationView
}

func (h *handlers) settingsView(t tenants.Tenant) *settingsOutput {
	return &settingsOutput{Body: SettingsView{Name: t.Name, Slug: t.Slug, ThemeColor: t.ThemeColor, URL: h.s.cfg.TenantURL(t.Slug)}}
}

func (h *handlers) adminRoutes(api huma.API) {
	const tag = "Operator console"
	huma.Register(api, operation("get-settings", http.MethodGet, "/api/v1/admin/settings", tag, "Marketplace settings",
		"Name, slug, theme colour and address of this marketplace.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*settingsOutput, error) {
			t, err := h.s.Settings(ctx)
			if err != nil {
				return nil, err
			}
			return h.settingsView(t), nil
		})

	huma.Register(api, operation("update-settings", http.MethodPatch, "/api/v1/admin/settings", tag, "Change marketplace settings",
		"Changes the name and/or theme colour (#rrggbb); the change is audited.", true, http.StatusOK),
		func(ctx context.Context, in *updateSettingsInput) (*settingsOutput, error) {
			t, err := h.s.UpdateSettings(ctx, tenants.Update{Name: in.Body.Name, ThemeColor: in.Body.ThemeColor})
			if err != nil {
				return nil, err
			}
			return h.settingsView(t), nil
		})

	huma.Register(api, operation("list-operators", http.MethodGet, "/api/v1/admin/operators", tag, "List operators",
		"The operators of this marketplace and the pending invitations.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*listOperatorsOutput, error) {
			ops, invs, err := h.s.Operators(ctx)
			if err != nil {
				return nil, err
			}
			out := &listOperatorsOutput{}
			out.Body.Items = make([]OperatorView, len(ops))
			for i, a := range ops {
				out.Body.Items[i] = OperatorView{ID: a.ID.String(), Email: a.Email, Name: a.Name, CreatedAt: a.CreatedAt}
			}
			out.Body.Invitations = make([]OperatorInvitationView, len(invs))
			for i, inv := range invs {
				out.Body.Invitations[i] = operatorInvitationView(inv)
			}
			return out, nil
		})

	huma.Register(api, operation("invite-operator", http.MethodPost, "/api/v1/admin/operators/invitations", tag, "Invite an operator",
		"Emails a single-use link (/accept-invite?token=...) valid for 7 days. A new invitation to the same email replaces a pending one. 409 if the person is already an operator.", true, http.StatusCreated),
		func(ctx context.Context, in *accountEmailInput) (*invitationOutput, error) {
			inv, err := h.s.InviteOperator(ctx, in.Body.Email)
			if err != nil {
				return nil, err
			}
			return &invitationOutput{Body: operatorInvitationView(inv)}, nil
		})

	huma.Register(api, operation("revoke-invitation", http.MethodDelete, "/api/v1/admin/operators/invitations/{id}", tag, "Withdraw an invitation",
		"Deletes a pending invitation; its link stops working.", true, http.StatusNoContent),
		func(ctx context.Context, in *idPath) (*emptyOutput, error) {
			id, err := parseID(in.ID, ErrInvitationNotFound)
			if err != nil {
				return nil, err
			}
			return &emptyOutput{}, h.s.RevokeInvitation(ctx, id)
		})

	huma.Register(api, operation("remove-operator", http.MethodDelete, "/api/v1/admin/operators/{id}", tag, "Remove an operator",
		"Takes the operator role from an account (it stays a buyer). You cannot remove yourself (409). The change is audited and reaches every api process within seconds.", true, http.StatusNoContent),
		func(ctx context.Context, in *idPath) (*emptyOutput, error) {
			id, err := parseID(in.ID, ErrAccountNotFound)
			if err != nil {
				return nil, err
			}
			return &emptyOutput{}, h.s.RemoveOperator(ctx, id)
		})
}
