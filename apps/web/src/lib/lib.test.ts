import { describe, expect, it } from "vitest";
import { contrast, contrastText, inkOnWhite } from "./color";
import { validateAddress } from "./countries";
import { marketplaceUrl, slugify } from "./format";
import { safeNext } from "../pages/market/AuthPages";

describe("color", () => {
  it("keeps text readable on and in the brand colour", () => {
    for (const c of ["#4f46e5", "#ffeb3b", "#00ff00", "#111111", "#ffffff"]) {
      expect(contrast(c, contrastText(c))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(inkOnWhite(c), "#ffffff")).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("addresses", () => {
  const base = { name: "Ada", line1: "1 Main St", city: "Springfield" };
  it("requires a region for US/CA/AU and checks postcodes", () => {
    expect(validateAddress({ ...base, country: "US", postal_code: "94103" })).toEqual({ region: "Choose a state." });
    expect(validateAddress({ ...base, country: "US", region: "CA", postal_code: "9410" }).postal_code).toMatch(/ZIP code/);
    expect(validateAddress({ ...base, country: "US", region: "CA", postal_code: "94103-1234" })).toEqual({});
    expect(validateAddress({ ...base, country: "CA", region: "ON", postal_code: "K1A 0B1" })).toEqual({});
    expect(validateAddress({ ...base, country: "AU", postal_code: "2000" }).region).toBeDefined();
    expect(validateAddress({ ...base, country: "GB", postal_code: "SW1A 1AA" })).toEqual({});
    expect(validateAddress({ ...base, country: "DE", postal_code: "1011" }).postal_code).toBeDefined();
    expect(validateAddress({ ...base, country: "AE" })).toEqual({});
    expect(validateAddress({ country: "FR", postal_code: "75001" })).toMatchObject({ name: expect.any(String), line1: expect.any(String), city: expect.any(String) });
  });
});

describe("format", () => {
  it("slugifies and previews marketplace URLs", () => {
    expect(slugify("Ada's Crème Brûlée Shop!")).toBe("adas-creme-brulee-shop");
    expect(marketplaceUrl("acme", "localhost", { protocol: "http:", port: "8080" })).toBe("http://acme.localhost:8080");
    expect(marketplaceUrl("acme", "example.com", { protocol: "https:", port: "" })).toBe("https://acme.example.com");
  });
  it("only follows same-origin next paths", () => {
    expect(safeNext("/admin")).toBe("/admin");
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
