package identity

import "github.com/openmarket/marketplace/modules/platform/errs"

// kindError is a user-facing message that unwraps to an error kind, so the problem's detail is
// exactly the message.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// Errors of this package.
var (
	// ErrBadCredentials is the one answer to a wrong email or a wrong password.
	ErrBadCredentials = &kindError{"email or password is incorrect", errs.ErrUnauthenticated}
	// ErrEmailTaken: an account with this email already exists in the marketplace.
	ErrEmailTaken = &kindError{"an account with this email already exists", errs.ErrConflict}
	// ErrAddressNotFound, ErrSessionNotFound, ErrAccountNotFound, ErrInvitationNotFound: also
	// the answer for ids of another account or marketplace.
	ErrAddressNotFound    = &kindError{"address not found", errs.ErrNotFound}
	ErrSessionNotFound    = &kindError{"session not found", errs.ErrNotFound}
	ErrAccountNotFound    = &kindError{"account not found", errs.ErrNotFound}
	ErrInvitationNotFound = &kindError{"invitation not found", errs.ErrNotFound}
	// ErrCSRF: a cookie-authenticated unsafe request without the matching X-CSRF-Token header.
	ErrCSRF = &kindError{"missing or wrong X-CSRF-Token header", errs.ErrForbidden}
	// ErrAlreadyOperator: the invited email is already an operator here.
	ErrAlreadyOperator = &kindError{"this person is already an operator of the marketplace", errs.ErrConflict}
	// ErrRemoveSelf: operators cannot remove their own role (so a marketplace keeps one).
	ErrRemoveSelf = &kindError{"you cannot remove your own operator role", errs.ErrConflict}
	// ErrAdminExists: a platform admin with this email exists.
	ErrAdminExists = &kindError{"a platform admin with this email already exists", errs.ErrConflict}

	errTokenInvalid      = errs.Invalid("body.token", "is invalid, expired or already used; ask for a new link")
	errCurrentPassword   = errs.Invalid("body.current_password", "is incorrect")
	errExistingPassword  = errs.Invalid("body.password", "an account with this email exists; enter its current password to accept")
	errOperatorNameEmpty = errs.Invalid("body.operator_name", "must be 1 to 100 characters")
)
