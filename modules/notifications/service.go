package notifications

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"net/mail"
	"strings"
	texttemplate "text/template"

	"github.com/hibiken/asynq"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// TaskSendEmail renders and delivers one email.
const TaskSendEmail = "email:send"

//go:embed templates/*
var templateFS embed.FS

// Email is a request to send the named template to one recipient.
type Email struct {
	To       string            `json:"to"`
	Template string            `json:"template"`
	Data     map[string]string `json:"data"`
}

// ErrUnknownTemplate is returned by Send for a template that does not exist.
var ErrUnknownTemplate = errors.New("notifications: unknown template")

// Service queues and sends email.
type Service struct {
	tenants *tenants.Registry
	mailer  Mailer
	from    string
	text    map[string]*texttemplate.Template
	html    map[string]*htmltemplate.Template
}

// NewService parses the embedded templates. mailer may be nil in processes that only queue.
func NewService(reg *tenants.Registry, mailer Mailer, from string) (*Service, error) {
	s := &Service{tenants: reg, mailer: mailer, from: from, text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	files, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name, ok := strings.CutSuffix(f.Name(), ".tmpl")
		if !ok {
			continue
		}
		t, err := texttemplate.New(name).Option("missingkey=zero").ParseFS(templateFS, "templates/"+f.Name())
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		h, err := htmltemplate.New(name).Option("missingkey=zero").ParseFS(templateFS, "templates/layout.html", "templates/"+f.Name())
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		s.text[name], s.html[name] = t, h
	}
	return s, nil
}

// Send queues e through the outbox inside tx (a tenants.Registry.Tx transaction): the email
// is sent only if tx commits.
func (s *Service) Send(tx *gorm.DB, e Email) error {
	jobs, err := s.Jobs(e)
	if err != nil {
		return err
	}
	_, err = workers.EnqueueAll(tx, jobs...)
	return err
}

// Jobs checks emails (known template, valid address; one invalid email gives none) and returns the outbox jobs that send them, for a caller
// that writes them with its own rows (orders: an order and its emails in one statement).
func (s *Service) Jobs(emails ...Email) ([]workers.Job, error) {
	jobs := make([]workers.Job, len(emails))
	for i, e := range emails {
		if _, ok := s.text[e.Template]; !ok {
			return nil, fmt.Errorf("%w: %s", ErrUnknownTemplate, e.Template)
		}
		if _, err := mail.ParseAddress(e.To); err != nil {
			return nil, errs.Invalid("body.email", "is not a valid email address")
		}
		jobs[i] = workers.Job{Type: TaskSendEmail, Payload: e, Queue: workers.QueueDefault}
	}
	return jobs, nil
}

type view struct {
	Marketplace string
	Subject     string
	Data        map[string]string
}

// Render produces the message for e in marketplace name.
func (s *Service) Render(marketplace string, e Email) (subject, text, html string, err error) {
	t, ok := s.text[e.Template]
	if !ok {
		return "", "", "", fmt.Errorf("%w: %s", ErrUnknownTemplate, e.Template)
	}
	v := view{Marketplace: marketplace, Data: e.Data}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "subject", v); err != nil {
		return "", "", "", err
	}
	v.Subject = strings.TrimSpace(b.String())
	b.Reset()
	if err := t.ExecuteTemplate(&b, "text", v); err != nil {
		return "", "", "", err
	}
	text = strings.TrimSpace(b.String()) + "\n"
	b.Reset()
	if err := s.html[e.Template].ExecuteTemplate(&b, "layout", v); err != nil {
		return "", "", "", err
	}
	return v.Subject, text, b.String(), nil
}

// RegisterTasks registers the email:send handler.
func (s *Service) RegisterTasks(mux *asynq.ServeMux) {
	mux.HandleFunc(TaskSendEmail, s.handleSend)
}

// handleSend delivers one email at most once: the delivery row is inserted first, in the same
// transaction that stays open across delivery, so a concurrent duplicate waits on it and then
// finds it, and a failed delivery rolls it back for the retry.
func (s *Service) handleSend(ctx context.Context, t *asynq.Task) error {
	env, err := workers.DecodeEnvelope(t)
	if err != nil {
		return err
	}
	var e Email
	if err := json.Unmarshal(env.Data, &e); err != nil {
		return fmt.Errorf("email payload: %w: %w", err, asynq.SkipRetry)
	}
	tenant, err := s.tenants.Get(ctx, env.TenantID)
	if err != nil {
		return fmt.Errorf("email for tenant %s: %w", env.TenantID, err)
	}
	subject, text, html, err := s.Render(tenant.Name, e)
	if err != nil {
		return fmt.Errorf("render %s: %w: %w", e.Template, err, asynq.SkipRetry)
	}
	ctx = tenants.WithTenant(ctx, tenant)
	return s.tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&deliveryRow{
			TenantID: env.TenantID, MessageID: env.MessageID, Template: e.Template, Recipient: e.To,
		})
		if res.Error != nil {
			return fmt.Errorf("record delivery: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil // already delivered
		}
		return s.mailer.Deliver(ctx, Message{ID: env.MessageID.String(), From: s.from, To: e.To, Subject: subject, Text: text, HTML: html})
	})
}
