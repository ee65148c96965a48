import { QueryClient } from "@tanstack/react-query";

/**
 * The app's query cache settings. Failed reads are not retried: a 401 must send the visitor to
 * sign-in at once and a 4xx will not change on a retry; the page offers "Try again" instead.
 * Reads are not repeated on window focus, so a half-filled form is never re-rendered underneath
 * the person typing into it.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

declare module "@tanstack/react-query" {
  interface Register {
    // Every query function reads through api/client's unwrap, which throws ApiError.
    defaultError: import("../api/errors").ApiError;
  }
}
