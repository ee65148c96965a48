import { useEffect, useState, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { User } from "../../api/types";
import { hasRole, useAuth } from "../../app/auth";
import { siteName, useSite } from "../../app/site";
import { EMAIL_RE } from "../../lib/format";
import { Alert, Card, Form, LinkButton, PageLoader, SubmitButton, TextField, useTitle } from "../../ui";

function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  useTitle(title);
  return (
    <div className="container auth-page">
      <div className="auth-card stack">
        <Card footer={footer}>
          <h1>{title}</h1>
          {subtitle && <p className="muted">{subtitle}</p>}
          {children}
        </Card>
      </div>
    </div>
  );
}

/** Only same-origin relative paths are followed after sign-in. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}

function landingFor(user: User, next: string | null) {
  return safeNext(next) ?? (hasRole(user, "operator") ? "/admin" : "/account");
}

export function SignIn() {
  const { site } = useSite();
  const { user, setUser } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get("next");

  useEffect(() => {
    if (user) navigate(landingFor(user, next), { replace: true });
  }, [user, next, navigate]);

  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if (!EMAIL_RE.test(v.email ?? "")) errors.email = "Enter a valid email address.";
    if (!v.password) errors.password = "Enter your password.";
    if (Object.keys(errors).length) throw validationError(errors);
    const res = await unwrap(api.POST("/api/v1/auth/login", { body: { email: v.email!.trim(), password: v.password! } }));
    setUser(res.user);
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle={`Welcome back to ${siteName(site)}.`}
      footer={
        <span className="small">
          New here? <Link to={`/register${next ? `?next=${encodeURIComponent(next)}` : ""}`}>Create an account</Link>
        </span>
      }
    >
      <Form onSubmit={submit} aria-label="Sign in">
        <div className="stack">
          <TextField label="Email" name="email" type="email" autoComplete="username" required />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
          <div className="small">
            <Link to="/forgot-password">Forgot your password?</Link>
          </div>
        </div>
        <div className="form-actions">
          <SubmitButton block>Sign in</SubmitButton>
        </div>
      </Form>
    </AuthCard>
  );
}

export function Register() {
  const { site } = useSite();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get("next");
  const [sent, setSent] = useState<string | null>(null);
  const signInLink = `/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;

  useEffect(() => {
    if (user) navigate(safeNext(next) ?? "/account", { replace: true });
  }, [user, next, navigate]);

  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if (!v.name?.trim()) errors.name = "Enter your name.";
    if (!EMAIL_RE.test(v.email ?? "")) errors.email = "Enter a valid email address, like you@example.com.";
    if ((v.password ?? "").length < 10) errors.password = "Use at least 10 characters.";
    if (Object.keys(errors).length) throw validationError(errors);
    // The answer is the same whether or not the email already has an account (the owner is told
    // by email), so the page never says which.
    const res = await unwrap(api.POST("/api/v1/auth/register", { body: { name: v.name!.trim(), email: v.email!.trim(), password: v.password! } }));
    setSent(res?.message ?? "We sent you an email about your account.");
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle={`Shop from every seller on ${siteName(site)} with one account.`}
      footer={
        <span className="small">
          Already have an account? <Link to={signInLink}>Sign in</Link>
        </span>
      }
    >
      {sent ? (
        <Alert kind="success" title="Check your email">
          {sent} Follow its link, or <Link to={signInLink}>sign in</Link> with your email and password.
        </Alert>
      ) : (
        <Form onSubmit={submit} aria-label="Create your account">
          <div className="stack">
            <TextField label="Full name" name="name" autoComplete="name" maxLength={100} required />
            <TextField label="Email" name="email" type="email" autoComplete="email" required />
            <TextField label="Password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
          </div>
          <div className="form-actions">
            <SubmitButton block>Create account</SubmitButton>
          </div>
        </Form>
      )}
    </AuthCard>
  );
}

export function ForgotPassword() {
  const [sent, setSent] = useState<string | null>(null);
  async function submit(v: Record<string, string>) {
    if (!EMAIL_RE.test(v.email ?? "")) throw validationError({ email: "Enter a valid email address." });
    const res = await unwrap(api.POST("/api/v1/auth/password/forgot", { body: { email: v.email!.trim() } }));
    setSent(res?.message ?? "If an account exists, we sent a reset link.");
  }
  return (
    <AuthCard title="Reset your password" subtitle="Enter the email you signed up with and we'll send you a link to choose a new password." footer={<Link className="small" to="/sign-in">Back to sign in</Link>}>
      {sent ? (
        <Alert kind="success" title="Check your email">
          {sent} The link expires soon, so use it promptly.
        </Alert>
      ) : (
        <Form onSubmit={submit} aria-label="Reset your password">
          <TextField label="Email" name="email" type="email" autoComplete="email" required />
          <div className="form-actions">
            <SubmitButton block>Send reset link</SubmitButton>
          </div>
        </Form>
      )}
    </AuthCard>
  );
}

function MissingToken({ what }: { what: string }) {
  return (
    <AuthCard title="This link is incomplete">
      <Alert kind="error">The {what} link is missing its token. Open the link from your email again, or copy the whole address into your browser.</Alert>
    </AuthCard>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get("token");
  const [done, setDone] = useState(false);
  if (!token) return <MissingToken what="password reset" />;

  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if ((v.password ?? "").length < 10) errors.password = "Use at least 10 characters.";
    else if (v.password !== v.password_confirm) errors.password_confirm = "The passwords don't match.";
    if (Object.keys(errors).length) throw validationError(errors);
    try {
      await unwrap(api.POST("/api/v1/auth/password/reset", { body: { token: token!, password: v.password! } }));
    } catch (e) {
      if (e instanceof ApiError && e.errors.some((x) => x.location === "body.token")) {
        throw new ApiError({ status: e.status, title: e.title, detail: "This reset link is invalid, expired or already used. Request a new one." });
      }
      throw e;
    }
    setDone(true);
  }

  if (done) {
    return (
      <AuthCard title="Password changed">
        <Alert kind="success">Your password has been changed and your other sessions were signed out.</Alert>
        <div className="form-actions">
          <LinkButton to="/sign-in">Sign in</LinkButton>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" footer={<Link className="small" to="/forgot-password">Request a new link</Link>}>
      <Form onSubmit={submit} aria-label="Choose a new password">
        <div className="stack">
          <TextField label="New password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
          <TextField label="Confirm new password" name="password_confirm" type="password" autoComplete="new-password" required />
        </div>
        <div className="form-actions">
          <SubmitButton block>Change password</SubmitButton>
        </div>
      </Form>
    </AuthCard>
  );
}

export function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get("token");
  const { user, setUser } = useAuth();
  const [state, setState] = useState<"pending" | "ok" | ApiError>("pending");

  useEffect(() => {
    if (!token) return;
    let live = true;
    unwrap(api.POST("/api/v1/auth/email/verify", { body: { token } })).then(
      (u) => {
        if (!live) return;
        setState("ok");
        if (user && u && u.id === user.id) setUser(u);
      },
      (e: unknown) => live && setState(e instanceof ApiError ? e : new ApiError({ status: 0, title: "Error" })),
    );
    return () => {
      live = false;
    };
    // run once per token
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  if (!token) return <MissingToken what="verification" />;
  if (state === "pending") return <PageLoader label="Verifying your email…" />;
  if (state === "ok") {
    return (
      <AuthCard title="Email verified">
        <Alert kind="success">Thanks, your email address is confirmed.</Alert>
        <div className="form-actions">
          <LinkButton to={user ? "/account" : "/sign-in"}>{user ? "Go to your account" : "Sign in"}</LinkButton>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="We couldn't verify your email">
      <Alert kind="error">
        {state.errors.some((x) => x.location === "body.token") ? "This link is invalid, expired or already used." : state.summary}
      </Alert>
      <p className="muted" style={{ marginTop: 16 }}>You can request a new link from your account page.</p>
      <LinkButton to="/account" variant="secondary">Go to your account</LinkButton>
    </AuthCard>
  );
}

export function AcceptInvite() {
  const [params] = useSearchParams();
  const token = params.get("token");
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const { site } = useSite();
  if (!token) return <MissingToken what="invitation" />;

  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if (!v.name?.trim()) errors.name = "Enter your name.";
    if ((v.password ?? "").length < 10) errors.password = "Use at least 10 characters.";
    if (Object.keys(errors).length) throw validationError(errors);
    try {
      const res = await unwrap(api.POST("/api/v1/auth/invitations/accept", { body: { token: token!, name: v.name!.trim(), password: v.password! } }));
      setUser(res.user);
      navigate("/admin", { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.errors.some((x) => x.location === "body.token")) {
        throw new ApiError({ status: e.status, title: e.title, detail: "This invitation is invalid, expired or already used. Ask an operator to invite you again." });
      }
      throw e;
    }
  }

  return (
    <AuthCard title={`Join ${siteName(site)}`} subtitle="You've been invited to help run this marketplace. Set up your operator account.">
      <Form onSubmit={submit} aria-label="Accept invitation">
        <div className="stack">
          <TextField label="Full name" name="name" autoComplete="name" required />
          <TextField label="Password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
        </div>
        <div className="form-actions">
          <SubmitButton block>Accept invitation</SubmitButton>
        </div>
      </Form>
    </AuthCard>
  );
}
