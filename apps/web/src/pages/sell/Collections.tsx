import { useMemo } from "react";
import { api, unwrap } from "../../api/client";
import type { Product } from "../../api/types";
import { matchesQuery } from "../../lib/collections";
import { formatPriceRange } from "../../lib/money";
import { CollectionsManager, type CollectionSource, type PickableProduct } from "../admin/Collections";
import { RequireShop } from "./vendor";

export function SellCollectionsPage() {
  return <RequireShop>{(m) => <ShopCollections vendorId={m.vendor.id} />}</RequireShop>;
}

function ShopCollections({ vendorId }: { vendorId: string }) {
  const source = useMemo(() => shopCollections(vendorId), [vendorId]);
  return <CollectionsManager key={vendorId} source={source} owner="shop" description="Group your products for your storefront, like “New this season”. Featured collections are listed first." />;
}

/** Pages a shop may walk through to offer its products (100 each). */
const MAX_PAGES = 20;

function shopPick(p: Product): PickableProduct {
  const price = formatPriceRange(p.price_min, p.price_max, p.currency);
  return p.status === "active"
    ? { id: p.id, title: p.title, note: price, listed: true }
    : { id: p.id, title: p.title, note: `${p.status} · not shown to buyers until active`, listed: false };
}

/**
 * A shop's collections. The seller product list has no text search, so the shop's products
 * are read once (draft and archived included, so the editor can name them) and filtered here.
 */
export function shopCollections(vendorId: string, client = api): CollectionSource {
  const path = { vendor_id: vendorId };
  let products: Promise<Product[]> | null = null;
  const all = () => {
    products ??= (async () => {
      const out: Product[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const d = await unwrap(client.GET("/api/v1/seller/vendors/{vendor_id}/products", { params: { path, query: { limit: 100, cursor } } }));
        out.push(...(d.items ?? []));
        if (!d.next_cursor) break;
        cursor = d.next_cursor;
      }
      return out;
    })().catch((e: unknown) => {
      products = null; // let the next search try again
      throw e;
    });
    return products;
  };
  return {
    async list() {
      return (await unwrap(client.GET("/api/v1/seller/vendors/{vendor_id}/collections", { params: { path } }))).items ?? [];
    },
    create(body) {
      return unwrap(client.POST("/api/v1/seller/vendors/{vendor_id}/collections", { params: { path }, body }));
    },
    update(id, body) {
      return unwrap(client.PATCH("/api/v1/seller/vendors/{vendor_id}/collections/{collection_id}", { params: { path: { ...path, collection_id: id } }, body }));
    },
    async remove(id) {
      await unwrap(client.DELETE("/api/v1/seller/vendors/{vendor_id}/collections/{collection_id}", { params: { path: { ...path, collection_id: id } } }));
    },
    async search(query) {
      const list = (await all()).filter((p) => p.status !== "archived" || query);
      const hits = query ? list.filter((p) => matchesQuery([p.title, ...(p.tags ?? []), ...(p.variants ?? []).map((v) => v.sku)].join(" "), query)) : list;
      return hits.slice(0, 30).map(shopPick);
    },
    async describe(c) {
      const byId = new Map((await all()).map((p) => [p.id, p]));
      return (c.product_ids ?? []).flatMap((id) => {
        const p = byId.get(id);
        return p ? [shopPick(p)] : [];
      });
    },
  };
}
