import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Address, CheckoutQuote, Order } from "../../api/types";
import type { components } from "../../api/schema";
import { useAuth } from "../../app/auth";
import { useCart } from "../../app/cart";
import { QueryView, useQuery } from "../../app/query";
import { withCarrierNames } from "../../lib/carriers";
import { COUNTRY_OPTIONS, countryRule, validateAddress } from "../../lib/countries";
import { EMAIL_RE, formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { Alert, Button, Card, EmptyState, Form, Icon, LinkButton, PageHeader, Select, SkeletonRows, SubmitButton, TextField, useTitle, type FormValues } from "../../ui";
import { CartTotals } from "./Cart";
import { needsPaymentDocument, paymentSecretKey } from "./payment";
import { AddressSummary, OrderBody } from "../../orders/OrderBody";

// Stripe's packages load only when a card payment is due: with the manual provider the browser
// never fetches them.
const StripePayment = lazy(() => import("./StripePayment"));

type ShippingAddress = components["schemas"]["OrderAddress"];
type PaymentConfig = components["schemas"]["PayConfigOutputBody"];

/** The marketplace's payment provider: "stripe" (with its publishable key) or "manual". */
export function usePaymentConfig() {
  return useQuery<PaymentConfig>(() => unwrap(api.GET("/api/v1/payments/config")), []);
}

/** A placed order waiting for its card payment (kept in this tab to pay again after a failure). */
export interface PendingPayment {
  orderId: string;
  number: string;
  clientSecret: string;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
}

export function pendingPaymentOf(o: Order): PendingPayment | null {
  if (o.payment.provider !== "stripe" || !o.payment.client_secret) return null;
  return { orderId: o.id, number: o.number, clientSecret: o.payment.client_secret, currency: o.currency, subtotal: o.subtotal, shipping: o.shipping_total, tax: o.tax_total, taxInclusive: o.tax_inclusive, total: o.total };
}

/** The pending payment of an order placed earlier in this tab, or null. */
export function savedPayment(orderId: string | null): PendingPayment | null {
  if (!orderId) return null;
  try {
    const p = JSON.parse(sessionStorage.getItem(paymentSecretKey(orderId)) ?? "null") as PendingPayment | null;
    return p && p.orderId === orderId && p.clientSecret ? p : null;
  } catch {
    return null;
  }
}

interface Delivery {
  email?: string;
  addressId?: string;
  address?: ShippingAddress;
}

/** Body of a quote: address and shipping choices only (never a price, total or currency). */
export function quoteBody(d: Delivery, shipping: Record<string, string>) {
  return {
    ...(d.addressId ? { address_id: d.addressId } : { shipping_address: d.address }),
    shipping: Object.entries(shipping).map(([vendor_id, rate_id]) => ({ vendor_id, rate_id })),
  };
}

/** Body of the checkout: the quote's plus the guest's email. */
export function checkoutBody(d: Delivery, shipping: Record<string, string>) {
  return { ...(d.email ? { email: d.email } : {}), ...quoteBody(d, shipping) };
}

/**
 * One Idempotency-Key per checkout attempt: the same body keeps its key (a retry after a
 * network error can't create a second order); a changed body is a new attempt with a new key.
 */
export function useIdempotencyKey(newKey: () => string = () => crypto.randomUUID()) {
  const ref = useRef<{ body: string; key: string } | null>(null);
  return (body: unknown) => {
    const s = JSON.stringify(body);
    if (!ref.current || ref.current.body !== s) ref.current = { body: s, key: newKey() };
    return ref.current.key;
  };
}

function addressFrom(v: FormValues): ShippingAddress {
  const t = (s?: string) => (s ?? "").trim();
  return { name: t(v.name), company: t(v.company) || undefined, line1: t(v.line1), line2: t(v.line2) || undefined, city: t(v.city), region: t(v.region) || undefined, postal_code: t(v.postal_code) || undefined, country: v.country ?? "", phone: t(v.phone) || undefined };
}

function AddressFields({ initialCountry = "US" }: { initialCountry?: string }) {
  const [country, setCountry] = useState(initialCountry);
  const rule = countryRule(country);
  return (
    <div className="stack">
      <TextField label="Full name" name="name" autoComplete="shipping name" required />
      <TextField label="Street address" name="line1" autoComplete="shipping address-line1" required />
      <TextField label="Apartment, suite, etc." name="line2" autoComplete="shipping address-line2" optional />
      <div className="grid-3">
        <TextField label="City" name="city" autoComplete="shipping address-level2" required />
        {rule.regions ? (
          <Select key={`r-${rule.code}`} label={rule.regionLabel} name="region" defaultValue="" placeholder="Choose…" options={rule.regions} autoComplete="shipping address-level1" required={rule.regionRequired} />
        ) : (
          <TextField key={`r-${rule.code}`} label={rule.regionLabel} name="region" autoComplete="shipping address-level1" optional={!rule.regionRequired} />
        )}
        {rule.postal && <TextField key={`p-${rule.code}`} label={rule.postal.label} name="postal_code" autoComplete="shipping postal-code" optional={!rule.postal.required} />}
      </div>
      <div className="grid-2">
        <Select label="Country or region" name="country" value={country} onChange={(e) => setCountry(e.target.value)} options={COUNTRY_OPTIONS} autoComplete="shipping country" required />
        <TextField label="Phone" name="phone" type="tel" autoComplete="shipping tel" optional hint="For delivery questions only." />
      </div>
    </div>
  );
}

export function CheckoutPage() {
  useTitle("Checkout");
  const { user } = useAuth();
  const { cart, refresh } = useCart();
  const navigate = useNavigate();
  const keyFor = useIdempotencyKey();
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [quote, setQuote] = useState<CheckoutQuote | null>(null);
  const [shipping, setShipping] = useState<Record<string, string>>({});
  const [quoting, setQuoting] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [useSaved, setUseSaved] = useState<string>("");
  const [search] = useSearchParams();
  const payConfig = usePaymentConfig();
  const stripe = payConfig.data?.provider === "stripe";
  // "?pay=<order id>": pay again for an order whose card payment failed after a redirect.
  const [payment, setPayment] = useState<PendingPayment | null>(() => savedPayment(search.get("pay")));
  const reloading = stripe && needsPaymentDocument();
  useEffect(() => {
    // Stripe.js is allowed only by the policy served with a payment page's own document.
    if (reloading) window.location.replace(window.location.href);
  }, [reloading]);
  const addresses = useQuery<Address[]>(async () => (user ? ((await unwrap(api.GET("/api/v1/me/addresses"))).items ?? []).filter((a) => a.kind === "shipping") : []), [user?.id]);
  const saved = addresses.data ?? [];

  useEffect(() => {
    const def = saved.find((a) => a.is_default) ?? saved[0];
    if (def && !useSaved) setUseSaved(def.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved.length]);

  async function requote(d: Delivery, ship: Record<string, string>) {
    setQuoting(true);
    setError(null);
    try {
      const q = await unwrap(api.POST("/api/v1/checkout/quote", { body: quoteBody(d, ship) }));
      setQuote(q);
      // Keep the buyer's choices; default to the option the server picked (cheapest).
      const next: Record<string, string> = {};
      for (const v of q.vendors ?? []) next[v.vendor_id] = ship[v.vendor_id] ?? v.shipping.rate_id;
      setShipping(next);
      return q;
    } finally {
      setQuoting(false);
    }
  }

  async function place() {
    if (!delivery || !quote) return;
    const body = checkoutBody(delivery, shipping);
    setPlacing(true);
    setError(null);
    try {
      const res = await unwrap(api.POST("/api/v1/checkout", { body, params: { header: { "Idempotency-Key": keyFor(body) } } }));
      if (res.order_token) sessionStorage.setItem(`order-token:${res.order.id}`, res.order_token);
      const due = pendingPaymentOf(res.order);
      if (due) {
        // The order is placed and holds its stock; it is paid once Stripe's webhook says so.
        sessionStorage.setItem(paymentSecretKey(due.orderId), JSON.stringify(due));
        setPayment(due);
        setPlacing(false);
        void refresh();
        return;
      }
      await refresh();
      navigate(`/orders/${res.order.id}/confirmation`, { state: { order: res.order }, replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: "Couldn't place your order" }));
      setPlacing(false);
    }
  }

  if (payment) {
    return (
      <PaymentStep
        payment={payment}
        publishableKey={payConfig.data?.publishable_key}
        configLoading={payConfig.loading && !payConfig.data}
        onSubmitted={() => navigate(`/orders/${payment.orderId}/confirmation`, { replace: true })}
      />
    );
  }
  if (cart === undefined || reloading || (payConfig.loading && !payConfig.data && !payConfig.error)) return <div className="container"><SkeletonRows rows={6} /></div>;
  if (!cart || cart.item_count === 0) {
    return (
      <div className="container container-mid">
        <h1>Checkout</h1>
        <Card>
          <EmptyState icon={<Icon name="cart" />} title="Your cart is empty" action={<LinkButton to="/search">Find something you like</LinkButton>} />
        </Card>
      </div>
    );
  }

  return (
    <div className="container">
      <PageHeader title="Checkout" description={user ? `Signed in as ${user.email}` : <>Checking out as a guest. <Link to="/sign-in?next=/checkout">Sign in</Link> to use saved addresses.</>} />
      <div className="two-col">
        <div className="stack">
          <Card title="1. Delivery">
            {delivery && quote ? (
              <div className="row-between" style={{ alignItems: "flex-start" }}>
                <div className="stack-sm">
                  {delivery.email && <div>{delivery.email}</div>}
                  {delivery.address ? <AddressSummary a={delivery.address} /> : (() => {
                    const a = saved.find((x) => x.id === delivery.addressId);
                    return a ? <AddressSummary a={a} /> : null;
                  })()}
                </div>
                <Button variant="secondary" size="sm" onClick={() => { setDelivery(null); setQuote(null); }}>
                  Change
                </Button>
              </div>
            ) : (
              <Form
                aria-label="Delivery"
                onSubmit={async (v) => {
                  const d: Delivery = {};
                  const errors: Record<string, string> = {};
                  if (!user) {
                    if (!EMAIL_RE.test((v.email ?? "").trim())) errors.email = "Enter the email for your receipt and tracking.";
                    d.email = (v.email ?? "").trim();
                  }
                  if (user && useSaved && useSaved !== "new") d.addressId = useSaved;
                  else {
                    Object.assign(errors, validateAddress(v));
                    d.address = addressFrom(v);
                  }
                  if (Object.keys(errors).length) throw validationError(errors);
                  await requote(d, {});
                  setDelivery(d);
                }}
              >
                <div className="stack">
                  {!user && <TextField label="Email" name="email" type="email" autoComplete="email" required hint="We'll send your receipt and tracking here." />}
                  {saved.length > 0 && (
                    <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack-sm">
                      <legend className="label">Ship to</legend>
                      {saved.map((a) => (
                        <label key={a.id} className="radio-card">
                          <input type="radio" name="saved" value={a.id} checked={useSaved === a.id} onChange={() => setUseSaved(a.id)} />
                          <AddressSummary a={a} />
                        </label>
                      ))}
                      <label className="radio-card">
                        <input type="radio" name="saved" value="new" checked={useSaved === "new"} onChange={() => setUseSaved("new")} />
                        <span>A new address</span>
                      </label>
                    </fieldset>
                  )}
                  {(saved.length === 0 || useSaved === "new") && <AddressFields />}
                </div>
                <div className="form-actions">
                  <SubmitButton>Continue to shipping</SubmitButton>
                </div>
              </Form>
            )}
          </Card>

          {quote && delivery && (
            <Card title="2. Shipping and review">
              <div className="stack">
                {(quote.vendors ?? []).map((v) => (
                  <section key={v.vendor_id} className="stack-sm" aria-labelledby={`v-${v.vendor_id}`}>
                    <h3 id={`v-${v.vendor_id}`} style={{ margin: 0 }}>{v.vendor_name}</h3>
                    <ul className="small" style={{ margin: 0, paddingLeft: 18 }}>
                      {(v.lines ?? []).map((l) => (
                        <li key={l.line_id}>
                          {l.quantity} × {l.product_title}
                          {l.variant_title ? ` (${l.variant_title})` : ""} — {formatMoney(l.subtotal, quote.currency)}
                        </li>
                      ))}
                    </ul>
                    <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack-sm">
                      <legend className="label">Shipping from {v.vendor_name}</legend>
                      {(v.shipping_options ?? [v.shipping]).map((o) => (
                        <label key={o.rate_id} className="radio-card">
                          <input
                            type="radio"
                            name={`ship-${v.vendor_id}`}
                            value={o.rate_id}
                            checked={(shipping[v.vendor_id] ?? v.shipping.rate_id) === o.rate_id}
                            disabled={quoting || placing}
                            onChange={() => {
                              const next = { ...shipping, [v.vendor_id]: o.rate_id };
                              setShipping(next);
                              void requote(delivery, next).catch((e: unknown) => setError(e instanceof ApiError ? e : null));
                            }}
                          />
                          <span style={{ flex: 1 }}>
                            <strong>{o.name}</strong>
                            <span className="small muted" style={{ display: "block" }}>
                              {o.min_days === o.max_days ? `${o.max_days} business days` : `${o.min_days}–${o.max_days} business days`}
                            </span>
                          </span>
                          <strong>{o.amount === 0 ? "Free" : formatMoney(o.amount, o.currency || quote.currency)}</strong>
                        </label>
                      ))}
                    </fieldset>
                    {v.return_window_days > 0 && <p className="small muted" style={{ margin: 0 }}>Returns accepted within {v.return_window_days} days of delivery.</p>}
                  </section>
                ))}
              </div>
            </Card>
          )}
        </div>
        <Card title="Order summary">
          <div className="stack" aria-live="polite" aria-busy={quoting}>
            <CartTotals
              currency={quote?.currency ?? cart.currency}
              subtotal={quote?.subtotal ?? cart.subtotal}
              shipping={quote ? quote.shipping_total : null}
              tax={quote ? quote.tax_total : null}
              taxInclusive={quote?.tax_inclusive}
              total={quote ? quote.total : null}
              itemCount={cart.item_count}
            />
            {error && (
              <Alert kind="error" title="We couldn't place your order">
                {error.summary}
                {error.errors.length > 0 && (
                  <ul>
                    {error.errors.map((e, i) => (
                      <li key={i}>{e.message}</li>
                    ))}
                  </ul>
                )}
              </Alert>
            )}
            {stripe ? (
              <p className="small muted" style={{ margin: 0 }}>Payment: card and other methods through Stripe, on the next step. We keep your items for you while you pay.</p>
            ) : (
              <p className="small muted" style={{ margin: 0 }}>Payment: bank transfer or cash on delivery. You'll get payment instructions after placing the order.</p>
            )}
            <Button block size="lg" disabled={!quote || quoting} loading={placing} onClick={() => void place()}>
              {stripe ? "Continue to payment" : "Place order"}
            </Button>
          </div>
        </Card>
      </div>
    </div>
  );
}

/** The card payment of a placed order: Stripe's Payment Element and the order's totals. */
function PaymentStep({ payment, publishableKey, configLoading, onSubmitted }: { payment: PendingPayment; publishableKey?: string; configLoading: boolean; onSubmitted(): void }) {
  const total = formatMoney(payment.total, payment.currency);
  return (
    <div className="container">
      <PageHeader title="Checkout" description={`Order ${payment.number} is placed. Pay ${total} to confirm it.`} />
      <div className="two-col">
        <Card title="3. Payment">
          {publishableKey ? (
            <Suspense fallback={<SkeletonRows rows={3} />}>
              <StripePayment
                publishableKey={publishableKey}
                clientSecret={payment.clientSecret}
                returnUrl={`${window.location.origin}/orders/${payment.orderId}/confirmation`}
                payLabel={`Pay ${total}`}
                onSubmitted={onSubmitted}
              />
            </Suspense>
          ) : configLoading ? (
            <SkeletonRows rows={3} />
          ) : (
            <Alert kind="error" title="Card payments aren't available right now">
              Your order is saved and nothing was charged. Reload the page to try again.
            </Alert>
          )}
        </Card>
        <Card title="Order summary">
          <CartTotals currency={payment.currency} subtotal={payment.subtotal} shipping={payment.shipping} tax={payment.tax} taxInclusive={payment.taxInclusive} total={payment.total} />
        </Card>
      </div>
    </div>
  );
}

/** Reads an order: the account's, or a guest's with the token saved at checkout. */
export async function loadOrder(id: string): Promise<Order> {
  const token = sessionStorage.getItem(`order-token:${id}`);
  if (token) return unwrap(api.GET("/api/v1/orders/guest/{order_id}", { params: { path: { order_id: id }, header: { "X-Order-Token": token } } }));
  return unwrap(api.GET("/api/v1/me/orders/{order_id}", { params: { path: { order_id: id } } }));
}

/**
 * The order checkout hands over in the router state, used once: the state is then cleared,
 * because browsers keep history.state across reloads and a reloaded confirmation page would
 * otherwise keep showing the order as placed (no payment, no tracking) instead of fetching it.
 */
export function useHandedOverOrder(id: string): Order | undefined {
  const loc = useLocation();
  const navigate = useNavigate();
  const [initial] = useState(() => {
    const o = (loc.state as { order?: Order } | null)?.order;
    return o && o.id === id ? o : undefined;
  });
  useEffect(() => {
    if ((loc.state as { order?: Order } | null)?.order) navigate({ pathname: loc.pathname, search: loc.search, hash: loc.hash }, { replace: true, state: null });
  }, [loc, navigate]);
  return initial;
}

/**
 * Re-reads a card-paid order while its payment is pending: the order becomes paid only when
 * Stripe's webhook reaches our API, usually within seconds of the buyer paying. Returns whether
 * it gave up (after pollFor) with the payment still pending.
 */
export function usePaymentPolling(id: string, order: Order | undefined, setOrder: (o: Order) => void, enabled: boolean, pollMs: number, pollFor: number): boolean {
  const [gaveUp, setGaveUp] = useState(false);
  const polling = enabled && order?.payment.provider === "stripe" && order.payment.status === "pending";
  useEffect(() => {
    if (!polling) return;
    const until = Date.now() + pollFor;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (Date.now() >= until) {
        setGaveUp(true);
        return;
      }
      try {
        const o = await loadOrder(id);
        if (!live) return;
        setOrder(o);
        if (o.payment.status !== "pending") return;
      } catch {
        // A failed read is retried on the next tick.
      }
      if (live) timer = setTimeout(() => void tick(), pollMs);
    };
    timer = setTimeout(() => void tick(), pollMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [polling, id, pollMs, pollFor]);
  return polling && gaveUp;
}

/** What the buyer reads about a card payment, from the order as our API has it. */
function CardPaymentStatus({ order: o, failedRedirect, gaveUp }: { order: Order; failedRedirect: boolean; gaveUp: boolean }) {
  const amount = formatMoney(o.payment.amount || o.total, o.currency);
  if (o.payment.status === "cancelled") {
    return (
      <Alert kind="warning" title="Order cancelled">
        The payment wasn't completed in time, so the order was cancelled and its items released. You haven't been charged.
      </Alert>
    );
  }
  if (o.payment.status !== "pending") {
    return (
      <Alert kind="success" title="Payment confirmed">
        We received your payment of {amount}.
      </Alert>
    );
  }
  if (failedRedirect) {
    const retry = savedPayment(o.id);
    return (
      <Alert kind="error" title="Payment failed">
        <p style={{ margin: 0 }}>Your payment of {amount} didn't go through and you haven't been charged. Your order is kept for a little while.</p>
        {retry && <LinkButton to={`/checkout?pay=${encodeURIComponent(o.id)}`}>Try paying again</LinkButton>}
      </Alert>
    );
  }
  return (
    <Alert kind="info" title="Payment processing">
      {gaveUp
        ? "Confirming your payment is taking longer than usual. We'll email you as soon as it's confirmed; you don't need to pay again."
        : `We're waiting for confirmation of your payment of ${amount}. This page updates by itself.`}
    </Alert>
  );
}

export function OrderConfirmation({ pollMs = 2000, pollFor = 60_000 }: { pollMs?: number; pollFor?: number } = {}) {
  useTitle("Order confirmation");
  const { id = "" } = useParams();
  const { user } = useAuth();
  const initial = useHandedOverOrder(id);
  const [search, setSearch] = useSearchParams();
  // Stripe appends redirect_status (and the intent's ids) when it returns the buyer here. Only
  // "failed" is used, to explain a pending order; whether it is paid is read from our API.
  const [failedRedirect] = useState(() => search.get("redirect_status") === "failed");
  useEffect(() => {
    if (search.has("payment_intent_client_secret")) setSearch({}, { replace: true });
  }, [search, setSearch]);
  const q = useQuery(() => (initial ? Promise.resolve(initial) : loadOrder(id)), [id]);
  const carriers = useQuery(() => unwrap(api.GET("/api/v1/carriers")), []);
  const gaveUp = usePaymentPolling(id, q.data, q.setData, !failedRedirect, pollMs, pollFor);
  const paid = q.data?.payment.provider === "stripe" && q.data.payment.status !== "pending";
  useEffect(() => {
    if (paid) sessionStorage.removeItem(paymentSecretKey(id));
  }, [paid, id]);
  return (
    <div className="container" style={{ maxWidth: 1000 }}>
      <QueryView query={q}>
        {(o) => (
          <div className="stack">
            {o.payment.provider !== "stripe" || (o.payment.status !== "cancelled" && !(failedRedirect && o.payment.status === "pending")) ? (
              <Alert kind="success" title={`Thank you! Order ${o.number} is placed.`}>
                We've emailed a confirmation to <strong>{o.email}</strong>.
              </Alert>
            ) : null}
            {o.payment.provider === "stripe" && <CardPaymentStatus order={o} failedRedirect={failedRedirect} gaveUp={gaveUp} />}
            {o.payment.provider !== "stripe" && o.payment.status === "pending" && (
              <Card title="How to pay">
                <p style={{ whiteSpace: "pre-line", margin: 0 }}>{o.payment.instructions || "The seller will contact you about payment."}</p>
                {o.pay_by && <p className="small muted">Please pay by {formatDate(o.pay_by, true)}, or the order is cancelled and the items released.</p>}
              </Card>
            )}
            <OrderBody order={withCarrierNames(o, carriers.data?.carriers)} />
            <div className="row">
              <LinkButton to="/search">Continue shopping</LinkButton>
              {user && <LinkButton variant="secondary" to={`/account/orders/${o.id}`}>View order</LinkButton>}
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
