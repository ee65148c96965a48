import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { validationError } from "../../api/errors";
import { useSite } from "../../app/site";
import { Card, DocumentTitle, Form, PageHeader, SubmitButton, TextField } from "../../ui";
import { EMAIL_RE, SLUG_RE, marketplaceUrl, slugify } from "../../lib/format";

interface Created {
  name: string;
  url: string;
  email: string;
}

export function Signup() {
  const { site } = useSite();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const host = new URL(marketplaceUrl("x", site.base_domain)).host.slice(2);
  const preview = marketplaceUrl(slug || "your-marketplace", site.base_domain);

  async function submit(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    const s = (v.slug ?? "").trim();
    if (!v.name?.trim()) errors.name = "Enter your marketplace's name.";
    if (s.length < 3 || s.length > 40) errors.slug = "Use 3 to 40 characters.";
    else if (!SLUG_RE.test(s)) errors.slug = "Use lowercase letters, numbers and hyphens; start and end with a letter or number.";
    if (!v.operator_name?.trim()) errors.operator_name = "Enter your name.";
    if (!EMAIL_RE.test(v.email ?? "")) errors.email = "Enter a valid email address, like you@example.com.";
    if ((v.password ?? "").length < 10) errors.password = "Use at least 10 characters.";
    if (Object.keys(errors).length) throw validationError(errors);
    const res = await unwrap(
      api.POST("/api/v1/platform/signup", {
        body: { slug: s, name: v.name!.trim(), operator_name: v.operator_name!.trim(), email: v.email!.trim(), password: v.password! },
      }),
    );
    setCreated({ name: res.tenant.name, url: res.url, email: res.operator.email });
  }

  if (created) {
    return (
      <div className="container container-mid">
        <Card>
          <div className="stack" role="status">
            <span className="badge badge-success">Marketplace created</span>
            <DocumentTitle page={`${created.name} is live`} />
            <h1>{created.name} is live</h1>
            <p>Your marketplace is ready at:</p>
            <p className="url-preview">
              <a href={created.url} data-testid="marketplace-url">{created.url}</a>
            </p>
            <p className="muted">
              Sign in there as <strong>{created.email}</strong> to open the operator console, set your colours and invite sellers.
              We've sent you an email to confirm your address.
            </p>
            <div className="row">
              <a className="btn btn-primary" href={`${created.url}/sign-in?next=%2Fadmin`}>
                Go to your marketplace
              </a>
            </div>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="container container-mid">
      <PageHeader title="Create your marketplace" description="It takes a minute. You can change the name and colours later." />
      <Card>
        <Form onSubmit={submit} aria-label="Create your marketplace">
          <div className="stack">
            <TextField
              label="Marketplace name"
              name="name"
              autoComplete="organization"
              value={name}
              maxLength={100}
              onChange={(e) => {
                setName(e.target.value);
                if (!slugTouched) setSlug(slugify(e.target.value));
              }}
              required
            />
            <TextField
              label="Marketplace address"
              name="slug"
              value={slug}
              addon={`.${host}`}
              autoCapitalize="none"
              spellCheck={false}
              maxLength={40}
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, ""));
              }}
              hint={
                <>
                  Your marketplace will be at <span className="mono" data-testid="slug-preview"><strong>{preview}</strong></span>
                  <br />
                  Lowercase letters, numbers and hyphens, 3–40 characters.
                </>
              }
              required
            />
            <div className="grid-2">
              <TextField label="Your name" name="operator_name" autoComplete="name" maxLength={100} required />
              <TextField label="Email" name="email" type="email" autoComplete="email" required />
            </div>
            <TextField label="Password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters. Avoid common passwords." required />
          </div>
          <div className="form-actions">
            <SubmitButton>Create marketplace</SubmitButton>
            <span className="small muted">You'll be the operator of this marketplace.</span>
          </div>
        </Form>
      </Card>
    </div>
  );
}
