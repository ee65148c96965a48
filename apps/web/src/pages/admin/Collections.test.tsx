import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { makeClient } from "../../api/client";
import type { Collection } from "../../api/types";
import { collectionBody, homeCollections, matchesQuery, moveItem } from "../../lib/collections";
import { ToastProvider } from "../../ui";
import { shopCollections } from "../sell/Collections";
import { CollectionEditor, CollectionsManager, marketplaceCollections, type CollectionSource, type PickableProduct } from "./Collections";
import { WithQueryClient } from "../../test/queryClient";

const products: PickableProduct[] = [
  { id: "p1", title: "Wireless Headphones", note: "$99.00", listed: true },
  { id: "p2", title: "Walnut Speaker", note: "$150.00", listed: true },
  { id: "p3", title: "Cable", note: "$9.00", listed: true },
];

const col = (id: string, title: string, patch: Partial<Collection> = {}): Collection => ({ id, title, slug: id, description: "", featured: false, product_ids: [], vendor_id: null, ...patch });

function fakeSource(list: Collection[] = []): CollectionSource & { [k in "create" | "update" | "remove"]: ReturnType<typeof vi.fn> } {
  return {
    list: vi.fn(async () => list),
    create: vi.fn(async (b) => col("new", b.title)),
    update: vi.fn(async (id, b) => col(id, b.title)),
    remove: vi.fn(async () => {}),
    search: vi.fn(async (q: string) => products.filter((p) => matchesQuery(p.title, q))),
    describe: vi.fn(async (c: Collection) => products.filter((p) => (c.product_ids ?? []).includes(p.id))),
  };
}

describe("collection helpers", () => {
  it("builds the request body", () => {
    expect(collectionBody({ title: " Gifts ", slug: "", description: " d ", featured: true, productIds: ["a", "b", "a"] }, true)).toEqual({
      body: { title: "Gifts", description: "d", featured: true, product_ids: ["a", "b"] },
      errors: null,
    });
    expect(collectionBody({ title: "", slug: "Bad Slug", description: "", featured: false, productIds: [] }, true).errors).toEqual({
      title: "Give the collection a title.",
      slug: "Use lower-case letters, numbers and hyphens (up to 80).",
    });
    // an existing collection must keep a slug
    expect(collectionBody({ title: "x", slug: "", description: "", featured: false, productIds: [] }, false).errors).toHaveProperty("slug");
  });
  it("moves items and matches queries", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(matchesQuery("Wireless Héadphones", "headph wire")).toBe(true);
    expect(matchesQuery("Cable", "wire")).toBe(false);
  });
  it("picks the collections the home page shows", () => {
    const list = [col("a", "A", { featured: true }), col("b", "B", { featured: true }), col("c", "C", { featured: true }), col("d", "D")];
    expect(homeCollections(list).map((c) => c.id)).toEqual(["a", "b"]);
  });
});

// typing through user-event is slow on a loaded machine
describe("CollectionEditor", { timeout: 20000 }, () => {
  it("creates a collection from a search, in the chosen order", async () => {
    const source = fakeSource();
    const onSaved = vi.fn();
    render(<CollectionEditor source={source} owner="marketplace" onSaved={onSaved} onCancel={() => {}} />);
    await userEvent.type(screen.getByLabelText("Title"), "Gift Ideas");
    expect(screen.getByLabelText(/Slug/)).toHaveValue("gift-ideas");
    await userEvent.click(screen.getByLabelText("Feature on the marketplace home page"));

    await userEvent.type(screen.getByLabelText("Find products"), "w{Enter}");
    await userEvent.click(await screen.findByRole("button", { name: "Add Wireless Headphones" }, { timeout: 5000 }));
    await userEvent.click(screen.getByRole("button", { name: "Add Walnut Speaker" }));
    expect(screen.getByRole("button", { name: "Walnut Speaker added" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Move Walnut Speaker up" }));
    expect(within(screen.getByTestId("collection-items")).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("Walnut Speaker"),
      expect.stringContaining("Wireless Headphones"),
    ]);
    expect(source.create).not.toHaveBeenCalled(); // Enter in the search box didn't submit

    await userEvent.click(screen.getByRole("button", { name: "Create collection" }));
    await waitFor(() =>
      expect(source.create).toHaveBeenCalledWith({ title: "Gift Ideas", slug: "gift-ideas", description: "", featured: true, product_ids: ["p2", "p1"] }),
    );
    expect(onSaved).toHaveBeenCalled();
  });

  it("edits an existing collection, naming products it can't find", async () => {
    const source = fakeSource();
    render(<CollectionEditor source={source} owner="shop" initial={col("c1", "Audio", { slug: "audio", product_ids: ["p1", "gone-0000"] })} onSaved={() => {}} onCancel={() => {}} />);
    const items = await screen.findByTestId("collection-items");
    expect(within(items).getAllByRole("listitem")).toHaveLength(2);
    expect(items).toHaveTextContent("Unavailable product");
    await userEvent.click(screen.getByRole("button", { name: "Remove Unavailable product" }));
    await userEvent.clear(screen.getByLabelText(/Slug/));
    await userEvent.click(screen.getByRole("button", { name: "Save collection" }));
    await waitFor(() => expect(screen.getByLabelText(/Slug/)).toHaveAttribute("aria-invalid", "true"));
    expect(source.update).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/Slug/), "sound");
    await userEvent.click(screen.getByRole("button", { name: "Save collection" }));
    await waitFor(() => expect(source.update).toHaveBeenCalledWith("c1", { title: "Audio", slug: "sound", description: "", featured: false, product_ids: ["p1"] }));
  });
});

describe("CollectionsManager", { timeout: 20000 }, () => {
  it("lists collections, marks those on the home page and deletes after confirmation", async () => {
    const source = fakeSource([col("a", "Alpha", { featured: true, product_ids: ["p1"] }), col("b", "Beta", { featured: true }), col("c", "Gamma", { featured: true }), col("d", "Delta")]);
    render(
      <WithQueryClient><MemoryRouter>
        <ToastProvider>
          <CollectionsManager source={source} owner="marketplace" description="d" />
        </ToastProvider>
      </MemoryRouter></WithQueryClient>,
    );
    const alpha = (await screen.findByText("Alpha")).closest("tr")!;
    expect(alpha).toHaveTextContent("On the home page");
    expect(screen.getByText("Gamma").closest("tr")).not.toHaveTextContent("On the home page");
    await userEvent.click(screen.getByRole("button", { name: "Delete Delta" }));
    expect(source.remove).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(source.remove).toHaveBeenCalledWith("d"));
    expect(await screen.findByText("Deleted “Delta”.")).toBeInTheDocument();
  });
});

describe("shopCollections", () => {
  const product = (id: string, title: string, status: string) => ({ id, title, status, tags: [], variants: [{ sku: `SKU-${id}` }], price_min: 1000, price_max: 1000, currency: "USD" });
  it("reads the shop's products once across pages and searches them locally", async () => {
    const calls: { method: string; url: string; body?: unknown }[] = [];
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const req = input as Request;
      const url = new URL(req.url);
      calls.push({ method: req.method, url: url.pathname + url.search, body: req.method === "GET" ? undefined : await req.json() });
      const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { "Content-Type": "application/json" } });
      if (url.pathname.endsWith("/products")) {
        return url.searchParams.get("cursor")
          ? json({ items: [product("p3", "Walnut Stand", "draft")], next_cursor: null })
          : json({ items: [product("p1", "Walnut Speaker", "active"), product("p2", "Cable", "active")], next_cursor: "n1" });
      }
      return json(col("c9", "Made", { vendor_id: "v1" }), 201);
    });
    const source = shopCollections("v1", makeClient({ baseUrl: "http://shop.test", fetch }));
    const hits = await source.search("walnut");
    expect(hits.map((h) => [h.id, h.listed])).toEqual([["p1", true], ["p3", false]]);
    expect(await source.search("SKU-p2")).toEqual([expect.objectContaining({ id: "p2", note: "$10.00" })]);
    expect(await source.describe(col("c1", "x", { product_ids: ["p3", "missing"] }))).toEqual([expect.objectContaining({ id: "p3", title: "Walnut Stand" })]);
    expect(calls.filter((c) => c.url.includes("/products"))).toHaveLength(2);

    await source.create({ title: "Made", description: "", featured: false, product_ids: ["p1"] });
    expect(calls.at(-1)).toEqual({ method: "POST", url: "/api/v1/seller/vendors/v1/collections", body: { title: "Made", description: "", featured: false, product_ids: ["p1"] } });
  });
});

describe("marketplaceCollections", () => {
  const summary = (id: string, title: string) => ({ id, title, slug: id, price_min: 1000, price_max: 1000, currency: "USD" });
  const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { "Content-Type": "application/json" } });

  it("searches whole words and prefixes, and names a collection's hidden products", async () => {
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      const url = new URL((input as Request).url);
      seen.push(url.pathname + url.search);
      switch (url.pathname) {
        case "/api/v1/products":
          return json({ items: [summary("p1", "Wireless Headphones")], next_cursor: null });
        case "/api/v1/search/suggest":
          return json({ items: [{ kind: "product", id: "p1", slug: "p1", title: "Wireless Headphones" }, { kind: "product", id: "p2", slug: "p2", title: "Headphone Stand" }, { kind: "category", id: "c", slug: "c", title: "Headphones" }] });
        case "/api/v1/collections/picks":
          return json({ ...col("c1", "Picks"), products: [summary("p1", "Wireless Headphones")] });
        case "/api/v1/products/p9":
          return json({ id: "p9", title: "Old Draft", status: "draft" });
        default:
          return json({ status: 404, title: "Not Found" }, 404);
      }
    };
    const source = marketplaceCollections(makeClient({ baseUrl: "http://demo.test", fetch }));
    {
      expect((await source.search("head")).map((p) => p.title)).toEqual(["Wireless Headphones", "Headphone Stand"]);
      const named = await source.describe(col("c1", "Picks", { slug: "picks", product_ids: ["p1", "p9", "p-deleted"] }));
      expect(named).toEqual([
        expect.objectContaining({ id: "p1", listed: true, note: "$10.00" }),
        expect.objectContaining({ id: "p9", title: "Old Draft", listed: false }),
      ]);
      expect(seen).toContain("/api/v1/products?q=head&limit=20");
    }
  });
});
