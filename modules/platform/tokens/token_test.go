package tokens_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/tokens"
)

func TestNew_URLSafeAndDistinct(t *testing.T) {
	t.Parallel()
	a, b := tokens.New(), tokens.New()
	if a == b {
		t.Fatal("two tokens are equal")
	}
	raw, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(raw) != tokens.Bytes {
		t.Fatalf("token %q decodes to %d bytes (%v), want %d", a, len(raw), err, tokens.Bytes)
	}
}

func TestNewHashed_HashIsSHA256OfTheToken(t *testing.T) {
	t.Parallel()
	tok, hash := tokens.NewHashed()
	want := sha256.Sum256([]byte(tok))
	if !bytes.Equal(hash, want[:]) || !bytes.Equal(tokens.Hash(tok), want[:]) {
		t.Fatal("hash is not the SHA-256 of the token")
	}
}

func TestHex_Length(t *testing.T) {
	t.Parallel()
	h := tokens.Hex(16)
	if raw, err := hex.DecodeString(h); err != nil || len(raw) != 16 {
		t.Fatalf("Hex(16) = %q", h)
	}
}
