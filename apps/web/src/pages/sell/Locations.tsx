import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { components } from "../../api/schema";
import type { StockLocation } from "../../api/types";
import { QueryView, useQuery, type Query } from "../../app/query";
import { COUNTRY_OPTIONS, countryName } from "../../lib/countries";
import { formatDate } from "../../lib/format";
import { Badge, Button, Card, Checkbox, EmptyState, Form, Icon, Select, SubmitButton, Table, TextField, useToast, type Column } from "../../ui";

export type StockMovement = components["schemas"]["StockMovementView"];
type Locations = { items: StockLocation[] | null };

/** The shop's stock locations, shared by the locations card, the adjust form and the history. */
export function useLocations(vendorId: string): Query<Locations> {
  return useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/locations", { params: { path: { vendor_id: vendorId } } })), [vendorId]);
}

/** Client checks matching the API's (name required, ≤100; country ISO alpha-2 or empty). */
export function locationBody(v: Record<string, string>, creating: boolean): { name: string; country: string; is_default?: boolean } {
  const errors: Record<string, string> = {};
  const name = (v.name ?? "").trim();
  if (!name) errors.name = "Name the location, like Main warehouse.";
  else if (name.length > 100) errors.name = "Use at most 100 characters.";
  const country = v.country ?? "";
  if (country && !/^[A-Z]{2}$/.test(country)) errors.country = "Choose a country.";
  if (Object.keys(errors).length) throw validationError(errors);
  const body: { name: string; country: string; is_default?: boolean } = { name, country };
  // The API refuses is_default=false on an update (make another location the default instead).
  if (v.is_default === "true") body.is_default = true;
  else if (creating) body.is_default = false;
  return body;
}

function LocationForm({ vendorId, location, onDone }: { vendorId: string; location: StockLocation | null; onDone(saved: boolean): void }) {
  const toast = useToast();
  return (
    <Form
      aria-label={location ? `Edit ${location.name}` : "New stock location"}
      onSubmit={async (v) => {
        const body = locationBody(v, !location);
        if (location) {
          await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}/locations/{location_id}", { params: { path: { vendor_id: vendorId, location_id: location.id } }, body }));
        } else {
          await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/locations", { params: { path: { vendor_id: vendorId } }, body }));
        }
        toast.success(`${body.name} saved.`);
        onDone(true);
      }}
    >
      <div className="grid-3" style={{ alignItems: "end" }}>
        <TextField label="Location name" name="name" defaultValue={location?.name ?? ""} maxLength={100} />
        <Select label="Country" name="country" defaultValue={location?.country ?? ""} placeholder="Not set" options={COUNTRY_OPTIONS} optional />
        {!location?.is_default && <Checkbox label="Make it the default" name="is_default" />}
      </div>
      <div className="form-actions">
        <SubmitButton variant="secondary">{location ? "Save location" : "Add location"}</SubmitButton>
        <Button variant="ghost" onClick={() => onDone(false)}>Cancel</Button>
      </div>
    </Form>
  );
}

/** Lists, adds and edits the shop's stock locations (warehouses). */
export function StockLocations({ vendorId, query }: { vendorId: string; query: Query<Locations> }) {
  const [editing, setEditing] = useState<StockLocation | "new" | null>(null);
  const done = (saved: boolean) => {
    setEditing(null);
    if (saved) query.reload();
  };
  const columns: Column<StockLocation>[] = [
    { key: "name", header: "Location", sortValue: (l) => l.name, render: (l) => <>{l.name} {l.is_default && <Badge tone="brand">Default</Badge>}</> },
    { key: "country", header: "Country", render: (l) => (l.country ? countryName(l.country) : "—") },
    { key: "created_at", header: "Added", render: (l) => formatDate(l.created_at) },
    { key: "edit", header: <span className="sr-only">Actions</span>, align: "right", render: (l) => <Button size="sm" variant="ghost" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>Edit</Button> },
  ];
  return (
    <Card title="Stock locations" actions={editing === null && <Button size="sm" variant="secondary" onClick={() => setEditing("new")}>Add location</Button>} bodyless>
      {editing !== null && (
        <div className="card-body">
          <LocationForm key={editing === "new" ? "new" : editing.id} vendorId={vendorId} location={editing === "new" ? null : editing} onDone={done} />
        </div>
      )}
      <QueryView query={query} skeletonRows={2}>
        {(d) => (
          <Table
            caption="Stock locations"
            rows={d.items}
            columns={columns}
            rowKey={(l) => l.id}
            pageSize={0}
            empty={<EmptyState icon={<Icon name="store" />} title="No locations yet">Your first location is created with your first stock.</EmptyState>}
          />
        )}
      </QueryView>
    </Card>
  );
}

export function locationName(locations: readonly StockLocation[] | null | undefined, id: string): string {
  return (locations ?? []).find((l) => l.id === id)?.name ?? "—";
}

const REASONS: Record<string, string> = {
  restock: "Restock",
  correction: "Correction",
  damaged: "Damaged",
  lost: "Lost",
  returned: "Returned",
  initial: "Opening stock",
  reserved: "Reserved for checkout",
  released: "Reservation released",
  sold: "Sold",
};

/** "+5", "−2", or the reserved change when on hand did not move. */
export function movementChange(m: Pick<StockMovement, "on_hand_delta" | "reserved_delta">): string {
  const sign = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");
  if (m.on_hand_delta !== 0) return sign(m.on_hand_delta);
  if (m.reserved_delta !== 0) return `${sign(m.reserved_delta)} reserved`;
  return "0";
}

/** The stock history of the shop, or of one variant; newest first, with "Load more". */
export function MovementHistory({ vendorId, variantId, skus, locations, onClearVariant, refreshKey }: {
  vendorId: string;
  variantId: string | null;
  skus: Map<string, string>;
  locations: readonly StockLocation[] | null | undefined;
  onClearVariant(): void;
  refreshKey: number;
}) {
  const [pages, setPages] = useState<{ key: string; items: StockMovement[]; next: string | null }>({ key: "", items: [], next: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const toast = useToast();
  const key = `${vendorId}|${variantId ?? ""}|${refreshKey}`;
  const load = (cursor?: string) =>
    unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/inventory/movements", { params: { path: { vendor_id: vendorId }, query: { variant_id: variantId ?? undefined, cursor, limit: 10 } } }));
  const first = useQuery(async () => {
    const d = await load();
    setPages({ key, items: d.items ?? [], next: d.next_cursor });
    return d;
  }, [key]);
  const items = pages.key === key ? pages.items : [];

  const columns: Column<StockMovement>[] = [
    { key: "created_at", header: "When", render: (m) => formatDate(m.created_at, true) },
    { key: "sku", header: "SKU", render: (m) => <span className="mono">{skus.get(m.variant_id) ?? "—"}</span> },
    { key: "location", header: "Location", render: (m) => locationName(locations, m.location_id) },
    { key: "change", header: "Change", align: "right", render: (m) => movementChange(m) },
    { key: "after", header: "On hand after", align: "right", render: (m) => m.on_hand_after },
    { key: "reason", header: "Reason", render: (m) => <>{REASONS[m.reason] ?? m.reason}{m.note && <div className="small muted">{m.note}</div>}{m.reference && <div className="small muted mono">{m.reference}</div>}</> },
  ];
  return (
    <Card
      title={variantId ? `Stock history of ${skus.get(variantId) ?? "variant"}` : "Stock history"}
      actions={variantId && <Button size="sm" variant="ghost" onClick={onClearVariant}>Show all variants</Button>}
      bodyless
    >
      <QueryView query={first} skeletonRows={3}>
        {() => (
          <Table
            caption="Stock movements"
            rows={items}
            columns={columns}
            rowKey={(m) => m.id}
            pageSize={0}
            empty={<EmptyState icon={<Icon name="box" />} title="No stock changes yet" />}
            footer={
              pages.key === key && pages.next ? (
                <div className="card-footer">
                  <Button
                    size="sm"
                    variant="secondary"
                    loading={loadingMore}
                    onClick={async () => {
                      setLoadingMore(true);
                      try {
                        const d = await load(pages.next!);
                        setPages((p) => ({ key, items: [...p.items, ...(d.items ?? [])], next: d.next_cursor }));
                      } catch (e) {
                        toast.error(e instanceof ApiError ? e.summary : "Couldn't load more history.");
                      } finally {
                        setLoadingMore(false);
                      }
                    }}
                  >
                    Load more
                  </Button>
                </div>
              ) : undefined
            }
          />
        )}
      </QueryView>
    </Card>
  );
}
