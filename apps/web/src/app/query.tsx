import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/errors";
import { Alert, SkeletonRows } from "../ui/feedback";
import { AccessDenied } from "../pages/errors";

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  setData(d: T): void;
}

/** Runs `fn` on mount and whenever `deps` change; keeps the last data while reloading. */
export function useQuery<T>(fn: () => Promise<T>, deps: unknown[] = []): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    let live = true;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: "Error", detail: String(e) }));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick, ...deps]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Renders loading / 401 / 403 / error states of a query, and `children(data)` once loaded. */
export function QueryView<T>({ query, children, skeletonRows = 4 }: { query: Query<T>; children: (data: T) => ReactNode; skeletonRows?: number }) {
  const loc = useLocation();
  if (query.error) {
    if (query.error.status === 401) return <Navigate to={`/sign-in?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
    if (query.error.status === 403) return <AccessDenied />;
    return (
      <Alert kind="error" title="Couldn't load this">
        <p style={{ margin: "0 0 8px" }}>{query.error.summary}</p>
        <button type="button" className="btn btn-secondary btn-sm" onClick={query.reload}>
          Try again
        </button>
      </Alert>
    );
  }
  if (query.data === undefined) return <SkeletonRows rows={skeletonRows} />;
  return <>{children(query.data)}</>;
}
