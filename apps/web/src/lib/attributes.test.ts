import { describe, expect, it } from "vitest";
import { attributeDefinition, attributeRows, formatAttributeValue, formatFacetValue } from "./attributes";

describe("product attributes as a buyer reads them", () => {
  it("takes the label and unit from the key", () => {
    expect(attributeDefinition("impedance_ohms")).toEqual({ label: "Impedance", unit: "Ω" });
    expect(attributeDefinition("battery_hours")).toEqual({ label: "Battery life", unit: "hours" });
    expect(attributeDefinition("watts")).toEqual({ label: "Power", unit: "W" });
    expect(attributeDefinition("wireless")).toEqual({ label: "Wireless" });
    expect(attributeDefinition("noiseCancelling")).toEqual({ label: "Noise cancelling" });
    expect(attributeDefinition("max-weight_kg")).toEqual({ label: "Max weight", unit: "kg" });
  });

  it("prints booleans as Yes/No and numbers with their unit", () => {
    expect(formatAttributeValue("wireless", false)).toBe("No");
    expect(formatAttributeValue("wireless", true)).toBe("Yes");
    expect(formatAttributeValue("impedance_ohms", 80)).toBe("80 Ω");
    expect(formatAttributeValue("battery_hours", 30)).toBe("30 hours");
    expect(formatAttributeValue("capacity_mah", 12000)).toBe("12,000 mAh");
    expect(formatAttributeValue("brand", "Northwind")).toBe("Northwind");
  });

  it("reads facet values (text in the search API) the same way", () => {
    expect(formatFacetValue("wireless", "true")).toBe("Yes");
    expect(formatFacetValue("wireless", "false")).toBe("No");
    expect(formatFacetValue("watts", "60")).toBe("60 W");
    expect(formatFacetValue("colour", "black")).toBe("black");
  });

  it("lists a product's attributes in order, never a raw key or value", () => {
    const rows = attributeRows({ wireless: false, impedance_ohms: 80, brand: "Northwind" });
    expect(rows.map((r) => `${r.label}: ${r.value}`)).toEqual(["Wireless: No", "Impedance: 80 Ω", "Brand: Northwind"]);
  });
});
