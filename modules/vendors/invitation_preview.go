package vendors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// ErrInvitationNotFound means no open invitation of this marketplace has the token (unknown,
// forged, expired, already used, or another marketplace's).
var ErrInvitationNotFound = fmt.Errorf("vendor invitation: %w", errs.ErrNotFound)

// InvitationPreview is what a staff invitation offers, shown to the holder of its token before
// they accept it (the invited person may not have an account yet).
type InvitationPreview struct {
	Vendor Vendor
	// Email is the invited address: only an account with it may accept.
	Email string
	// Inviter is the name (or, without one, the email) of the owner who invited; "" when they
	// are no longer a member.
	Inviter   string
	Role      string
	ExpiresAt time.Time
}

// PreviewInvitation describes the open invitation of token, for anyone holding it.
func (s *Service) PreviewInvitation(ctx context.Context, token string) (InvitationPreview, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return InvitationPreview{}, ErrInvitationNotFound
	}
	hash := tokens.Hash(token)
	var (
		inv invitationRow
		v   Vendor
	)
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("token_hash = ? AND accepted_at IS NULL AND expires_at > now()", hash).Take(&inv).Error; err != nil {
			return err
		}
		var err error
		v, err = s.loadBy(tx, "id = ?", inv.VendorID)
		return err
	})
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, ErrVendorNotFound) {
		return InvitationPreview{}, ErrInvitationNotFound
	}
	if err != nil {
		return InvitationPreview{}, fmt.Errorf("preview invitation: %w", err)
	}
	members, err := s.d.Members.VendorMembers(ctx, inv.VendorID)
	if err != nil {
		return InvitationPreview{}, err
	}
	inviter := ""
	for _, m := range members {
		if m.AccountID == inv.InvitedBy {
			inviter = m.Name
			if inviter == "" {
				inviter = m.Email
			}
		}
	}
	return InvitationPreview{Vendor: v, Email: inv.Email, Inviter: inviter, Role: RoleStaff, ExpiresAt: inv.ExpiresAt}, nil
}
