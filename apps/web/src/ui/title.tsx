import { createContext, useContext, useEffect, useLayoutEffect, type ReactNode } from "react";

// The browser tab names the page first, then the dashboard it belongs to (if any), then the
// marketplace: "Orders · Seller dashboard · Demo Market". The marketplace name comes from the
// site (SiteProvider); a dashboard's name from its SidebarLayout.

interface TitleParts {
  site: string;
  section?: string;
}

const TitleCtx = createContext<TitleParts>({ site: "" });

/** Joins page, section and site with " · ", leaving out empty and repeated parts. */
export function composeTitle(page: string | null | undefined, section: string | undefined, site: string): string {
  const parts: string[] = [];
  for (const p of [page, section, site]) {
    const t = p?.trim();
    if (t && !parts.includes(t)) parts.push(t);
  }
  return parts.join(" · ");
}

/** Provides the marketplace (or platform) name that ends every title. */
export function TitleSite({ name, children }: { name: string; children: ReactNode }) {
  return <TitleCtx.Provider value={{ site: name }}>{children}</TitleCtx.Provider>;
}

/**
 * Names the dashboard the pages inside belong to. Until a page names itself (a page that shows
 * only "you don't have a shop yet", say) the tab reads "<section> · <site>": set in a layout
 * effect, which runs before the pages' own (passive) title effects, so theirs win.
 */
export function TitleSection({ name, children }: { name: string; children: ReactNode }) {
  const { site } = useContext(TitleCtx);
  useLayoutEffect(() => {
    document.title = composeTitle(null, name, site);
  }, [name, site]);
  return <TitleCtx.Provider value={{ site, section: name }}>{children}</TitleCtx.Provider>;
}

/**
 * Sets document.title to "<page> · <section> · <site>" while the component is shown; page null
 * or empty gives the site's (and section's) name alone. On unmount the title falls back to the
 * section and site, so a page without a title never keeps the previous page's.
 */
export function useTitle(page: string | null | undefined) {
  const { site, section } = useContext(TitleCtx);
  const title = composeTitle(page, section, site);
  const fallback = composeTitle(null, section, site);
  useEffect(() => {
    if (!title) return;
    document.title = title;
    return () => {
      if (fallback) document.title = fallback;
    };
  }, [title, fallback]);
}

/** useTitle as an element, for pages whose title is known only inside their render. */
export function DocumentTitle({ page }: { page: string | null | undefined }) {
  useTitle(page);
  return null;
}
