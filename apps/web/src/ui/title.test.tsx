import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { PageHeader, SidebarLayout } from "./Layout";
import { composeTitle, TitleSite, useTitle } from "./title";

function Product({ title }: { title: string }) {
  useTitle(title);
  return <h1>{title}</h1>;
}

describe("document titles", () => {
  it("join page, dashboard and marketplace, leaving out empty and repeated parts", () => {
    expect(composeTitle("Orders", "Seller dashboard", "Demo")).toBe("Orders · Seller dashboard · Demo");
    expect(composeTitle("Seller dashboard", "Seller dashboard", "Demo")).toBe("Seller dashboard · Demo");
    expect(composeTitle(null, undefined, "Demo")).toBe("Demo");
    expect(composeTitle("  ", undefined, "Demo")).toBe("Demo");
  });

  it("name the page shown and fall back to the marketplace when it goes", () => {
    document.title = "Demo";
    const { rerender, unmount } = render(<TitleSite name="Demo"><Product title="Aurora Headphones" /></TitleSite>);
    expect(document.title).toBe("Aurora Headphones · Demo");
    rerender(<TitleSite name="Demo"><Product title="Bookshelf Speaker" /></TitleSite>);
    expect(document.title).toBe("Bookshelf Speaker · Demo");
    unmount();
    expect(document.title).toBe("Demo");
  });

  it("take a dashboard page's heading and its dashboard", () => {
    render(
      <MemoryRouter>
        <TitleSite name="Demo">
          <SidebarLayout title="Operator console" items={[{ to: "/admin/orders", label: "Orders" }]}>
            <PageHeader title="Orders" />
          </SidebarLayout>
        </TitleSite>
      </MemoryRouter>,
    );
    expect(document.title).toBe("Orders · Operator console · Demo");
  });

  it("name the dashboard while its page has no heading of its own", () => {
    render(
      <MemoryRouter>
        <TitleSite name="Demo">
          <SidebarLayout title="Seller dashboard" items={[]}>
            <p>You don't have a shop yet</p>
          </SidebarLayout>
        </TitleSite>
      </MemoryRouter>,
    );
    expect(document.title).toBe("Seller dashboard · Demo");
  });
});
