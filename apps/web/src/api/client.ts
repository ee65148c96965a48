import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { networkError, toApiError } from "./errors";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Reads a cookie visible to scripts (mk_csrf is not HttpOnly). */
export function readCookie(name: string, cookie: string = typeof document === "undefined" ? "" : document.cookie): string | null {
  for (const part of cookie.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return part.slice(i + 1).trim();
      }
    }
  }
  return null;
}

/** Adds X-CSRF-Token (from the mk_csrf cookie) to every unsafe request. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method.toUpperCase())) {
      const token = readCookie("mk_csrf");
      if (token) request.headers.set("X-CSRF-Token", token);
    }
    return request;
  },
};

export function makeClient(opts: { baseUrl?: string; fetch?: typeof globalThis.fetch } = {}) {
  const client = createClient<paths>({
    baseUrl: opts.baseUrl ?? "",
    credentials: "include",
    headers: { Accept: "application/json, application/problem+json" },
    // Resolve fetch at call time so tests can stub globalThis.fetch.
    fetch: (req: Request) => (opts.fetch ?? globalThis.fetch)(req),
  });
  client.use(csrfMiddleware);
  return client;
}

export const api = makeClient();
export type Api = ReturnType<typeof makeClient>;

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError
 * parsed from the problem+json body. Network failures become status 0.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let res: FetchResult<T>;
  try {
    res = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw networkError();
  }
  if (!res.response.ok) throw toApiError(res.response, res.error);
  return res.data as T;
}
