package testkit

import (
	"context"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// CapturedMail is one message received by the capture server.
type CapturedMail struct {
	From string
	To   []string
	Raw  string
	// Subject is decoded from the headers.
	Subject string
}

// MailCapture is an in-process SMTP server that keeps every message it receives.
type MailCapture struct {
	// URL is the smtp:// address to configure as MARKETPLACE_SMTP_URL.
	URL string

	mu   sync.Mutex
	msgs []CapturedMail
}

// SMTP starts a capture server on a free loopback port, stopped when t ends.
func SMTP(t testing.TB) *MailCapture {
	t.Helper()
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mc := &MailCapture{URL: "smtp://" + l.Addr().String()}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &captureSession{mc: mc}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return mc
}

// Messages returns a copy of what has arrived so far.
func (m *MailCapture) Messages() []CapturedMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]CapturedMail(nil), m.msgs...)
}

// WaitFor polls until at least n messages arrived or timeout passes, and returns them.
func (m *MailCapture) WaitFor(t testing.TB, n int, timeout time.Duration) []CapturedMail {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := m.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("SMTP capture: want %d messages, got %d after %s", n, len(msgs), timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type captureSession struct {
	mc   *MailCapture
	from string
	to   []string
}

func (s *captureSession) Reset()        { s.from, s.to = "", nil }
func (s *captureSession) Logout() error { return nil }
func (s *captureSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *captureSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *captureSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	cm := CapturedMail{From: s.from, To: s.to, Raw: string(b)}
	if msg, err := mail.ReadMessage(strings.NewReader(cm.Raw)); err == nil {
		dec := new(mime.WordDecoder)
		cm.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	}
	s.mc.mu.Lock()
	s.mc.msgs = append(s.mc.msgs, cm)
	s.mc.mu.Unlock()
	return nil
}
