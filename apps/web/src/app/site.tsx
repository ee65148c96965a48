import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, unwrap } from "../api/client";
import type { Site } from "../api/types";
import { ApiError } from "../api/errors";
import { applyBrand } from "../lib/color";
import { PageLoader } from "../ui/feedback";
import { TitleSite } from "../ui/title";

interface SiteCtx {
  site: Site;
  /** re-reads /api/v1/site (after the operator changes the name or colour) */
  refresh(): Promise<void>;
}

const Ctx = createContext<SiteCtx | null>(null);

export function useSite(): SiteCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSite outside SiteProvider");
  return v;
}

/** Display name of this host: the marketplace name, or the platform name. */
export function siteName(site: Site): string {
  return site.tenant?.name ?? site.platform_name ?? "Marketplace";
}

export function SiteProvider({ children, initial }: { children: ReactNode; initial?: Site }) {
  const [site, setSite] = useState<Site | null>(initial ?? null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const s = await unwrap(api.GET("/api/v1/site"));
    setSite(s);
    setError(null);
    applyBrand(s.tenant?.theme_color);
    document.title = siteName(s);
  }, []);

  useEffect(() => {
    if (initial) return;
    load().catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: "Error", detail: String(e) })));
  }, [initial, load]);

  if (error) return <SiteError error={error} onRetry={() => { setError(null); load().catch((e: unknown) => setError(e as ApiError)); }} />;
  if (!site) return <PageLoader />;
  return (
    <Ctx.Provider value={{ site, refresh: load }}>
      <TitleSite name={siteName(site)}>{children}</TitleSite>
    </Ctx.Provider>
  );
}

function SiteError({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const unknownHost = error.status === 404;
  return (
    <main className="main" id="main">
      <div className="container container-narrow">
        <div className="card">
          <div className="card-body stack">
            <h1>{unknownHost ? "There's no marketplace here" : "We can't load this page right now"}</h1>
            <p className="muted">
              {unknownHost
                ? "Check the address for typos. If you followed a link, the marketplace may have moved or been closed."
                : error.summary}
            </p>
            {!unknownHost && (
              <button type="button" className="btn btn-primary" onClick={onRetry}>
                Try again
              </button>
            )}
          </div>
        </div>
      </div>
    </main>
  );
}
