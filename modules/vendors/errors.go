package vendors

import (
	"fmt"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Errors of this package.
var (
	// ErrVendorNotFound is also the answer for vendors of other marketplaces, vendors the caller
	// is not a member of, and storefronts that are not open (pending, rejected, suspended).
	ErrVendorNotFound = fmt.Errorf("vendor: %w", errs.ErrNotFound)
	// ErrSlugTaken: another vendor of the marketplace uses the storefront slug.
	ErrSlugTaken = fmt.Errorf("%w: slug: this storefront address is already taken", errs.ErrConflict)
	// ErrApplicationPending: the account already has an application waiting for a decision.
	ErrApplicationPending = fmt.Errorf("you already have an application waiting for review: %w", errs.ErrConflict)
	// ErrWrongStatus: the decision does not apply to the vendor's current status.
	ErrWrongStatus = fmt.Errorf("vendor status does not allow this: %w", errs.ErrConflict)
	// ErrOwnerOnly: only owners manage members, invitations and the domain.
	ErrOwnerOnly = fmt.Errorf("only the vendor's owners may do this: %w", errs.ErrForbidden)
	// ErrDomainNotFound: the vendor has no custom domain.
	ErrDomainNotFound = fmt.Errorf("custom domain: %w", errs.ErrNotFound)
	// ErrDomainTaken: the host is claimed by another storefront.
	ErrDomainTaken = fmt.Errorf("%w: host: this domain is already used by another storefront", errs.ErrConflict)
	// ErrDomainUnverified: the TXT record was not found (yet).
	ErrDomainUnverified = fmt.Errorf("the TXT record was not found; DNS changes can take a while to appear: %w", errs.ErrConflict)
	// ErrInvitationInvalid: unknown, expired, used, or for another email.
	ErrInvitationInvalid = errs.Invalid("body.token", "is invalid, expired, already used or meant for another email address")
	// ErrMemberNotFound: no such member of the vendor.
	ErrMemberNotFound = fmt.Errorf("member: %w", errs.ErrNotFound)
	// ErrLastOwner: a vendor keeps at least one owner.
	ErrLastOwner = fmt.Errorf("a vendor keeps at least one owner: %w", errs.ErrConflict)
)
