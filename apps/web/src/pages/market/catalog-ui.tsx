import { Link } from "react-router";
import type { Category, ProductOption, ProductSummary, Variant } from "../../api/types";
import { formatMoney, formatPriceRange } from "../../lib/money";
import { valueState, type Selection } from "../../lib/variants";
import { Badge } from "../../ui";

type MediaLike = { id?: string; alt?: string | null; width?: number; height?: number; urls?: Record<string, string> | null };

/** Rendition widths the media module makes, smallest first. */
const WIDTHS = [160, 480, 1200] as const;

/** An image ready for an <img>: src, a srcset over the renditions, alt text and intrinsic size. */
export interface ShownImage {
  id: string;
  src: string;
  srcSet?: string;
  alt: string;
  width?: number;
  height?: number;
}

function mediaOf(p: unknown): MediaLike[] {
  const media = (p as { media?: MediaLike[] | null } | null | undefined)?.media;
  return Array.isArray(media) ? media : [];
}

/** Image links the API may attach to a product or summary (media renditions), else none. */
export function imageUrls(p: unknown, width: "160" | "480" | "1200" = "480"): string[] {
  return mediaOf(p).map((m) => m.urls?.[width] ?? m.urls?.original).filter((u): u is string => !!u);
}

/**
 * The images of a product, variant or summary (its `media`), in order: src at width (else the
 * original), a srcset of the 160/480/1200 renditions (capped at the original's width: images are
 * never upscaled), and the seller's alt text.
 */
export function productImages(p: unknown, width: "160" | "480" | "1200" = "480"): ShownImage[] {
  const out: ShownImage[] = [];
  for (const [i, m] of mediaOf(p).entries()) {
    const urls = m.urls ?? {};
    const src = urls[width] ?? urls.original;
    if (!src) continue;
    const seen = new Set<number>();
    const set: string[] = [];
    for (const w of WIDTHS) {
      const u = urls[String(w)];
      const real = m.width ? Math.min(w, m.width) : w;
      if (!u || seen.has(real)) continue;
      seen.add(real);
      set.push(`${u} ${real}w`);
    }
    out.push({
      id: m.id ?? `${i}:${src}`,
      src,
      srcSet: set.length ? set.join(", ") : undefined,
      alt: m.alt ?? "",
      width: m.width || undefined,
      height: m.height || undefined,
    });
  }
  return out;
}

/**
 * A product image, or a tinted placeholder with the title's initial while there is none. The
 * box is square (CSS aspect-ratio), so nothing shifts while the image loads; width and height
 * give the browser the intrinsic ratio as well. alt: the seller's text, else altFallback.
 */
export function ProductImage({ image, url, title, small, alt, sizes, eager }: {
  image?: ShownImage | null;
  /** A plain link, for callers without media (kept for compatibility). */
  url?: string | null;
  title: string;
  small?: boolean;
  /** Alt text when the image has none ("" for an image beside its title). */
  alt?: string;
  sizes?: string;
  /** Load at once (the product page's main image); lists load lazily. */
  eager?: boolean;
}) {
  const cls = `thumb${small ? " thumb-sm" : ""}`;
  const src = image?.src ?? url;
  if (src) {
    return (
      <img
        className={cls}
        src={src}
        srcSet={image?.srcSet}
        sizes={image?.srcSet ? (sizes ?? (small ? "56px" : "(min-width: 1024px) 25vw, (min-width: 640px) 33vw, 50vw")) : undefined}
        alt={image?.alt || (alt ?? title)}
        width={image?.width}
        height={image?.height}
        loading={eager ? "eager" : "lazy"}
        decoding="async"
      />
    );
  }
  return (
    <div className={cls} role="img" aria-label={alt ?? title}>
      <span aria-hidden="true">{title.trim().charAt(0).toUpperCase() || "?"}</span>
    </div>
  );
}

export function ProductCard({ p, vendorName }: { p: ProductSummary; vendorName?: string }) {
  return (
    <Link to={`/p/${encodeURIComponent(p.slug)}`} className="product-card" data-testid="product-card">
      <ProductImage image={productImages(p)[0]} title={p.title} alt="" />
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
