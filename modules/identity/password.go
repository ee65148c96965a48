package identity

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Password length limits, in characters. The upper bound keeps hashing cost bounded.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

// Hasher hashes passwords with argon2id. Hashes carry their parameters (PHC string format), so
// raising the cost later still verifies older hashes.
type Hasher struct {
	// MemoryKiB, Iterations and Threads are argon2id's m, t and p.
	MemoryKiB  uint32
	Iterations uint32
	Threads    uint8
}

// DefaultHasher uses OWASP's recommended argon2id parameters: 19 MiB, 2 iterations, 1 lane.
func DefaultHasher() Hasher { return Hasher{MemoryKiB: 19 * 1024, Iterations: 2, Threads: 1} }

const (
	saltLen = 16
	keyLen  = 32
)

// Hash returns the PHC-formatted argon2id hash of password.
func (h Hasher) Hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, h.Iterations, h.MemoryKiB, h.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.MemoryKiB, h.Iterations, h.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errMalformedHash = errors.New("malformed password hash")

// Verify reports whether password matches encoded, in constant time.
func (Hasher) Verify(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errMalformedHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, errMalformedHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errMalformedHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errMalformedHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

//go:embed common_passwords.txt
var commonPasswordsFile string

// passwordPolicy refuses passwords that are too short, too long or well known.
type passwordPolicy struct {
	common map[string]struct{}
}

func newPasswordPolicy() passwordPolicy {
	p := passwordPolicy{common: map[string]struct{}{}}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			p.common[strings.ToLower(w)] = struct{}{}
		}
	}
	return p
}

// Check returns an ErrInvalid naming field when password is not acceptable. email, when given,
// may not be the password.
func (p passwordPolicy) Check(field, password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return errs.Invalid(field, fmt.Sprintf("must be at least %d characters", MinPasswordLength))
	case n > MaxPasswordLength:
		return errs.Invalid(field, fmt.Sprintf("must be at most %d characters", MaxPasswordLength))
	}
	lower := strings.ToLower(password)
	if _, ok := p.common[lower]; ok {
		return errs.Invalid(field, "is too common; choose a less guessable password")
	}
	if email != "" && lower == strings.ToLower(email) {
		return errs.Invalid(field, "must not be your email address")
	}
	if strings.Count(lower, lower[:1]) == len(lower) {
		return errs.Invalid(field, "must not repeat one character")
	}
	return nil
}
