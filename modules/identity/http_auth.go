package identity

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

type registerBuyerInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" example:"ada@example.com"`
		Password string `json:"password" maxLength:"1024" doc:"10 to 128 characters, not a common password"`
		Name     string `json:"name" maxLength:"100" example:"Ada Lovelace"`
	}
}

type signInInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254" example:"buyer@demo.example"`
		Password string `json:"password" maxLength:"1024"`
	}
}

type accountEmailInput struct {
	Body struct {
		Email string `json:"email" maxLength:"254"`
	}
}

type resetPasswordInput struct {
	Body struct {
		Token    string `json:"token" maxLength:"128"`
		Password string `json:"password" maxLength:"1024"`
	}
}

type verifyEmailInput struct {
	Body struct {
		Token string `json:"token" maxLength:"128"`
	}
}

type acceptInvitationInput struct {
	Body struct {
		Token    string `json:"token" maxLength:"128"`
		Name     string `json:"name" maxLength:"100" doc:"Used when a new account is created"`
		Password string `json:"password" maxLength:"1024" doc:"A new password, or the existing account's password"`
	}
}

func (h *handlers) authRoutes(api huma.API) {
	const tag = "Accounts"
	huma.Register(api, operation("register", http.MethodPost, "/api/v1/auth/register", tag, "Create a buyer account",
		"Creates an account in this marketplace and emails a verification link; sign in afterwards with the password. When the email already has an account here, that account's owner is emailed links to sign in and reset the password instead, and nothing is created. The answer is the same 202 either way, so it does not tell who has an account. Limited per client (429 with Retry-After).", false, http.StatusAccepted),
		func(ctx context.Context, in *registerBuyerInput) (*messageOutput, error) {
			if err := h.s.Register(ctx, Registration{Email: in.Body.Email, Password: in.Body.Password, Name: in.Body.Name}); err != nil {
				return nil, err
			}
			out := &messageOutput{}
			out.Body.Message = "We sent you an email about your account."
			return out, nil
		})

	huma.Register(api, operation("login", http.MethodPost, "/api/v1/auth/login", tag, "Sign in",
		"Checks email and password and opens a session. A wrong email or password gets the same 401. Attempts are limited per account and client (429 with Retry-After).", false, http.StatusOK),
		func(ctx context.Context, in *signInInput) (*authOutput, error) {
			u, iss, err := h.s.Login(ctx, in.Body.Email, in.Body.Password)
			if err != nil {
				return nil, err
			}
			return h.authOut(ctx, u, iss), nil
		})

	huma.Register(api, operation("logout", http.MethodPost, "/api/v1/auth/logout", tag, "Sign out",
		"Ends the current session (if any) and clears the cookies. Always 204.", false, http.StatusNoContent),
		func(ctx context.Context, _ *struct{}) (*clearOutput, error) {
			if err := h.s.Logout(ctx); err != nil {
				return nil, err
			}
			return clearOut(h.s.clearCookies(ctx)), nil
		})

	huma.Register(api, operation("forgot-password", http.MethodPost, "/api/v1/auth/password/forgot", tag, "Ask for a password reset link",
		"Emails a reset link valid for one hour if an account has this email. The answer is the same either way.", false, http.StatusAccepted),
		func(ctx context.Context, in *accountEmailInput) (*messageOutput, error) {
			if err := h.s.ForgotPassword(ctx, in.Body.Email); err != nil {
				return nil, err
			}
			out := &messageOutput{}
			out.Body.Message = "If an account exists, we sent a reset link."
			return out, nil
		})

	huma.Register(api, operation("reset-password", http.MethodPost, "/api/v1/auth/password/reset", tag, "Set a new password with a reset link",
		"Uses the token from the reset email (single use, one hour), sets the password and signs out every session of the account. An invalid, expired or used token is 422 on body.token.", false, http.StatusNoContent),
		func(ctx context.Context, in *resetPasswordInput) (*emptyOutput, error) {
			return &emptyOutput{}, h.s.ResetPassword(ctx, in.Body.Token, in.Body.Password)
		})

	huma.Register(api, operation("verify-email", http.MethodPost, "/api/v1/auth/email/verify", tag, "Confirm an email address",
		"Uses the token from the verification email.", false, http.StatusOK),
		func(ctx context.Context, in *verifyEmailInput) (*userOutput, error) {
			u, err := h.s.VerifyEmail(ctx, in.Body.Token)
			if err != nil {
				return nil, err
			}
			return &userOutput{Body: userView(u)}, nil
		})

	huma.Register(api, operation("accept-invitation", http.MethodPost, "/api/v1/auth/invitations/accept", tag, "Accept an operator invitation",
		"Uses the token from the invitation email (single use, 7 days): creates the account (or, if one exists with the invited email, checks its password), makes it an operator and signs it in.", false, http.StatusOK),
		func(ctx context.Context, in *acceptInvitationInput) (*authOutput, error) {
			u, iss, err := h.s.AcceptInvitation(ctx, in.Body.Token, in.Body.Name, in.Body.Password)
			if err != nil {
				return nil, err
			}
			return h.authOut(ctx, u, iss), nil
		})
}

func (h *handlers) authOut(ctx context.Context, u User, iss Issued) *authOutput {
	c := h.s.sessionCookies(ctx, iss)
	return &authOutput{SessionCookie: c.Session, CSRFCookie: c.CSRF, Body: AuthResult{User: userView(u), Token: iss.Token, ExpiresAt: iss.ExpiresAt}}
}
