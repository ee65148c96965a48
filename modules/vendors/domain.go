package vendors

import (
	"context"
	"errors"
	"net"
	"strings"
)

// TXTPrefix names the DNS record a vendor publishes to prove it controls its custom domain:
// a TXT record at TXTPrefix + host whose value is TXTValuePrefix + the verification token.
const (
	TXTPrefix      = "_marketplace-verify."
	TXTValuePrefix = "marketplace-verify="
)

// DomainVerifier checks that host publishes the verification TXT record carrying token.
type DomainVerifier interface {
	// VerifyTXT returns nil when the record is present, ErrDomainUnverified when it is not.
	VerifyTXT(ctx context.Context, host, token string) error
}

// TXTLookuper is what DNSVerifier needs from a resolver; *net.Resolver implements it.
type TXTLookuper interface {
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// DNSVerifier is the DomainVerifier that asks DNS.
type DNSVerifier struct {
	Resolver TXTLookuper
}

// NewDNSVerifier returns a verifier on the system resolver.
func NewDNSVerifier() DNSVerifier { return DNSVerifier{Resolver: net.DefaultResolver} }

// VerifyTXT implements DomainVerifier.
func (v DNSVerifier) VerifyTXT(ctx context.Context, host, token string) error {
	records, err := v.Resolver.LookupTXT(ctx, TXTPrefix+host)
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return ErrDomainUnverified
	}
	if err != nil {
		return err
	}
	want := TXTValuePrefix + token
	for _, r := range records {
		if strings.TrimSpace(r) == want {
			return nil
		}
	}
	return ErrDomainUnverified
}
