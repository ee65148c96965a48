import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { validationError } from "../../api/errors";
import type { components } from "../../api/schema";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { Badge, Button, Card, Form, PageHeader, SubmitButton, TextField, useToast } from "../../ui";

export type MarketplaceDomain = components["schemas"]["DomainView"];

/** What a host looks like: letters, digits and inner hyphens, dot-separated, ending in a TLD. */
const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;

/** The marketplace's hosts: the primary address, then custom domains with the TXT record each needs. */
export function DomainList({ domains, onVerify, onRemove }: {
  domains: MarketplaceDomain[];
  onVerify: (d: MarketplaceDomain) => Promise<void>;
  onRemove: (d: MarketplaceDomain) => Promise<void>;
}) {
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (id: string, fn: () => Promise<void>) => {
    setBusy(id);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };
  return (
    <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Domains">
      {domains.map((d) => (
        <li key={d.id} className="card-body" style={{ borderBottom: "1px solid var(--border, #e5e7eb)" }} aria-label={d.host}>
          <div className="row" style={{ justifyContent: "space-between", flexWrap: "wrap", gap: 8 }}>
            <span className="row" style={{ gap: 8, flexWrap: "wrap" }}>
              <strong style={{ wordBreak: "break-all" }}>{d.host}</strong>
              {d.primary ? <Badge tone="neutral">Primary</Badge> : d.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Waiting for DNS</Badge>}
              {d.verified && d.verified_at && !d.primary && <span className="small muted">since {formatDate(d.verified_at)}</span>}
            </span>
            {!d.primary && (
              <span className="row" style={{ gap: 6 }}>
                {!d.verified && (
                  <Button size="sm" loading={busy === d.id} onClick={() => void run(d.id, () => onVerify(d))} aria-label={`Verify ${d.host}`}>
                    Verify
                  </Button>
                )}
                {confirmRemove === d.id ? (
                  <>
                    <span className="small">Remove this domain?</span>
                    <Button size="sm" variant="danger" onClick={() => void run(d.id, () => onRemove(d)).then(() => setConfirmRemove(null))}>
                      Remove
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(null)}>
                      Keep
                    </Button>
                  </>
                ) : (
                  <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(d.id)} aria-label={`Remove ${d.host}`}>
                    Remove
                  </Button>
                )}
              </span>
            )}
          </div>
          {!d.primary && !d.verified && (
            <div className="small" style={{ marginTop: 8 }}>
              <p style={{ margin: "0 0 4px" }}>Create this DNS record at your domain's DNS provider, then press Verify:</p>
              <dl className="stack" style={{ gap: 2, margin: 0 }}>
                <div className="row" style={{ gap: 6 }}><dt className="muted">Type</dt><dd style={{ margin: 0 }}><code>{d.record_type}</code></dd></div>
                <div className="row" style={{ gap: 6 }}><dt className="muted">Name</dt><dd style={{ margin: 0, wordBreak: "break-all" }}><code>{d.record_name}</code></dd></div>
                <div className="row" style={{ gap: 6 }}><dt className="muted">Value</dt><dd style={{ margin: 0, wordBreak: "break-all" }}><code>{d.record_value}</code></dd></div>
              </dl>
              <p className="muted" style={{ margin: "4px 0 0" }}>Point the domain itself (CNAME or A record) at this platform too, so visitors reach it.</p>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AdminDomains() {
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/admin/domains")));
  const [formKey, setFormKey] = useState(0);
  return (
    <>
      <PageHeader title="Domains" description="Serve your marketplace on your own domain, proved by a DNS TXT record." />
      <Card title="Add a domain">
        <Form
          key={formKey}
          aria-label="Add a domain"
          onSubmit={async (v) => {
            const host = (v.host ?? "").trim();
            if (!HOST_RE.test(host)) throw validationError({ host: "Enter a domain name such as market.example.com." });
            await unwrap(api.POST("/api/v1/admin/domains", { body: { host } }));
            toast.success(`${host} added. Create its TXT record, then verify it.`);
            setFormKey((k) => k + 1);
            q.reload();
          }}
        >
          <div className="row" style={{ alignItems: "flex-start" }}>
            <div style={{ flex: 1, minWidth: 220 }}>
              <TextField label="Domain" name="host" autoComplete="off" spellCheck={false} maxLength={253} placeholder="market.example.com" required />
            </div>
            <div style={{ paddingTop: 28 }}>
              <SubmitButton>Add domain</SubmitButton>
            </div>
          </div>
        </Form>
      </Card>
      <QueryView query={q}>
        {(d) => (
          <Card bodyless title="Your domains">
            <DomainList
              domains={d.items ?? []}
              onVerify={async (dom) => {
                try {
                  await unwrap(api.POST("/api/v1/admin/domains/{domain_id}/verify", { params: { path: { domain_id: dom.id } } }));
                  toast.success(`${dom.host} is verified and now serves your marketplace.`);
                  q.reload();
                } catch (e) {
                  toast.error(e instanceof Error ? e.message : "Verification failed.");
                }
              }}
              onRemove={async (dom) => {
                try {
                  await unwrap(api.DELETE("/api/v1/admin/domains/{domain_id}", { params: { path: { domain_id: dom.id } } }));
                  toast.success(`${dom.host} removed.`);
                  q.reload();
                } catch (e) {
                  toast.error(e instanceof Error ? e.message : "Could not remove the domain.");
                }
              }}
            />
          </Card>
        )}
      </QueryView>
    </>
  );
}
