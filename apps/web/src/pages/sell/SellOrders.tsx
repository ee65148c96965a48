import { useState } from "react";
import { Link } from "react-router";
import type { VendorOrder } from "../../api/types";
import { QueryView } from "../../app/query";
import { formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { Card, EmptyState, Icon, PageHeader, Select, Table, type Column } from "../../ui";
import { RequireShop } from "./vendor";
import { STATUS_OPTIONS, StatusBadge, type OrderStatus } from "../../orders/StatusBadge";
import { keepPreviousData, useQuery as useApiQuery } from "@tanstack/react-query";
import { queries } from "../../api/queries";

function BuyerCell({ order: o }: { order: VendorOrder }) {
  if (!o.buyer_email && !o.buyer_name) return <>—</>;
  return (
    <div>
      {o.buyer_name && <div>{o.buyer_name}</div>}
      {o.buyer_email && <div className="small muted">{o.buyer_email}</div>}
    </div>
  );
}

/** Whether to offer "Mark paid": the API says so (single-seller orders waiting for payment). */

export function SellOrdersPage() {
  return <RequireShop>{(m) => <SellerOrders vendorId={m.vendor.id} />}</RequireShop>;
}

function SellerOrders({ vendorId }: { vendorId: string }) {
  const [status, setStatus] = useState<OrderStatus | "">("");
  const q = useApiQuery({ ...queries.sellerOrders(vendorId, status), placeholderData: keepPreviousData });
  const columns: Column<VendorOrder>[] = [
    { key: "number", header: "Order", render: (o) => <Link to={`/sell/orders/${o.id}`}>#{o.number}</Link>, sortValue: (o) => o.number },
    { key: "created_at", header: "Placed", render: (o) => formatDate(o.created_at), sortValue: (o) => o.created_at },
    { key: "buyer", header: "Buyer", render: (o) => <BuyerCell order={o} />, sortValue: (o) => o.buyer_name || o.buyer_email },
    { key: "status", header: "Status", render: (o) => <StatusBadge status={o.status} />, sortValue: (o) => o.status },
    { key: "items", header: "Items", align: "right", render: (o) => o.item_count, sortValue: (o) => o.item_count },
    { key: "total", header: "Total", align: "right", render: (o) => formatMoney(o.total, o.currency), sortValue: (o) => o.total },
  ];
  return (
    <>
      <PageHeader title="Orders" description="Fulfil, ship, and handle returns." />
      <div style={{ maxWidth: 240 }}>
        <Select label="Status" name="status" value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | "")} options={STATUS_OPTIONS} />
      </div>
      <Card bodyless>
        <QueryView query={q}>
          {(d) => <Table caption="Orders" rows={d.vendor_orders} columns={columns} rowKey={(o) => o.id} initialSort={{ key: "created_at", dir: "desc" }} empty={<EmptyState icon={<Icon name="receipt" />} title="No orders here yet" />} />}
        </QueryView>
      </Card>
    </>
  );
}

/** One shipment: the carrier's name and the tracking number, linked to the carrier's page. */
