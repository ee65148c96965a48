import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Table, sortRows, type Column } from "./Table";

interface Row { id: string; name: string; n: number | null }
const columns: Column<Row>[] = [
  { key: "name", header: "Name", sortValue: (r) => r.name },
  { key: "n", header: "Count", sortValue: (r) => r.n, render: (r) => String(r.n ?? "—") },
  { key: "id", header: "ID" },
];
const rows: Row[] = Array.from({ length: 23 }, (_, i) => ({ id: `r${i}`, name: `Item ${i + 1}`, n: i % 5 === 0 ? null : (i * 7) % 11 }));

const bodyNames = () =>
  within(screen.getAllByRole("rowgroup")[1]!)
    .getAllByRole("row")
    .map((r) => within(r).getAllByRole("cell")[0]!.textContent);

describe("sortRows", () => {
  it("sorts numbers, strings naturally and keeps empty values last", () => {
    const s = sortRows(rows, columns, { key: "name", dir: "asc" });
    expect(s.slice(0, 3).map((r) => r.name)).toEqual(["Item 1", "Item 2", "Item 3"]);
    expect(s[s.length - 1]!.name).toBe("Item 23");
    const d = sortRows(rows, columns, { key: "n", dir: "desc" });
    expect(d[0]!.n).toBe(10);
    expect(d[d.length - 1]!.n).toBeNull();
    const a = sortRows(rows, columns, { key: "n", dir: "asc" });
    expect(a[a.length - 1]!.n).toBeNull();
  });
});

describe("<Table>", () => {
  it("paginates and sorts by clicking headers", async () => {
    render(<Table caption="Things" rows={rows} columns={columns} rowKey={(r) => r.id} pageSize={10} />);
    expect(bodyNames()).toHaveLength(10);
    expect(screen.getByText("Showing 1–10 of 23")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("Showing 11–20 of 23")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(bodyNames()).toHaveLength(3);
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();

    const nameHeader = screen.getByRole("columnheader", { name: /Name/ });
    expect(nameHeader).toHaveAttribute("aria-sort", "none");
    await userEvent.click(within(nameHeader).getByRole("button"));
    expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    expect(screen.getByText("Showing 1–10 of 23")).toBeInTheDocument(); // back to page 1
    expect(bodyNames()[0]).toBe("Item 1");
    expect(bodyNames()[1]).toBe("Item 2");
    await userEvent.click(within(nameHeader).getByRole("button"));
    expect(nameHeader).toHaveAttribute("aria-sort", "descending");
    expect(bodyNames()[0]).toBe("Item 23");

    // unsortable column has no button and no aria-sort
    const idHeader = screen.getByRole("columnheader", { name: "ID" });
    expect(idHeader).not.toHaveAttribute("aria-sort");
    expect(within(idHeader).queryByRole("button")).toBeNull();
  });

  it("renders the empty state when there are no rows", () => {
    render(<Table caption="Things" rows={[]} columns={columns} rowKey={(r) => r.id} empty={<p>Nothing yet</p>} />);
    expect(screen.getByText("Nothing yet")).toBeInTheDocument();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
