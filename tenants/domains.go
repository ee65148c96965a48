package tenants

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

// Domain is a host that serves (or, once verified, will serve) a marketplace: its primary
// {slug}.{base} address or a custom domain its operators added.
type Domain struct {
	ID         uuid.UUID
	Host       string
	Primary    bool
	Verified   bool
	VerifiedAt *time.Time
	// VerificationToken is what the TXT record must carry; empty for the primary address.
	VerificationToken string
	CreatedAt         time.Time
}

// MaxCustomDomains bounds the custom domains one marketplace may list, verified or pending.
const MaxCustomDomains = 10

// Errors of the marketplace domains.
var (
	// ErrDomainNotFound is also the answer for another marketplace's domain.
	ErrDomainNotFound = fmt.Errorf("domain: %w", errs.ErrNotFound)
	// ErrDomainTaken: a marketplace or a storefront has verified the host first.
	ErrDomainTaken = fmt.Errorf("%w: host: this domain is already used by another marketplace or storefront", errs.ErrConflict)
	// ErrPrimaryDomain: the {slug}.{base} address is the marketplace's own and stays.
	ErrPrimaryDomain = fmt.Errorf("the marketplace's primary address cannot be removed: %w", errs.ErrConflict)
	// ErrTooManyDomains: the marketplace has MaxCustomDomains custom domains already.
	ErrTooManyDomains = fmt.Errorf("a marketplace may have at most %d custom domains; remove one first: %w", MaxCustomDomains, errs.ErrConflict)
)

func (d domainRow) domain() Domain {
	out := Domain{ID: d.ID, Host: d.Host, Primary: d.IsPrimary, Verified: d.Verified, VerifiedAt: d.VerifiedAt, CreatedAt: d.CreatedAt}
	if d.VerificationToken != nil {
		out.VerificationToken = *d.VerificationToken
	}
	return out
}

// Domains lists the hosts of the marketplace in ctx, primary first, then oldest first.
func (r *Registry) Domains(ctx context.Context) ([]Domain, error) {
	var rows []domainRow
	if err := r.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Order("is_primary desc, created_at, host").Find(&rows).Error
	}); err != nil {
		return nil, fmt.Errorf("list domains: %w", err)
	}
	out := make([]Domain, len(rows))
	for i, row := range rows {
		out[i] = row.domain()
	}
	return out, nil
}

// Domain returns the marketplace's domain with id.
func (r *Registry) Domain(ctx context.Context, id uuid.UUID) (Domain, error) {
	var row domainRow
	err := r.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("id = ?", id).Take(&row).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Domain{}, ErrDomainNotFound
	}
	if err != nil {
		return Domain{}, err
	}
	return row.domain(), nil
}

// AddDomain records host (already normalised and validated by the caller) as a pending custom
// domain of the marketplace in ctx, to be proved by a TXT record carrying token. Adding a host
// the marketplace already lists returns that entry unchanged. A pending claim holds nothing:
// other marketplaces may claim the same host, and the first to verify it takes it.
func (r *Registry) AddDomain(ctx context.Context, host, token string) (Domain, error) {
	var row domainRow
	err := r.Tx(ctx, func(tx *gorm.DB) error {
		// Serialise concurrent adds of one marketplace so the cap holds.
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Model(&tenantRow{}).Where("id = ?", IDFromContext(ctx)).Take(&tenantRow{}).Error; err != nil {
			return err
		}
		err := tx.Where("host = ?", host).Take(&row).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		var n int64
		if err := tx.Model(&domainRow{}).Where("NOT is_primary").Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxCustomDomains {
			return ErrTooManyDomains
		}
		now := time.Now()
		row = domainRow{TenantID: IDFromContext(ctx), ID: ids.New(), Host: host, VerificationToken: &token, CreatedAt: now, UpdatedAt: now}
		return tx.Create(&row).Error
	})
	if err != nil {
		return Domain{}, fmt.Errorf("add domain: %w", err)
	}
	return row.domain(), nil
}

// MarkDomainVerified marks the domain with id verified, once its caller found the TXT record,
// and drops every api process's cached resolutions so the host serves the marketplace at once.
// ErrDomainTaken when a marketplace or storefront verified the host first.
func (r *Registry) MarkDomainVerified(ctx context.Context, id uuid.UUID) (Domain, error) {
	var row domainRow
	err := r.Tx(ctx, func(tx *gorm.DB) error {
		now := time.Now()
		res := tx.Model(&domainRow{}).Where("id = ? AND NOT verified", id).Updates(map[string]any{"verified": true, "verified_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		return tx.Where("id = ?", id).Take(&row).Error
	})
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return Domain{}, ErrDomainTaken
	case errors.Is(err, gorm.ErrRecordNotFound):
		return Domain{}, ErrDomainNotFound
	case err != nil:
		return Domain{}, fmt.Errorf("verify domain: %w", err)
	}
	r.Invalidate(ctx, row.TenantID)
	return row.domain(), nil
}

// RemoveDomain drops the custom domain with id (never the primary address) and every api
// process's cached resolution of it, so the host stops serving the marketplace at once.
func (r *Registry) RemoveDomain(ctx context.Context, id uuid.UUID) error {
	err := r.Tx(ctx, func(tx *gorm.DB) error {
		var row domainRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		if row.IsPrimary {
			return ErrPrimaryDomain
		}
		return tx.Where("id = ?", id).Delete(&domainRow{}).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrDomainNotFound
	}
	if err != nil {
		return err
	}
	r.Invalidate(ctx, IDFromContext(ctx))
	return nil
}
