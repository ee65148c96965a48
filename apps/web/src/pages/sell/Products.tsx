import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import { mediaApi, mediaUrl, type MediaView } from "../../api/media";
import type { Product, ProductOption } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { slugify } from "../../lib/format";
import { formatPriceRange, minorToInput, parseMoney } from "../../lib/money";
import { combinations, type Selection } from "../../lib/variants";
import { Alert, Badge, Button, Card, EmptyState, Form, Icon, LinkButton, PageHeader, Select, SubmitButton, Table, TextArea, TextField, useToast, type Column } from "../../ui";
import { flattenCategories } from "../market/catalog-ui";
import { ImageUploader } from "./ImageUploader";
import { RequireShop, useVendorCtx } from "./vendor";

export function ProductsPage() {
  return <RequireShop>{(m) => <ProductList vendorId={m.vendor.id} />}</RequireShop>;
}

function ProductList({ vendorId }: { vendorId: string }) {
  const [status, setStatus] = useState<"" | "draft" | "active" | "archived">("");
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/products", { params: { path: { vendor_id: vendorId }, query: { status, cursor, limit: 50 } } })), [vendorId, status, cursor]);
  const columns: Column<Product>[] = [
    { key: "title", header: "Product", render: (p) => <Link to={`/sell/products/${p.id}`}>{p.title}</Link>, sortValue: (p) => p.title },
    { key: "status", header: "Status", render: (p) => <Badge tone={p.status === "active" ? "success" : p.status === "draft" ? "neutral" : "warning"}>{p.status}</Badge>, sortValue: (p) => p.status },
    { key: "variants", header: "Variants", render: (p) => (p.variants ?? []).length, align: "right" },
    { key: "stock", header: "In stock", render: (p) => (p.variants ?? []).reduce((n, v) => n + v.available, 0), sortValue: (p) => (p.variants ?? []).reduce((n, v) => n + v.available, 0), align: "right" },
    { key: "price", header: "Price", render: (p) => formatPriceRange(p.price_min, p.price_max, p.currency), sortValue: (p) => p.price_min ?? 0, align: "right" },
  ];
  return (
    <>
      <PageHeader title="Products" actions={<LinkButton to="/sell/products/new">New product</LinkButton>} />
      <div style={{ maxWidth: 220 }}>
        <Select label="Status" name="status" value={status} onChange={(e) => { setCursor(undefined); setStatus(e.target.value as typeof status); }} options={[{ value: "", label: "All" }, { value: "active", label: "Active" }, { value: "draft", label: "Draft" }, { value: "archived", label: "Archived" }]} />
      </div>
      <Card bodyless>
        <QueryView query={q}>
          {(d) => (
            <Table
              caption="Products"
              rows={d.items}
              columns={columns}
              rowKey={(p) => p.id}
              pageSize={0}
              empty={<EmptyState icon={<Icon name="box" />} title="No products yet" action={<LinkButton to="/sell/products/new">Add your first product</LinkButton>} />}
              footer={d.next_cursor ? <div className="pagination"><span /><Button variant="secondary" size="sm" onClick={() => setCursor(d.next_cursor ?? undefined)}>Next page</Button></div> : undefined}
            />
          )}
        </QueryView>
      </Card>
    </>
  );
}

export function ProductEditPage() {
  const { id } = useParams();
  return <RequireShop>{(m) => (id && id !== "new" ? <LoadProduct vendorId={m.vendor.id} id={id} /> : <ProductEditor vendorId={m.vendor.id} />)}</RequireShop>;
}

function LoadProduct({ vendorId, id }: { vendorId: string; id: string }) {
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/products/{product_id}", { params: { path: { vendor_id: vendorId, product_id: id } } })), [vendorId, id]);
  return <QueryView query={q}>{(p) => <ProductEditor key={p.updated_at} vendorId={vendorId} product={p} onSaved={q.setData} />}</QueryView>;
}

export interface VariantRow {
  key: string;
  id?: string;
  option_values: Selection;
  title: string;
  sku: string;
  price: string;
  compare_at: string;
  weight: string;
  stock: string;
}

interface OptionRow { name: string; values: string }
interface AttrRow { key: string; value: string }

let rowSeq = 0;
const rowKey = () => `r${++rowSeq}`;

function titleOf(sel: Selection, options: ProductOption[]): string {
  return options.map((o) => sel[o.name]).filter(Boolean).join(" / ");
}

/** Typed attribute value from text: true/false → boolean, numbers → number, else string. */
export function typedValue(s: string): string | number | boolean {
  const t = s.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function toOptions(rows: OptionRow[]): ProductOption[] {
  return rows
    .map((r) => ({ name: r.name.trim(), values: r.values.split(",").map((v) => v.trim()).filter(Boolean) }))
    .filter((o) => o.name && o.values.length);
}

function ProductEditor({ vendorId, product: p, onSaved }: { vendorId: string; product?: Product; onSaved?(p: Product): void }) {
  const toast = useToast();
  const navigate = useNavigate();
  const cats = useQuery(() => unwrap(api.GET("/api/v1/categories")), []);
  const currency = p?.currency || "USD";
  const [title, setTitle] = useState(p?.title ?? "");
  const [slug, setSlug] = useState(p?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(!!p);
  const [options, setOptions] = useState<OptionRow[]>((p?.options ?? []).map((o) => ({ name: o.name, values: (o.values ?? []).join(", ") })));
  const [attrs, setAttrs] = useState<AttrRow[]>(Object.entries(p?.attributes ?? {}).map(([key, v]) => ({ key, value: String(v) })));
  const [rows, setRows] = useState<VariantRow[]>(() =>
    p && (p.variants ?? []).length
      ? (p.variants ?? []).map((v) => ({ key: rowKey(), id: v.id, option_values: (v.option_values ?? {}) as Selection, title: v.title, sku: v.sku, price: minorToInput(v.price, currency), compare_at: minorToInput(v.compare_at_price, currency), weight: v.weight_grams ? String(v.weight_grams) : "", stock: String(v.available) }))
      : [{ key: rowKey(), option_values: {}, title: "", sku: "", price: "", compare_at: "", weight: "", stock: "0" }],
  );

  function generate() {
    const opts = toOptions(options);
    const combos = combinations(opts);
    setRows((old) =>
      combos.map((sel) => {
        const same = old.find((r) => opts.every((o) => r.option_values[o.name] === sel[o.name]));
        return same ? { ...same, option_values: sel, title: titleOf(sel, opts) } : { key: rowKey(), option_values: sel, title: titleOf(sel, opts), sku: "", price: old[0]?.price ?? "", compare_at: "", weight: old[0]?.weight ?? "", stock: "0" };
      }),
    );
  }

  const setRow = (key: string, patch: Partial<VariantRow>) => setRows((l) => l.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function save(v: Record<string, string>) {
    const errors: Record<string, string> = {};
    if (!title.trim()) errors.title = "Give the product a title.";
    const variants = rows.map((r, i) => {
      const price = parseMoney(r.price, currency);
      const compare = r.compare_at.trim() ? parseMoney(r.compare_at, currency) : null;
      if (price == null) errors[`price-${r.key}`] = "Enter a price like 12.50.";
      if (r.compare_at.trim() && compare == null) errors[`compare-${r.key}`] = "Enter an amount like 15.00.";
      if (!r.sku.trim()) errors[`sku-${r.key}`] = "Enter a SKU.";
      const weight = r.weight.trim() ? Math.trunc(Number(r.weight)) : undefined;
      const stock = r.stock.trim() ? Math.trunc(Number(r.stock)) : 0;
      return { row: r, i, body: { sku: r.sku.trim(), title: r.title || undefined, price: price ?? 0, compare_at_price: compare ?? undefined, weight_grams: weight && weight > 0 ? weight : undefined, option_values: r.option_values } , stock };
    });
    if (Object.keys(errors).length) throw validationError(errors);
    const attributes = Object.fromEntries(attrs.filter((a) => a.key.trim()).map((a) => [a.key.trim(), typedValue(a.value)]));
    const base = {
      title: title.trim(),
      slug: slug || undefined,
      description_html: v.description_html ?? "",
      status: (v.status || "draft") as "draft" | "active" | "archived",
      category_id: v.category_id || undefined,
      tags: (v.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean),
      seo_title: v.seo_title || undefined,
      seo_description: v.seo_description || undefined,
      options: toOptions(options),
      attributes,
    };
    if (!p) {
      const created = await unwrap(
        api.POST("/api/v1/seller/vendors/{vendor_id}/products", {
          params: { path: { vendor_id: vendorId } },
          body: { ...base, variants: variants.map((x) => ({ ...x.body, stock: x.stock > 0 ? x.stock : undefined })) },
        }),
      );
      toast.success("Product created. Now add some images.");
      navigate(`/sell/products/${created.id}`, { replace: true });
      return;
    }
    const path = { vendor_id: vendorId, product_id: p.id };
    let latest = await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}/products/{product_id}", { params: { path }, body: base }));
    const keep = new Set(rows.map((r) => r.id).filter(Boolean));
    for (const old of p.variants ?? []) {
      if (!keep.has(old.id)) latest = await unwrap(api.DELETE("/api/v1/seller/vendors/{vendor_id}/products/{product_id}/variants/{variant_id}", { params: { path: { ...path, variant_id: old.id } } }));
    }
    for (const x of variants) {
      if (x.row.id) {
        latest = await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}/products/{product_id}/variants/{variant_id}", { params: { path: { ...path, variant_id: x.row.id } }, body: { ...x.body, position: x.i } }));
      } else {
        latest = await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/products/{product_id}/variants", { params: { path }, body: { ...x.body, stock: x.stock > 0 ? x.stock : undefined } }));
      }
    }
    toast.success("Product saved.");
    onSaved?.(latest);
  }

  const catOptions = flattenCategories(cats.data?.items).map(({ c, depth }) => ({ value: c.id, label: `${"— ".repeat(depth)}${c.name}` }));

  return (
    <>
      <PageHeader title={p ? p.title : "New product"} description={p ? <Link to={`/p/${p.slug}`}>View in the store</Link> : "Describe it, set prices and stock. Images come next."} />
      {p?.moderation_note && <Alert kind="warning" title="Unpublished by the marketplace">{p.moderation_note}</Alert>}
      <Form aria-label="Product" onSubmit={save}>
        <div className="stack">
          <Card title="Details">
            <div className="stack">
              <TextField label="Title" name="title" value={title} maxLength={200} required onChange={(e) => { setTitle(e.target.value); if (!slugTouched) setSlug(slugify(e.target.value)); }} />
              <TextField label="URL slug" name="slug" value={slug} onChange={(e) => { setSlugTouched(true); setSlug(e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, "")); }} hint={`/p/${slug || "…"}`} optional />
              <TextArea label="Description" name="description_html" defaultValue={p?.description_html} hint="Basic HTML is allowed (paragraphs, lists, bold, links)." optional />
              <div className="grid-3">
                <Select label="Status" name="status" defaultValue={p?.status ?? "draft"} options={[{ value: "draft", label: "Draft (hidden)" }, { value: "active", label: "Active (for sale)" }, { value: "archived", label: "Archived" }]} />
                <Select label="Category" name="category_id" defaultValue={p?.category_id ?? ""} placeholder="None" options={catOptions} optional />
                <TextField label="Tags" name="tags" defaultValue={(p?.tags ?? []).join(", ")} hint="Comma separated" optional />
              </div>
            </div>
          </Card>

          <Card title="Options" actions={<Button variant="secondary" size="sm" onClick={() => setOptions((o) => [...o, { name: "", values: "" }])}>Add option</Button>}>
            <div className="stack-sm">
              {options.length === 0 && <p className="muted small" style={{ margin: 0 }}>No options: the product has a single variant. Add options like Size or Colour to sell variations.</p>}
              {options.map((o, i) => (
                <div key={i} className="row" style={{ alignItems: "flex-end" }}>
                  <div style={{ flex: "1 1 140px" }}>
                    <TextField label="Option name" name={`option-${i}`} value={o.name} placeholder="Size" onChange={(e) => setOptions((l) => l.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                  </div>
                  <div style={{ flex: "3 1 220px" }}>
                    <TextField label="Values" name={`option-values-${i}`} value={o.values} placeholder="S, M, L" hint="Comma separated" onChange={(e) => setOptions((l) => l.map((x, j) => (j === i ? { ...x, values: e.target.value } : x)))} />
                  </div>
                  <Button variant="ghost" size="sm" onClick={() => setOptions((l) => l.filter((_, j) => j !== i))} aria-label={`Remove option ${o.name || i + 1}`}>Remove</Button>
                </div>
              ))}
              {options.length > 0 && <Button variant="secondary" size="sm" onClick={generate}>Create variants from options</Button>}
            </div>
          </Card>

          <Card title="Variants" actions={<Button variant="secondary" size="sm" onClick={() => setRows((l) => [...l, { key: rowKey(), option_values: {}, title: "", sku: "", price: l[0]?.price ?? "", compare_at: "", weight: "", stock: "0" }])}>Add variant</Button>}>
            <div className="stack">
              {rows.map((r, i) => (
                <fieldset key={r.key} style={{ border: "1px solid var(--border)", borderRadius: 8, padding: 12, margin: 0 }} data-testid="variant-row">
                  <legend className="label" style={{ padding: "0 4px" }}>{r.title || `Variant ${i + 1}`}</legend>
                  <div className="filters">
                    <TextField label="SKU" name={`sku-${r.key}`} value={r.sku} onChange={(e) => setRow(r.key, { sku: e.target.value })} />
                    <TextField label="Price" name={`price-${r.key}`} inputMode="decimal" value={r.price} addon={currency} onChange={(e) => setRow(r.key, { price: e.target.value })} />
                    <TextField label="Compare-at" name={`compare-${r.key}`} inputMode="decimal" value={r.compare_at} addon={currency} optional onChange={(e) => setRow(r.key, { compare_at: e.target.value })} />
                    <TextField label="Weight (g)" name={`weight-${r.key}`} inputMode="numeric" value={r.weight} optional onChange={(e) => setRow(r.key, { weight: e.target.value.replace(/\D/g, "") })} />
                    {!r.id && <TextField label="Opening stock" name={`stock-${r.key}`} inputMode="numeric" value={r.stock} onChange={(e) => setRow(r.key, { stock: e.target.value.replace(/\D/g, "") })} />}
                    {r.id && <p className="small muted" style={{ margin: 0 }}>Stock: {r.stock} · change it in <Link to="/sell/inventory">Inventory</Link></p>}
                  </div>
                  {rows.length > 1 && <Button variant="ghost" size="sm" onClick={() => setRows((l) => l.filter((x) => x.key !== r.key))}>Remove variant</Button>}
                </fieldset>
              ))}
            </div>
          </Card>

          <Card title="Attributes" actions={<Button variant="secondary" size="sm" onClick={() => setAttrs((l) => [...l, { key: "", value: "" }])}>Add attribute</Button>}>
            <div className="stack-sm">
              {attrs.length === 0 && <p className="muted small" style={{ margin: 0 }}>Facts buyers filter by, like material: cotton or waterproof: true.</p>}
              {attrs.map((a, i) => (
                <div key={i} className="row" style={{ alignItems: "flex-end" }}>
                  <div style={{ flex: 1 }}><TextField label="Name" name={`attr-key-${i}`} value={a.key} onChange={(e) => setAttrs((l) => l.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} /></div>
                  <div style={{ flex: 1 }}><TextField label="Value" name={`attr-value-${i}`} value={a.value} onChange={(e) => setAttrs((l) => l.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} /></div>
                  <Button variant="ghost" size="sm" onClick={() => setAttrs((l) => l.filter((_, j) => j !== i))}>Remove</Button>
                </div>
              ))}
            </div>
          </Card>

          <Card title="Search engines">
            <div className="grid-2">
              <TextField label="SEO title" name="seo_title" defaultValue={p?.seo_title} optional />
              <TextField label="SEO description" name="seo_description" defaultValue={p?.seo_description} optional />
            </div>
          </Card>
        </div>
        <div className="form-actions">
          <SubmitButton>{p ? "Save product" : "Create product"}</SubmitButton>
          <LinkButton variant="ghost" to="/sell/products">Cancel</LinkButton>
        </div>
      </Form>
      {p && <ProductImages vendorId={vendorId} product={p} onSaved={onSaved} />}
    </>
  );
}

function ProductImages({ vendorId, product: p, onSaved }: { vendorId: string; product: Product; onSaved?(p: Product): void }) {
  const toast = useToast();
  const owner = { owner_kind: "product" as const, owner_id: p.id, vendor_id: vendorId };
  const [images, setImagesState] = useState<MediaView[] | null>(null);
  const imagesRef = useRef<MediaView[] | null>(null);
  const setImages = (l: MediaView[]) => {
    imagesRef.current = l;
    setImagesState(l);
  };
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    mediaApi.list(owner).then(
      (d) => setImages(d.items ?? []),
      (e: unknown) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) setUnavailable(true);
        setImages([]);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.id]);

  async function setMediaIds(ids: string[]) {
    const updated = await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}/products/{product_id}", { params: { path: { vendor_id: vendorId, product_id: p.id } }, body: { media_ids: ids } }));
    onSaved?.(updated);
  }

  return (
    <Card title="Images">
      <div className="stack">
        {unavailable && <Alert kind="warning">Image uploads aren't available on this server yet.</Alert>}
        {(images ?? []).length > 0 && (
          <div className="image-grid">
            {(images ?? []).map((m, i) => (
              <figure key={m.id} style={{ margin: 0 }} className="stack-sm">
                {mediaUrl(m, 160) ? <img className="thumb" src={mediaUrl(m, 480)!} alt={m.alt || m.filename} /> : <div className="thumb" role="img" aria-label={m.filename}>…</div>}
                <figcaption className="small row-between">
                  <span>{i === 0 ? <Badge tone="brand">Cover</Badge> : m.status}</span>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    aria-label={`Delete ${m.filename}`}
                    onClick={async () => {
                      try {
                        await mediaApi.remove(m.id);
                        const rest = (images ?? []).filter((x) => x.id !== m.id);
                        setImages(rest);
                        await setMediaIds(rest.map((x) => x.id));
                      } catch (e) {
                        toast.error(e instanceof ApiError ? e.summary : "Couldn't delete the image.");
                      }
                    }}
                  >
                    Delete
                  </button>
                </figcaption>
              </figure>
            ))}
          </div>
        )}
        {images !== null && !unavailable && <ImageUploader
          owner={owner}
          onUploaded={(m) => {
            const next = [...(imagesRef.current ?? []), m];
            imagesRef.current = next;
            setImages(next);
            void setMediaIds(next.map((x) => x.id)).catch((e: unknown) => toast.error(e instanceof ApiError ? e.summary : "Couldn't attach the image."));
          }}
        />}
      </div>
    </Card>
  );
}

export function useCurrentVendorId(): string | null {
  return useVendorCtx().current?.vendor.id ?? null;
}
