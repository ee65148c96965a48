import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { QueryView } from "../../app/query";
import { withCarrierNames } from "../../lib/carriers";
import { formatDate } from "../../lib/format";
import { Alert, PageHeader } from "../../ui";
import { OrderBody } from "../../orders/OrderBody";
import { StatusBadge } from "../../orders/StatusBadge";
import { useQuery as useApiQuery } from "@tanstack/react-query";
import { queries } from "../../api/queries";

/** A guest's order, opened from the signed link in its emails (guests have no account). */
export function GuestOrderPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const q = useApiQuery({ ...queries.linkedOrder(token), enabled: token !== "" });
  const carriers = useApiQuery(queries.carriers());
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
