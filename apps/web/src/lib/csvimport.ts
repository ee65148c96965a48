// Client-side help for the seller's CSV import and export: file checks before upload, progress
// of an import, and the column reference shown on the page (docs/csv-import.md is the same).

/** Largest file the server accepts (it refuses bigger ones with 413). */
export const CSV_MAX_BYTES = 10 * 1024 * 1024;
/** Most data rows in one file. */
export const CSV_MAX_ROWS = 50_000;

const CSV_TYPES = ["text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", ""];

/** A sentence saying why a file can't be uploaded, or null when it may be. */
export function checkCsvFile(file: { name: string; type: string; size: number }, max = CSV_MAX_BYTES): string | null {
  if (!/\.csv$/i.test(file.name) || !CSV_TYPES.includes(file.type)) return `${file.name}: choose a .csv file (in a spreadsheet: Save as → CSV UTF-8).`;
  if (file.size === 0) return `${file.name}: the file is empty.`;
  if (file.size > max) return `${file.name}: larger than ${Math.round(max / 1024 / 1024)} MB. Split it into smaller files.`;
  return null;
}

/** Reads a file as UTF-8 text (FileReader: Blob.text is missing in some environments). */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(typeof r.result === "string" ? r.result : "");
    r.onerror = () => reject(r.error ?? new Error("could not read the file"));
    r.readAsText(file, "utf-8");
  });
}

export type ImportStatus = "queued" | "running" | "done" | "failed";

export interface ImportLike {
  status: ImportStatus;
  rows_total: number;
  rows_done: number;
  rows_failed: number;
}

/** Whether an import has stopped changing (polling can end). */
export function importFinished(status: ImportStatus): boolean {
  return status === "done" || status === "failed";
}

/** Progress of an import: a whole percentage and a sentence for people and screen readers. */
export function importProgress(im: ImportLike): { percent: number; label: string } {
  const total = Math.max(im.rows_total, 0);
  const done = Math.min(Math.max(im.rows_done, 0), total);
  const percent = im.status === "done" ? 100 : total === 0 ? 0 : Math.floor((done * 100) / total);
  const rows = (n: number) => `${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
  const failed = im.rows_failed > 0 ? `, ${rows(im.rows_failed)} refused` : "";
  switch (im.status) {
    case "queued":
      return { percent, label: `Waiting to start (${rows(total)})` };
    case "running":
      return { percent, label: `${done.toLocaleString("en")} of ${rows(total)} processed${failed}` };
    case "done":
      return { percent, label: im.rows_failed > 0 ? `Done: ${rows(total - im.rows_failed)} imported${failed}` : `Done: all ${rows(total)} imported` };
    case "failed":
      return { percent, label: "The file could not be imported" };
  }
}

/** Where the shop's export is downloaded from (a plain link: the session cookie goes along). */
export function exportUrl(vendorId: string): string {
  return `/api/v1/seller/vendors/${encodeURIComponent(vendorId)}/catalog/export.csv`;
}

export interface CsvColumn {
  column: string;
  description: string;
  example: string;
}

/** The columns of the product CSV, in export order (stock columns come last, one per location). */
export const CSV_COLUMNS: CsvColumn[] = [
  { column: "product_slug", description: "Required. Finds the product to update, or the address of a new one. Rows of one product share it; its first row sets the product columns below.", example: "aurora-headphones" },
  { column: "title", description: "Product name. Required for a new product; empty keeps the current title.", example: "Aurora Headphones" },
  { column: "description_html", description: "Description; basic HTML is kept, anything else removed. Empty clears it.", example: "<p>Wireless, 30 h battery.</p>" },
  { column: "status", description: "draft, active or archived. Empty keeps the status (new products start as draft).", example: "active" },
  { column: "category", description: "Slug of one of the marketplace's categories. Empty removes the category.", example: "headphones" },
  { column: "tags", description: "Tags separated by |.", example: "wireless|bluetooth" },
  { column: "seo_title / seo_description", description: "Search-engine title (70 characters) and description (320).", example: "Aurora wireless headphones" },
  { column: "option1_name … option3_name", description: "The product's options, on its first row (later rows may leave them empty).", example: "Colour" },
  { column: "option1_value … option3_value", description: "This variant's value of each option.", example: "Black" },
  { column: "sku", description: "Required for a variant: finds the variant to update, or creates it. Unique within your shop. A product row without SKU and price only sets product columns.", example: "AUR-BLK" },
  { column: "variant_title", description: "Variant name; empty uses its option values.", example: "Black" },
  { column: "price", description: "Required with a SKU. A decimal in the currency's precision, without symbol or thousands separators: 12.50 for USD, 1250 for JPY.", example: "129.00" },
  { column: "compare_at_price", description: "Former price, shown struck through. Empty clears it.", example: "149.00" },
  { column: "currency", description: "Shown on export; on import, empty or the product's currency.", example: "USD" },
  { column: "weight_grams", description: "Shipping weight in whole grams.", example: "250" },
  { column: "stock:<location name>", description: "Units on hand at that stock location (one column per location, named as in Inventory). The import sets this count; it is recorded as a stock movement with reason csv_import. Empty leaves the stock as it is.", example: "12" },
];
