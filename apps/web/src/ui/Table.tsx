import { useEffect, useMemo, useState, type ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: ReactNode;
  render?: (row: T) => ReactNode;
  /** value used for sorting; providing it makes the column sortable */
  sortValue?: (row: T) => string | number | null | undefined;
  align?: "left" | "right";
  width?: string;
}

export type SortDir = "asc" | "desc";
export interface SortState { key: string; dir: SortDir }

export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | null): T[] {
  if (!sort) return [...rows];
  const col = columns.find((c) => c.key === sort.key);
  if (!col?.sortValue) return [...rows];
  const get = col.sortValue;
  const factor = sort.dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: get(row) }))
    .sort((a, b) => {
      const av = a.v, bv = b.v;
      if (av == null && bv == null) return a.i - b.i;
      if (av == null) return 1; // empty values last, whatever the direction
      if (bv == null) return -1;
      let c: number;
      if (typeof av === "number" && typeof bv === "number") c = av - bv;
      else c = String(av).localeCompare(String(bv), undefined, { numeric: true, sensitivity: "base" });
      return c !== 0 ? c * factor : a.i - b.i;
    })
    .map((x) => x.row);
}

const EMPTY: readonly never[] = [];

export interface TableProps<T> {
  /** null (a Go nil slice) is shown as no rows */
  rows: readonly T[] | null | undefined;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  caption: string;
  /** rows per page; 0 disables client-side pagination */
  pageSize?: number;
  initialSort?: SortState | null;
  empty?: ReactNode;
  /** rendered under the table (e.g. a cursor pager for server-side pages) */
  footer?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
}

export function Table<T>({ rows: rowsIn, columns, rowKey, caption, pageSize = 10, initialSort = null, empty, footer, rowClassName }: TableProps<T>) {
  const rows = rowsIn ?? EMPTY;
  const [sort, setSort] = useState<SortState | null>(initialSort);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const pages = pageSize > 0 ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  useEffect(() => {
    if (page > pages - 1) setPage(pages - 1);
  }, [page, pages]);
  const current = Math.min(page, pages - 1);
  const visible = pageSize > 0 ? sorted.slice(current * pageSize, current * pageSize + pageSize) : sorted;

  function toggle(key: string) {
    setSort((s) => (s?.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));
    setPage(0);
  }

  if (rows.length === 0 && empty) return <>{empty}{footer}</>;

  const from = sorted.length === 0 ? 0 : current * pageSize + 1;
  const to = Math.min(sorted.length, (current + 1) * pageSize);

  return (
    <div>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : c.sortValue ? "none" : undefined;
                return (
                  <th key={c.key} scope="col" aria-sort={ariaSort} style={{ textAlign: c.align, width: c.width }}>
                    {c.sortValue ? (
                      <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                        {c.header}
                        <span className="sort-indicator" aria-hidden="true">
                          {active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={rowKey(row)} className={rowClassName?.(row)}>
                {columns.map((c) => (
                  <td key={c.key} style={{ textAlign: c.align }} className={c.align === "right" ? "num" : undefined}>
                    {c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? "")}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageSize > 0 && sorted.length > pageSize && (
        <nav className="pagination" aria-label={`${caption} pages`}>
          <span className="muted small" aria-live="polite">
            Showing {from}–{to} of {sorted.length}
          </span>
          <div className="row">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setPage(current - 1)} disabled={current === 0}>
              Previous
            </button>
            <span className="small">
              Page {current + 1} of {pages}
            </span>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
              Next
            </button>
          </div>
        </nav>
      )}
      {footer}
    </div>
  );
}
