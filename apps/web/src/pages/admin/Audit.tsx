import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { validationError } from "../../api/errors";
import type { AuditEntry } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { Badge, Button, Card, Form, PageHeader, Select, SubmitButton, Table, TextField, type Column } from "../../ui";
import { AuditDetails, actionLabel, actionTone } from "./auditFormat";

export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "auth.password_changed",
  "auth.password_reset",
  "role.granted",
  "role.revoked",
  "tenant.suspended",
  "tenant.reactivated",
  "settings.updated",
  "operator.invited",
  "vendor.approved",
  "vendor.rejected",
  "vendor.suspended",
  "vendor.reinstated",
  "tax_rate.created",
  "tax_rate.updated",
  "tax_rate.deleted",
  "commission_rule.set",
  "commission_rule.deleted",
  "payout_policy.updated",
  "order.marked_paid",
  "order.refunded",
] as const;

const PAGE_SIZE = 25;

interface Filters {
  action: string;
  since: string; // yyyy-mm-dd
  until: string;
}

/** Local calendar days → RFC 3339 instants; `until` includes the whole day. */
export function auditQuery(f: Filters, cursor: string | null) {
  const q: { action?: string; since?: string; until?: string; cursor?: string; limit: number } = { limit: PAGE_SIZE };
  if (f.action) q.action = f.action;
  if (f.since) q.since = new Date(`${f.since}T00:00:00`).toISOString();
  if (f.until) {
    const d = new Date(`${f.until}T00:00:00`);
    d.setDate(d.getDate() + 1);
    q.until = d.toISOString();
  }
  if (cursor) q.cursor = cursor;
  return q;
}

export function AuditLog() {
  const [filters, setFilters] = useState<Filters>({ action: "", since: "", until: "" });
  // cursors[i] is the cursor that loads page i (page 0 has none)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const cursor = cursors[page] ?? null;
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/audit", { params: { query: auditQuery(filters, cursor) } })), [filters, cursor]);

  const columns: Column<AuditEntry>[] = [
    { key: "at", header: "When", sortValue: (e) => e.at, render: (e) => <span style={{ whiteSpace: "nowrap" }}>{formatDate(e.at, true)}</span> },
    { key: "action", header: "Action", sortValue: (e) => e.action, render: (e) => <Badge tone={actionTone(e.action)}>{actionLabel(e.action)}</Badge> },
    { key: "actor", header: "Actor", sortValue: (e) => e.actor_email ?? "", render: (e) => e.actor_email ?? <span className="muted">System</span> },
    { key: "target", header: "Target", render: (e) => (e.target_type ? <span className="small">{e.target_type}{e.target_id ? <span className="muted mono"> {e.target_id.slice(0, 8)}</span> : null}</span> : "—") },
    { key: "ip", header: "IP", render: (e) => <span className="mono small">{e.ip || "—"}</span> },
    { key: "details", header: "Details", render: (e) => <AuditDetails details={e.details} /> },
  ];

  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, permission and settings changes, seller decisions, tax, commission and payout changes, payments marked and refunds in this marketplace." />
      <Card title="Filters" headingLevel={2}>
        <Form
          aria-label="Audit log filters"
          onSubmit={(v) => {
            if (v.since && v.until && v.since > v.until) throw validationError({ until: "The end date must be on or after the start date." });
            setFilters({ action: v.action ?? "", since: v.since ?? "", until: v.until ?? "" });
            setCursors([null]);
            setPage(0);
          }}
        >
          <div className="grid-3">
            <Select label="Action" name="action" defaultValue="" placeholder="All actions" options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))} />
            <TextField label="From" name="since" type="date" />
            <TextField label="To" name="until" type="date" />
          </div>
          <div className="form-actions">
            <SubmitButton>Apply filters</SubmitButton>
          </div>
        </Form>
      </Card>
      <Card bodyless title="Events">
        <QueryView query={q} skeletonRows={6}>
          {(d) => (
            <Table
              caption="Audit events"
              rows={d.items}
              columns={columns}
              rowKey={(e) => e.id}
              pageSize={0}
              empty={<p className="card-body muted" style={{ margin: 0 }}>No events match these filters.</p>}
              footer={
                <nav className="pagination" aria-label="Audit log pages">
                  <span className="small muted">Page {page + 1}</span>
                  <div className="row">
                    <Button size="sm" variant="secondary" disabled={page === 0 || q.loading} onClick={() => setPage((p) => p - 1)}>
                      Newer
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={!d.next_cursor || q.loading}
                      onClick={() => {
                        const next = d.next_cursor ?? null;
                        setCursors((c) => [...c.slice(0, page + 1), next]);
                        setPage((p) => p + 1);
                      }}
                    >
                      Older
                    </Button>
                  </div>
                </nav>
              }
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}
