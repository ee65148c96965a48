import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { PlatformAuditEntry, Tenant, User } from "../../api/types";
import { useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { Alert, Badge, Button, Card, Form, PageHeader, PageLoader, Select, SkeletonRows, SubmitButton, Table, TextArea, TextField, useTitle, useToast, type Column } from "../../ui";
import { AccessDenied } from "../errors";
import { AuditDetails, actionLabel, actionTone } from "../admin/auditFormat";

export function PlatformAdmin() {
  useTitle("Platform admin");
  const me = useQuery<User | null>(async () => {
    try {
      return await unwrap(api.GET("/api/v1/platform/me"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  });
  if (me.error?.status === 403) return <AccessDenied message="This page is for platform administrators." />;
  if (me.error) {
    return (
      <div className="container container-narrow">
        <Alert kind="error" title="Couldn't load the admin area">{me.error.summary}</Alert>
      </div>
    );
  }
  if (me.data === undefined) return <PageLoader />;
  if (me.data === null) return <PlatformSignIn onSignedIn={(u) => me.setData(u)} />;
  return <Tenants user={me.data} onSignedOut={() => me.setData(null)} />;
}

function PlatformSignIn({ onSignedIn }: { onSignedIn(u: User): void }) {
  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if (!v.email) errors.email = "Enter your email address.";
    if (!v.password) errors.password = "Enter your password.";
    if (Object.keys(errors).length) throw validationError(errors);
    const res = await unwrap(api.POST("/api/v1/platform/auth/login", { body: { email: v.email!, password: v.password! } }));
    onSignedIn(res.user);
  }
  return (
    <div className="container auth-page">
      <div className="auth-card">
        <Card>
          <h1>Platform admin</h1>
          <p className="muted">Sign in to manage marketplaces.</p>
          <Form onSubmit={submit} aria-label="Platform admin sign in">
            <div className="stack">
              <TextField label="Email" name="email" type="email" autoComplete="username" required />
              <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
            </div>
            <div className="form-actions">
              <SubmitButton block>Sign in</SubmitButton>
            </div>
          </Form>
        </Card>
      </div>
    </div>
  );
}

function Tenants({ user, onSignedOut }: { user: User; onSignedOut(): void }) {
  const toast = useToast();
  const [status, setStatus] = useState<"" | "active" | "suspended">("");
  const [suspending, setSuspending] = useState<Tenant | null>(null);
  const list = useQuery(
    () => unwrap(api.GET("/api/v1/platform/tenants", { params: { query: status ? { status } : {} } })),
    [status],
  );

  async function reactivate(t: Tenant) {
    try {
      await unwrap(api.POST("/api/v1/platform/tenants/{id}/reactivate", { params: { path: { id: t.id } } }));
      toast.success(`${t.name} reactivated.`);
      list.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't reactivate.");
    }
  }

  async function signOut() {
    try {
      await unwrap(api.POST("/api/v1/platform/auth/logout"));
    } finally {
      onSignedOut();
    }
  }

  const columns: Column<Tenant>[] = [
    {
      key: "name",
      header: "Marketplace",
      sortValue: (t) => t.name,
      render: (t) => (
        <div>
          <strong>{t.name}</strong>
          <div className="small muted">{t.url ? <a href={t.url}>{t.url.replace(/^https?:\/\//, "")}</a> : t.slug}</div>
        </div>
      ),
    },
    { key: "status", header: "Status", sortValue: (t) => t.status, render: (t) => <Badge tone={t.status === "active" ? "success" : "danger"}>{t.status === "active" ? "Active" : "Suspended"}</Badge> },
    { key: "created_at", header: "Created", sortValue: (t) => t.created_at, render: (t) => formatDate(t.created_at) },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      render: (t) =>
        t.status === "active" ? (
          <Button size="sm" variant="secondary" onClick={() => setSuspending(t)} aria-label={`Suspend ${t.name}`}>
            Suspend
          </Button>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => void reactivate(t)} aria-label={`Reactivate ${t.name}`}>
            Reactivate
          </Button>
        ),
    },
  ];

  return (
    <div className="container stack">
      <PageHeader
        title="Marketplaces"
        description={`Signed in as ${user.email}`}
        actions={
          <Button variant="secondary" onClick={() => void signOut()}>
            Sign out
          </Button>
        }
      />
      {suspending && (
        <Card title={`Suspend ${suspending.name}`}>
          <Form
            aria-label={`Suspend ${suspending.name}`}
            onSubmit={async (v) => {
              if (!v.reason?.trim()) throw validationError({ reason: "Tell the operator why their marketplace is suspended." });
              await unwrap(api.POST("/api/v1/platform/tenants/{id}/suspend", { params: { path: { id: suspending.id } }, body: { reason: v.reason.trim() } }));
              toast.success(`${suspending.name} suspended.`);
              setSuspending(null);
              list.reload();
            }}
          >
            <p className="muted">Buyers, sellers and operators lose access until you reactivate it. The reason is recorded in the audit log.</p>
            <TextArea label="Reason" name="reason" maxLength={500} required />
            <div className="form-actions">
              <SubmitButton variant="danger">Suspend marketplace</SubmitButton>
              <Button variant="ghost" onClick={() => setSuspending(null)}>
                Cancel
              </Button>
            </div>
          </Form>
        </Card>
      )}
      <Card
        bodyless
        title="All marketplaces"
        actions={
          <div style={{ minWidth: 180 }}>
            <Select
              label="Status"
              name="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as typeof status)}
              options={[
                { value: "", label: "All" },
                { value: "active", label: "Active" },
                { value: "suspended", label: "Suspended" },
              ]}
            />
          </div>
        }
      >
        {list.error ? (
          <div className="card-body">
            <Alert kind="error" title="Couldn't load marketplaces">{list.error.summary}</Alert>
          </div>
        ) : !list.data ? (
          <SkeletonRows />
        ) : (
          <Table
            caption="Marketplaces"
            rows={list.data.items}
            columns={columns}
            rowKey={(t) => t.id}
            initialSort={{ key: "created_at", dir: "desc" }}
            pageSize={20}
            empty={<p className="card-body muted">No marketplaces{status ? ` with status ${status}` : ""}.</p>}
          />
        )}
      </Card>
      <PlatformAudit tenants={list.data?.items ?? []} reloadKey={list.data} />
    </div>
  );
}

const AUDIT_PAGE_SIZE = 25;

/** The platform audit log: admins' sign-ins (failed ones too) and actions on marketplaces. */
function PlatformAudit({ tenants, reloadKey }: { tenants: Tenant[]; reloadKey: unknown }) {
  // cursors[i] is the cursor that loads page i (page 0 has none)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const cursor = cursors[page] ?? null;
  const q = useQuery(
    () => unwrap(api.GET("/api/v1/platform/audit", { params: { query: cursor ? { limit: AUDIT_PAGE_SIZE, cursor } : { limit: AUDIT_PAGE_SIZE } } })),
    [cursor, reloadKey],
  );
  const names = new Map(tenants.map((t) => [t.id, t.name]));
  const columns: Column<PlatformAuditEntry>[] = [
    { key: "at", header: "When", render: (e) => <span style={{ whiteSpace: "nowrap" }}>{formatDate(e.at, true)}</span> },
    { key: "action", header: "Action", render: (e) => <Badge tone={actionTone(e.action)}>{actionLabel(e.action)}</Badge> },
    { key: "actor", header: "Actor", render: (e) => e.actor_email || <span className="muted">System</span> },
    {
      key: "target",
      header: "Marketplace",
      render: (e) => (e.marketplace_id ? (names.get(e.marketplace_id) ?? <span className="mono small">{e.marketplace_id.slice(0, 8)}</span>) : <span className="muted">—</span>),
    },
    { key: "ip", header: "IP", render: (e) => <span className="mono small">{e.ip || "—"}</span> },
    { key: "details", header: "Details", render: (e) => <AuditDetails details={e.details} /> },
  ];
  return (
    <Card bodyless title="Platform audit log">
      {q.error ? (
        <div className="card-body">
          <Alert kind="error" title="Couldn't load the audit log">{q.error.summary}</Alert>
        </div>
      ) : !q.data ? (
        <SkeletonRows />
      ) : (
        <Table
          caption="Platform audit events"
          rows={q.data.items}
          columns={columns}
          rowKey={(e) => e.id}
          pageSize={0}
          empty={<p className="card-body muted">No platform events yet.</p>}
          footer={
            <nav className="pagination" aria-label="Platform audit log pages">
              <span className="small muted">Page {page + 1}</span>
              <div className="row">
                <Button size="sm" variant="secondary" disabled={page === 0 || q.loading} onClick={() => setPage((p) => p - 1)}>
                  Newer
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={!q.data.next_cursor || q.loading}
                  onClick={() => {
                    const next = q.data?.next_cursor ?? null;
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
    </Card>
  );
}
