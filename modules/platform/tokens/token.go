// Package tokens makes the random secrets handed to clients: session, reset, invitation and guest
// cart tokens, domain verification records. The database keeps only Hash of a bearer token, so a
// leaked table yields no usable token.
//
// crypto/rand.Read never fails on the platforms Go supports (it crashes the process instead), so
// none of these functions returns an error.
package tokens

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Bytes is the entropy of every bearer token: 256 bits.
const Bytes = 32

// New returns a fresh URL-safe bearer token (Bytes random bytes, unpadded base64url).
func New() string {
	b := make([]byte, Bytes)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewHashed returns a fresh bearer token and the Hash under which it is stored.
func NewHashed() (tok string, hash []byte) {
	tok = New()
	return tok, Hash(tok)
}

// Hash is what the database keeps of a bearer token: its SHA-256.
func Hash(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// Hex returns n random bytes as lower-case hex, for values that must survive places where
// base64 punctuation does not (DNS TXT records, request ids, fake provider ids).
func Hex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
