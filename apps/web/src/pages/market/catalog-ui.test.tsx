import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { ProductSummary } from "../../api/types";
import { ProductCard, ProductImage, productImages } from "./catalog-ui";

const urls = (id: string) => ({ original: `/media/local/${id}-o`, "160": `/media/local/${id}-160`, "480": `/media/local/${id}-480`, "1200": `/media/local/${id}-1200` });

const summary = (media: ProductSummary["media"]): ProductSummary => ({
  id: "p1", vendor_id: "v1", slug: "quokka-poster", title: "Quokka Poster", category_id: null, tags: [], attributes: {},
  cover_media_id: null, media, currency: "USD", price_min: 2500, price_max: 2500, in_stock: true,
});

describe("product images", () => {
  it("builds src, srcset capped at the original width, alt and size from media", () => {
    const big = productImages({ media: [{ id: "a", alt: "A quokka", width: 2000, height: 1500, urls: urls("a") }] })[0]!;
    expect(big).toMatchObject({ id: "a", src: "/media/local/a-480", alt: "A quokka", width: 2000, height: 1500 });
    expect(big.srcSet).toBe("/media/local/a-160 160w, /media/local/a-480 480w, /media/local/a-1200 1200w");
    const small = productImages({ media: [{ id: "b", alt: "", width: 300, height: 200, urls: urls("b") }] }, "1200")[0]!;
    expect(small.src).toBe("/media/local/b-1200");
    expect(small.srcSet).toBe("/media/local/b-160 160w, /media/local/b-480 300w");
    expect(productImages({ media: null })).toEqual([]);
    expect(productImages(undefined)).toEqual([]);
  });

  it("shows the cover on a product card, lazily, with its size and srcset", () => {
    render(<MemoryRouter><ProductCard p={summary([{ id: "a", alt: "A quokka", width: 640, height: 480, urls: urls("a") }])} /></MemoryRouter>);
    const img = screen.getByRole("img", { name: "A quokka" });
    expect(img).toHaveAttribute("src", "/media/local/a-480");
    expect(img).toHaveAttribute("loading", "lazy");
    expect(img).toHaveAttribute("width", "640");
    expect(img).toHaveAttribute("height", "480");
    expect(img.getAttribute("srcset")).toContain("/media/local/a-1200 640w");
    expect(img).toHaveAttribute("sizes");
  });

  it("falls back to a placeholder without images", () => {
    const { container } = render(<MemoryRouter><ProductCard p={summary([])} /></MemoryRouter>);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector(".thumb")).not.toBeNull();
  });

  it("loads the product page's main image at once and uses the title when there is no alt", () => {
    const [im] = productImages({ media: [{ id: "a", alt: "", width: 64, height: 48, urls: urls("a") }] }, "1200");
    render(<ProductImage image={im} title="Quokka Poster" eager />);
    const img = screen.getByRole("img", { name: "Quokka Poster" });
    expect(img).toHaveAttribute("loading", "eager");
  });
});
