import { useEffect, useId, useState } from "react";
import { api, unwrap, type Api } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Collection, ProductSummary } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { collectionBody, homeCollections, moveItem, type CollectionBody } from "../../lib/collections";
import { slugify } from "../../lib/format";
import { formatPriceRange } from "../../lib/money";
import { Badge, Button, Card, Checkbox, EmptyState, Form, Icon, PageHeader, SubmitButton, Table, TextArea, TextField, useToast, type Column } from "../../ui";

/** A product as the collection editor shows it. */
export interface PickableProduct {
  id: string;
  title: string;
  /** a short second line: price, or why it won't show */
  note?: string;
  /** false when buyers won't see it in the collection (draft, archived, removed) */
  listed?: boolean;
}

/** Where a collections page reads and writes: the operator's endpoints or a shop's. */
export interface CollectionSource {
  list(): Promise<Collection[]>;
  create(body: CollectionBody): Promise<Collection>;
  update(id: string, body: CollectionBody): Promise<Collection>;
  remove(id: string): Promise<void>;
  /** products that may be added, matching the query (empty query: a first page) */
  search(query: string): Promise<PickableProduct[]>;
  /** the collection's products, in its order; ids the source cannot name are left out */
  describe(c: Collection): Promise<PickableProduct[]>;
}

export type CollectionsOwner = "marketplace" | "shop";

type Editing = { mode: "new" } | { mode: "edit"; collection: Collection } | null;

export function CollectionsManager({ source, owner, description }: { source: CollectionSource; owner: CollectionsOwner; description: string }) {
  const toast = useToast();
  const q = useQuery(() => source.list(), [source]);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const onHome = new Set(owner === "marketplace" ? homeCollections(q.data ?? []).map((c) => c.id) : []);

  async function remove(c: Collection) {
    try {
      await source.remove(c.id);
      toast.success(`Deleted “${c.title}”.`);
      setConfirmDelete(null);
      if (editing?.mode === "edit" && editing.collection.id === c.id) setEditing(null);
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't delete the collection.");
    }
  }

  const columns: Column<Collection>[] = [
    {
      key: "title",
      header: "Collection",
      sortValue: (c) => c.title,
      render: (c) => (
        <div>
          <strong>{c.title}</strong>
          <div className="small muted mono">{c.slug}</div>
        </div>
      ),
    },
    {
      key: "featured",
      header: "Featured",
      sortValue: (c) => (c.featured ? 0 : 1),
      render: (c) =>
        c.featured ? (
          <span className="row" style={{ gap: 4 }}>
            <Badge tone="brand">Featured</Badge>
            {onHome.has(c.id) && <Badge tone="success">On the home page</Badge>}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { key: "products", header: "Products", align: "right", sortValue: (c) => (c.product_ids ?? []).length, render: (c) => (c.product_ids ?? []).length },
    {
      key: "actions",
      header: <span className="sr-only">Actions</span>,
      render: (c) =>
        confirmDelete === c.id ? (
          <span className="row" style={{ gap: 6 }}>
            <span className="small">Delete “{c.title}”? Its products stay.</span>
            <Button size="sm" variant="danger" onClick={() => void remove(c)}>
              Delete
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
              Keep
            </Button>
          </span>
        ) : (
          <span className="row" style={{ gap: 6 }}>
            <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: "edit", collection: c })} aria-label={`Edit ${c.title}`}>
              Edit
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(c.id)} aria-label={`Delete ${c.title}`}>
              Delete
            </Button>
          </span>
        ),
    },
  ];

  return (
    <>
      <PageHeader title="Collections" description={description} actions={!editing && <Button onClick={() => setEditing({ mode: "new" })}>New collection</Button>} />
      {editing && (
        <CollectionEditor
          key={editing.mode === "edit" ? editing.collection.id : "new"}
          source={source}
          owner={owner}
          initial={editing.mode === "edit" ? editing.collection : undefined}
          onCancel={() => setEditing(null)}
          onSaved={(c) => {
            toast.success(editing.mode === "new" ? `Created “${c.title}”.` : `Saved “${c.title}”.`);
            setEditing(null);
            q.reload();
          }}
        />
      )}
      {/* While the first collection is being written, an empty list would only repeat "none yet". */}
      {!(editing && q.data?.length === 0) && (
        <Card bodyless>
          <QueryView query={q}>
            {(list) => (
              <Table
                caption="Collections"
                rows={list}
                columns={columns}
                rowKey={(c) => c.id}
                pageSize={25}
                empty={
                  <EmptyState icon={<Icon name="tag" />} title="No collections yet" action={<Button onClick={() => setEditing({ mode: "new" })}>Create a collection</Button>}>
                    {owner === "marketplace"
                      ? "Group products from any shop, like “Gifts under $50”. Featured collections appear on the home page."
                      : "Group your products, like “New this season” or “Bestsellers”."}
                  </EmptyState>
                }
              />
            )}
          </QueryView>
        </Card>
      )}
    </>
  );
}

export function CollectionEditor({ source, owner, initial, onSaved, onCancel }: {
  source: CollectionSource;
  owner: CollectionsOwner;
  initial?: Collection;
  onSaved(c: Collection): void;
  onCancel(): void;
}) {
  const [title, setTitle] = useState(initial?.title ?? "");
  const [slug, setSlug] = useState(initial?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(!!initial);
  const [description, setDescription] = useState(initial?.description ?? "");
  const [featured, setFeatured] = useState(initial?.featured ?? false);
  const [items, setItems] = useState<PickableProduct[] | null>(initial && (initial.product_ids ?? []).length ? null : []);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (items !== null || !initial) return;
    let live = true;
    source.describe(initial).then(
      (found) => {
        if (!live) return;
        const byId = new Map(found.map((p) => [p.id, p]));
        setItems((initial.product_ids ?? []).map((id) => byId.get(id) ?? { id, title: "Unavailable product", note: `Not for sale or removed · ${id.slice(0, 8)}`, listed: false }));
      },
      (e: unknown) => {
        if (!live) return;
        setLoadError(e instanceof ApiError ? e.summary : "Couldn't load the collection's products.");
      },
    );
    return () => {
      live = false;
    };
  }, [initial, items, source]);

  async function save() {
    if (items === null) throw validationError({}, "The collection's products are still loading.");
    const r = collectionBody({ title, slug, description, featured, productIds: items.map((p) => p.id) }, !initial);
    if (r.errors) throw validationError(r.errors);
    onSaved(initial ? await source.update(initial.id, r.body) : await source.create(r.body));
  }

  const added = new Set((items ?? []).map((p) => p.id));
  return (
    <Card title={initial ? `Edit “${initial.title}”` : "New collection"}>
      <Form aria-label={initial ? "Edit collection" : "New collection"} onSubmit={save}>
        <div className="stack">
          <div className="grid-2">
            <TextField
              label="Title"
              name="title"
              value={title}
              maxLength={100}
              required
              onChange={(e) => {
                setTitle(e.target.value);
                if (!slugTouched) setSlug(slugify(e.target.value));
              }}
            />
            <TextField
              label="Slug"
              name="slug"
              value={slug}
              maxLength={80}
              autoCapitalize="none"
              spellCheck={false}
              optional={!initial}
              hint={initial ? "Changing it changes the collection's address." : "Made from the title if you leave it empty."}
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, ""));
              }}
            />
          </div>
          <TextArea label="Description" name="description" value={description} maxLength={2000} optional onChange={(e) => setDescription(e.target.value)} />
          <Checkbox
            label={owner === "marketplace" ? "Feature on the marketplace home page" : "Featured (listed first)"}
            name="featured"
            checked={featured}
            onChange={(e) => setFeatured(e.target.checked)}
          />
          {owner === "marketplace" && (
            <p className="small muted" style={{ margin: 0 }}>
              The home page shows the first two featured collections (in title order) that have products for sale.
            </p>
          )}
          <div className="grid-2" style={{ alignItems: "start" }}>
            <SelectedProducts items={items} error={loadError} onChange={setItems} />
            <ProductPicker source={source} added={added} onAdd={(p) => setItems((l) => (l && !l.some((x) => x.id === p.id) ? [...l, p] : l))} />
          </div>
        </div>
        <div className="form-actions">
          <SubmitButton>{initial ? "Save collection" : "Create collection"}</SubmitButton>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function SelectedProducts({ items, error, onChange }: { items: PickableProduct[] | null; error: string | null; onChange(l: PickableProduct[]): void }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="stack-sm">
      <h3 id={headingId} className="label" style={{ margin: 0 }}>
        Products in this collection{items ? ` (${items.length})` : ""}
      </h3>
      {error && <p className="field-error">{error}</p>}
      {items === null && !error && <p className="small muted">Loading…</p>}
      {items?.length === 0 && <p className="small muted" style={{ margin: 0 }}>None yet. Find products on the right and add them; they show in this order.</p>}
      {items && items.length > 0 && (
        <ol className="stack-sm" style={{ margin: 0, paddingLeft: 20 }} data-testid="collection-items">
          {items.map((p, i) => (
            <li key={p.id}>
              <div className="row-between">
                <span>
                  <span>{p.title}</span>
                  {p.listed === false && (
                    <>
                      {" "}
                      <Badge tone="warning">Hidden</Badge>
                    </>
                  )}
                  {p.note && <span className="small muted" style={{ display: "block" }}>{p.note}</span>}
                </span>
                <span className="row" style={{ gap: 4 }}>
                  <Button size="sm" variant="ghost" disabled={i === 0} onClick={() => onChange(moveItem(items, i, -1))} aria-label={`Move ${p.title} up`}>
                    ↑
                  </Button>
                  <Button size="sm" variant="ghost" disabled={i === items.length - 1} onClick={() => onChange(moveItem(items, i, 1))} aria-label={`Move ${p.title} down`}>
                    ↓
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => onChange(items.filter((x) => x.id !== p.id))} aria-label={`Remove ${p.title}`}>
                    Remove
                  </Button>
                </span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A search box over the source's products, with an Add button per result. */
export function ProductPicker({ source, added, onAdd, delayMs = 250 }: { source: CollectionSource; added: ReadonlySet<string>; onAdd(p: PickableProduct): void; delayMs?: number }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PickableProduct[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      source.search(query.trim()).then(
        (r) => {
          if (!live) return;
          setResults(r);
          setError(null);
        },
        (e: unknown) => {
          if (!live) return;
          setError(e instanceof ApiError ? e.summary : "Search failed.");
        },
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, source, delayMs]);

  return (
    <section aria-label="Add products" className="stack-sm">
      <TextField
        label="Find products"
        name="product_search"
        type="search"
        value={query}
        autoComplete="off"
        placeholder="Search by name"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter in the search box searches; it must not submit the collection form.
          if (e.key === "Enter") e.preventDefault();
        }}
      />
      {error && <p className="field-error">{error}</p>}
      {results === null && !error && <p className="small muted">Searching…</p>}
      {results?.length === 0 && <p className="small muted" style={{ margin: 0 }}>No products match “{query}”.</p>}
      {results && results.length > 0 && (
        <ul className="stack-sm" style={{ listStyle: "none", margin: 0, padding: "0 4px 0 0", maxHeight: 360, overflowY: "auto" }} aria-label="Search results">
          {results.map((p) => (
            <li key={p.id} className="row-between">
              <span>
                {p.title}
                {p.note && <span className="small muted" style={{ display: "block" }}>{p.note}</span>}
              </span>
              <Button size="sm" variant="secondary" disabled={added.has(p.id)} onClick={() => onAdd(p)} aria-label={added.has(p.id) ? `${p.title} added` : `Add ${p.title}`}>
                {added.has(p.id) ? "Added" : "Add"}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function summaryPick(p: ProductSummary): PickableProduct {
  return { id: p.id, title: p.title, note: formatPriceRange(p.price_min, p.price_max, p.currency), listed: true };
}

/** The operator's collections: any shop's products, found through the marketplace search. */
export function marketplaceCollections(client: Api = api): CollectionSource {
  return {
    async list() {
      return (await unwrap(client.GET("/api/v1/admin/collections"))).items ?? [];
    },
    create(body) {
      return unwrap(client.POST("/api/v1/admin/collections", { body }));
    },
    update(id, body) {
      return unwrap(client.PATCH("/api/v1/admin/collections/{collection_id}", { params: { path: { collection_id: id } }, body }));
    },
    async remove(id) {
      await unwrap(client.DELETE("/api/v1/admin/collections/{collection_id}", { params: { path: { collection_id: id } } }));
    },
    async search(query) {
      if (!query) return ((await unwrap(client.GET("/api/v1/products", { params: { query: { sort: "newest", limit: 20 } } }))).items ?? []).map(summaryPick);
      // Full-text search matches whole words ("headphones"); suggestions match what is typed so
      // far ("head"). Together they behave like a search-as-you-type box.
      const [full, prefix] = await Promise.all([
        unwrap(client.GET("/api/v1/products", { params: { query: { q: query, limit: 20 } } })),
        unwrap(client.GET("/api/v1/search/suggest", { params: { query: { q: query, limit: 10 } } })).catch(() => ({ items: [] })),
      ]);
      const out = (full.items ?? []).map(summaryPick);
      const seen = new Set(out.map((p) => p.id));
      for (const s of prefix.items ?? []) {
        if (s.kind === "product" && !seen.has(s.id)) {
          seen.add(s.id);
          out.push({ id: s.id, title: s.title, listed: true });
        }
      }
      return out;
    },
    async describe(c) {
      const ids = c.product_ids ?? [];
      if (!ids.length) return [];
      // The public collection lists the products buyers see, in one request; the rest are
      // looked up one by one (the public product read answers only for products on sale).
      const pub = await unwrap(client.GET("/api/v1/collections/{slug}", { params: { path: { slug: c.slug } } }));
      const found = (pub.products ?? []).map(summaryPick);
      const seen = new Set(found.map((p) => p.id));
      const missing = ids.filter((id) => !seen.has(id)).slice(0, 50);
      const more = await Promise.all(
        missing.map((id) =>
          unwrap(client.GET("/api/v1/products/{ref}", { params: { path: { ref: id } } })).then(
            (p): PickableProduct => ({ id: p.id, title: p.title, note: `${p.status} · not shown to buyers`, listed: false }),
            () => null,
          ),
        ),
      );
      return [...found, ...more.filter((p): p is PickableProduct => p !== null)];
    },
  };
}

const marketplaceSource = marketplaceCollections();

export function AdminCollections() {
  return (
    <CollectionsManager
      source={marketplaceSource}
      owner="marketplace"
      description="Curated groups of products from any shop. Featured collections appear on the marketplace home page."
    />
  );
}
