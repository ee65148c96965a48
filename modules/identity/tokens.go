package identity

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

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
