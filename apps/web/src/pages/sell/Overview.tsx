import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useQuery } from "../../app/query";
import { useSite } from "../../app/site";
import { Alert, Card, PageHeader, Select } from "../../ui";
import { storefrontUrl } from "../market/catalog-ui";
import { RequireShop, useVendorCtx, VendorStatusBadge } from "./vendor";
import { useQuery as useApiQuery } from "@tanstack/react-query";
import { queries } from "../../api/queries";

export function SellOverview() {
  const { memberships, current, choose } = useVendorCtx();
  const { site } = useSite();
  if (!current) {
    return (
      <>
        <PageHeader title="Seller dashboard" description="Reach every buyer on this marketplace." />
        <RequireShop>{() => null}</RequireShop>
      </>
    );
  }
  const v = current.vendor;
  return (
    <>
      <PageHeader
        title={v.name}
        description={<>Shop status: <VendorStatusBadge status={v.status} /> · your role: {current.role}</>}
        actions={
          memberships.length > 1 ? (
            <Select label="Shop" name="shop" value={v.id} onChange={(e) => choose(e.target.value)} options={memberships.map((m) => ({ value: m.vendor.id, label: m.vendor.name }))} />
          ) : undefined
        }
      />
      {v.status === "approved" && site.tenant && (
        <Alert kind="success" title="Your shop is open">
          Storefront: <a href={storefrontUrl(v.slug, site.tenant.slug, site.base_domain)}>{`${v.slug}.${site.tenant.slug}.${site.base_domain}`}</a>
        </Alert>
      )}
      <RequireShop>{(m) => <OverviewStats vendorId={m.vendor.id} />}</RequireShop>
    </>
  );
}

function OverviewStats({ vendorId }: { vendorId: string }) {
  const orders = useApiQuery(queries.sellerOrders(vendorId));
  const products = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/products", { params: { path: { vendor_id: vendorId }, query: { limit: 100 } } })), [vendorId]);
  const low = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/inventory", { params: { path: { vendor_id: vendorId }, query: { low: true, limit: 100 } } })), [vendorId]);
  const list = orders.data?.vendor_orders ?? [];
  const open = list.filter((o) => ["pending_payment", "paid", "processing", "partially_shipped"].includes(o.status)).length;
  const stats = [
    { label: "Open orders", value: orders.data ? String(open) : "…", to: "/sell/orders" },
    { label: "Products", value: products.data ? `${(products.data.items ?? []).length}${products.data.next_cursor ? "+" : ""}` : "…", to: "/sell/products" },
    { label: "Low stock", value: low.data ? String((low.data.items ?? []).length) : "…", to: "/sell/inventory?low=true" },
  ];
  return (
    <div className="grid-3">
      {stats.map((s) => (
        <Card key={s.label}>
          <p className="small muted" style={{ margin: 0 }}>{s.label}</p>
          <p className="stat">{s.value}</p>
          <Link to={s.to} className="small">View</Link>
        </Card>
      ))}
    </div>
  );
}
