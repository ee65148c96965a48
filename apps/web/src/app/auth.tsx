import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, readCookie, unwrap } from "../api/client";
import type { Role, User } from "../api/types";

interface AuthCtx {
  /** undefined while loading, null when signed out */
  user: User | null | undefined;
  setUser(u: User | null): void;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const Ctx = createContext<AuthCtx | null>(null);

export function useAuth(): AuthCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error("useAuth outside AuthProvider");
  return v;
}

export function hasRole(user: User | null | undefined, role: Role): boolean {
  return !!user && (user.roles ?? []).includes(role);
}

/**
 * Whether this browser holds a session worth asking about. Sign-in sets the HttpOnly session
 * cookie together with the script-readable mk_csrf cookie (same lifetime, both cleared at
 * sign-out), so without mk_csrf there is no session and GET /api/v1/me could only answer 401:
 * a visitor's every page would log that refusal in the console.
 */
export function mayHaveSession(cookie: string = typeof document === "undefined" ? "" : document.cookie): boolean {
  return !!readCookie("mk_csrf", cookie);
}

/** Marketplace-host session: GET /api/v1/me when a session cookie is present; 401 means signed out. */
export function AuthProvider({ children, initialUser }: { children: ReactNode; initialUser?: User | null }) {
  const [user, setUser] = useState<User | null | undefined>(initialUser);

  const refresh = useCallback(async () => {
    if (!mayHaveSession()) {
      setUser(null);
      return;
    }
    try {
      setUser(await unwrap(api.GET("/api/v1/me")));
    } catch {
      // A session that expired (401) or any other failure: shown as signed out.
      setUser(null);
    }
  }, []);

  useEffect(() => {
    if (initialUser === undefined) void refresh();
  }, [initialUser, refresh]);

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST("/api/v1/auth/logout"));
    } finally {
      setUser(null);
    }
  }, []);

  return <Ctx.Provider value={{ user, setUser, refresh, signOut }}>{children}</Ctx.Provider>;
}
