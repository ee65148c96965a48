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

const CART_TOKEN_KEY = "mk_cart_token";

function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Forgets the guest cart token (after it merged into an account cart). */
export function forgetCartToken() {
  storage()?.removeItem(CART_TOKEN_KEY);
}

/**
 * Guest carts: the server sets the mk_cart cookie and also returns X-Cart-Token. The token is
 * kept for this tab and sent back on cart and checkout calls, so a guest cart works even when
 * the cookie is not stored (the cookie stays the primary mechanism; the token is low-value: it
 * only names a guest cart).
 */
export const cartTokenMiddleware: Middleware = {
  onRequest({ request }) {
    const path = new URL(request.url, "http://x").pathname;
    if (path.startsWith("/api/v1/carts/") || path.startsWith("/api/v1/checkout")) {
      const t = storage()?.getItem(CART_TOKEN_KEY);
      if (t && !request.headers.has("X-Cart-Token")) request.headers.set("X-Cart-Token", t);
    }
    return request;
  },
  onResponse({ response }) {
    const t = response.headers.get("X-Cart-Token");
    if (t) storage()?.setItem(CART_TOKEN_KEY, t);
    return response;
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
  client.use(cartTokenMiddleware);
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
