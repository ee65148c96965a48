package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// tokenBytes is the entropy of every session, reset, verification and invitation token.
const tokenBytes = 32

// newToken returns a random URL-safe token and the SHA-256 under which it is stored.
func newToken() (string, []byte, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("random token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	return tok, hashToken(tok), nil
}

// hashToken is what the database keeps of a token: a leaked table yields no usable token.
func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// csrfToken derives the CSRF token of a session from its token. Binding it to the session
// means a token planted by someone else never matches, and nothing more needs storing.
func csrfToken(sessionToken string) string {
	h := sha256.Sum256([]byte("mk_csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// validCSRF compares the presented header with the session's CSRF token in constant time.
func validCSRF(sessionToken, header string) bool {
	want := csrfToken(sessionToken)
	return len(header) == len(want) && subtle.ConstantTimeCompare([]byte(header), []byte(want)) == 1
}
