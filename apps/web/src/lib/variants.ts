import type { ProductOption, Variant } from "../api/types";

export type Selection = Record<string, string>;

function optionValues(v: Variant): Record<string, string> {
  return (v.option_values ?? {}) as Record<string, string>;
}

/** The variant whose option values equal the selection (every option chosen), else null. */
export function findVariant(variants: readonly Variant[], options: readonly ProductOption[], sel: Selection): Variant | null {
  if (options.length === 0) return variants[0] ?? null;
  if (options.some((o) => !sel[o.name])) return null;
  return variants.find((v) => options.every((o) => optionValues(v)[o.name] === sel[o.name])) ?? null;
}

/** Starting selection: the first in-stock variant's values (else the first variant's). */
export function initialSelection(variants: readonly Variant[], options: readonly ProductOption[]): Selection {
  const v = variants.find((x) => x.in_stock) ?? variants[0];
  if (!v) return {};
  const out: Selection = {};
  for (const o of options) {
    const val = optionValues(v)[o.name];
    if (val) out[o.name] = val;
  }
  return out;
}

export type ValueState = "available" | "soldout" | "none";

/**
 * Whether picking `value` for `option`, keeping the other choices, reaches a variant that
 * exists ("none" when no variant has that combination) and is in stock.
 */
export function valueState(variants: readonly Variant[], options: readonly ProductOption[], sel: Selection, option: string, value: string): ValueState {
  const next = { ...sel, [option]: value };
  const matches = variants.filter((v) =>
    options.every((o) => {
      const want = next[o.name];
      return !want || optionValues(v)[o.name] === want;
    }),
  );
  if (matches.length === 0) return "none";
  return matches.some((v) => v.in_stock) ? "available" : "soldout";
}

/** Picks a value; choices of other options that no longer match any variant are dropped. */
export function selectValue(variants: readonly Variant[], options: readonly ProductOption[], sel: Selection, option: string, value: string): Selection {
  const next: Selection = { ...sel, [option]: value };
  for (const o of options) {
    if (o.name === option || !next[o.name]) continue;
    if (valueState(variants, options, { [option]: value }, o.name, next[o.name]!) === "none") delete next[o.name];
  }
  return next;
}

/** All combinations of option values (cartesian product), for generating variants. */
export function combinations(options: readonly ProductOption[]): Selection[] {
  let out: Selection[] = [{}];
  for (const o of options) {
    const vals = (o.values ?? []).filter(Boolean);
    if (!o.name || vals.length === 0) continue;
    out = out.flatMap((s) => vals.map((v) => ({ ...s, [o.name]: v })));
  }
  return out;
}
