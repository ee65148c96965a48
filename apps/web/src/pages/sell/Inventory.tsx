import { useState } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { StockItem, StockLocation } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { Button, Card, Checkbox, EmptyState, Icon, PageHeader, Table, useToast, type Column } from "../../ui";
import { locationName, MovementHistory, StockLocations, useLocations } from "./Locations";
import { RequireShop } from "./vendor";

export function InventoryPage() {
  return <RequireShop>{(m) => <Inventory vendorId={m.vendor.id} />}</RequireShop>;
}

function Inventory({ vendorId }: { vendorId: string }) {
  const [params, setParams] = useSearchParams();
  const low = params.get("low") === "true";
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/inventory", { params: { path: { vendor_id: vendorId }, query: { low: low || undefined, limit: 100 } } })), [vendorId, low]);
  const locations = useLocations(vendorId);
  const locs = locations.data?.items ?? [];
  const skus = new Map((q.data?.items ?? []).map((s) => [s.variant_id, s.sku]));
  const saved = () => {
    q.reload();
    setChanges((n) => n + 1);
  };
  const showHistory = (variantId: string) => {
    setHistoryOf(variantId);
    // The history sits under a long table: bring it into view.
    document.getElementById("stock-history")?.scrollIntoView?.({ behavior: "smooth", block: "start" });
  };
  const columns: Column<StockItem>[] = [
    {
      key: "sku",
      header: "SKU",
      sortValue: (s) => s.sku,
      render: (s) => (
        <>
          <span className="mono">{s.sku}</span>
          <div>
            <button type="button" className="small" onClick={() => showHistory(s.variant_id)} aria-label={`History of ${s.sku}`} style={{ background: "none", border: 0, padding: 0, color: "var(--brand-ink)", cursor: "pointer", textDecoration: "underline" }}>
              History
            </button>
          </div>
        </>
      ),
    },
    { key: "available", header: "Available", sortValue: (s) => s.available, align: "right", render: (s) => <span style={{ color: s.available <= s.low_stock_threshold ? "var(--danger)" : undefined, fontWeight: 600 }}>{s.available}</span> },
    { key: "reserved", header: "Reserved", align: "right", render: (s) => (s.levels ?? []).reduce((n, l) => n + l.reserved, 0) },
    // With one warehouse the per-location split says nothing the totals don't.
    ...(locs.length > 1
      ? [
          {
            key: "levels",
            header: "On hand by location",
            render: (s: StockItem) => (
              <span className="small">
                {(s.levels ?? []).length === 0 ? "—" : (s.levels ?? []).map((l) => `${locationName(locs, l.location_id)}: ${l.on_hand}`).join(" · ")}
              </span>
            ),
          },
        ]
      : []),
    { key: "threshold", header: "Low-stock alert at", render: (s) => <ThresholdEditor vendorId={vendorId} item={s} onSaved={q.reload} /> },
    { key: "adjust", header: "Adjust", render: (s) => <AdjustStock vendorId={vendorId} item={s} locations={locs} onSaved={saved} /> },
  ];
  return (
    <>
      <PageHeader title="Inventory" description="Stock per variant and location. Every change is recorded with a reason." />
      <Checkbox label="Only low stock" name="low" checked={low} onChange={(e) => setParams(e.target.checked ? { low: "true" } : {})} />
      <Card bodyless>
        <QueryView query={q}>
          {(d) => <Table caption="Stock" rows={d.items} columns={columns} rowKey={(s) => s.variant_id} pageSize={25} empty={<EmptyState icon={<Icon name="box" />} title={low ? "Nothing is low on stock" : "No variants yet"} />} />}
        </QueryView>
      </Card>
      <div id="stock-history" />
      <MovementHistory vendorId={vendorId} variantId={historyOf} skus={skus} locations={locs} onClearVariant={() => setHistoryOf(null)} refreshKey={changes} />
      <StockLocations vendorId={vendorId} query={locations} />
    </>
  );
}

function ThresholdEditor({ vendorId, item, onSaved }: { vendorId: string; item: StockItem; onSaved(): void }) {
  const [v, setV] = useState(String(item.low_stock_threshold));
  const toast = useToast();
  return (
    <input
      className="input qty"
      type="number"
      min={0}
      aria-label={`Low-stock threshold for ${item.sku}`}
      value={v}
      onChange={(e) => setV(e.target.value)}
      onBlur={async () => {
        const n = Math.trunc(Number(v));
        if (!Number.isFinite(n) || n < 0 || n === item.low_stock_threshold) return;
        try {
          await unwrap(api.PUT("/api/v1/seller/vendors/{vendor_id}/inventory/{variant_id}/threshold", { params: { path: { vendor_id: vendorId, variant_id: item.variant_id } }, body: { low_stock_threshold: n } }));
          toast.success(`Alert for ${item.sku} at ${n}.`);
          onSaved();
        } catch (e) {
          toast.error(e instanceof ApiError ? e.summary : "Couldn't save.");
        }
      }}
    />
  );
}

function AdjustStock({ vendorId, item, locations, onSaved }: { vendorId: string; item: StockItem; locations: readonly StockLocation[]; onSaved(): void }) {
  const [delta, setDelta] = useState("");
  // "" is the shop's default location (the API's default when location_id is left out).
  const [location, setLocation] = useState("");
  const [reason, setReason] = useState<"restock" | "correction" | "damaged" | "lost" | "returned">("restock");
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  return (
    <form
      className="row"
      style={{ flexWrap: locations.length > 1 ? "wrap" : "nowrap", gap: 6, maxWidth: 420 }}
      onSubmit={async (e) => {
        e.preventDefault();
        const n = Math.trunc(Number(delta));
        if (!n) return;
        setBusy(true);
        try {
          await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/inventory/adjustments", { params: { path: { vendor_id: vendorId } }, body: { variant_id: item.variant_id, delta: n, reason, location_id: location || undefined } }));
          toast.success(`${item.sku}: ${n > 0 ? "+" : ""}${n}${location ? ` at ${locationName(locations, location)}` : ""}`);
          setDelta("");
          onSaved();
        } catch (err) {
          toast.error(err instanceof ApiError ? err.summary : "Couldn't adjust stock.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <input className="input qty" type="number" placeholder="±" aria-label={`Change stock of ${item.sku} by`} value={delta} onChange={(e) => setDelta(e.target.value)} />
      {locations.length > 1 && (
        <select className="select" aria-label={`Location for ${item.sku}`} value={location} onChange={(e) => setLocation(e.target.value)} style={{ width: 140 }}>
          {locations.map((l) => (
            <option key={l.id} value={l.is_default ? "" : l.id}>
              {l.name}
            </option>
          ))}
        </select>
      )}
      <select className="select" aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value as typeof reason)} style={{ width: 130 }}>
        <option value="restock">Restock</option>
        <option value="correction">Correction</option>
        <option value="damaged">Damaged</option>
        <option value="lost">Lost</option>
        <option value="returned">Returned</option>
      </select>
      <Button type="submit" size="sm" variant="secondary" loading={busy} disabled={!delta}>Apply</Button>
    </form>
  );
}
