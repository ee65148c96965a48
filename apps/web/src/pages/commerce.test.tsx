import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { putWithProgress, type MediaView, type XhrLike } from "../api/media";
import type { Order, Variant } from "../api/types";
import { ToastProvider } from "../ui";
import { VariantPicker } from "./market/catalog-ui";
import { CartTotals } from "./market/Cart";
import { checkoutBody, quoteBody, useHandedOverOrder, useIdempotencyKey } from "./market/Checkout";
import { checkImage, ImageUploader } from "./sell/ImageUploader";

describe("CartTotals", () => {
  it("shows server totals formatted from minor units", () => {
    render(<CartTotals currency="USD" subtotal={4599} shipping={500} tax={368} total={5467} itemCount={3} />);
    const dl = screen.getByTestId("totals");
    expect(dl).toHaveTextContent("Subtotal (3 items)$45.99");
    expect(dl).toHaveTextContent("Shipping$5.00");
    expect(dl).toHaveTextContent("Tax (added)$3.68");
    expect(dl).toHaveTextContent("Total (incl. tax)$54.67");
    expect(screen.getByTestId("grand-total")).toHaveTextContent("$54.67");
  });
  it("says shipping is calculated later and shows free shipping", () => {
    const { rerender } = render(<CartTotals currency="USD" subtotal={1000} itemCount={1} />);
    // The cart has no address yet: shipping and tax both wait for checkout, the total is an estimate.
    expect(screen.getAllByText("Calculated at checkout")).toHaveLength(2);
    expect(screen.getByTestId("tax")).toHaveTextContent("Calculated at checkout");
    expect(screen.getByText("Estimated total (before shipping and tax)")).toBeInTheDocument();
    rerender(<CartTotals currency="USD" subtotal={1000} shipping={0} tax={0} taxInclusive total={1000} />);
    expect(screen.getByText("Free")).toBeInTheDocument();
    expect(screen.getByText("Tax (included in prices)")).toBeInTheDocument();
  });
});

const variant = (id: string, values: Record<string, string>, stock: number): Variant => ({
  id, sku: id, title: id, price: 1000, compare_at_price: null, currency: "USD", available: stock, in_stock: stock > 0, media_ids: [], media: [], option_values: values, position: 0, weight_grams: 0,
});

describe("VariantPicker", () => {
  it("shows pressed values, disables impossible ones and marks sold-out ones", async () => {
    const onSelect = vi.fn();
    render(
      <VariantPicker
        options={[{ name: "Size", values: ["S", "M", "L"] }]}
        variants={[variant("s", { Size: "S" }, 2), variant("m", { Size: "M" }, 0)]}
        selection={{ Size: "S" }}
        onSelect={onSelect}
      />,
    );
    expect(screen.getByRole("button", { name: "S" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: /M.*sold out/ })).toBeEnabled();
    expect(screen.getByRole("button", { name: "L" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: /M/ }));
    expect(onSelect).toHaveBeenCalledWith("Size", "M");
  });
});

class FakeXhr implements XhrLike {
  static last: FakeXhr;
  status = 0;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: Blob | null = null;
  upload: XhrLike["upload"] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(m: string, u: string) {
    this.method = m;
    this.url = u;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(b: Blob) {
    this.body = b;
  }
  abort() {
    this.onabort?.();
  }
}

describe("upload progress", () => {
  it("PUTs the bytes with the returned headers and reports progress", async () => {
    const seen: number[] = [];
    const file = new Blob(["x".repeat(100)], { type: "image/png" });
    const p = putWithProgress({ upload_url: "http://s3/bucket/key?sig=1", method: "PUT", headers: { "Content-Type": "image/png", "Content-Length": "100", "x-amz-meta-id": "m1" } }, file, (f) => seen.push(f), { makeXhr: () => new FakeXhr() });
    const x = FakeXhr.last;
    expect(x.method).toBe("PUT");
    expect(x.url).toBe("http://s3/bucket/key?sig=1");
    expect(x.headers).toEqual({ "Content-Type": "image/png", "x-amz-meta-id": "m1" });
    expect(x.body).toBe(file);
    x.upload.onprogress?.({ loaded: 25, total: 100, lengthComputable: true });
    x.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
    x.status = 200;
    x.onload?.();
    await p;
    expect(seen).toEqual([0.25, 0.5, 1]);
  });
  it("rejects when the storage refuses the upload", async () => {
    const p = putWithProgress({ upload_url: "/u", method: "PUT", headers: {} }, new Blob(["a"]), () => {}, { makeXhr: () => new FakeXhr() });
    FakeXhr.last.status = 403;
    FakeXhr.last.onload?.();
    await expect(p).rejects.toThrow(/refused/);
  });
  it("refuses wrong types and big files before uploading", () => {
    expect(checkImage({ name: "a.svg", type: "image/svg+xml", size: 10 })).toMatch(/JPEG, PNG or WebP/);
    expect(checkImage({ name: "a.png", type: "image/png", size: 11 * 1024 * 1024 })).toMatch(/larger/);
    expect(checkImage({ name: "a.webp", type: "image/webp", size: 10 })).toBeNull();
  });
  it("shows a progress bar per file and calls back when done", async () => {
    let report: (f: number) => void = () => {};
    let finish: (m: MediaView) => void = () => {};
    const upload = vi.fn((_o, _f, onProgress: (f: number) => void) => {
      report = onProgress;
      return new Promise<MediaView>((r) => (finish = r));
    });
    const onUploaded = vi.fn();
    render(
      <ToastProvider>
        <ImageUploader owner={{ owner_kind: "product", owner_id: "p1", vendor_id: "v1" }} onUploaded={onUploaded} upload={upload} />
      </ToastProvider>,
    );
    const file = new File(["png"], "front.png", { type: "image/png" });
    await userEvent.upload(screen.getByTestId("image-input"), file);
    expect(upload).toHaveBeenCalledWith({ owner_kind: "product", owner_id: "p1", vendor_id: "v1" }, file, expect.any(Function));
    const bar = screen.getByRole("progressbar", { name: "Uploading front.png" });
    act(() => report(0.6));
    expect(bar).toHaveAttribute("aria-valuenow", "60");
    expect(screen.getByText("50%")).toBeInTheDocument();
    await act(async () => finish({ id: "m1", status: "ready" } as MediaView));
    await waitFor(() => expect(onUploaded).toHaveBeenCalledWith(expect.objectContaining({ id: "m1" })));
    expect(screen.getByText("Uploaded")).toBeInTheDocument();
  });
  it("lists a refused file without uploading it", async () => {
    const upload = vi.fn();
    render(<ImageUploader owner={{ owner_kind: "product", owner_id: "p1" }} onUploaded={() => {}} upload={upload} />);
    await userEvent.upload(screen.getByTestId("image-input"), new File(["<svg/>"], "x.svg", { type: "image/svg+xml" }), { applyAccept: false });
    expect(upload).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("only JPEG, PNG or WebP");
  });
});

describe("checkout", () => {
  it("keeps one Idempotency-Key per attempt and a new one when the body changes", () => {
    let n = 0;
    const { result } = renderHook(() => useIdempotencyKey(() => `k${++n}`));
    const a = checkoutBody({ email: "a@b.co", address: { name: "A", line1: "1 St", city: "X", country: "US" } }, { v1: "r1" });
    expect(result.current(a)).toBe("k1");
    expect(result.current({ ...a })).toBe("k1"); // a retry of the same attempt
    expect(result.current(checkoutBody({ email: "a@b.co", addressId: "ad1" }, { v1: "r2" }))).toBe("k2");
  });
  it("never puts a price, total or currency in the body", () => {
    const body = checkoutBody({ addressId: "ad1" }, { v1: "r1", v2: "r9" });
    expect(body).toEqual({ address_id: "ad1", shipping: [{ vendor_id: "v1", rate_id: "r1" }, { vendor_id: "v2", rate_id: "r9" }] });
    expect(JSON.stringify(body)).not.toMatch(/price|total|currency|amount/);
    // The quote takes no email (the server refuses unknown properties); the checkout does.
    const d = { email: "g@x.co", address: { name: "G", line1: "1 St", city: "X", country: "US" } };
    expect(quoteBody(d, {})).toEqual({ shipping_address: d.address, shipping: [] });
    expect(checkoutBody(d, {})).toEqual({ email: "g@x.co", shipping_address: d.address, shipping: [] });
  });
});

describe("useHandedOverOrder", () => {
  const wrapper = (order: { id: string }) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return <MemoryRouter initialEntries={[{ pathname: `/orders/${order.id}/confirmation`, state: { order } }]}>{children}</MemoryRouter>;
    };
  it("uses the order from checkout once and clears the router state so a reload refetches", async () => {
    const order = { id: "o1", number: "AB-1" } as unknown as Order;
    const { result } = renderHook(() => ({ order: useHandedOverOrder("o1"), loc: useLocation() }), { wrapper: wrapper(order) });
    expect(result.current.order).toBe(order);
    await waitFor(() => expect(result.current.loc.state).toBeNull());
    expect(result.current.loc.pathname).toBe("/orders/o1/confirmation");
    expect(result.current.order).toBe(order);
  });
  it("ignores an order handed over for another id", () => {
    const { result } = renderHook(() => useHandedOverOrder("o2"), { wrapper: wrapper({ id: "o1" }) });
    expect(result.current).toBeUndefined();
  });
});
