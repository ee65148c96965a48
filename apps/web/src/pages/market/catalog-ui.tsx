import { Link } from "react-router";
import type { Category, ProductOption, ProductSummary, Variant } from "../../api/types";
import { formatMoney, formatPriceRange } from "../../lib/money";
import { valueState, type Selection } from "../../lib/variants";
import { Badge } from "../../ui";

/** Image links the API may attach to a product or summary (media renditions), else none. */
export function imageUrls(p: unknown, width: "160" | "480" | "1200" = "480"): string[] {
  const media = (p as { media?: { urls?: Record<string, string> | null }[] | null })?.media;
  if (!Array.isArray(media)) return [];
  return media.map((m) => m.urls?.[width] ?? m.urls?.original).filter((u): u is string => !!u);
}

/** A product image, or a tinted placeholder with the title's initial while there is no URL. */
export function ProductImage({ url, title, small, alt }: { url?: string | null; title: string; small?: boolean; alt?: string }) {
  const cls = `thumb${small ? " thumb-sm" : ""}`;
  if (url) return <img className={cls} src={url} alt={alt ?? title} loading="lazy" />;
  return (
    <div className={cls} role="img" aria-label={alt ?? title}>
      <span aria-hidden="true">{title.trim().charAt(0).toUpperCase() || "?"}</span>
    </div>
  );
}

export function ProductCard({ p, vendorName }: { p: ProductSummary; vendorName?: string }) {
  return (
    <Link to={`/p/${encodeURIComponent(p.slug)}`} className="product-card" data-testid="product-card">
      <ProductImage url={imageUrls(p)[0]} title={p.title} alt="" />
      <div className="product-card-body">
        <span className="product-card-title">{p.title}</span>
        {vendorName && <span className="small muted">{vendorName}</span>}
        <span className="price">{formatPriceRange(p.price_min, p.price_max, p.currency)}</span>
        {!p.in_stock && <Badge tone="warning">Sold out</Badge>}
      </div>
    </Link>
  );
}

export function ProductGrid({ items, vendorNames }: { items: readonly ProductSummary[]; vendorNames?: Record<string, string> }) {
  return (
    <div className="product-grid">
      {items.map((p) => (
        <ProductCard key={p.id} p={p} vendorName={vendorNames?.[p.vendor_id]} />
      ))}
    </div>
  );
}

export function Price({ amount, compareAt, currency }: { amount: number; compareAt?: number | null; currency: string }) {
  const onSale = compareAt != null && compareAt > amount;
  return (
    <span>
      <span className="price" data-testid="price">{formatMoney(amount, currency)}</span>
      {onSale && (
        <>
          <span className="sr-only">, was </span>
          <s className="price-compare">{formatMoney(compareAt, currency)}</s>
        </>
      )}
    </span>
  );
}

/**
 * Option pickers (one group of toggle buttons per option). A value no variant has is disabled;
 * a sold-out one is marked.
 */
export function VariantPicker({ options, variants, selection, onSelect }: {
  options: readonly ProductOption[];
  variants: readonly Variant[];
  selection: Selection;
  onSelect(option: string, value: string): void;
}) {
  return (
    <div className="stack-sm">
      {options.map((o) => (
        <fieldset key={o.name} style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="label" style={{ marginBottom: 6 }}>
            {o.name}: <span className="muted" style={{ fontWeight: 400 }}>{selection[o.name] ?? "choose"}</span>
          </legend>
          <div className="row" style={{ gap: 8 }}>
            {(o.values ?? []).map((v) => {
              const st = valueState(variants, options, selection, o.name, v);
              return (
                <button
                  key={v}
                  type="button"
                  className="chip"
                  aria-pressed={selection[o.name] === v}
                  disabled={st === "none"}
                  onClick={() => onSelect(o.name, v)}
                  title={st === "soldout" ? "Sold out" : undefined}
                >
                  {v}
                  {st === "soldout" && <span className="small"> (sold out)</span>}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

/** Flattens the category tree depth-first, with depth for indentation. */
export function flattenCategories(tree: readonly Category[] | null | undefined, depth = 0): { c: Category; depth: number }[] {
  const out: { c: Category; depth: number }[] = [];
  for (const c of tree ?? []) {
    out.push({ c, depth });
    out.push(...flattenCategories(c.children, depth + 1));
  }
  return out;
}

/** The storefront address of a vendor: {vendor}.{tenant}.{base}, same scheme and port. */
export function storefrontUrl(vendorSlug: string, tenantSlug: string, baseDomain: string, loc: { protocol: string; port: string } = window.location): string {
  return `${loc.protocol}//${vendorSlug}.${tenantSlug}.${baseDomain}${loc.port ? `:${loc.port}` : ""}`;
}
