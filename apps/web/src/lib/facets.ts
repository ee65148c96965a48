// The product filter state (facets, sort, query) lives in the URL so results are shareable
// and the back button works. These helpers convert between URLSearchParams and a plain object.

export type SortKey = "relevance" | "newest" | "price_asc" | "price_desc";

export interface Filters {
  q: string;
  category: string;
  /** vendor id (the API filters by one vendor) */
  vendor: string;
  priceMin: number | null; // minor units
  priceMax: number | null;
  /** attribute key → chosen values */
  attrs: Record<string, string[]>;
  inStock: boolean;
  sort: SortKey | "";
}

export const EMPTY_FILTERS: Filters = { q: "", category: "", vendor: "", priceMin: null, priceMax: null, attrs: {}, inStock: false, sort: "" };

const SORTS: SortKey[] = ["relevance", "newest", "price_asc", "price_desc"];

function int(v: string | null): number | null {
  if (v == null || v === "" || !/^\d+$/.test(v)) return null;
  return Number(v);
}

export function parseFilters(p: URLSearchParams): Filters {
  const attrs: Record<string, string[]> = {};
  for (const a of p.getAll("attr")) {
    const i = a.indexOf(":");
    if (i <= 0) continue;
    const k = a.slice(0, i), v = a.slice(i + 1);
    if (!v) continue;
    (attrs[k] ??= []).includes(v) || attrs[k]!.push(v);
  }
  const sort = p.get("sort") ?? "";
  return {
    q: p.get("q") ?? "",
    category: p.get("category") ?? "",
    vendor: p.get("vendor") ?? "",
    priceMin: int(p.get("price_min")),
    priceMax: int(p.get("price_max")),
    attrs,
    inStock: p.get("in_stock") === "true",
    sort: (SORTS as string[]).includes(sort) ? (sort as SortKey) : "",
  };
}

export function toSearchParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.category) p.set("category", f.category);
  if (f.vendor) p.set("vendor", f.vendor);
  if (f.priceMin != null) p.set("price_min", String(f.priceMin));
  if (f.priceMax != null) p.set("price_max", String(f.priceMax));
  for (const k of Object.keys(f.attrs).sort()) for (const v of f.attrs[k]!) p.append("attr", `${k}:${v}`);
  if (f.inStock) p.set("in_stock", "true");
  if (f.sort) p.set("sort", f.sort);
  return p;
}

/** Adds or removes one attribute value. */
export function toggleAttr(f: Filters, key: string, value: string): Filters {
  const cur = f.attrs[key] ?? [];
  const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
  const attrs = { ...f.attrs };
  if (next.length) attrs[key] = next;
  else delete attrs[key];
  return { ...f, attrs };
}

export function toggleVendor(f: Filters, id: string): Filters {
  return { ...f, vendor: f.vendor === id ? "" : id };
}

/** A price band value "lo..hi" (minor units; either side may be empty). */
export function parseBand(value: string): { min: number | null; max: number | null } {
  const [lo, hi] = value.split("..");
  return { min: int(lo ?? null), max: int(hi ?? null) };
}

export function applyBand(f: Filters, value: string): Filters {
  const b = parseBand(value);
  const same = f.priceMin === b.min && f.priceMax === b.max;
  return { ...f, priceMin: same ? null : b.min, priceMax: same ? null : b.max };
}

/** Number of active filters (not counting the query and sort). */
export function activeCount(f: Filters): number {
  return (f.category ? 1 : 0) + (f.vendor ? 1 : 0) + (f.priceMin != null || f.priceMax != null ? 1 : 0) + Object.values(f.attrs).reduce((n, v) => n + v.length, 0) + (f.inStock ? 1 : 0);
}

/** Query for GET /api/v1/search (or /products). */
export function apiQuery(f: Filters, cursor?: string | null, limit = 24) {
  const attr = Object.entries(f.attrs).flatMap(([k, vs]) => vs.map((v) => `${k}:${v}`));
  return {
    q: f.q || undefined,
    category: f.category || undefined,
    vendor: f.vendor || undefined,
    price_min: f.priceMin != null ? String(f.priceMin) : undefined,
    price_max: f.priceMax != null ? String(f.priceMax) : undefined,
    attr: attr.length ? attr : undefined,
    in_stock: f.inStock || undefined,
    sort: f.sort || undefined,
    cursor: cursor || undefined,
    limit,
  };
}
