import { queryOptions } from "@tanstack/react-query";
import type { OrderStatus } from "../orders/StatusBadge";
import { api, unwrap } from "./client";

/**
 * Reads that several pages share, each under one query key. Keys start with what they read, so a
 * mutation can invalidate a whole family (`["seller", vendorId, "orders"]`) or one entry.
 */
export const queries = {
  carriers: () => queryOptions({ queryKey: ["carriers"], queryFn: () => unwrap(api.GET("/api/v1/carriers")) }),
  categories: () => queryOptions({ queryKey: ["categories"], queryFn: () => unwrap(api.GET("/api/v1/categories")) }),
  vendors: () => queryOptions({ queryKey: ["vendors"], queryFn: () => unwrap(api.GET("/api/v1/vendors")) }),
  vendor: (slug: string) => queryOptions({ queryKey: ["vendors", slug], queryFn: () => unwrap(api.GET("/api/v1/vendors/{slug}", { params: { path: { slug } } })) }),
  storefront: () => queryOptions({ queryKey: ["storefront"], queryFn: () => unwrap(api.GET("/api/v1/storefront")) }),
  product: (ref: string) => queryOptions({ queryKey: ["products", ref], queryFn: () => unwrap(api.GET("/api/v1/products/{ref}", { params: { path: { ref } } })) }),
  newestProducts: () =>
    queryOptions({ queryKey: ["products", { sort: "newest", limit: 8 }], queryFn: () => unwrap(api.GET("/api/v1/products", { params: { query: { sort: "newest", limit: 8 } } })) }),
  featuredCollections: () =>
    queryOptions({
      queryKey: ["collections", "featured"],
      queryFn: async () => {
        const all = await unwrap(api.GET("/api/v1/collections"));
        const list = (all.items ?? []).filter((c) => c.featured).slice(0, 2);
        return Promise.all(list.map((c) => unwrap(api.GET("/api/v1/collections/{slug}", { params: { path: { slug: c.slug } } }))));
      },
    }),
  myOrders: () => queryOptions({ queryKey: ["me", "orders"], queryFn: () => unwrap(api.GET("/api/v1/me/orders", { params: { query: { limit: 100 } } })) }),
  myOrder: (id: string) => queryOptions({ queryKey: ["me", "orders", id], queryFn: () => unwrap(api.GET("/api/v1/me/orders/{order_id}", { params: { path: { order_id: id } } })) }),
  // The token travels in a header, never in the API's URL, so it stays out of access logs.
  linkedOrder: (token: string) =>
    queryOptions({ queryKey: ["orders", "linked", token], queryFn: () => unwrap(api.GET("/api/v1/orders/linked", { params: { header: { "X-Order-Link": token } } })) }),
  sellerOrders: (vendorId: string, status?: OrderStatus | "") =>
    queryOptions({
      queryKey: ["seller", vendorId, "orders", { status: status ?? "" }],
      queryFn: () => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders", { params: { path: { vendor_id: vendorId }, query: { status: status || undefined } } })),
    }),
  sellerOrder: (vendorId: string, id: string) =>
    queryOptions({
      queryKey: ["seller", vendorId, "orders", id],
      queryFn: () => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/orders/{vendor_order_id}", { params: { path: { vendor_id: vendorId, vendor_order_id: id } } })),
    }),
};
