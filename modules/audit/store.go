package audit

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

type entryRow struct {
	TenantID   uuid.UUID
	ID         uuid.UUID
	At         time.Time
	ActorID    *uuid.UUID
	ActorEmail string
	Action     string
	TargetType string
	TargetID   string
	IP         string
	UserAgent  string
	Details    []byte
}

func (entryRow) TableName() string { return "audit_log" }

func (r entryRow) entry() Entry {
	e := Entry{ID: r.ID, At: r.At, ActorID: r.ActorID, ActorEmail: r.ActorEmail, Action: r.Action,
		TargetType: r.TargetType, TargetID: r.TargetID, IP: r.IP, UserAgent: r.UserAgent, Details: map[string]any{}}
	_ = json.Unmarshal(r.Details, &e.Details)
	return e
}

type platformEntryRow struct {
	ID            uuid.UUID
	At            time.Time
	ActorID       *uuid.UUID
	ActorEmail    string
	Action        string
	TargetType    string
	TargetID      string
	MarketplaceID *uuid.UUID
	IP            string
	UserAgent     string
	Details       []byte
}

func (platformEntryRow) TableName() string { return "platform_audit_log" }

func (r platformEntryRow) entry() Entry {
	e := entryRow{ID: r.ID, At: r.At, ActorID: r.ActorID, ActorEmail: r.ActorEmail, Action: r.Action, TargetType: r.TargetType,
		TargetID: r.TargetID, IP: r.IP, UserAgent: r.UserAgent, Details: r.Details}.entry()
	e.MarketplaceID = r.MarketplaceID
	return e
}

func (r entryRow) entryID() uuid.UUID         { return r.ID }
func (r platformEntryRow) entryID() uuid.UUID { return r.ID }
