import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../../api/errors";
import type { Cart, CartLine, CartNotice } from "../../api/types";
import { useCart } from "../../app/cart";
import { formatMoney } from "../../lib/money";
import { Alert, Badge, Button, Card, EmptyState, Icon, LinkButton, PageHeader, SkeletonRows, useTitle, useToast } from "../../ui";
import { ProductImage } from "./catalog-ui";

export interface TotalsProps {
  currency: string;
  subtotal: number;
  /** null: not known yet (no address) */
  shipping?: number | null;
  tax?: number | null;
  taxInclusive?: boolean;
  total?: number | null;
  itemCount?: number;
}

/**
 * How tax reads next to a total, the same in the cart, checkout, order pages and emails
 * (modules/orders totalsText): line prices are the catalog's; the tax depends on the destination,
 * whose rate says whether those prices include it or it is added on top.
 */
export function taxLabel(taxInclusive: boolean | undefined): string {
  return taxInclusive ? "Tax (included in prices)" : "Tax (added)";
}

/**
 * Order summary lines. All amounts are integer minor units from the server. Without an address
 * (the cart) shipping and tax are not known yet and say so; the total then is an estimate.
 */
export function CartTotals({ currency, subtotal, shipping, tax, taxInclusive, total, itemCount }: TotalsProps) {
  return (
    <dl className="totals" data-testid="totals">
      <dt>Subtotal{itemCount != null ? ` (${itemCount} ${itemCount === 1 ? "item" : "items"})` : ""}</dt>
      <dd>{formatMoney(subtotal, currency)}</dd>
      <dt>Shipping</dt>
      <dd>{shipping == null ? <span className="muted">Calculated at checkout</span> : shipping === 0 ? "Free" : formatMoney(shipping, currency)}</dd>
      <dt>{tax == null ? "Tax" : taxLabel(taxInclusive)}</dt>
      <dd data-testid="tax">{tax == null ? <span className="muted">Calculated at checkout</span> : formatMoney(tax, currency)}</dd>
      <dt className="grand">{total == null ? "Estimated total (before shipping and tax)" : "Total (incl. tax)"}</dt>
      <dd className="grand" data-testid="grand-total">{formatMoney(total ?? subtotal, currency)}</dd>
    </dl>
  );
}

export function noticeTone(n: CartNotice): "warning" | "error" {
  return n.code === "price_changed" ? "warning" : "error";
}

function LineRow({ line, notice }: { line: CartLine; notice?: CartNotice }) {
  const cart = useCart();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [qty, setQty] = useState(String(line.quantity));

  async function run(f: () => Promise<unknown>) {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't update your cart.");
      setQty(String(line.quantity));
    } finally {
      setBusy(false);
    }
  }
  function commit() {
    const n = Math.trunc(Number(qty));
    if (!Number.isFinite(n) || n < 1 || n > 999) {
      setQty(String(line.quantity));
      return;
    }
    if (n !== line.quantity) void run(() => cart.update(line.id, n));
  }

  return (
    <li className="line" data-testid="cart-line">
      <ProductImage url={line.thumbnail_url} title={line.product_title} small alt="" />
      <div className="line-main stack-sm">
        <div className="row-between" style={{ alignItems: "flex-start" }}>
          <div>
            <strong>{line.product_title}</strong>
            {line.variant_title && <div className="small muted">{line.variant_title}</div>}
            <div className="small muted">{formatMoney(line.unit_price, line.currency)} each</div>
          </div>
          <strong>{formatMoney(line.line_total, line.currency)}</strong>
        </div>
        {notice && <p className={`small ${notice.code === "price_changed" ? "" : "field-error"}`} style={{ margin: 0 }}>{notice.message}</p>}
        {!line.purchasable && !notice && <Badge tone="danger">Unavailable</Badge>}
        {line.purchasable && line.available < line.quantity && <Badge tone="warning">Only {line.available} available</Badge>}
        <div className="row">
          <label className="small" htmlFor={`q-${line.id}`}>
            Qty
          </label>
          <input
            id={`q-${line.id}`}
            className="input qty"
            type="number"
            min={1}
            max={999}
            inputMode="numeric"
            value={qty}
            disabled={busy}
            onChange={(e) => setQty(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === "Enter" && commit()}
          />
          <Button variant="ghost" size="sm" onClick={() => void run(() => cart.remove(line.id))} disabled={busy} aria-label={`Remove ${line.product_title}`}>
            Remove
          </Button>
        </div>
      </div>
    </li>
  );
}

/** A seller group's heading: the shop's logo (when it has one) and "Sold by <name>". */
export function VendorHeading({ name, logo }: { name: string; logo?: string | null }) {
  return (
    <span className="vendor-heading" data-testid="vendor-heading">
      {logo && <img className="vendor-logo" src={logo} alt="" width={24} height={24} data-testid="vendor-logo" />}
      <span>Sold by {name}</span>
    </span>
  );
}

export function CartGroups({ cart }: { cart: Cart }) {
  const byLine = new Map((cart.notices ?? []).filter((n) => n.line_id).map((n) => [n.line_id!, n]));
  return (
    <>
      {(cart.vendors ?? []).map((g) => (
        <Card key={g.vendor_id} title={<VendorHeading name={g.vendor_name} logo={g.vendor_logo_url} />} headingLevel={2} footer={<div className="row-between"><span className="muted">Seller subtotal</span><strong>{formatMoney(g.subtotal, cart.currency)}</strong></div>}>
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {(g.lines ?? []).map((l) => (
              <LineRow key={`${l.id}-${l.quantity}`} line={l} notice={byLine.get(l.id)} />
            ))}
          </ul>
        </Card>
      ))}
    </>
  );
}

export function CartPage() {
  useTitle("Your cart");
  const { cart } = useCart();
  const navigate = useNavigate();
  if (cart === undefined) {
    return (
      <div className="container container-mid">
        <h1>Your cart</h1>
        <SkeletonRows rows={5} />
      </div>
    );
  }
  const empty = !cart || cart.item_count === 0;
  if (empty) {
    return (
      <div className="container container-mid">
        <h1>Your cart</h1>
        <Card>
          <EmptyState icon={<Icon name="cart" />} title="Your cart is empty" action={<LinkButton to="/search">Continue shopping</LinkButton>}>
            Items you add from any seller will appear here, ready for one checkout.
          </EmptyState>
        </Card>
      </div>
    );
  }
  const general = (cart.notices ?? []).filter((n) => !n.line_id);
  const blocked = (cart.vendors ?? []).some((g) => (g.lines ?? []).some((l) => !l.purchasable || l.available < l.quantity));
  return (
    <div className="container">
      <PageHeader title="Your cart" description={`${cart.item_count} ${cart.item_count === 1 ? "item" : "items"} from ${(cart.vendors ?? []).length} ${(cart.vendors ?? []).length === 1 ? "seller" : "sellers"}`} />
      <div className="two-col">
        <div className="stack">
          {general.map((n, i) => (
            <Alert key={i} kind={noticeTone(n)}>{n.message}</Alert>
          ))}
          {(cart.notices ?? []).some((n) => n.code === "price_changed") && (
            <Alert kind="warning" title="Some prices have changed">The prices below are the current ones.</Alert>
          )}
          <CartGroups cart={cart} />
        </div>
        <Card title="Summary">
          <div className="stack">
            <CartTotals currency={cart.currency} subtotal={cart.subtotal} itemCount={cart.item_count} />
            <p className="small muted" style={{ margin: 0 }}>Each seller ships separately. You'll choose shipping for each seller at checkout.</p>
            {blocked && <Alert kind="error">Remove or reduce the items that aren't available to continue.</Alert>}
            <Button block size="lg" disabled={blocked} onClick={() => navigate("/checkout")}>
              Check out
            </Button>
            <Link to="/search" className="small">
              Continue shopping
            </Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
