import { useEffect, useState, type FormEvent } from "react";
// The pure entry point inserts Stripe.js only when loadStripe is called: pages that never take
// a card payment (every page with the manual provider) load nothing from Stripe.
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { Alert, Button, SkeletonRows } from "../../ui";

let loaded: { key: string; stripe: Promise<Stripe | null> } | null = null;

/** Loads Stripe.js once per publishable key. */
export function stripeFor(publishableKey: string): Promise<Stripe | null> {
  if (!loaded || loaded.key !== publishableKey) {
    const stripe = loadStripe(publishableKey);
    // A failed load (offline, blocked) is not cached: the next attempt loads again.
    stripe.catch(() => {
      if (loaded?.stripe === stripe) loaded = null;
    });
    loaded = { key: publishableKey, stripe };
  }
  return loaded.stripe;
}

export interface StripePaymentProps {
  publishableKey: string;
  /** The order's PaymentIntent client secret, from the checkout response. */
  clientSecret: string;
  /** Absolute URL of the order confirmation page; Stripe returns there after a redirect. */
  returnUrl: string;
  /** The pay button's label, such as "Pay $24.50". */
  payLabel: string;
  /** The payment was submitted without a redirect; the order's status comes from our API. */
  onSubmitted(): void;
}

/**
 * Stripe's Payment Element for an order placed at checkout. Card data goes from Stripe's iframe
 * straight to Stripe; our servers see only the PaymentIntent, and the order becomes paid only
 * when Stripe's webhook says so, never because this page said it was.
 */
export default function StripePayment({ publishableKey, clientSecret, ...form }: StripePaymentProps) {
  const [stripe, setStripe] = useState<Stripe | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setFailed(false);
    stripeFor(publishableKey).then(
      (s) => {
        if (!live) return;
        if (s) setStripe(s);
        else setFailed(true);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [publishableKey, attempt]);

  if (failed) {
    return (
      <Alert kind="error" title="The payment form didn't load">
        <p style={{ margin: 0 }}>Check your connection, then try again. Your order is saved and nothing was charged.</p>
        <Button variant="secondary" size="sm" onClick={() => setAttempt((a) => a + 1)}>
          Try again
        </Button>
      </Alert>
    );
  }
  if (!stripe) return <SkeletonRows rows={3} />;
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <PaymentForm {...form} />
    </Elements>
  );
}

function PaymentForm({ returnUrl, payLabel, onSubmitted }: Omit<StripePaymentProps, "publishableKey" | "clientSecret">) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    try {
      // Cards without authentication settle here; 3-D Secure and bank redirects come back to
      // returnUrl, whose page reads the order from our API.
      const { error: failure } = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl }, redirect: "if_required" });
      if (failure) {
        setError(failure.message || "Your payment couldn't be processed. Try another payment method.");
        setBusy(false);
        return;
      }
    } catch {
      setError("We couldn't reach the payment service. Check your connection and try again.");
      setBusy(false);
      return;
    }
    onSubmitted();
  }

  return (
    <form aria-label="Payment" onSubmit={(e) => void submit(e)} className="stack">
      <PaymentElement />
      {error && (
        <Alert kind="error" title="Payment failed">
          {error}
        </Alert>
      )}
      <Button type="submit" block size="lg" disabled={!stripe || !elements} loading={busy}>
        {payLabel}
      </Button>
      <p className="small muted" style={{ margin: 0 }}>
        Card details go straight to our payment processor, Stripe; this marketplace never sees them.
      </p>
    </form>
  );
}
