// Package catalog owns what is sold: the operator-managed category tree, vendors' products with
// options, variants and typed attributes, collections (curated by the operator or a vendor),
// and product search (PostgreSQL full text weighted title > tags > description, pg_trgm for
// typo tolerance and autocomplete, facets counted by SQL). Search lives here rather than in a
// separate module because it is a read model of exactly these tables; splitting it would mean
// a copied index to keep in step.
//
// Product slugs are unique per marketplace (so /api/v1/products/{slug} is unambiguous on every
// host); SKUs are unique per vendor. Descriptions are sanitised HTML (bluemonday's UGC policy).
// Prices are int64 minor units in the marketplace currency. A product is listed (in product
// lists, product pages, storefronts, search) only while it is active and its vendor approved;
// the vendor's state is mirrored into products.vendor_listed by a vendors status listener in
// the same transaction, and stock into product_variants.available by an inventory listener.
//
// Only members of the owning vendor edit its products (others get 404); operators unpublish.
//
// Tables owned: categories, products, product_variants, collections, collection_products,
// search_terms (the per-marketplace word list that misspelt query words are corrected against).
// Routes: /api/v1/categories, /api/v1/products..., /api/v1/collections..., /api/v1/search...,
// /api/v1/admin/categories..., /api/v1/admin/collections..., /api/v1/admin/products/...,
// /api/v1/seller/vendors/{vendor_id}/products..., /api/v1/seller/vendors/{vendor_id}/collections...
package catalog
