import { useState, type ReactNode } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../app/auth";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { Alert, Button, Card, LinkButton, PageHeader, useToast } from "../../ui";

/** A staff invitation to a shop, opened from its email: shows it, and accepts it once signed in. */
export function JoinShopPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { user } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The token travels in a header, never in the API's URL, so it stays out of access logs.
  const q = useQuery(() => unwrap(api.GET("/api/v1/vendors/invitations/preview", { params: { header: { "X-Invitation-Token": token } } })), [token]);
  const here = `/join-shop?token=${encodeURIComponent(token)}`;

  async function accept(vendorId: string) {
    setAccepting(true);
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/vendors/invitations/accept", { body: { token } }));
      toast.success("You joined the shop.");
      navigate(`/sell?vendor=${encodeURIComponent(vendorId)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.summary : "Couldn't accept the invitation.");
    } finally {
      setAccepting(false);
    }
  }

  if (!token) return <Page><Alert kind="error" title="This invitation link is incomplete">Open the link from your invitation email again.</Alert></Page>;
  return (
    <Page>
      <QueryView query={q}>
        {(inv) => (
          <div className="stack" style={{ maxWidth: 560 }}>
            <PageHeader title={`Join ${inv.vendor.name}`} />
            <Card>
              <p>
                {inv.inviter ? <><strong>{inv.inviter}</strong> invited you</> : "You are invited"} to help run the shop <strong>{inv.vendor.name}</strong> as {inv.role}.
              </p>
              <p>The invitation is for {inv.email} and expires {formatDate(inv.expires_at, true)}.</p>
              {error && <Alert kind="error" title="Not accepted">{error}</Alert>}
              {user ? (
                user.email.toLowerCase() === inv.email.toLowerCase() ? (
                  <Button loading={accepting} onClick={() => void accept(inv.vendor.id)}>Accept invitation</Button>
                ) : (
                  <Alert kind="warning" title="Signed in with another email">
                    You are signed in as {user.email}. Sign in as {inv.email} to accept.
                  </Alert>
                )
              ) : user === null ? (
                <div className="row" style={{ gap: 8 }}>
                  <LinkButton to={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in to accept</LinkButton>
                  <LinkButton variant="secondary" to={`/register?next=${encodeURIComponent(here)}`}>Create an account</LinkButton>
                </div>
              ) : null}
            </Card>
          </div>
        )}
      </QueryView>
    </Page>
  );
}

/** The page container, so the content lines up with the header. */
function Page({ children }: { children: ReactNode }) {
  return <div className="container container-mid">{children}</div>;
}
