import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, forgetCartToken, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import type { Cart } from "../api/types";

interface CartCtx {
  /** undefined while loading; null when it could not be read */
  cart: Cart | null | undefined;
  count: number;
  refresh(): Promise<Cart | null>;
  add(variantId: string, quantity: number): Promise<Cart>;
  update(lineId: string, quantity: number): Promise<Cart>;
  remove(lineId: string): Promise<Cart>;
  set(c: Cart | null): void;
  /** the last cart change, read out by the live region */
  announcement: string;
}

const Ctx = createContext<CartCtx | null>(null);

export function useCart(): CartCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error("useCart outside CartProvider");
  return v;
}

/** The same cart, or null outside a provider (chrome used in tests). */
export function useOptionalCart(): CartCtx | null {
  return useContext(Ctx);
}

export interface MiniCartLine {
  id: string;
  title: string;
  variant: string;
  quantity: number;
  lineTotal: number;
  unavailable: boolean;
}

export interface MiniCartGroup {
  vendorId: string;
  vendorName: string;
  itemCount: number;
  subtotal: number;
  lines: MiniCartLine[];
}

export interface MiniCartSummary {
  currency: string;
  itemCount: number;
  total: number;
  groups: MiniCartGroup[];
}

/**
 * What the header's mini-cart shows: the server's lines grouped by seller, each with its line
 * total, and the cart's total (all amounts come from the server; nothing is priced here).
 */
export function summarizeCart(cart: Cart | null | undefined): MiniCartSummary {
  if (!cart) return { currency: "USD", itemCount: 0, total: 0, groups: [] };
  const groups = (cart.vendors ?? [])
    .map((g) => ({
      vendorId: g.vendor_id,
      vendorName: g.vendor_name,
      itemCount: g.item_count,
      subtotal: g.subtotal,
      lines: (g.lines ?? []).map((l) => ({
        id: l.id,
        title: l.product_title,
        variant: l.variant_title,
        quantity: l.quantity,
        lineTotal: l.line_total,
        unavailable: !l.purchasable,
      })),
    }))
    .filter((g) => g.lines.length > 0);
  return { currency: cart.currency, itemCount: cart.item_count, total: cart.subtotal, groups };
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The buyer's current cart (account cart when signed in, else the guest cart of the mk_cart
 * cookie the server sets). Prices and totals come from the server only.
 */
export function CartProvider({ children, signedInKey }: { children: ReactNode; signedInKey?: string | null }) {
  const [cart, setCart] = useState<Cart | null | undefined>(undefined);
  const [announcement, setAnnouncement] = useState("");

  const refresh = useCallback(async () => {
    try {
      const c = await unwrap(api.GET("/api/v1/carts/current"));
      // Signed in: the guest cart (if any) has just merged into the account cart.
      if (signedInKey) forgetCartToken();
      setCart(c);
      return c;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setCart(null);
        return null;
      }
      setCart(null);
      return null;
    }
  }, [signedInKey]);

  // Re-read when the account changes: a guest cart merges into the account cart at sign-in.
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const add = useCallback(async (variantId: string, quantity: number) => {
    const c = await unwrap(api.POST("/api/v1/carts/current/lines", { body: { variant_id: variantId, quantity } }));
    setCart(c);
    setAnnouncement(`Added to cart. Cart has ${plural(c.item_count, "item")}.`);
    return c;
  }, []);
  const update = useCallback(async (lineId: string, quantity: number) => {
    const c = await unwrap(api.PATCH("/api/v1/carts/current/lines/{line_id}", { params: { path: { line_id: lineId } }, body: { quantity } }));
    setCart(c);
    setAnnouncement(`Quantity updated. Cart has ${plural(c.item_count, "item")}.`);
    return c;
  }, []);
  const remove = useCallback(async (lineId: string) => {
    const c = await unwrap(api.DELETE("/api/v1/carts/current/lines/{line_id}", { params: { path: { line_id: lineId } } }));
    setCart(c);
    setAnnouncement(`Item removed. Cart has ${plural(c.item_count, "item")}.`);
    return c;
  }, []);

  const value = useMemo<CartCtx>(
    () => ({ cart, count: cart?.item_count ?? 0, refresh, add, update, remove, set: setCart, announcement }),
    [cart, refresh, add, update, remove, announcement],
  );
  return (
    <Ctx.Provider value={value}>
      {children}
      <div className="sr-only" aria-live="polite" role="status" data-testid="cart-live">
        {announcement}
      </div>
    </Ctx.Provider>
  );
}
