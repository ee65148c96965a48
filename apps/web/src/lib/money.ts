// Money is always an integer amount of minor units (cents) plus an ISO 4217 currency.
// Arithmetic stays on integers; only formatting divides, and it does so with Intl.

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits of a currency (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  const c = (currency || "USD").toUpperCase();
  let d = digitsCache.get(c);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat("en", { style: "currency", currency: c }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(c, d);
  }
  return d;
}

/** Formats integer minor units as money, e.g. (129900, "USD") → "$1,299.00". */
export function formatMoney(minor: number | null | undefined, currency: string, locale?: string): string {
  if (minor == null || !Number.isFinite(minor)) return "—";
  const c = (currency || "USD").toUpperCase();
  const digits = currencyDigits(c);
  // Build the decimal string from the integer so no binary fraction is ever involved.
  const neg = minor < 0;
  const abs = Math.abs(Math.trunc(minor)).toString().padStart(digits + 1, "0");
  const whole = digits ? abs.slice(0, -digits) : abs;
  const frac = digits ? abs.slice(-digits) : "";
  const dec = `${neg ? "-" : ""}${whole}${digits ? "." + frac : ""}`;
  try {
    // Intl accepts decimal strings ("1299.00") exactly.
    return new Intl.NumberFormat(locale, { style: "currency", currency: c }).format(dec as unknown as number);
  } catch {
    return `${dec} ${c}`;
  }
}

/** A price range "$10.00 – $20.00", or one price when equal. */
export function formatPriceRange(min: number | null | undefined, max: number | null | undefined, currency: string): string {
  if (min == null) return "—";
  if (max == null || max === min) return formatMoney(min, currency);
  return `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}

/**
 * Parses what a seller typed ("12", "12.5", "1,299.99") into integer minor units without
 * floating point; null when it is not a valid non-negative amount for the currency.
 */
export function parseMoney(input: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const s = input.trim().replace(/[\s,_]/g, "");
  if (!s) return null;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > digits) return null;
  const minor = Number(m[1] + frac.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units → the plain decimal a money input shows ("1299.00"). */
export function minorToInput(minor: number | null | undefined, currency: string): string {
  if (minor == null) return "";
  const digits = currencyDigits(currency);
  const abs = Math.abs(minor).toString().padStart(digits + 1, "0");
  return digits ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
}

/** Sum of integer amounts. */
export function sumMinor(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
