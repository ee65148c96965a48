import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { validationError } from "../../api/errors";
import type { Invitation, OperatorUser } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { useSite } from "../../app/site";
import { HEX, applyBrand, contrast, contrastText } from "../../lib/color";
import { EMAIL_RE, formatDate } from "../../lib/format";
import { Badge, Card, Form, PageHeader, SidebarLayout, SubmitButton, Table, TextField, useToast, type Column } from "../../ui";

export function AdminLayout() {
  return (
    <SidebarLayout
      title="Operator console"
      items={[
        { to: "/admin/vendors", label: "Sellers" },
        { to: "/admin/orders", label: "Orders" },
        { to: "/admin/payments", label: "Payments" },
        { to: "/admin/categories", label: "Categories" },
        { to: "/admin/collections", label: "Collections" },
        { to: "/admin/settings", label: "Settings" },
        { to: "/admin/domains", label: "Domains" },
        { to: "/admin/operators", label: "Operators" },
        { to: "/admin/audit", label: "Audit log" },
      ]}
    />
  );
}

export function AdminSettings() {
  const toast = useToast();
  const { refresh } = useSite();
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/settings")));
  const [color, setColor] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="Settings" description="Your marketplace's name and brand colour." />
      <QueryView query={q}>
        {(s) => {
          const current = color ?? s.theme_color;
          const valid = HEX.test(current);
          return (
            <Card title="Branding">
              <Form
                aria-label="Marketplace settings"
                onSubmit={async (v) => {
                  const errors: Record<string, string> = {};
                  if (!v.name?.trim()) errors.name = "Enter a name.";
                  if (!HEX.test(v.theme_color ?? "")) errors.theme_color = "Use a hex colour like #4f46e5.";
                  if (Object.keys(errors).length) throw validationError(errors);
                  const next = await unwrap(api.PATCH("/api/v1/admin/settings", { body: { name: v.name!.trim(), theme_color: v.theme_color!.toLowerCase() } }));
                  q.setData(next);
                  setColor(null);
                  applyBrand(next.theme_color);
                  toast.success("Settings saved.");
                  void refresh().catch(() => {});
                }}
              >
                <div className="stack">
                  <TextField label="Marketplace name" name="name" defaultValue={s.name} maxLength={100} required />
                  <div className="field">
                    <span className="label">Address</span>
                    <a href={s.url}>{s.url}</a>
                  </div>
                  <div className="row" style={{ alignItems: "flex-start" }}>
                    <div className="field" style={{ paddingTop: 28 }}>
                      <label htmlFor="theme-swatch" className="sr-only">Pick a theme colour</label>
                      <input id="theme-swatch" type="color" className="swatch" value={valid ? current : "#4f46e5"} onChange={(e) => setColor(e.target.value)} aria-describedby="theme-preview" />
                    </div>
                    <div style={{ flex: 1, minWidth: 180 }}>
                      <TextField label="Theme colour" name="theme_color" value={current} onChange={(e) => setColor(e.target.value.trim())} maxLength={7} spellCheck={false} required hint="Hex, like #4f46e5. Used for buttons, links and highlights." />
                    </div>
                  </div>
                  <div id="theme-preview" className="row" aria-live="polite">
                    <span className="btn" style={{ background: valid ? current : undefined, color: valid ? contrastText(current) : undefined }} aria-hidden="true">
                      Button preview
                    </span>
                    {valid && contrast(current, "#ffffff") < 3 && <span className="small muted">Light colours are darkened for links so text stays readable.</span>}
                  </div>
                </div>
                <div className="form-actions">
                  <SubmitButton>Save settings</SubmitButton>
                </div>
              </Form>
            </Card>
          );
        }}
      </QueryView>
    </>
  );
}

export function AdminOperators() {
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/operators")));
  const [formKey, setFormKey] = useState(0);

  const opColumns: Column<OperatorUser>[] = [
    { key: "name", header: "Name", sortValue: (o) => o.name, render: (o) => <strong>{o.name}</strong> },
    { key: "email", header: "Email", sortValue: (o) => o.email },
    { key: "created_at", header: "Since", sortValue: (o) => o.created_at, render: (o) => formatDate(o.created_at) },
  ];
  const invColumns: Column<Invitation>[] = [
    { key: "email", header: "Email", sortValue: (i) => i.email },
    { key: "status", header: "Status", render: (i) => (new Date(i.expires_at) < new Date() ? <Badge tone="danger">Expired</Badge> : <Badge tone="warning">Pending</Badge>) },
    { key: "created_at", header: "Sent", sortValue: (i) => i.created_at, render: (i) => formatDate(i.created_at) },
    { key: "expires_at", header: "Expires", sortValue: (i) => i.expires_at, render: (i) => formatDate(i.expires_at) },
  ];

  return (
    <>
      <PageHeader title="Operators" description="People who can run this marketplace." />
      <Card title="Invite an operator">
        <Form
          key={formKey}
          aria-label="Invite an operator"
          onSubmit={async (v) => {
            if (!EMAIL_RE.test(v.email ?? "")) throw validationError({ email: "Enter a valid email address." });
            await unwrap(api.POST("/api/v1/admin/operators/invitations", { body: { email: v.email!.trim() } }));
            toast.success(`Invitation sent to ${v.email!.trim()}.`);
            setFormKey((k) => k + 1);
            q.reload();
          }}
        >
          <div className="row" style={{ alignItems: "flex-start" }}>
            <div style={{ flex: 1, minWidth: 220 }}>
              <TextField label="Email" name="email" type="email" autoComplete="off" hint="They'll get a link to set up their account." required />
            </div>
            <div style={{ paddingTop: 28 }}>
              <SubmitButton>Send invitation</SubmitButton>
            </div>
          </div>
        </Form>
      </Card>
      <QueryView query={q}>
        {(d) => (
          <>
            <Card bodyless title="Operators">
              <Table caption="Operators" rows={d.items} columns={opColumns} rowKey={(o) => o.id} initialSort={{ key: "name", dir: "asc" }} />
            </Card>
            <Card bodyless title="Pending invitations">
              <Table
                caption="Pending invitations"
                rows={d.invitations}
                columns={invColumns}
                rowKey={(i) => i.id}
                initialSort={{ key: "created_at", dir: "desc" }}
                empty={<p className="card-body muted" style={{ margin: 0 }}>No pending invitations.</p>}
              />
            </Card>
          </>
        )}
      </QueryView>
    </>
  );
}
