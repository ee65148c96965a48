/** One entry of a problem+json `errors` array. */
export interface ProblemFieldError {
  location: string;
  message: string;
}

/** A parsed RFC 9457 problem, as thrown by the API client. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[];
  readonly retryAfter: number | null;

  constructor(p: { status: number; title: string; detail?: string; errors?: ProblemFieldError[]; retryAfter?: number | null }) {
    super(p.detail || p.title);
    this.name = "ApiError";
    this.status = p.status;
    this.title = p.title;
    this.detail = p.detail ?? "";
    this.errors = p.errors ?? [];
    this.retryAfter = p.retryAfter ?? null;
  }

  /** Errors keyed by form field name: `body.email` → `email`, `body.address.line1` → `address.line1`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const field = fieldFromLocation(e.location);
      if (field && !(field in out)) out[field] = e.message;
    }
    return out;
  }

  /** A sentence for a person: the detail, else the title. */
  get summary(): string {
    if (this.status === 429) {
      return this.retryAfter
        ? `Too many attempts. Please try again in ${this.retryAfter} second${this.retryAfter === 1 ? "" : "s"}.`
        : "Too many attempts. Please wait a moment and try again.";
    }
    return this.detail || this.title || "Something went wrong.";
  }
}

/** Maps a problem location (`body.email`) to a form field name (`email`); null for non-body locations. */
export function fieldFromLocation(location: string | undefined): string | null {
  if (!location) return null;
  if (!location.startsWith("body.")) return null;
  const rest = location.slice("body.".length);
  return rest === "" ? null : rest.replace(/\[(\d+)\]/g, ".$1");
}

function titleForStatus(status: number): string {
  const titles: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  return titles[status] ?? `HTTP ${status}`;
}

/** Builds an ApiError from a response and its (already parsed, possibly absent) body. */
export function toApiError(response: Response, body: unknown): ApiError {
  const ra = response.headers.get("Retry-After");
  const retryAfter = ra && /^\d+$/.test(ra) ? Number(ra) : null;
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const errors: ProblemFieldError[] = Array.isArray(b.errors)
      ? b.errors
          .filter((e): e is Record<string, unknown> => !!e && typeof e === "object")
          .map((e) => ({
            location: typeof e.location === "string" ? e.location : "",
            message: typeof e.message === "string" ? e.message : "is invalid",
          }))
      : [];
    return new ApiError({
      status: typeof b.status === "number" ? b.status : response.status,
      title: typeof b.title === "string" ? b.title : titleForStatus(response.status),
      detail: typeof b.detail === "string" ? b.detail : "",
      errors,
      retryAfter,
    });
  }
  return new ApiError({
    status: response.status,
    title: titleForStatus(response.status),
    detail: typeof body === "string" && body.length < 300 ? body : "",
    retryAfter,
  });
}

/** A client-side validation failure, shaped like the API's 422 so forms treat both the same. */
export function validationError(fields: Record<string, string>, detail = "Please correct the highlighted fields."): ApiError {
  return new ApiError({
    status: 422,
    title: "Unprocessable Entity",
    detail,
    errors: Object.entries(fields).map(([f, message]) => ({ location: `body.${f}`, message })),
  });
}

export function networkError(): ApiError {
  return new ApiError({ status: 0, title: "Network error", detail: "We couldn't reach the server. Check your connection and try again." });
}
