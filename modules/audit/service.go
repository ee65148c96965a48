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
	var rows []entryRow
	page, err := list(f, &rows, func(q func(*gorm.DB) *gorm.DB) error {
		return l.tenants.Tx(ctx, func(tx *gorm.DB) error { return q(tx).Find(&rows).Error })
	})
	if err != nil {
		return Page{}, err
	}
	page.Items = make([]Entry, len(rows))
	for i, r := range rows {
		page.Items[i] = r.entry()
	}
	return page, nil
}

// RecordPlatform appends e to the platform audit log inside tx, a tenants.Registry.PlatformTx
// transaction, so it commits with the platform change it describes. Actor and client fields
// left empty are filled from ctx.
func (l *Log) RecordPlatform(ctx context.Context, tx *gorm.DB, e Entry) error {
	fillFromRequest(ctx, &e)
	details := []byte("{}")
	if e.Details != nil {
		var err error
		if details, err = json.Marshal(e.Details); err != nil {
			return fmt.Errorf("audit details: %w", err)
		}
	}
	row := platformEntryRow{ID: ids.New(), ActorID: e.ActorID, ActorEmail: e.ActorEmail, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, MarketplaceID: e.MarketplaceID, IP: e.IP, UserAgent: e.UserAgent, Details: details}
	if err := tx.Omit("At").Create(&row).Error; err != nil {
		return fmt.Errorf("record platform audit %s: %w", e.Action, err)
	}
	return nil
}

// RecordPlatformIn appends e to the platform audit log in its own platform transaction.
func (l *Log) RecordPlatformIn(ctx context.Context, e Entry) error {
	return l.tenants.PlatformTx(ctx, func(tx *gorm.DB) error { return l.RecordPlatform(ctx, tx, e) })
}

// ListPlatform returns entries of the platform audit log, newest first (platform admins).
func (l *Log) ListPlatform(ctx context.Context, f Filter) (Page, error) {
	var rows []platformEntryRow
	page, err := list(f, &rows, func(q func(*gorm.DB) *gorm.DB) error {
		return l.tenants.PlatformTx(ctx, func(tx *gorm.DB) error { return q(tx).Find(&rows).Error })
	})
	if err != nil {
		return Page{}, err
	}
	page.Items = make([]Entry, len(rows))
	for i, r := range rows {
		page.Items[i] = r.entry()
	}
	return page, nil
}

// list runs the filtered, cursor-paginated query of f through run (which loads into rows,
// a pointer to a slice of rows with an ID) and trims rows to the page, setting its cursor.
func list[R interface{ entryID() uuid.UUID }](f Filter, rows *[]R, run func(q func(*gorm.DB) *gorm.DB) error) (Page, error) {
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
	err := run(func(tx *gorm.DB) *gorm.DB {
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
		return q
	})
	if err != nil {
		return Page{}, fmt.Errorf("list audit log: %w", err)
	}
	var page Page
	if len(*rows) > f.Limit {
		*rows = (*rows)[:f.Limit]
		last := (*rows)[len(*rows)-1].entryID()
		page.NextCursor = base64.RawURLEncoding.EncodeToString(last[:])
	}
	return page, nil
}
