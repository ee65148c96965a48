import { describe, expect, it } from "vitest";
import type { ProductOption, Variant } from "../api/types";
import { activeCount, apiQuery, applyBand, EMPTY_FILTERS, parseFilters, toggleAttr, toggleVendor, toSearchParams } from "./facets";
import { currencyDigits, formatMoney, minorToInput, parseMoney, sumMinor } from "./money";
import { combinations, findVariant, initialSelection, selectValue, valueState } from "./variants";

describe("money", () => {
  it("formats integer minor units with Intl, per currency", () => {
    expect(formatMoney(129900, "USD", "en-US")).toBe("$1,299.00");
    expect(formatMoney(5, "USD", "en-US")).toBe("$0.05");
    expect(formatMoney(-250, "USD", "en-US")).toBe("-$2.50");
    expect(formatMoney(1500, "JPY", "en-US")).toBe("¥1,500");
    expect(formatMoney(1234, "EUR", "de-DE").replace(/\s/g, " ")).toBe("12,34 €");
    expect(formatMoney(null, "USD")).toBe("—");
  });
  it("never goes through binary fractions", () => {
    // 0.1 + 0.2 style errors can't happen: sums stay integers, formatting builds a decimal string.
    expect(formatMoney(sumMinor([10, 20]), "USD", "en-US")).toBe("$0.30");
    expect(formatMoney(900719925474099, "USD", "en-US")).toBe("$9,007,199,254,740.99");
  });
  it("parses typed amounts into minor units", () => {
    expect(parseMoney("12", "USD")).toBe(1200);
    expect(parseMoney("12.5", "USD")).toBe(1250);
    expect(parseMoney("1,299.99", "USD")).toBe(129999);
    expect(parseMoney("0.07", "USD")).toBe(7);
    expect(parseMoney("12.345", "USD")).toBeNull();
    expect(parseMoney("-1", "USD")).toBeNull();
    expect(parseMoney("abc", "USD")).toBeNull();
    expect(parseMoney("500", "JPY")).toBe(500);
    expect(currencyDigits("JPY")).toBe(0);
    expect(minorToInput(1250, "USD")).toBe("12.50");
    expect(minorToInput(7, "USD")).toBe("0.07");
  });
});

const v = (id: string, values: Record<string, string>, stock: number, price = 1000): Variant => ({
  id, sku: id, title: Object.values(values).join(" / "), price, compare_at_price: null, currency: "USD", available: stock, in_stock: stock > 0,
  media_ids: [], media: [], option_values: values, position: 0, weight_grams: 0,
});
const options: ProductOption[] = [
  { name: "Size", values: ["S", "M", "L"] },
  { name: "Colour", values: ["Red", "Blue"] },
];
const variants = [v("s-red", { Size: "S", Colour: "Red" }, 0), v("s-blue", { Size: "S", Colour: "Blue" }, 3), v("m-red", { Size: "M", Colour: "Red" }, 5, 1200)];

describe("variant selection", () => {
  it("starts on the first in-stock variant", () => {
    expect(initialSelection(variants, options)).toEqual({ Size: "S", Colour: "Blue" });
  });
  it("finds the variant only when every option is chosen", () => {
    expect(findVariant(variants, options, { Size: "M", Colour: "Red" })?.id).toBe("m-red");
    expect(findVariant(variants, options, { Size: "M" })).toBeNull();
    expect(findVariant([variants[0]!], [], {})?.id).toBe("s-red");
  });
  it("marks values that don't exist or are sold out", () => {
    expect(valueState(variants, options, { Size: "S" }, "Colour", "Red")).toBe("soldout");
    expect(valueState(variants, options, { Size: "S" }, "Colour", "Blue")).toBe("available");
    expect(valueState(variants, options, { Colour: "Blue" }, "Size", "M")).toBe("none");
    expect(valueState(variants, options, {}, "Size", "L")).toBe("none");
  });
  it("drops choices that no longer combine", () => {
    expect(selectValue(variants, options, { Size: "S", Colour: "Blue" }, "Size", "M")).toEqual({ Size: "M" });
    expect(selectValue(variants, options, { Size: "S", Colour: "Red" }, "Size", "M")).toEqual({ Size: "M", Colour: "Red" });
  });
  it("generates every combination for the editor", () => {
    expect(combinations(options)).toHaveLength(6);
    expect(combinations([{ name: "Size", values: ["S", "M"] }, { name: "", values: ["x"] }])).toEqual([{ Size: "S" }, { Size: "M" }]);
  });
});

describe("facet filter state", () => {
  it("round-trips through the URL", () => {
    const f = { ...EMPTY_FILTERS, q: "mug", category: "kitchen", vendor: "v1", priceMin: 1000, priceMax: 5000, attrs: { colour: ["red", "blue"], material: ["clay"] }, inStock: true, sort: "price_asc" as const };
    const p = toSearchParams(f);
    expect(p.getAll("attr")).toEqual(["colour:red", "colour:blue", "material:clay"]);
    expect(parseFilters(p)).toEqual(f);
  });
  it("ignores junk in the URL", () => {
    const f = parseFilters(new URLSearchParams("price_min=abc&sort=cheap&attr=nocolon&attr=k:&in_stock=yes"));
    expect(f).toEqual(EMPTY_FILTERS);
  });
  it("toggles attributes, vendor and price bands", () => {
    let f = toggleAttr(EMPTY_FILTERS, "colour", "red");
    f = toggleAttr(f, "colour", "blue");
    expect(f.attrs).toEqual({ colour: ["red", "blue"] });
    f = toggleAttr(toggleAttr(f, "colour", "red"), "colour", "blue");
    expect(f.attrs).toEqual({});
    f = toggleVendor(f, "v1");
    expect(f.vendor).toBe("v1");
    expect(toggleVendor(f, "v1").vendor).toBe("");
    f = applyBand(f, "1000..2500");
    expect([f.priceMin, f.priceMax]).toEqual([1000, 2500]);
    expect(applyBand(f, "1000..2500").priceMin).toBeNull();
    expect(applyBand(EMPTY_FILTERS, "5000..").priceMax).toBeNull();
    expect(activeCount(f)).toBe(2);
  });
  it("builds the API query with repeatable attr and minor-unit prices", () => {
    const q = apiQuery({ ...EMPTY_FILTERS, q: "tea", attrs: { size: ["L"] }, priceMin: 500, inStock: true }, "cur1");
    expect(q).toMatchObject({ q: "tea", attr: ["size:L"], price_min: "500", in_stock: true, cursor: "cur1", limit: 24 });
    expect(q.price_max).toBeUndefined();
  });
});
