import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { components } from "../../api/schema";
import { QueryView, useQuery } from "../../app/query";
import { formatDate } from "../../lib/format";
import { CSV_COLUMNS, CSV_MAX_BYTES, CSV_MAX_ROWS, checkCsvFile, exportUrl, readFileText, importFinished, importProgress, type CsvColumn } from "../../lib/csvimport";
import { Alert, Badge, Button, Card, EmptyState, FileDrop, Icon, PageHeader, Table, type BadgeTone, type Column } from "../../ui";
import { RequireShop } from "./vendor";

export type CatalogImport = components["schemas"]["ImportView"];
type RowError = components["schemas"]["RowErrorView"];

const POLL_MS = 1000;

export function ImportExportPage() {
  return <RequireShop>{(m) => <ImportExport vendorId={m.vendor.id} />}</RequireShop>;
}

const TONE: Record<string, BadgeTone> = { queued: "neutral", running: "brand", done: "success", failed: "danger" };

export function ImportStatusBadge({ im }: { im: CatalogImport }) {
  const tone = im.status === "done" && im.rows_failed > 0 ? "warning" : TONE[im.status];
  return <Badge tone={tone}>{im.status === "done" && im.rows_failed > 0 ? "done with errors" : im.status}</Badge>;
}

function ImportExport({ vendorId }: { vendorId: string }) {
  const [current, setCurrent] = useState<string | null>(null);
  const recent = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/catalog/imports", { params: { path: { vendor_id: vendorId } } })), [vendorId]);
  const columns: Column<CatalogImport>[] = [
    { key: "created_at", header: "Uploaded", render: (im) => formatDate(im.created_at) },
    { key: "filename", header: "File", render: (im) => im.filename || "—" },
    { key: "status", header: "Status", render: (im) => <ImportStatusBadge im={im} /> },
    { key: "rows", header: "Rows", align: "right", render: (im) => `${im.rows_done - im.rows_failed} / ${im.rows_total}` },
    { key: "show", header: "", render: (im) => <Button size="sm" variant="secondary" onClick={() => setCurrent(im.id)}>Show</Button> },
  ];
  return (
    <>
      <PageHeader title="Import / export" description="Edit many products at once in a spreadsheet: export, change, import." />
      <div className="grid-2">
        <Card title="Export">
          <p className="small muted" style={{ marginTop: 0 }}>
            All your products in every status, one row per variant, with the stock on hand at each location.
          </p>
          <a className="btn btn-primary" href={exportUrl(vendorId)} download data-testid="export-link">
            <Icon name="box" size={18} /> Download CSV
          </a>
        </Card>
        <Card title="Import">
          <CsvDrop vendorId={vendorId} onQueued={(im) => { setCurrent(im.id); recent.reload(); }} />
        </Card>
      </div>
      {current && <ImportProgress key={current} vendorId={vendorId} importId={current} onFinished={recent.reload} />}
      <Card title="Recent imports" bodyless>
        <QueryView query={recent}>
          {(d) => <Table caption="Recent imports" rows={d.items} columns={columns} rowKey={(im) => im.id} empty={<EmptyState icon={<Icon name="box" />} title="No imports yet" />} />}
        </QueryView>
      </Card>
      <ColumnReference />
    </>
  );
}

/** Drag-and-drop (or pick) one CSV file; it is checked here, then uploaded as text/csv. */
export function CsvDrop({ vendorId, onQueued }: { vendorId: string; onQueued(im: CatalogImport): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(file: File) {
    const problem = checkCsvFile(file);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      const text = await readFileText(file);
      const im = await unwrap(
        api.POST("/api/v1/seller/vendors/{vendor_id}/catalog/imports", {
          params: { path: { vendor_id: vendorId }, query: { filename: file.name } },
          body: text,
          headers: { "Content-Type": "text/csv" },
          bodySerializer: (b: string) => b,
        }),
      );
      onQueued(im);
    } catch (e) {
      setError(e instanceof ApiError ? e.errors[0]?.message || e.summary : "The upload failed. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack-sm">
      <FileDrop
        prompt="Drag a CSV file here, or"
        choose="Choose file"
        label="Upload a CSV file"
        accept=".csv,text/csv"
        busy={busy}
        testId="csv-dropzone"
        inputTestId="csv-input"
        hint={`UTF-8 CSV with a header row, up to ${Math.round(CSV_MAX_BYTES / 1024 / 1024)} MB and ${CSV_MAX_ROWS.toLocaleString("en")} rows.`}
        onFiles={(files) => {
          const f = files[0];
          if (f) void start(f);
        }}
      />
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}

/** Polls an import until it is done or failed, showing progress and the refused rows. */
export function ImportProgress({ vendorId, importId, onFinished, pollMs = POLL_MS }: { vendorId: string; importId: string; onFinished?(): void; pollMs?: number }) {
  const [im, setIm] = useState<CatalogImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/catalog/imports/{import_id}", { params: { path: { vendor_id: vendorId, import_id: importId } } }));
        if (!live) return;
        setIm(next);
        setError(null);
        if (importFinished(next.status)) {
          finishedRef.current?.();
          return;
        }
      } catch (e) {
        if (!live) return;
        setError(e instanceof ApiError ? e.summary : "Couldn't load the import's progress.");
      }
      timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [vendorId, importId, pollMs]);

  if (!im) return error ? <Alert kind="error" title="Import">{error}</Alert> : null;
  const p = importProgress(im);
  const errorColumns: Column<RowError>[] = [
    { key: "row", header: "Row", align: "right", render: (e) => e.row, sortValue: (e) => e.row },
    { key: "column", header: "Column", render: (e) => (e.column ? <span className="mono">{e.column}</span> : "—") },
    { key: "message", header: "Problem", render: (e) => e.message },
  ];
  const rowErrors = im.errors ?? [];
  return (
    <Card title={`Import ${im.filename ? `of ${im.filename}` : ""}`} actions={<ImportStatusBadge im={im} />}>
      <div className="stack-sm">
        <div className="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.percent}>
          <span style={{ width: `${p.percent}%` }} />
        </div>
        <p className="small" aria-live="polite" data-testid="import-progress" style={{ margin: 0 }}>{p.label}</p>
        {im.status === "failed" && <Alert kind="error" title="The file could not be imported">{im.failure}</Alert>}
        {error && <p className="small muted">{error}</p>}
        {rowErrors.length > 0 && (
          <>
            <p className="small" style={{ margin: 0 }}>
              These rows were not imported{im.rows_failed > rowErrors.length ? ` (the first ${rowErrors.length} of ${im.rows_failed})` : ""}; fix them and import the file again. The other rows were kept.
            </p>
            <Table caption="Refused rows" rows={rowErrors} columns={errorColumns} rowKey={(e) => `${e.row}:${e.column}`} pageSize={20} />
          </>
        )}
      </div>
    </Card>
  );
}

function ColumnReference() {
  const columns: Column<CsvColumn>[] = [
    { key: "column", header: "Column", render: (c) => <span className="mono">{c.column}</span> },
    { key: "description", header: "Meaning", render: (c) => c.description },
    { key: "example", header: "Example", render: (c) => <span className="mono">{c.example}</span> },
  ];
  return (
    <Card title="CSV columns" bodyless>
      <div style={{ padding: "0 var(--space-4)" }}>
        <p className="small muted">
          Columns may come in any order; a column you leave out keeps what is there. Row numbers in errors count the header as row 1, as spreadsheets do.
          Cells starting with = + - or @ are exported with a leading apostrophe so spreadsheets don't run them; the import removes it.
        </p>
      </div>
      <Table caption="CSV columns" rows={CSV_COLUMNS} columns={columns} rowKey={(c) => c.column} pageSize={0} />
    </Card>
  );
}
