// Product attributes are free-form typed facts (modules/catalog: a JSON object of string, number
// or boolean values, with no per-category definitions to carry a label or a unit). Sellers and
// the demo name them in snake_case with the unit as the last word ("impedance_ohms",
// "battery_hours", "watts"), so the label and unit are read from the key: "Impedance" 80 Ω,
// "Battery life" 30 hours, "Power" 60 W; booleans read Yes/No.

interface Unit {
  /** printed after the number */
  symbol: string;
  /** the label when the key is the unit alone ("watts" → "Power") */
  quantity: string;
}

const UNITS: Record<string, Unit> = {
  ohm: { symbol: "Ω", quantity: "Impedance" },
  ohms: { symbol: "Ω", quantity: "Impedance" },
  w: { symbol: "W", quantity: "Power" },
  watt: { symbol: "W", quantity: "Power" },
  watts: { symbol: "W", quantity: "Power" },
  v: { symbol: "V", quantity: "Voltage" },
  volts: { symbol: "V", quantity: "Voltage" },
  mah: { symbol: "mAh", quantity: "Battery capacity" },
  hz: { symbol: "Hz", quantity: "Frequency" },
  khz: { symbol: "kHz", quantity: "Frequency" },
  db: { symbol: "dB", quantity: "Level" },
  hours: { symbol: "hours", quantity: "Duration" },
  hrs: { symbol: "hours", quantity: "Duration" },
  h: { symbol: "hours", quantity: "Duration" },
  minutes: { symbol: "min", quantity: "Duration" },
  min: { symbol: "min", quantity: "Duration" },
  days: { symbol: "days", quantity: "Duration" },
  months: { symbol: "months", quantity: "Duration" },
  years: { symbol: "years", quantity: "Duration" },
  g: { symbol: "g", quantity: "Weight" },
  grams: { symbol: "g", quantity: "Weight" },
  kg: { symbol: "kg", quantity: "Weight" },
  lb: { symbol: "lb", quantity: "Weight" },
  lbs: { symbol: "lb", quantity: "Weight" },
  mm: { symbol: "mm", quantity: "Size" },
  cm: { symbol: "cm", quantity: "Size" },
  inches: { symbol: "in", quantity: "Size" },
  ml: { symbol: "ml", quantity: "Volume" },
  litres: { symbol: "l", quantity: "Volume" },
  liters: { symbol: "l", quantity: "Volume" },
  gb: { symbol: "GB", quantity: "Storage" },
  tb: { symbol: "TB", quantity: "Storage" },
  pct: { symbol: "%", quantity: "Share" },
  percent: { symbol: "%", quantity: "Share" },
};

/** Labels that read better than the words of the key. */
const LABELS: Record<string, string> = {
  battery: "Battery life",
  colour: "Colour",
  color: "Colour",
};

/** The words of a key: snake_case, kebab-case and camelCase alike, lower case. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

function sentence(ws: string[]): string {
  const s = ws.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface AttributeDefinition {
  label: string;
  /** the unit symbol numbers are printed with, if the key names one */
  unit?: string;
}

/** The label and unit of an attribute key: "impedance_ohms" → Impedance, Ω. */
export function attributeDefinition(key: string): AttributeDefinition {
  const ws = words(key);
  if (ws.length === 0) return { label: key };
  const last = ws[ws.length - 1]!;
  const unit = UNITS[last];
  if (unit) {
    const rest = ws.slice(0, -1);
    const base = rest.join(" ");
    return { label: rest.length ? LABELS[base] ?? sentence(rest) : unit.quantity, unit: unit.symbol };
  }
  return { label: LABELS[ws.join(" ")] ?? sentence(ws) };
}

/** A value as a buyer reads it: Yes/No, a number with its unit and digit grouping, or the text. */
export function formatAttributeValue(key: string, value: unknown): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  const { unit } = attributeDefinition(key);
  if (typeof value === "number" && Number.isFinite(value)) {
    const n = value.toLocaleString("en-US", { maximumFractionDigits: 2 });
    return unit ? `${n} ${unit}` : n;
  }
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => formatAttributeValue(key, v)).join(", ");
  return String(value);
}

/**
 * A facet value (always text in the search API: "true", "80", "black") as a buyer reads it, the
 * same way the product page prints the attribute.
 */
export function formatFacetValue(key: string, value: string): string {
  if (value === "true" || value === "false") return formatAttributeValue(key, value === "true");
  if (/^-?\d+(\.\d+)?$/.test(value)) return formatAttributeValue(key, Number(value));
  return value;
}

/** The attributes of a product as rows of label and value, in the order they were given. */
export function attributeRows(attributes: Record<string, unknown> | null | undefined): { key: string; label: string; value: string }[] {
  return Object.entries(attributes ?? {})
    .map(([key, v]) => ({ key, label: attributeDefinition(key).label, value: formatAttributeValue(key, v) }))
    .filter((r) => r.value !== "");
}
