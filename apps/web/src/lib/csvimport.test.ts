import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, checkCsvFile, exportUrl, importFinished, importProgress } from "./csvimport";

describe("checkCsvFile", () => {
  it("accepts a CSV file within the limit, whatever type the browser guessed", () => {
    expect(checkCsvFile({ name: "products.csv", type: "text/csv", size: 1200 })).toBeNull();
    expect(checkCsvFile({ name: "Products.CSV", type: "application/vnd.ms-excel", size: 1200 })).toBeNull();
    expect(checkCsvFile({ name: "products.csv", type: "", size: 1 })).toBeNull();
  });
  it("refuses other files, empty ones and oversized ones with a reason", () => {
    expect(checkCsvFile({ name: "products.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 10 })).toMatch(/\.csv file/);
    expect(checkCsvFile({ name: "evil.csv", type: "text/html", size: 10 })).toMatch(/\.csv file/);
    expect(checkCsvFile({ name: "products.csv", type: "text/csv", size: 0 })).toMatch(/empty/);
    expect(checkCsvFile({ name: "products.csv", type: "text/csv", size: 10 * 1024 * 1024 + 1 })).toMatch(/larger than 10 MB/);
  });
});

describe("importProgress", () => {
  it("counts processed rows without passing 100% before the import is done", () => {
    expect(importProgress({ status: "queued", rows_total: 1200, rows_done: 0, rows_failed: 0 })).toEqual({ percent: 0, label: "Waiting to start (1,200 rows)" });
    expect(importProgress({ status: "running", rows_total: 3, rows_done: 2, rows_failed: 1 })).toEqual({ percent: 66, label: "2 of 3 rows processed, 1 row refused" });
    expect(importProgress({ status: "running", rows_total: 10, rows_done: 12, rows_failed: 0 }).percent).toBe(100);
    expect(importProgress({ status: "running", rows_total: 0, rows_done: 0, rows_failed: 0 }).percent).toBe(0);
  });
  it("says how many rows were kept when done, and that a failed file imported nothing", () => {
    expect(importProgress({ status: "done", rows_total: 7, rows_done: 7, rows_failed: 5 })).toEqual({ percent: 100, label: "Done: 2 rows imported, 5 rows refused" });
    expect(importProgress({ status: "done", rows_total: 1, rows_done: 1, rows_failed: 0 }).label).toBe("Done: all 1 row imported");
    expect(importProgress({ status: "failed", rows_total: 4, rows_done: 0, rows_failed: 0 }).label).toMatch(/could not be imported/);
  });
  it("knows when polling can stop", () => {
    expect(importFinished("queued")).toBe(false);
    expect(importFinished("running")).toBe(false);
    expect(importFinished("done")).toBe(true);
    expect(importFinished("failed")).toBe(true);
  });
});

describe("export and columns", () => {
  it("links to the shop's export", () => {
    expect(exportUrl("0190-ab")).toBe("/api/v1/seller/vendors/0190-ab/catalog/export.csv");
  });
  it("documents every column the server writes", () => {
    const documented = CSV_COLUMNS.map((c) => c.column).join(" ");
    for (const c of ["product_slug", "title", "description_html", "status", "category", "tags", "seo_title", "seo_description", "option1_name", "option1_value", "sku", "variant_title", "price", "compare_at_price", "currency", "weight_grams", "stock:"]) {
      expect(documented).toContain(c);
    }
  });
});
