// The shipping-profile editor keeps what the seller types as strings and turns it into the API's
// body only on save: money through parseMoney (integer minor units, never floats), grams and
// kilometres as whole numbers. Error keys are the API's problem locations without "body."
// ("zones[0].rates[1].amount"), so client checks and server problems land on the same fields.
import type { components } from "../../api/schema";
import { formatMoney, minorToInput, parseMoney } from "../../lib/money";

type S = components["schemas"];
export type ShippingProfile = S["ShippingProfile"];
export type ShippingProfileInput = S["ShippingProfileInput"];
export type ShippingRate = S["ShippingRate"];
export type ShippingBand = S["ShippingBand"];
export type RateKind = ShippingRate["kind"];

export const RATE_KINDS: { value: RateKind; label: string }[] = [
  { value: "flat", label: "Flat price" },
  { value: "weight", label: "By parcel weight" },
  { value: "value", label: "By order value" },
  { value: "distance", label: "By distance" },
];

export interface BandDraft {
  /** weight: grams; distance: km ("up to"); value: the order value it starts from (money) */
  limit: string;
  amount: string;
}

export interface RateDraft {
  id: string;
  name: string;
  kind: RateKind;
  amount: string;
  bands: BandDraft[];
  freeOver: string;
  minDays: string;
  maxDays: string;
}

export interface ZoneDraft {
  name: string;
  everywhere: boolean;
  countries: string[];
  /** comma separated */
  regions: string;
  /** comma separated glob patterns */
  postcodes: string;
  rates: RateDraft[];
}

export interface ProfileDraft {
  name: string;
  isDefault: boolean;
  shipFromCountry: string;
  lat: string;
  lon: string;
  returnWindowDays: string;
  currency: string;
  zones: ZoneDraft[];
}

export const RATE_ID_RE = /^[a-z0-9_-]+$/;

/** A rate id suggestion from its name: "Express (24h)" → "express-24h". */
export function rateIdFrom(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function emptyRate(kind: RateKind = "flat", name = "Standard"): RateDraft {
  return { id: rateIdFrom(name), name, kind, amount: "", bands: kind === "flat" ? [] : [{ limit: "", amount: "" }], freeOver: "", minDays: "2", maxDays: "5" };
}

export function emptyZone(country = ""): ZoneDraft {
  return { name: country ? "Domestic" : "", everywhere: false, countries: country ? [country] : [], regions: "", postcodes: "", rates: [emptyRate()] };
}

export function emptyProfile(country = "US", currency = "USD"): ProfileDraft {
  return { name: "Standard shipping", isDefault: false, shipFromCountry: country, lat: "", lon: "", returnWindowDays: "30", currency, zones: [emptyZone(country)] };
}

const list = (v: readonly string[] | null | undefined) => (v ?? []).join(", ");
const split = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** The editor's draft of a saved profile. */
export function profileToDraft(p: ShippingProfile): ProfileDraft {
  const cur = p.currency;
  return {
    name: p.name,
    isDefault: p.is_default,
    shipFromCountry: p.ship_from_country,
    lat: p.ship_from_lat == null ? "" : String(p.ship_from_lat),
    lon: p.ship_from_lon == null ? "" : String(p.ship_from_lon),
    returnWindowDays: String(p.return_window_days),
    currency: cur,
    zones: (p.zones ?? []).map((z) => {
      const countries = z.countries ?? [];
      return {
        name: z.name,
        everywhere: countries.includes("*"),
        countries: countries.filter((c) => c !== "*"),
        regions: list(z.regions),
        postcodes: list(z.postcodes),
        rates: (z.rates ?? []).map((r) => ({
          id: r.id,
          name: r.name,
          kind: r.kind,
          amount: r.kind === "flat" ? minorToInput(r.amount ?? 0, cur) : "",
          bands: (r.bands ?? []).map((b) => ({
            limit: r.kind === "value" ? minorToInput(b.from ?? 0, cur) : String(b.up_to ?? 0),
            amount: minorToInput(b.amount, cur),
          })),
          freeOver: r.free_over == null ? "" : minorToInput(r.free_over, cur),
          minDays: String(r.min_days),
          maxDays: String(r.max_days),
        })),
      };
    }),
  };
}

const INT_RE = /^\d+$/;
const COORD_RE = /^-?\d{1,3}(\.\d+)?$/;

function days(v: string): number | null {
  const s = v.trim();
  if (!INT_RE.test(s)) return null;
  const n = Number(s);
  return n <= 365 ? n : null;
}

/** Shapes of glob patterns path.Match accepts: brackets must close. */
function badPattern(p: string): boolean {
  let open = false;
  for (const ch of p) {
    if (ch === "[") {
      if (open) return true;
      open = true;
    } else if (ch === "]") {
      if (!open) return true;
      open = false;
    }
  }
  return open;
}

export type DraftResult = { body: ShippingProfileInput; errors: null } | { body: null; errors: Record<string, string> };

/** Validates the draft and builds the PUT/POST body, or returns field errors keyed like the API's. */
export function draftToBody(d: ProfileDraft): DraftResult {
  const errors: Record<string, string> = {};
  const currency = d.currency.trim().toUpperCase();
  if (!d.name.trim()) errors.name = "Give the profile a name.";
  if (!/^[A-Z]{2}$/.test(d.shipFromCountry)) errors.ship_from_country = "Choose the country you ship from.";
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = "Use a 3-letter currency code, like USD.";
  const money = (v: string) => parseMoney(v, currency || "USD");

  let lat: number | undefined;
  let lon: number | undefined;
  const latS = d.lat.trim();
  const lonS = d.lon.trim();
  if (latS || lonS) {
    if (!COORD_RE.test(latS) || Math.abs(Number(latS)) > 90) errors.ship_from_lat = "Enter a latitude between -90 and 90, like 40.7128.";
    else lat = Number(latS);
    if (!COORD_RE.test(lonS) || Math.abs(Number(lonS)) > 180) errors.ship_from_lon = "Enter a longitude between -180 and 180, like -74.006.";
    else lon = Number(lonS);
  }

  let window: number | undefined;
  if (d.returnWindowDays.trim()) {
    const n = days(d.returnWindowDays);
    if (n == null) errors.return_window_days = "Enter 0 to 365 days.";
    else window = n;
  }

  const zones: S["ShippingZone"][] = d.zones.map((z, zi) => {
    const zk = `zones[${zi}]`;
    if (!z.name.trim()) errors[`${zk}.name`] = "Name the zone, like Domestic.";
    const countries = z.everywhere ? ["*"] : z.countries;
    if (countries.length === 0) errors[`${zk}.countries`] = "Choose at least one country, or everywhere.";
    const postcodes = split(z.postcodes).map((p) => p.toUpperCase());
    const bad = postcodes.find(badPattern);
    if (bad) errors[`${zk}.postcodes`] = `Pattern ${bad} has an unclosed bracket.`;
    if (z.rates.length === 0) errors[`${zk}.rates`] = "Add at least one rate.";
    const seen = new Set<string>();
    const rates = z.rates.map((r, ri): ShippingRate => {
      const rk = `${zk}.rates[${ri}]`;
      const id = r.id.trim();
      if (!RATE_ID_RE.test(id)) errors[`${rk}.id`] = "Use lowercase letters, digits, - and _.";
      else if (seen.has(id)) errors[`${rk}.id`] = "Another rate in this zone has this id.";
      seen.add(id);
      if (!r.name.trim()) errors[`${rk}.name`] = "Name the rate, like Standard.";
      const minDays = days(r.minDays);
      const maxDays = days(r.maxDays);
      if (minDays == null) errors[`${rk}.min_days`] = "Enter 0 to 365 days.";
      if (maxDays == null) errors[`${rk}.max_days`] = "Enter 0 to 365 days.";
      else if (minDays != null && maxDays < minDays) errors[`${rk}.max_days`] = "Must be at least the minimum.";
      const out: ShippingRate = { id, name: r.name.trim(), kind: r.kind, min_days: minDays ?? 0, max_days: maxDays ?? 0 };
      if (r.kind === "flat") {
        const a = money(r.amount);
        if (a == null) errors[`${rk}.amount`] = "Enter a price like 4.99 (0 for free).";
        else out.amount = a;
      } else {
        if (r.bands.length === 0) errors[`${rk}.bands`] = `Add at least one band.`;
        const limits = new Set<string>();
        out.bands = r.bands.map((b, bi) => {
          const bk = `${rk}.bands[${bi}]`;
          const band: ShippingBand = { amount: 0 };
          const a = money(b.amount);
          if (a == null) errors[`${bk}.amount`] = "Enter a price like 4.99.";
          else band.amount = a;
          if (r.kind === "value") {
            const from = money(b.limit || "0");
            if (from == null) errors[`${bk}.from`] = "Enter an order value like 50.00.";
            else {
              band.from = from;
              if (limits.has(String(from))) errors[`${bk}.from`] = "Another band starts at this value.";
              limits.add(String(from));
            }
          } else {
            const s = b.limit.trim();
            const unit = r.kind === "weight" ? "grams" : "km";
            if (!INT_RE.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s))) errors[`${bk}.up_to`] = `Enter whole ${unit}, 1 or more.`;
            else {
              band.up_to = Number(s);
              if (limits.has(s)) errors[`${bk}.up_to`] = "Another band ends here.";
              limits.add(s);
            }
          }
          return band;
        });
        if (r.kind === "distance" && !latS && !lonS) errors[`${rk}.kind`] = "Distance rates need the ship-from coordinates.";
      }
      if (r.freeOver.trim()) {
        const f = money(r.freeOver);
        if (f == null) errors[`${rk}.free_over`] = "Enter an order value like 50.00.";
        else out.free_over = f;
      }
      return out;
    });
    const zone: S["ShippingZone"] = { name: z.name.trim(), countries, rates };
    const regions = split(z.regions);
    if (regions.length) zone.regions = regions;
    if (postcodes.length) zone.postcodes = postcodes;
    return zone;
  });

  if (Object.keys(errors).length) return { body: null, errors };
  const body: ShippingProfileInput = { name: d.name.trim(), ship_from_country: d.shipFromCountry, currency, zones };
  if (d.isDefault) body.is_default = true;
  if (lat != null && lon != null) {
    body.ship_from_lat = lat;
    body.ship_from_lon = lon;
  }
  if (window != null) body.return_window_days = window;
  return { body, errors: null };
}

function range(min: number, max: number) {
  if (min === max) return `${min} ${min === 1 ? "day" : "days"}`;
  return `${min}–${max} days`;
}

/** One line for a rate in the profile list: "Standard: $4.99, 2–5 days". */
export function describeRate(r: ShippingRate, currency: string): string {
  let price: string;
  const bands = r.bands ?? [];
  switch (r.kind) {
    case "flat":
      price = (r.amount ?? 0) === 0 ? "free" : formatMoney(r.amount ?? 0, currency);
      break;
    case "weight":
      price = [...bands].sort((a, b) => (a.up_to ?? 0) - (b.up_to ?? 0)).map((b) => `≤${b.up_to ?? 0} g ${formatMoney(b.amount, currency)}`).join(", ");
      break;
    case "distance":
      price = [...bands].sort((a, b) => (a.up_to ?? 0) - (b.up_to ?? 0)).map((b) => `≤${b.up_to ?? 0} km ${formatMoney(b.amount, currency)}`).join(", ");
      break;
    case "value":
      price = [...bands].sort((a, b) => (a.from ?? 0) - (b.from ?? 0)).map((b) => `from ${formatMoney(b.from ?? 0, currency)} ${formatMoney(b.amount, currency)}`).join(", ");
      break;
  }
  const free = r.free_over != null ? `; free over ${formatMoney(r.free_over, currency)}` : "";
  return `${r.name}: ${price}${free}, ${range(r.min_days, r.max_days)}`;
}
