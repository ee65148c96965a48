import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { QueryView, useQuery } from "../../app/query";
import { withCarrierNames } from "../../lib/carriers";
import { formatDate } from "../../lib/format";
import { Alert, PageHeader } from "../../ui";
import { OrderBody, StatusBadge } from "./Checkout";

/** A guest's order, opened from the signed link in its emails (guests have no account). */
export function GuestOrderPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  // The token travels in a header, never in the API's URL, so it stays out of access logs.
  const q = useQuery(() => unwrap(api.GET("/api/v1/orders/linked", { params: { header: { "X-Order-Link": token } } })), [token]);
  const carriers = useQuery(() => unwrap(api.GET("/api/v1/carriers")), []);
  if (!token) {
    return <Page><Alert kind="error" title="This order link is incomplete">Open the link from your order email again.</Alert></Page>;
  }
  return (
    <Page>
      <QueryView query={q}>
        {(o) => (
          <div className="stack">
            <PageHeader title={`Order #${o.number}`} description={<>Placed {formatDate(o.placed_at, true)} · <StatusBadge status={o.status} /></>} />
            {o.payment.status === "pending" && o.status === "pending_payment" && (
              <Alert kind="info" title="Waiting for payment">
                <p style={{ whiteSpace: "pre-line", margin: 0 }}>{o.payment.instructions}</p>
              </Alert>
            )}
            <OrderBody order={withCarrierNames(o, carriers.data?.carriers)} />
          </div>
        )}
      </QueryView>
    </Page>
  );
}

/** The page container (as the order confirmation's), so the content lines up with the header. */
function Page({ children }: { children: ReactNode }) {
  return <div className="container" style={{ maxWidth: 1000 }}>{children}</div>;
}
