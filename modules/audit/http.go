package audit

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// EntryView is an audit entry as the operator console shows it.
type EntryView struct {
	ID         string         `json:"id" format:"uuid"`
	At         time.Time      `json:"at"`
	ActorID    *string        `json:"actor_id" format:"uuid" doc:"Null for anonymous actors (such as a failed sign-in)"`
	ActorEmail string         `json:"actor_email"`
	Action     string         `json:"action" example:"auth.login"`
	TargetType string         `json:"target_type" example:"account"`
	TargetID   string         `json:"target_id"`
	IP         string         `json:"ip"`
	UserAgent  string         `json:"user_agent"`
	Details    map[string]any `json:"details"`
}

type auditListInput struct {
	Action  string `query:"action" maxLength:"64" doc:"Only this action, such as auth.login_failed"`
	ActorID string `query:"actor_id" doc:"Only entries by this account id"`
	Since   string `query:"since" doc:"RFC 3339 time; entries at or after it"`
	Until   string `query:"until" doc:"RFC 3339 time; entries before it"`
	Cursor  string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit   int    `query:"limit" minimum:"0" maximum:"100" doc:"Page size, 1 to 100 (default 50)"`
}

type auditListOutput struct {
	Body struct {
		Items      []EntryView `json:"items"`
		NextCursor *string     `json:"next_cursor" doc:"Null on the last page"`
	}
}

// PlatformEntryView is a platform audit entry as the platform admin console shows it.
type PlatformEntryView struct {
	EntryView
	MarketplaceID *string `json:"marketplace_id" format:"uuid" doc:"The marketplace the action was about; null for sign-ins"`
}

type platformAuditListOutput struct {
	Body struct {
		Items      []PlatformEntryView `json:"items"`
		NextCursor *string             `json:"next_cursor" doc:"Null on the last page"`
	}
}

// Routes registers the operator's audit listing and the platform admins' one.
func Routes(api huma.API, l *Log) {
	huma.Register(api, huma.Operation{
		OperationID: "list-audit-log",
		Method:      http.MethodGet,
		Path:        "/api/v1/admin/audit",
		Summary:     "List the audit log",
		Description: "Security-relevant actions in this marketplace (sign-ins, password changes, role changes, suspensions, settings), newest first, with cursor pagination.",
		Tags:        []string{"Operator console"},
		Security:    access.Security(),
	}, func(ctx context.Context, in *auditListInput) (*auditListOutput, error) {
		page, err := listPage(ctx, in, l.List)
		if err != nil {
			return nil, err
		}
		out := &auditListOutput{}
		out.Body.Items = make([]EntryView, len(page.Items))
		for i, e := range page.Items {
			out.Body.Items[i] = view(e)
		}
		out.Body.NextCursor = cursorOf(page)
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-platform-audit-log",
		Method:      http.MethodGet,
		Path:        "/api/v1/platform/audit",
		Summary:     "List the platform audit log",
		Description: "Platform admins' sign-ins (failed ones too), sign-outs, admins created and actions on marketplaces, newest first, with cursor pagination. Platform host only.",
		Tags:        []string{"Platform"},
		Security:    access.Security(),
	}, func(ctx context.Context, in *auditListInput) (*platformAuditListOutput, error) {
		page, err := listPage(ctx, in, l.ListPlatform)
		if err != nil {
			return nil, err
		}
		out := &platformAuditListOutput{}
		out.Body.Items = make([]PlatformEntryView, len(page.Items))
		for i, e := range page.Items {
			v := PlatformEntryView{EntryView: view(e)}
			if e.MarketplaceID != nil {
				s := e.MarketplaceID.String()
				v.MarketplaceID = &s
			}
			out.Body.Items[i] = v
		}
		out.Body.NextCursor = cursorOf(page)
		return out, nil
	})
}

// listPage validates the listing query and runs it through list.
func listPage(ctx context.Context, in *auditListInput, list func(context.Context, Filter) (Page, error)) (Page, error) {
	f := Filter{Action: in.Action, Cursor: in.Cursor, Limit: in.Limit}
	var err error
	if in.ActorID != "" {
		if f.ActorID, err = uuid.Parse(in.ActorID); err != nil {
			return Page{}, errs.Invalid("query.actor_id", "must be an account id (uuid)")
		}
	}
	if f.Since, err = parseTime(in.Since, "query.since"); err != nil {
		return Page{}, err
	}
	if f.Until, err = parseTime(in.Until, "query.until"); err != nil {
		return Page{}, err
	}
	return list(ctx, f)
}

func view(e Entry) EntryView {
	v := EntryView{ID: e.ID.String(), At: e.At, ActorEmail: e.ActorEmail, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, IP: e.IP, UserAgent: e.UserAgent, Details: e.Details}
	if e.ActorID != nil {
		s := e.ActorID.String()
		v.ActorID = &s
	}
	return v
}

func cursorOf(p Page) *string {
	if p.NextCursor == "" {
		return nil
	}
	return &p.NextCursor
}

func parseTime(s, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errs.Invalid(field, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z")
	}
	return t, nil
}
