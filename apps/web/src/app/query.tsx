import { keepPreviousData, useQuery as useTanstackQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/errors";
import { Alert, SkeletonRows } from "../ui/feedback";
import { AccessDenied } from "../pages/errors";

/** What QueryView needs of a query; a TanStack `useQuery` result has this shape. */
export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  refetch(): unknown;
}

export interface Query<T> extends QueryState<T> {
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  setData(d: T): void;
}

/** Any thrown value as an ApiError, so every failure renders the same way. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0, title: "Error", detail: String(e) });
}

/**
 * A read owned by one component, on the shared TanStack Query client: runs `fn` on mount and
 * whenever `deps` change, and keeps the last data while reloading. Pages whose data other pages
 * share or invalidate call TanStack's `useQuery` with a named query key instead (see queryKeys.ts).
 */
export function useQuery<T>(fn: () => Promise<T>, deps: unknown[] = []): Query<T> {
  const owner = useId();
  const client = useQueryClient();
  const queryKey = ["component", owner, ...deps];
  // Nothing else reads this key, so its data goes when the component does (gcTime 0), as before.
  const q = useTanstackQuery({ queryKey, queryFn: fn, placeholderData: keepPreviousData, gcTime: 0 });
  const { refetch } = q;
  const reload = useCallback(() => void refetch(), [refetch]);
  // The key as a string keeps setData's identity stable across renders (callers pass it to effects).
  const keyJson = JSON.stringify(queryKey);
  const setData = useCallback((d: T) => client.setQueryData(JSON.parse(keyJson) as unknown[], d), [client, keyJson]);
  return { data: q.data, error: q.error ? asApiError(q.error) : null, loading: q.isFetching, reload, setData, refetch: reload };
}

/** Renders loading / 401 / 403 / error states of a query, and `children(data)` once loaded. */
export function QueryView<T>({ query, children, skeletonRows = 4 }: { query: QueryState<T>; children: (data: T) => ReactNode; skeletonRows?: number }) {
  const loc = useLocation();
  if (query.error) {
    const error = asApiError(query.error);
    if (error.status === 401) return <Navigate to={`/sign-in?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
    if (error.status === 403) return <AccessDenied />;
    return (
      <Alert kind="error" title="Couldn't load this">
        <p style={{ margin: "0 0 8px" }}>{error.summary}</p>
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => void query.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  if (query.data === undefined) return <SkeletonRows rows={skeletonRows} />;
  return <>{children(query.data)}</>;
}
