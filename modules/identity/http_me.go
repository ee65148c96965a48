package identity

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

type updateMeInput struct {
	Body struct {
		// Closed like every body: a field the profile cannot change (role, email_verified,
		// tenant_id, ...) is refused with 422, not silently ignored.
		Name *string `json:"name,omitempty" maxLength:"100"`
	}
}

type changePasswordInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" maxLength:"1024"`
		NewPassword     string `json:"new_password" maxLength:"1024" doc:"10 to 128 characters, not a common password"`
	}
}

// SessionView is one of the user's signed-in devices.
type SessionView struct {
	ID         string    `json:"id" format:"uuid"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
	Current    bool      `json:"current" doc:"The session of this request"`
}

type listSessionsOutput struct {
	Body struct {
		Items []SessionView `json:"items"`
	}
}

func (h *handlers) meRoutes(api huma.API) {
	const tag = "Account"
	huma.Register(api, operation("get-me", http.MethodGet, "/api/v1/me", tag, "The signed-in user",
		"The account of the session with its roles in this marketplace.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*userOutput, error) {
			u, err := h.s.Me(ctx)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: userView(u)}, nil
		})

	huma.Register(api, operation("update-me", http.MethodPatch, "/api/v1/me", tag, "Update the signed-in user's profile",
		"Changes the name. Any other field (role, email_verified, tenant_id, ...) is refused with 422.", true, http.StatusOK),
		func(ctx context.Context, in *updateMeInput) (*userOutput, error) {
			u, err := h.s.UpdateMe(ctx, in.Body.Name)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: userView(u)}, nil
		})

	huma.Register(api, operation("change-password", http.MethodPost, "/api/v1/me/password", tag, "Change the password",
		"Checks the current password (422 on body.current_password if wrong), sets the new one and signs out every other session.", true, http.StatusNoContent),
		func(ctx context.Context, in *changePasswordInput) (*emptyOutput, error) {
			return &emptyOutput{}, h.s.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword)
		})

	huma.Register(api, operation("resend-verification", http.MethodPost, "/api/v1/me/email/verification", tag, "Send the verification email again",
		"Emails a new verification link unless the email is verified already.", true, http.StatusAccepted),
		func(ctx context.Context, _ *struct{}) (*emptyOutput, error) {
			return &emptyOutput{}, h.s.ResendVerification(ctx)
		})

	huma.Register(api, operation("list-sessions", http.MethodGet, "/api/v1/me/sessions", tag, "List my sessions",
		"Every device signed in to this account, newest first.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*listSessionsOutput, error) {
			list, err := h.s.Sessions(ctx)
			if err != nil {
				return nil, err
			}
			out := &listSessionsOutput{}
			out.Body.Items = make([]SessionView, len(list))
			for i, s := range list {
				out.Body.Items[i] = SessionView{ID: s.ID.String(), CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt, UserAgent: s.UserAgent, IP: s.IP, Current: s.Current}
			}
			return out, nil
		})

	huma.Register(api, operation("revoke-session", http.MethodDelete, "/api/v1/me/sessions/{id}", tag, "Sign out a session",
		"Ends one of my sessions (possibly this one). Another user's session id is 404.", true, http.StatusNoContent),
		func(ctx context.Context, in *idPath) (*emptyOutput, error) {
			id, err := parseID(in.ID, ErrSessionNotFound)
			if err != nil {
				return nil, err
			}
			return &emptyOutput{}, h.s.RevokeSession(ctx, id)
		})
}
