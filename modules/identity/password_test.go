package identity

import (
	"errors"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/tokens"
)

func TestHasher_VerifiesItsOwnHashesWithTheirParameters(t *testing.T) {
	t.Parallel()
	h := Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}
	enc, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q not in PHC form", enc)
	}
	// A hasher with other parameters still verifies it: the hash carries its own.
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		ok, err := DefaultHasher().Verify(enc, pw)
		if err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := h.Verify("$2a$10$bcrypt", "x"); err == nil {
		t.Error("malformed hash accepted")
	}
	other, _ := h.Hash("correct horse battery")
	if other == enc {
		t.Error("two hashes of one password are equal: salt missing")
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	p := newPasswordPolicy()
	if len(p.common) < 300 {
		t.Fatalf("only %d common passwords embedded", len(p.common))
	}
	cases := []struct {
		pw, email string
		ok        bool
	}{
		{"short", "", false},
		{strings.Repeat("a", 129), "", false},
		{"password123", "", false},
		{"Password123", "", false},
		{"qwertyuiop", "", false},
		{"aaaaaaaaaaaa", "", false},
		{"ada@example.com", "ada@example.com", false},
		{"correct horse battery", "", true},
		{"démo-pässwört", "", true},
		{strings.Repeat("ab", 64), "", true},
	}
	for _, c := range cases {
		err := p.Check("body.password", c.pw, c.email)
		if (err == nil) != c.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", c.pw, err, c.ok)
		}
		var fe *errs.FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field != "body.password") {
			t.Errorf("Check(%q): %v is not a field error on body.password", c.pw, err)
		}
	}
}

func TestCSRFToken_BoundToTheSession(t *testing.T) {
	t.Parallel()
	a := tokens.New()
	b := tokens.New()
	if !validCSRF(a, csrfToken(a)) {
		t.Fatal("own CSRF token refused")
	}
	for _, h := range []string{"", csrfToken(b), csrfToken(a)[1:], a} {
		if validCSRF(a, h) {
			t.Errorf("CSRF header %q accepted for another session", h)
		}
	}
}
