import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { paths } from "../../api/schema";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { Alert, Badge, Button, Card, EmptyState, Icon, PageHeader, Table, useToast, type Column } from "../../ui";
import { RequireShop } from "./vendor";

// Derived from the operation, so a schema rename on the server doesn't break this page.
type Split = NonNullable<paths["/api/v1/seller/vendors/{vendor_id}/payouts/transfers"]["get"]["responses"][200]["content"]["application/json"]["vendor_orders"]>[number];

export function PayoutsPage() {
  return <RequireShop>{(m) => <Payouts vendorId={m.vendor.id} />}</RequireShop>;
}

function Payouts({ vendorId }: { vendorId: string }) {
  const toast = useToast();
  const path = { vendor_id: vendorId };
  const config = useQuery(() => unwrap(api.GET("/api/v1/payments/config")), []);
  const account = useQuery(async () => {
    try {
      return await unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/payouts/account", { params: { path } }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null; // no account yet
      throw e;
    }
  }, [vendorId]);
  const balance = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/payouts/balance", { params: { path } })), [vendorId]);
  const transfers = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/payouts/transfers", { params: { path, query: { limit: 100 } } })), [vendorId]);
  const [starting, setStarting] = useState(false);

  async function onboard() {
    setStarting(true);
    try {
      const o = await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/payouts/onboarding", { params: { path } }));
      window.location.assign(o.url);
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't start payout setup.");
      setStarting(false);
    }
  }

  const columns: Column<Split>[] = [
    { key: "created_at", header: "Date", render: (s) => formatDate(s.created_at), sortValue: (s) => s.created_at },
    { key: "gross", header: "Gross", align: "right", render: (s) => formatMoney(s.gross, s.currency) },
    { key: "commission", header: "Commission", align: "right", render: (s) => `−${formatMoney(s.commission - s.commission_refunded, s.currency)}` },
    { key: "fees", header: "Fees", align: "right", render: (s) => `−${formatMoney(s.fees, s.currency)}` },
    { key: "net", header: "Net", align: "right", render: (s) => <strong>{formatMoney(s.net, s.currency)}</strong>, sortValue: (s) => s.net },
    { key: "status", header: "Transfer", render: (s) => <Badge tone={s.transfer_status === "transferred" ? "success" : s.transfer_status === "failed" ? "danger" : "neutral"}>{s.transfer_status.replace(/_/g, " ")}</Badge> },
  ];

  const manual = config.data?.provider === "manual";
  return (
    <>
      <PageHeader title="Payouts" description="What you've earned, what's on its way, and every transfer." />
      {manual && (
        <Alert kind="info" title="Payments are handled manually on this marketplace">
          Buyers pay by bank transfer or cash on delivery, and orders are marked paid by you or the marketplace. Card payments with automatic payouts are not switched on.
        </Alert>
      )}
      {!manual && (
        <Card title="Payout account">
          <QueryView query={account} skeletonRows={2}>
            {(a) =>
              a?.ready ? (
                <div className="row-between">
                  <span><Badge tone="success">Ready</Badge> Payouts go to your bank account automatically.</span>
                  <Button variant="secondary" loading={starting} onClick={() => void onboard()}>Update details</Button>
                </div>
              ) : (
                <div className="stack-sm">
                  <p style={{ margin: 0 }}>{a?.connected ? "Your account needs a few more details before you can be paid." : "Set up payouts to receive card payments for your orders."}</p>
                  {(a?.currently_due ?? []).length > 0 && <p className="small muted" style={{ margin: 0 }}>Still needed: {(a?.currently_due ?? []).join(", ")}</p>}
                  <div>
                    <Button loading={starting} onClick={() => void onboard()}>{a?.connected ? "Finish setting up payouts" : "Set up payouts"}</Button>
                  </div>
                </div>
              )
            }
          </QueryView>
        </Card>
      )}
      <QueryView query={balance} skeletonRows={2}>
        {(b) =>
          (b.balances ?? []).length === 0 ? null : (
            <div className="grid-3">
              {(b.balances ?? []).map((x) => (
                <Card key={x.currency}>
                  <p className="small muted" style={{ margin: 0 }}>On its way ({x.currency})</p>
                  <p className="stat">{formatMoney(x.payable - x.debt, x.currency)}</p>
                  <p className="small muted" style={{ margin: 0 }}>Transferred so far: {formatMoney(x.transferred, x.currency)}{x.debt > 0 ? ` · owed back: ${formatMoney(x.debt, x.currency)}` : ""}</p>
                </Card>
              ))}
            </div>
          )
        }
      </QueryView>
      <Card bodyless title="Paid orders">
        <QueryView query={transfers}>
          {(d) => <Table caption="Paid orders and transfers" rows={d.vendor_orders} columns={columns} rowKey={(s) => s.vendor_order_id} initialSort={{ key: "created_at", dir: "desc" }} empty={<EmptyState icon={<Icon name="money" />} title="No paid orders yet" />} />}
        </QueryView>
      </Card>
    </>
  );
}
