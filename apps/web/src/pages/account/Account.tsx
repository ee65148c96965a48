import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Session } from "../../api/types";
import { useAuth } from "../../app/auth";
import { QueryView, useQuery } from "../../app/query";
import { describeUserAgent, formatDate } from "../../lib/format";
import { Badge, Button, Card, Form, PageHeader, SidebarLayout, SubmitButton, Table, TextField, useToast, type Column } from "../../ui";

export function AccountLayout() {
  return (
    <SidebarLayout
      title="Your account"
      items={[
        { to: "/account", label: "Profile", end: true },
        { to: "/account/orders", label: "Orders" },
        { to: "/account/password", label: "Password" },
        { to: "/account/addresses", label: "Addresses" },
        { to: "/account/sessions", label: "Sessions" },
      ]}
    />
  );
}

export function Profile() {
  const { user, setUser } = useAuth();
  const toast = useToast();
  const [resending, setResending] = useState(false);
  if (!user) return null;

  async function resend() {
    setResending(true);
    try {
      await unwrap(api.POST("/api/v1/me/email/verification"));
      toast.success("Verification email sent. Check your inbox.");
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't send the email.");
    } finally {
      setResending(false);
    }
  }

  return (
    <>
      <PageHeader title="Profile" description="Your name and sign-in email." />
      <Card title="Details">
        <Form
          aria-label="Profile"
          onSubmit={async (v) => {
            if (!v.name?.trim()) throw validationError({ name: "Enter your name." });
            setUser(await unwrap(api.PATCH("/api/v1/me", { body: { name: v.name.trim() } })));
            toast.success("Profile saved.");
          }}
        >
          <div className="stack">
            <TextField label="Full name" name="name" defaultValue={user.name} autoComplete="name" maxLength={100} required />
            <div className="field">
              <span className="label">Email</span>
              <div className="row">
                <span>{user.email}</span>
                {user.email_verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
              </div>
              {!user.email_verified && (
                <div className="row">
                  <span className="hint">Confirm your email to receive order updates.</span>
                  <Button size="sm" variant="secondary" loading={resending} onClick={() => void resend()}>
                    Resend verification email
                  </Button>
                </div>
              )}
            </div>
          </div>
          <div className="form-actions">
            <SubmitButton>Save changes</SubmitButton>
          </div>
        </Form>
      </Card>
    </>
  );
}

export function PasswordPage() {
  const toast = useToast();
  const [formKey, setFormKey] = useState(0);
  return (
    <>
      <PageHeader title="Password" description="Changing your password signs you out everywhere else." />
      <Card title="Change password">
        <Form
          key={formKey}
          aria-label="Change password"
          onSubmit={async (v) => {
            const errors: Record<string, string> = {};
            if (!v.current_password) errors.current_password = "Enter your current password.";
            if ((v.new_password ?? "").length < 10) errors.new_password = "Use at least 10 characters.";
            else if (v.new_password !== v.confirm_password) errors.confirm_password = "The passwords don't match.";
            if (Object.keys(errors).length) throw validationError(errors);
            await unwrap(api.POST("/api/v1/me/password", { body: { current_password: v.current_password!, new_password: v.new_password! } }));
            toast.success("Password changed. Other sessions were signed out.");
            setFormKey((k) => k + 1);
          }}
        >
          <div className="stack">
            <TextField label="Current password" name="current_password" type="password" autoComplete="current-password" required />
            <TextField label="New password" name="new_password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
            <TextField label="Confirm new password" name="confirm_password" type="password" autoComplete="new-password" required />
          </div>
          <div className="form-actions">
            <SubmitButton>Change password</SubmitButton>
          </div>
        </Form>
      </Card>
    </>
  );
}

export function SessionsPage() {
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/me/sessions")));

  async function revoke(s: Session) {
    try {
      await unwrap(api.DELETE("/api/v1/me/sessions/{id}", { params: { path: { id: s.id } } }));
      toast.success("Session signed out.");
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't sign out that session.");
    }
  }

  const columns: Column<Session>[] = [
    {
      key: "device",
      header: "Device",
      sortValue: (s) => describeUserAgent(s.user_agent),
      render: (s) => (
        <div>
          <strong>{describeUserAgent(s.user_agent)}</strong> {s.current && <Badge tone="brand">This device</Badge>}
          <div className="small muted">{s.ip || "Unknown IP"}</div>
        </div>
      ),
    },
    { key: "last_seen_at", header: "Last active", sortValue: (s) => s.last_seen_at, render: (s) => formatDate(s.last_seen_at, true) },
    { key: "created_at", header: "Signed in", sortValue: (s) => s.created_at, render: (s) => formatDate(s.created_at, true) },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      render: (s) =>
        s.current ? (
          <span className="small muted">Current</span>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => void revoke(s)} aria-label={`Sign out ${describeUserAgent(s.user_agent)} session`}>
            Sign out
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title="Sessions" description="Devices signed in to your account. Sign out any you don't recognise." />
      <Card bodyless title="Active sessions">
        <QueryView query={q}>
          {(d) => <Table caption="Active sessions" rows={d.items} columns={columns} rowKey={(s) => s.id} initialSort={{ key: "last_seen_at", dir: "desc" }} />}
        </QueryView>
      </Card>
    </>
  );
}
