// Collections as the operator and sellers curate them: a title, a slug, a description, a
// featured flag and an ordered list of products.

import { SLUG_RE } from "./format";

export interface CollectionForm {
  title: string;
  slug: string;
  description: string;
  featured: boolean;
  productIds: string[];
}

/** The POST/PATCH body (product_ids replaces the list, in order). */
export interface CollectionBody {
  title: string;
  slug?: string;
  description: string;
  featured: boolean;
  product_ids: string[];
}

export const MAX_COLLECTION_PRODUCTS = 200;

/** The server's rule: 1 to 80 lower-case letters, digits and inner hyphens. */
export function validCollectionSlug(s: string): boolean {
  return s.length <= 80 && SLUG_RE.test(s);
}

export type CollectionFormResult = { body: CollectionBody; errors: null } | { body: null; errors: Record<string, string> };

/**
 * Checks the form and builds the request body. A new collection may leave the slug empty (the
 * server derives it from the title); an existing one must keep one.
 */
export function collectionBody(f: CollectionForm, isNew: boolean): CollectionFormResult {
  const errors: Record<string, string> = {};
  const title = f.title.trim();
  const slug = f.slug.trim().toLowerCase();
  if (!title) errors.title = "Give the collection a title.";
  else if (title.length > 100) errors.title = "Keep the title to 100 characters.";
  if (slug ? !validCollectionSlug(slug) : !isNew) errors.slug = "Use lower-case letters, numbers and hyphens (up to 80).";
  if (f.description.trim().length > 2000) errors.description = "Keep the description to 2,000 characters.";
  const ids = dedupe(f.productIds);
  if (ids.length > MAX_COLLECTION_PRODUCTS) errors.product_ids = `A collection holds at most ${MAX_COLLECTION_PRODUCTS} products.`;
  if (Object.keys(errors).length) return { body: null, errors };
  const body: CollectionBody = { title, description: f.description.trim(), featured: f.featured, product_ids: ids };
  if (slug) body.slug = slug;
  return { body, errors: null };
}

export function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Moves the item at `from` by `delta` places (clamped); returns a new array. */
export function moveItem<T>(list: readonly T[], from: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, from + delta));
  if (from === to || from < 0 || from >= list.length) return [...list];
  const out = [...list];
  const [it] = out.splice(from, 1);
  out.splice(to, 0, it!);
  return out;
}

/** Case- and accent-insensitive "every word appears" match, for filtering a seller's own products. */
export function matchesQuery(text: string, query: string): boolean {
  const norm = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const hay = norm(text);
  return norm(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * The collections the marketplace home page picks: the first two featured ones in the order
 * the API lists them (featured first, then by title); it then skips those with nothing on sale.
 */
export function homeCollections<T extends { featured: boolean }>(list: readonly T[]): T[] {
  return list.filter((c) => c.featured).slice(0, 2);
}
