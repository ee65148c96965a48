package notifications

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"
)

// Message is one rendered email.
type Message struct {
	// ID is unique per message; it becomes the Message-ID and the .eml file name.
	ID      string
	From    string
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer delivers rendered messages.
type Mailer interface {
	Deliver(ctx context.Context, m Message) error
}

// NewMailer returns an SMTP mailer for smtpURL (smtp://user:pass@host:port, or smtps:// for
// implicit TLS), or, when smtpURL is empty, a mailer that writes .eml files into dir.
func NewMailer(smtpURL, dir string) (Mailer, error) {
	if smtpURL == "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("mail outbox dir: %w", err)
		}
		return fileMailer{dir: dir}, nil
	}
	u, err := url.Parse(smtpURL)
	if err != nil {
		return nil, fmt.Errorf("smtp url: %w", err)
	}
	port := 587
	if u.Port() != "" {
		if port, err = strconv.Atoi(u.Port()); err != nil {
			return nil, fmt.Errorf("smtp url port: %w", err)
		}
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(15 * time.Second)}
	if u.Scheme == "smtps" {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	return smtpMailer{host: u.Hostname(), opts: opts}, nil
}

func build(m Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("from address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to address: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.ID + "@marketplace")
	msg.SetDate()
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

type smtpMailer struct {
	host string
	opts []mail.Option
}

func (s smtpMailer) Deliver(ctx context.Context, m Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	client, err := mail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}

type fileMailer struct{ dir string }

func (f fileMailer) Deliver(_ context.Context, m Message) error {
	msg, err := build(m)
	if err != nil {
		return err
	}
	// Written under a temporary name and renamed, so readers never see half a message.
	final := filepath.Join(f.dir, time.Now().UTC().Format("20060102T150405.000000000")+"-"+m.ID+".eml")
	tmp := final + ".tmp"
	if err := msg.WriteToFile(tmp); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	return os.Rename(tmp, final)
}
