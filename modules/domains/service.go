package domains

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// Deps are what the service is built from.
type Deps struct {
	Tenants *tenants.Registry
	// Verifier looks up the TXT record; the storefront domains' verifier (DNS in production).
	Verifier vendors.DomainVerifier
	// BaseDomain is the platform's domain; custom domains may not be under it.
	BaseDomain string
}

// Service manages the custom domains of the marketplace in the caller's context.
type Service struct{ d Deps }

// NewService returns the service; a nil Verifier asks DNS.
func NewService(d Deps) *Service {
	if d.Verifier == nil {
		d.Verifier = vendors.NewDNSVerifier()
	}
	return &Service{d: d}
}

// Domain is a host of the marketplace with the TXT record that proves it.
type Domain struct {
	tenants.Domain
	// RecordName and RecordValue are the TXT record to publish; empty for the primary address.
	RecordName  string
	RecordValue string
}

func withRecord(d tenants.Domain) Domain {
	out := Domain{Domain: d}
	if d.VerificationToken != "" {
		out.RecordName = vendors.TXTPrefix + d.Host
		out.RecordValue = vendors.TXTValuePrefix + d.VerificationToken
	}
	return out
}

// List returns the marketplace's hosts, its primary address first.
func (s *Service) List(ctx context.Context) ([]Domain, error) {
	ds, err := s.d.Tenants.Domains(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Domain, len(ds))
	for i, d := range ds {
		out[i] = withRecord(d)
	}
	return out, nil
}

// Add claims rawHost for the marketplace and returns the TXT record to publish. The domain
// serves the marketplace once Verify has found the record.
func (s *Service) Add(ctx context.Context, rawHost string) (Domain, error) {
	host, err := vendors.NormaliseCustomHost(rawHost, s.d.BaseDomain)
	if err != nil {
		return Domain{}, err
	}
	token := vendors.NewVerificationToken()
	d, err := s.d.Tenants.AddDomain(ctx, host, token)
	if err != nil {
		return Domain{}, err
	}
	return withRecord(d), nil
}

// Verify looks for the domain's TXT record and, when it is there, marks the domain verified
// (vendors.ErrDomainUnverified when it is not, tenants.ErrDomainTaken when a marketplace or
// storefront verified the host first). Verifying a verified domain changes nothing.
func (s *Service) Verify(ctx context.Context, id uuid.UUID) (Domain, error) {
	d, err := s.d.Tenants.Domain(ctx, id)
	if err != nil {
		return Domain{}, err
	}
	if d.Verified {
		return withRecord(d), nil
	}
	vctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.d.Verifier.VerifyTXT(vctx, d.Host, strings.TrimSpace(d.VerificationToken)); err != nil {
		return Domain{}, err
	}
	d, err = s.d.Tenants.MarkDomainVerified(ctx, id)
	if err != nil {
		return Domain{}, err
	}
	return withRecord(d), nil
}

// Remove drops a custom domain; the host stops serving the marketplace at once.
func (s *Service) Remove(ctx context.Context, id uuid.UUID) error {
	return s.d.Tenants.RemoveDomain(ctx, id)
}
