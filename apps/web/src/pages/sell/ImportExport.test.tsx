import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter } from "react-router";
import { ToastProvider } from "../../ui";
import { CsvDrop, ImportExportPage, ImportProgress, type CatalogImport } from "./ImportExport";
import { VendorProvider } from "./vendor";
import { WithQueryClient } from "../../test/queryClient";

// Relative URLs need a base outside a browser.
vi.mock("../../api/client", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../api/client")>();
  return { ...m, api: m.makeClient({ baseUrl: "http://test" }) };
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });

const base: CatalogImport = {
  id: "imp-1", vendor_id: "v-1", filename: "products.csv", status: "queued", rows_total: 7, rows_done: 0, rows_failed: 0,
  errors: [], failure: "", created_at: "2026-11-22T06:00:00Z", started_at: null, finished_at: null,
};

afterEach(() => vi.unstubAllGlobals());

describe("ImportProgress", () => {
  it("polls until the import is done, then shows the refused rows", async () => {
    const answers: CatalogImport[] = [
      { ...base, status: "running", rows_done: 3, rows_failed: 1, errors: [{ row: 4, column: "price", message: "must have at most 2 decimal places for USD" }] },
      {
        ...base, status: "done", rows_done: 7, rows_failed: 2, errors: [
          { row: 4, column: "price", message: "must have at most 2 decimal places for USD" },
          { row: 6, column: "category", message: 'the marketplace has no category with the slug "vases"' },
        ],
      },
    ];
    const paths: string[] = [];
    const fetch = vi.fn(async (req: Request) => {
      paths.push(`${req.method} ${new URL(req.url, "http://x").pathname}`);
      return json(answers[Math.min(paths.length - 1, answers.length - 1)]);
    });
    vi.stubGlobal("fetch", fetch);
    const onFinished = vi.fn();
    render(<ImportProgress vendorId="v-1" importId="imp-1" pollMs={5} onFinished={onFinished} />);
    await waitFor(() => expect(screen.getByTestId("import-progress")).toHaveTextContent("Done: 5 rows imported, 2 rows refused"));
    expect(screen.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
    const table = screen.getByRole("table", { name: "Refused rows" });
    expect(within(table).getByText("vases", { exact: false })).toBeInTheDocument();
    expect(within(table).getByText("category")).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(paths).toEqual(["GET /api/v1/seller/vendors/v-1/catalog/imports/imp-1", "GET /api/v1/seller/vendors/v-1/catalog/imports/imp-1"]);
  });

  it("shows why a whole file failed", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json({ ...base, status: "failed", failure: "the shop has no stock location named \"Attic\"" })));
    render(<ImportProgress vendorId="v-1" importId="imp-1" pollMs={5} />);
    expect(await screen.findByText(/no stock location named "Attic"/)).toBeInTheDocument();
  });
});

describe("CsvDrop", () => {
  it("uploads the chosen file as text/csv with its name", async () => {
    const seen: { type: string | null; body: string; url: string }[] = [];
    vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
      seen.push({ type: req.headers.get("Content-Type"), body: await req.text(), url: req.url });
      return json({ ...base }, 202);
    }));
    const onQueued = vi.fn();
    render(<CsvDrop vendorId="v-1" onQueued={onQueued} />);
    const file = new File(["product_slug,sku,price\nmug,MUG-1,12.50\n"], "products.csv", { type: "text/csv" });
    await userEvent.upload(screen.getByTestId("csv-input"), file);
    await waitFor(() => expect(onQueued).toHaveBeenCalledWith(expect.objectContaining({ id: "imp-1" })));
    const sent = seen[0]!;
    expect(sent.type).toBe("text/csv");
    expect(sent.body).toBe("product_slug,sku,price\nmug,MUG-1,12.50\n");
    const url = new URL(sent.url);
    expect(url.pathname + url.search).toBe("/api/v1/seller/vendors/v-1/catalog/imports?filename=products.csv");
  });

  it("refuses a file that is not CSV without uploading it, and shows the server's reason for a bad one", async () => {
    const fetch = vi.fn(async () => json({ status: 422, title: "Unprocessable Entity", detail: "validation failed", errors: [{ location: "body", message: 'column 3: "colour" is not a column of the product CSV format' }] }, 422));
    vi.stubGlobal("fetch", fetch);
    render(<CsvDrop vendorId="v-1" onQueued={vi.fn()} />);
    const input = screen.getByTestId("csv-input");
    await userEvent.upload(input, new File(["x"], "photo.png", { type: "image/png" }), { applyAccept: false });
    expect(await screen.findByRole("alert")).toHaveTextContent("choose a .csv file");
    expect(fetch).not.toHaveBeenCalled();
    await userEvent.upload(input, new File(["product_slug,sku,colour\n"], "p.csv", { type: "text/csv" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent('"colour" is not a column'));
  });
});

describe("ImportExportPage", () => {
  it("offers the shop's export, lists recent imports and documents the columns", async () => {
    const vendor = { role: "owner", vendor: { id: "v1", name: "Pots", slug: "pots", status: "approved", country: "US", contact_email: "p@x.co" } };
    vi.stubGlobal("fetch", vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === "/api/v1/seller/vendors") return json({ items: [vendor] });
      if (path === "/api/v1/seller/vendors/v1/catalog/imports") return json({ items: [{ ...base, vendor_id: "v1", status: "done", rows_done: 7, rows_failed: 2 }] });
      return json({ status: 404, title: "Not Found" }, 404);
    }));
    render(
      <WithQueryClient><MemoryRouter>
        <ToastProvider>
          <VendorProvider>
            <ImportExportPage />
          </VendorProvider>
        </ToastProvider>
      </MemoryRouter></WithQueryClient>,
    );
    expect(await screen.findByTestId("export-link")).toHaveAttribute("href", "/api/v1/seller/vendors/v1/catalog/export.csv");
    const recent = await screen.findByRole("table", { name: "Recent imports" });
    expect(within(recent).getByText("done with errors")).toBeInTheDocument();
    expect(within(recent).getByText("5 / 7")).toBeInTheDocument();
    const columns = screen.getByRole("table", { name: "CSV columns" });
    expect(within(columns).getByText("stock:<location name>")).toBeInTheDocument();
  });
});
