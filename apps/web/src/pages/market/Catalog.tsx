import { useEffect, useMemo, useState, type CSSProperties } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Facets, Product, ProductSummary, Vendor } from "../../api/types";
import { hasRole, useAuth } from "../../app/auth";
import { useCart } from "../../app/cart";
import { QueryView } from "../../app/query";
import { siteName, useSite } from "../../app/site";
import { activeCount, apiQuery, applyBand, EMPTY_FILTERS, parseBand, parseFilters, toggleAttr, toggleVendor, toSearchParams, type Filters } from "../../lib/facets";
import { attributeDefinition, attributeRows, formatFacetValue } from "../../lib/attributes";
import { accentVars } from "../../lib/color";
import { formatMoney } from "../../lib/money";
import { findVariant, initialSelection, selectValue, type Selection } from "../../lib/variants";
import { Alert, Badge, Button, Card, Checkbox, EmptyState, Icon, LinkButton, PageHeader, Select, SkeletonRows, useTitle, useToast } from "../../ui";
import { NotFound } from "../errors";
import { flattenCategories, Price, ProductGrid, ProductImage, productImages, storefrontUrl, VariantPicker } from "./catalog-ui";
import { useQuery as useApiQuery } from "@tanstack/react-query";
import { queries } from "../../api/queries";

/** Public vendors of the marketplace, by id (names for cards, slugs for links). */
export function useVendors() {
  const q = useApiQuery(queries.vendors());
  return useMemo(() => {
    const byId: Record<string, Vendor> = {};
    for (const v of q.data?.items ?? []) byId[v.id] = v;
    return byId;
  }, [q.data]);
}

function namesOf(vendors: Record<string, Vendor>): Record<string, string> {
  return Object.fromEntries(Object.values(vendors).map((v) => [v.id, v.name]));
}

export function Home() {
  const { site } = useSite();
  if (site.kind === "storefront") return <StorefrontHome />;
  return <MarketplaceHome />;
}

function MarketplaceHome() {
  useTitle(null);
  const { site } = useSite();
  const { user } = useAuth();
  const name = siteName(site);
  const vendors = useVendors();
  const cats = useApiQuery(queries.categories());
  const newest = useApiQuery(queries.newestProducts());
  const featured = useApiQuery(queries.featuredCollections());
  const top = (cats.data?.items ?? []).slice(0, 8);
  return (
    <>
      <section className="hero" style={{ marginTop: -32 }}>
        <div className="container stack">
          <h1>Welcome to {name}</h1>
          <p className="lead">Discover products from independent sellers, all in one place with one secure checkout.</p>
          <div className="row">
            <LinkButton to="/search" size="lg">
              Browse all products
            </LinkButton>
            {!user && (
              <LinkButton to="/register" size="lg" variant="secondary">
                Create an account
              </LinkButton>
            )}
            <LinkButton to="/sell" size="lg" variant="ghost">
              {hasRole(user, "seller") ? "Your shop" : `Sell on ${name}`}
            </LinkButton>
          </div>
        </div>
      </section>
      <div className="container stack" style={{ paddingTop: 32 }}>
        {top.length > 0 && (
          <section aria-labelledby="cats-h">
            <h2 id="cats-h">Shop by category</h2>
            <div className="row">
              {top.map((c) => (
                <Link key={c.id} to={`/c/${encodeURIComponent(c.slug)}`} className="chip">
                  {c.name}
                </Link>
              ))}
            </div>
          </section>
        )}
        {(featured.data ?? []).map((col) =>
          (col.products ?? []).length > 0 ? (
            <section key={col.id} aria-labelledby={`col-${col.id}`}>
              <h2 id={`col-${col.id}`}>{col.title}</h2>
              {col.description && <p className="muted">{col.description}</p>}
              <ProductGrid items={(col.products ?? []).slice(0, 8)} vendorNames={namesOf(vendors)} />
            </section>
          ) : null,
        )}
        <section aria-labelledby="new-h">
          <div className="row-between">
            <h2 id="new-h">New arrivals</h2>
            <Link to="/search?sort=newest">See all</Link>
          </div>
          <QueryView query={newest}>
            {(d) =>
              (d.items ?? []).length === 0 ? (
                <Card>
                  <EmptyState icon={<Icon name="bag" />} title="The catalog is on its way">
                    Sellers are setting up their shops. Check back soon to browse products.
                  </EmptyState>
                </Card>
              ) : (
                <ProductGrid items={d.items ?? []} vendorNames={namesOf(vendors)} />
              )
            }
          </QueryView>
        </section>
      </div>
    </>
  );
}

function StorefrontHome() {
  const shop = useApiQuery(queries.storefront());
  return (
    <QueryView query={shop}>
      {(v) => <VendorView vendor={v} onStorefront />}
    </QueryView>
  );
}

/** /v/:slug on the marketplace host. */
export function VendorPage() {
  const { slug = "" } = useParams();
  const q = useApiQuery(queries.vendor(slug));
  if (q.error?.status === 404) return <NotFound />;
  return <QueryView query={q}>{(v) => <VendorView vendor={v} />}</QueryView>;
}

/** A shop's page: its banner, logo, name and accent colour (a CSS variable over the whole page). */
export function VendorView({ vendor, onStorefront }: { vendor: Vendor; onStorefront?: boolean }) {
  useTitle(vendor.name);
  const { site } = useSite();
  return (
    <div className="shop-page" style={accentVars(vendor.accent_color) as CSSProperties} data-testid="shop-page">
      <section className="hero shop-hero" style={{ marginTop: -32, paddingTop: vendor.banner_url ? 0 : undefined }} data-testid="shop-header">
        {vendor.banner_url && <img className="shop-banner" src={vendor.banner_url} alt="" data-testid="shop-banner" />}
        <div className="container stack-sm" style={vendor.banner_url ? { paddingTop: 24 } : undefined}>
          <span className="badge badge-brand" style={{ alignSelf: "flex-start" }}>{onStorefront ? `A shop on ${siteName(site)}` : "Seller"}</span>
          <div className="shop-identity">
            {vendor.logo_url && <img className="shop-logo" src={vendor.logo_url} alt={`${vendor.name} logo`} width={72} height={72} data-testid="shop-logo" />}
            <h1>{vendor.name}</h1>
          </div>
          {vendor.description && <p className="lead">{vendor.description}</p>}
          {!onStorefront && site.tenant && (
            <p className="small" style={{ overflowWrap: "anywhere" }}>
              Storefront: <a href={storefrontUrl(vendor.slug, site.tenant.slug, site.base_domain)}>{`${vendor.slug}.${site.tenant.slug}.${site.base_domain}`}</a>
            </p>
          )}
        </div>
      </section>
      <div className="container stack" style={{ paddingTop: 24 }}>
        <ProductBrowser fixedVendor={vendor.id} title={`Products from ${vendor.name}`} hideVendorFacet section />
        {(vendor.shipping_policy || vendor.returns_policy) && (
          <div className="grid-2">
            {vendor.shipping_policy && (
              <Card title="Shipping" headingLevel={3}>
                <p style={{ whiteSpace: "pre-line", margin: 0 }}>{vendor.shipping_policy}</p>
              </Card>
            )}
            {vendor.returns_policy && (
              <Card title="Returns" headingLevel={3}>
                <p style={{ whiteSpace: "pre-line", margin: 0 }}>{vendor.returns_policy}</p>
              </Card>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** /search and /c/:slug: results with facets, sort and cursor pagination. */
export function SearchPage() {
  const { slug } = useParams();
  const cats = useApiQuery(queries.categories());
  const cat = slug ? flattenCategories(cats.data?.items).find((x) => x.c.slug === slug || x.c.id === slug)?.c : undefined;
  return (
    <div className="container">
      <ProductBrowser category={slug} title={slug ? cat?.name ?? "Category" : undefined} description={cat?.description} />
    </div>
  );
}

function ProductBrowser({ category, fixedVendor, title, description, hideVendorFacet, section }: { category?: string; fixedVendor?: string; title?: string; description?: string; hideVendorFacet?: boolean; /** part of a page that has its own h1 */ section?: boolean }) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f = parseFilters(params);
    if (category) f.category = category;
    if (fixedVendor) f.vendor = fixedVendor;
    return f;
  }, [params, category, fixedVendor]);
  const key = toSearchParams(filters).toString();
  const vendors = useVendors();
  const cats = useApiQuery(queries.categories());
  const [pages, setPages] = useState<{ items: ProductSummary[]; next: string | null; facets?: Facets } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [showFilters, setShowFilters] = useState(false);

  useEffect(() => {
    let live = true;
    setError(null);
    unwrap(api.GET("/api/v1/search", { params: { query: apiQuery(filters) } })).then(
      (d) => live && setPages({ items: d.items ?? [], next: d.next_cursor, facets: d.facets }),
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: "Error" })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  function update(f: Filters) {
    const p = toSearchParams(f);
    if (category) p.delete("category");
    if (fixedVendor) p.delete("vendor");
    setParams(p);
  }

  async function more() {
    if (!pages?.next) return;
    setLoadingMore(true);
    try {
      const d = await unwrap(api.GET("/api/v1/search", { params: { query: apiQuery(filters, pages.next) } }));
      setPages({ items: [...pages.items, ...(d.items ?? [])], next: d.next_cursor, facets: pages.facets });
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setLoadingMore(false);
    }
  }

  const catNames = Object.fromEntries(flattenCategories(cats.data?.items).map(({ c }) => [c.id, c.name]));
  const heading = title ?? (filters.q ? `Results for “${filters.q}”` : "All products");
  const n = activeCount(filters) - (category ? 1 : 0) - (fixedVendor ? 1 : 0);

  const actionsNode = (<>
            <Button variant="secondary" size="sm" className="mobile-only" aria-expanded={showFilters} aria-controls="facets" onClick={() => setShowFilters((s) => !s)}>
              Filters{n > 0 ? ` (${n})` : ""}
            </Button>
            <div style={{ minWidth: 180 }}>
              <Select
                label="Sort by"
                name="sort"
                value={filters.sort}
                onChange={(e) => update({ ...filters, sort: e.target.value as Filters["sort"] })}
                options={[
                  { value: "", label: filters.q ? "Best match" : "Newest" },
                  ...(filters.q ? [{ value: "newest", label: "Newest" }] : []),
                  { value: "price_asc", label: "Price: low to high" },
                  { value: "price_desc", label: "Price: high to low" },
                ]}
              />
            </div>
          </>);
  const descriptionNode = description || (pages ? `${pages.items.length}${pages.next ? "+" : ""} ${pages.items.length === 1 ? "product" : "products"}` : undefined);
  return (
    <>
      {section ? (
        <div className="row-between" style={{ marginBottom: 16 }}>
          <h2 style={{ margin: 0 }}>{heading}</h2>
          <div className="row">{actionsNode}</div>
        </div>
      ) : (
        <PageHeader title={heading} description={descriptionNode} actions={actionsNode} />
      )}
      <div className="catalog">
        <aside id="facets" className={`facets${showFilters ? "" : " desktop-only"}`} aria-label="Filters">
          <FacetPanel facets={pages?.facets} filters={filters} onChange={update} catNames={catNames} vendorNames={namesOf(vendors)} hideCategory={!!category} hideVendor={hideVendorFacet || !!fixedVendor} currency={pages?.items[0]?.currency} />
        </aside>
        <div className="stack" aria-live="polite" aria-busy={!pages && !error}>
          {error && <Alert kind="error" title="Couldn't load products">{error.summary}</Alert>}
          {!pages && !error && <SkeletonRows rows={6} />}
          {pages && pages.items.length === 0 && (
            <Card>
              <EmptyState icon={<Icon name="search" />} title="No products match" action={n > 0 ? <Button variant="secondary" onClick={() => update({ ...EMPTY_FILTERS, q: filters.q })}>Clear filters</Button> : undefined}>
                Try a different spelling, fewer words or fewer filters.
              </EmptyState>
            </Card>
          )}
          {pages && pages.items.length > 0 && <ProductGrid items={pages.items} vendorNames={namesOf(vendors)} />}
          {pages?.next && (
            <div className="row" style={{ justifyContent: "center" }}>
              <Button variant="secondary" loading={loadingMore} onClick={() => void more()}>
                Show more
              </Button>
            </div>
          )}
        </div>
      </div>
    </>
  );
}

export function FacetPanel({ facets, filters, onChange, catNames, vendorNames, hideCategory, hideVendor, currency = "USD" }: {
  facets?: Facets;
  filters: Filters;
  onChange(f: Filters): void;
  catNames: Record<string, string>;
  vendorNames: Record<string, string>;
  hideCategory?: boolean;
  hideVendor?: boolean;
  /** currency of the listed products, for price band labels */
  currency?: string;
}) {
  const bandLabel = (value: string) => {
    const b = parseBand(value);
    if (b.min != null && b.max != null) return `${formatMoney(b.min, currency)} – ${formatMoney(b.max, currency)}`;
    if (b.min != null) return `${formatMoney(b.min, currency)} and up`;
    if (b.max != null) return `Up to ${formatMoney(b.max, currency)}`;
    return value;
  };
  const n = activeCount({ ...filters, vendor: hideVendor ? "" : filters.vendor, category: hideCategory ? "" : filters.category });
  return (
    <div>
      <div className="row-between" style={{ marginBottom: 12 }}>
        <h2 style={{ margin: 0, fontSize: "1rem" }}>Filters</h2>
        {n > 0 && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({ ...EMPTY_FILTERS, q: filters.q, sort: filters.sort, category: hideCategory ? filters.category : "" })}>
            Clear all
          </button>
        )}
      </div>
      <fieldset>
        <legend>Availability</legend>
        <Checkbox label="In stock only" name="in_stock" checked={filters.inStock} onChange={(e) => onChange({ ...filters, inStock: e.target.checked })} />
      </fieldset>
      {!hideCategory && (facets?.categories ?? []).length > 0 && (
        <fieldset>
          <legend>Category</legend>
          {(facets?.categories ?? []).map((f) => (
            <Checkbox
              key={f.value}
              name="category"
              checked={filters.category === f.value}
              onChange={() => onChange({ ...filters, category: filters.category === f.value ? "" : f.value })}
              label={<><span>{f.label || catNames[f.value] || "Other"}</span><span className="count">{f.count}</span></>}
            />
          ))}
        </fieldset>
      )}
      {!hideVendor && (facets?.vendors ?? []).length > 0 && (
        <fieldset>
          <legend>Seller</legend>
          {(facets?.vendors ?? []).map((f) => (
            <Checkbox
              key={f.value}
              name="vendor"
              checked={filters.vendor === f.value}
              onChange={() => onChange(toggleVendor(filters, f.value))}
              label={<><span>{f.label || vendorNames[f.value] || "Seller"}</span><span className="count">{f.count}</span></>}
            />
          ))}
        </fieldset>
      )}
      {(facets?.price_bands ?? []).length > 0 && (
        <fieldset>
          <legend>Price</legend>
          {(facets?.price_bands ?? []).map((f) => {
            const b = parseBand(f.value);
            return (
              <Checkbox
                key={f.value}
                name="price"
                checked={filters.priceMin === b.min && filters.priceMax === b.max}
                onChange={() => onChange(applyBand(filters, f.value))}
                label={<><span>{f.label || bandLabel(f.value)}</span><span className="count">{f.count}</span></>}
              />
            );
          })}
        </fieldset>
      )}
      {Object.entries(facets?.attributes ?? {}).map(([k, values]) =>
        (values ?? []).length > 0 ? (
          <fieldset key={k}>
            <legend>{attributeDefinition(k).label}</legend>
            {(values ?? []).map((f) => (
              <Checkbox
                key={f.value}
                name={`attr-${k}`}
                checked={(filters.attrs[k] ?? []).includes(f.value)}
                onChange={() => onChange(toggleAttr(filters, k, f.value))}
                label={<><span>{f.label || formatFacetValue(k, f.value)}</span><span className="count">{f.count}</span></>}
              />
            ))}
          </fieldset>
        ) : null,
      )}
    </div>
  );
}

/** /p/:ref */
export function ProductPage() {
  const { ref = "" } = useParams();
  const q = useApiQuery(queries.product(ref));
  if (q.error?.status === 404) return <NotFound />;
  return (
    <div className="container">
      <QueryView query={q} skeletonRows={8}>
        {(p) => <ProductDetail product={p} />}
      </QueryView>
    </div>
  );
}

export function ProductDetail({ product: p }: { product: Product }) {
  useTitle(p.title);
  const { site } = useSite();
  const vendors = useVendors();
  const cart = useCart();
  const toast = useToast();
  const navigate = useNavigate();
  const variants = p.variants ?? [];
  const options = p.options ?? [];
  const [sel, setSel] = useState<Selection>(() => initialSelection(variants, options));
  const [qty, setQty] = useState(1);
  const [adding, setAdding] = useState(false);
  const [image, setImage] = useState(0);
  const variant = findVariant(variants, options, sel);
  const vendor = vendors[p.vendor_id];
  // The chosen variant's own images lead, then the product's, each once.
  const gallery = useMemo(() => {
    const seen = new Set<string>();
    return [...productImages(variant, "1200"), ...productImages(p, "1200")].filter((im) => !seen.has(im.id) && !!seen.add(im.id));
  }, [p, variant]);
  const shown = gallery[Math.min(image, gallery.length - 1)];
  const max = Math.max(1, Math.min(999, variant?.available ?? 1));
  const attrs = attributeRows(p.attributes);

  async function add() {
    if (!variant) return;
    setAdding(true);
    try {
      await cart.add(variant.id, qty);
      toast.success(`Added ${p.title} to your cart.`);
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't add to cart.");
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="product-layout">
      <div>
        <div className="gallery-main">
          <ProductImage image={shown} title={p.title} sizes="(min-width: 900px) 50vw, 100vw" eager />
        </div>
        {gallery.length > 1 && (
          <div className="gallery-thumbs" role="group" aria-label="Images">
            {gallery.map((im, i) => (
              <button key={im.id} type="button" aria-current={im === shown} aria-label={`Image ${i + 1}${im.alt ? `: ${im.alt}` : ""}`} onClick={() => setImage(i)}>
                <ProductImage image={{ ...im, alt: "" }} title={p.title} small alt="" sizes="56px" />
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="stack">
        <div>
          <h1 style={{ marginBottom: 4 }}>{p.title}</h1>
          {vendor && (
            <p className="small muted" style={{ margin: 0 }}>
              <span className="vendor-heading" data-testid="sold-by">
                {vendor.logo_url && <img className="vendor-logo" src={vendor.logo_url} alt="" width={24} height={24} data-testid="sold-by-logo" />}
                <span>
                  Sold by{" "}
                  {site.kind === "storefront" ? <strong>{vendor.name}</strong> : <Link to={`/v/${encodeURIComponent(vendor.slug)}`}>{vendor.name}</Link>}
                </span>
              </span>
            </p>
          )}
        </div>
        <div style={{ fontSize: "1.4rem" }} aria-live="polite">
          {variant ? <Price amount={variant.price} compareAt={variant.compare_at_price} currency={variant.currency || p.currency} /> : <span className="price">{formatMoney(p.price_min, p.currency)}</span>}
        </div>
        {options.length > 0 && <VariantPicker options={options} variants={variants} selection={sel} onSelect={(o, v) => { setSel((s) => selectValue(variants, options, s, o, v)); setImage(0); }} />}
        <div aria-live="polite" data-testid="stock">
          {!variant ? (
            <Badge tone="neutral">Choose {options.filter((o) => !sel[o.name]).map((o) => o.name.toLowerCase()).join(" and ") || "an option"}</Badge>
          ) : variant.in_stock ? (
            variant.available <= 5 ? <Badge tone="warning">Only {variant.available} left</Badge> : <Badge tone="success">In stock</Badge>
          ) : (
            <Badge tone="danger">Out of stock</Badge>
          )}
        </div>
        <div className="row" style={{ alignItems: "flex-end" }}>
          <div className="field">
            <label htmlFor="qty">Quantity</label>
            <input id="qty" className="input qty" type="number" min={1} max={max} value={qty} onChange={(e) => setQty(Math.max(1, Math.min(max, Math.trunc(Number(e.target.value) || 1))))} />
          </div>
          <Button size="lg" onClick={() => void add()} loading={adding} disabled={!variant || !variant.in_stock}>
            Add to cart
          </Button>
          {cart.count > 0 && (
            <Button size="lg" variant="secondary" onClick={() => navigate("/cart")}>
              View cart ({cart.count})
            </Button>
          )}
        </div>
        {variant?.sku && <p className="small muted" style={{ margin: 0 }}>SKU {variant.sku}</p>}
        {p.description_html && (
          // The server sanitises description_html (scripts, handlers and unsafe URLs removed).
          <div className="prose" dangerouslySetInnerHTML={{ __html: p.description_html }} />
        )}
        {attrs.length > 0 && (
          <dl className="dl" data-testid="attributes">
            {attrs.map((a) => (
              <div key={a.key} style={{ display: "contents" }}>
                <dt>{a.label}</dt>
                <dd>{a.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}
