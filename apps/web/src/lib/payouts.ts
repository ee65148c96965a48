// How the operator console names a seller's payout (Stripe Connect) account.

export interface PayoutAccountLike {
  connected: boolean;
  ready: boolean;
  deauthorized: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  currently_due: string[] | null;
  disabled_reason?: string;
}

export type PayoutAccountState = "ready" | "restricted" | "disconnected" | "not_connected";

/**
 * ready: the seller can sell; restricted: Stripe wants something before charges or payouts
 * work; disconnected: the seller revoked the platform's access; not_connected: onboarding was
 * never finished far enough for Stripe to report an account.
 */
export function payoutAccountState(a: PayoutAccountLike): PayoutAccountState {
  if (a.deauthorized) return "disconnected";
  if (!a.connected) return "not_connected";
  return a.ready ? "ready" : "restricted";
}

/** Why an account is not ready, in words: what Stripe still needs and what is switched off. */
export function payoutRequirements(a: PayoutAccountLike): string[] {
  const out: string[] = [];
  if (a.deauthorized) return ["The seller disconnected their Stripe account from the marketplace."];
  if (a.disabled_reason) out.push(`Disabled: ${humanizeStripeCode(a.disabled_reason)}`);
  const due = a.currently_due ?? [];
  if (due.length) out.push(`Currently due: ${due.map(humanizeStripeCode).join(", ")}`);
  if (a.connected && !a.details_submitted) out.push("Onboarding details not submitted");
  if (a.connected && !a.charges_enabled) out.push("Charges not enabled");
  if (a.connected && !a.payouts_enabled) out.push("Payouts not enabled");
  return out;
}

/** "requirements.past_due" → "requirements past due"; "individual.id_number" → "individual id number". */
export function humanizeStripeCode(code: string): string {
  return code.replace(/[._]+/g, " ").trim();
}
