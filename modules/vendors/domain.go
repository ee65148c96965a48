package vendors

import (
	"context"
	"errors"
	"net"
	"regexp"
	"strings"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/tokens"
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

var hostPattern = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// NormaliseCustomHost lower-cases rawHost and drops a trailing dot, then checks that it is a
// domain name someone can own: not the platform's base domain nor one under it (those are the
// platform's own). Storefront and marketplace custom domains share this rule.
func NormaliseCustomHost(rawHost, baseDomain string) (string, error) {
	host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(rawHost)), ".")
	base := strings.ToLower(baseDomain)
	if len(host) > 253 || !hostPattern.MatchString(host) {
		return "", errs.Invalid("body.host", "must be a domain name such as shop.example.com")
	}
	if base != "" && (host == base || strings.HasSuffix(host, "."+base)) {
		return "", errs.Invalid("body.host", "must be your own domain, not one under "+base)
	}
	return host, nil
}

// NewVerificationToken returns a fresh random token for a domain's TXT record.
func NewVerificationToken() string { return tokens.Hex(16) }
