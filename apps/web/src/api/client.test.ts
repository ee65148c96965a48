import { describe, expect, it, vi } from "vitest";
import { makeClient, readCookie, unwrap } from "./client";
import { ApiError, fieldFromLocation } from "./errors";

function recorder(response: () => Response) {
  const calls: Request[] = [];
  const fetch = vi.fn(async (req: Request) => {
    calls.push(req);
    return response();
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("api client", () => {
  it("reads cookies", () => {
    expect(readCookie("mk_csrf", "a=1; mk_csrf=tok%20en; b=2")).toBe("tok en");
    expect(readCookie("mk_csrf", "mk_csrfx=1")).toBeNull();
  });

  it("sends X-CSRF-Token from the mk_csrf cookie on unsafe methods only", async () => {
    document.cookie = "mk_csrf=csrf-123; path=/";
    const r = recorder(() => json({ user: {}, token: "t", expires_at: "x" }));
    const api = makeClient({ baseUrl: "http://acme.localhost", fetch: r.fetch });
    await unwrap(api.POST("/api/v1/auth/login", { body: { email: "a@b.co", password: "pw" } }));
    await unwrap(api.GET("/api/v1/site"));
    await api.DELETE("/api/v1/me/sessions/{id}", { params: { path: { id: "s1" } } });
    expect(r.calls[0]!.method).toBe("POST");
    expect(r.calls[0]!.headers.get("X-CSRF-Token")).toBe("csrf-123");
    expect(r.calls[0]!.credentials).toBe("include");
    expect(r.calls[1]!.method).toBe("GET");
    expect(r.calls[1]!.headers.get("X-CSRF-Token")).toBeNull();
    expect(r.calls[2]!.headers.get("X-CSRF-Token")).toBe("csrf-123");
    expect(r.calls[2]!.url).toBe("http://acme.localhost/api/v1/me/sessions/s1");
  });

  it("sends no CSRF header without the cookie", async () => {
    const r = recorder(() => json({ message: "ok" }, 202));
    const api = makeClient({ baseUrl: "http://x", fetch: r.fetch });
    await unwrap(api.POST("/api/v1/auth/password/forgot", { body: { email: "a@b.co" } }));
    expect(r.calls[0]!.headers.has("X-CSRF-Token")).toBe(false);
  });

  it("turns problem+json into a typed ApiError with field errors", async () => {
    const problem = {
      type: "about:blank",
      title: "Unprocessable Entity",
      status: 422,
      detail: "validation failed",
      errors: [
        { location: "body.email", message: "email is invalid", value: "x" },
        { location: "body.password", message: "too short" },
        { location: "query.cursor", message: "bad cursor" },
      ],
    };
    const r = recorder(() => new Response(JSON.stringify(problem), { status: 422, headers: { "Content-Type": "application/problem+json" } }));
    const api = makeClient({ baseUrl: "http://x", fetch: r.fetch });
    const err = await unwrap(api.POST("/api/v1/auth/register", { body: { email: "x", password: "y", name: "z" } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.title).toBe("Unprocessable Entity");
    expect(e.detail).toBe("validation failed");
    expect(e.errors).toHaveLength(3);
    expect(e.fieldErrors()).toEqual({ email: "email is invalid", password: "too short" });
  });

  it("handles non-JSON errors, Retry-After and network failures", async () => {
    const api = makeClient({ baseUrl: "http://x", fetch: recorder(() => new Response("slow down", { status: 429, headers: { "Retry-After": "30" } })).fetch });
    const e = (await unwrap(api.POST("/api/v1/auth/login", { body: { email: "a@b.co", password: "p" } })).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(429);
    expect(e.retryAfter).toBe(30);
    expect(e.summary).toMatch(/30 seconds/);

    const down = makeClient({
      baseUrl: "http://x",
      fetch: (async () => {
        throw new TypeError("Failed to fetch");
      }) as unknown as typeof globalThis.fetch,
    });
    const n = (await unwrap(down.GET("/api/v1/site")).catch((x: unknown) => x)) as ApiError;
    expect(n.status).toBe(0);
  });

  it("maps locations to form fields", () => {
    expect(fieldFromLocation("body.email")).toBe("email");
    expect(fieldFromLocation("body.items[0].name")).toBe("items.0.name");
    expect(fieldFromLocation("query.cursor")).toBeNull();
    expect(fieldFromLocation("body")).toBeNull();
  });
});

describe("guest cart token", () => {
  it("keeps X-Cart-Token from a response and sends it on cart and checkout calls only", async () => {
    sessionStorage.clear();
    const seen: { url: string; token: string | null }[] = [];
    const fetch = vi.fn(async (req: Request) => {
      seen.push({ url: new URL(req.url).pathname, token: req.headers.get("X-Cart-Token") });
      return new Response(JSON.stringify({ id: "c1" }), { status: 201, headers: { "Content-Type": "application/json", "X-Cart-Token": "tok-1" } });
    });
    const c = makeClient({ baseUrl: "http://test", fetch: fetch as unknown as typeof globalThis.fetch });
    await c.POST("/api/v1/carts/current/lines", { body: { variant_id: "v", quantity: 1 } });
    await c.POST("/api/v1/checkout/quote", { body: {} });
    await c.GET("/api/v1/me");
    expect(seen).toEqual([
      { url: "/api/v1/carts/current/lines", token: null },
      { url: "/api/v1/checkout/quote", token: "tok-1" },
      { url: "/api/v1/me", token: null },
    ]);
    sessionStorage.clear();
  });
});
