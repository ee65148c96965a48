package audit

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Log writes and reads the audit trail.
type Log struct {
	tenants *tenants.Registry
}

// New returns a Log on the tenant registry.
func New(reg *tenants.Registry) *Log { return &Log{tenants: reg} }

// Record appends e inside tx, a tenants.Registry.Tx transaction: the entry belongs to the
// transaction's marketplace and commits with the change it describes. Actor and client fields
// left empty are filled from ctx (the request's principal and client).
func (l *Log) Record(ctx context.Context, tx *gorm.DB, e Entry) error {
	fillFromRequest(ctx, &e)
	details, err := json.Marshal(e.Details)
	if err != nil {
		return fmt.Errorf("audit details: %w", err)
	}
	if e.Details == nil {
		details = []byte("{}")
	}
	err = tx.Exec(`insert into audit_log (tenant_id, id, actor_id, actor_email, action, target_type, target_id, ip, user_agent, details)
		values (nullif(current_setting('app.tenant_id', true), '')::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ids.New(), e.ActorID, e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.IP, e.UserAgent, string(details)).Error
	if err != nil {
		return fmt.Errorf("record audit %s: %w", e.Action, err)
	}
	return nil
}

// RecordIn appends e in its own transaction, in the marketplace of ctx.
func (l *Log) RecordIn(ctx context.Context, e Entry) error {
	return l.tenants.Tx(ctx, func(tx *gorm.DB) error { return l.Record(ctx, tx, e) })
}

func fillFromRequest(ctx context.Context, e *Entry) {
	p := access.PrincipalFrom(ctx)
	if e.ActorID == nil && p.Authenticated() {
		id := p.AccountID
		e.ActorID = &id
		if e.ActorEmail == "" {
			e.ActorEmail = p.Email
		}
	}
	c := access.ClientFrom(ctx)
	if e.IP == "" {
		e.IP = c.IP
	}
	if e.UserAgent == "" {
		e.UserAgent = c.UserAgent
	}
}

// MaxPage is the largest page List returns.
const MaxPage = 100

// List returns entries of the marketplace of ctx, newest first.
func (l *Log) List(ctx context.Context, f Filter) (Page, error) {
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > MaxPage {
		return Page{}, errs.Invalid("query.limit", fmt.Sprintf("must be between 1 and %d", MaxPage))
	}
	var after uuid.UUID
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			after, err = uuid.FromBytes(b)
		}
		if err != nil {
			return Page{}, errs.Invalid("query.cursor", "is not a cursor returned by this endpoint")
		}
	}
	var rows []entryRow
	err := l.tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Order("id desc").Limit(f.Limit + 1)
		if f.Action != "" {
			q = q.Where("action = ?", f.Action)
		}
		if f.ActorID != uuid.Nil {
			q = q.Where("actor_id = ?", f.ActorID)
		}
		if !f.Since.IsZero() {
			q = q.Where("at >= ?", f.Since)
		}
		if !f.Until.IsZero() {
			q = q.Where("at < ?", f.Until)
		}
		if after != uuid.Nil {
			q = q.Where("id < ?", after)
		}
		return q.Find(&rows).Error
	})
	if err != nil {
		return Page{}, fmt.Errorf("list audit log: %w", err)
	}
	var page Page
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		page.NextCursor = base64.RawURLEncoding.EncodeToString(rows[len(rows)-1].ID[:])
	}
	page.Items = make([]Entry, len(rows))
	for i, r := range rows {
		page.Items[i] = r.entry()
	}
	return page, nil
}
