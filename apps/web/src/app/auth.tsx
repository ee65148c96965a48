import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
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

/** Marketplace-host session: GET /api/v1/me, 401 means signed out. */
export function AuthProvider({ children, initialUser }: { children: ReactNode; initialUser?: User | null }) {
  const [user, setUser] = useState<User | null | undefined>(initialUser);

  const refresh = useCallback(async () => {
    try {
      setUser(await unwrap(api.GET("/api/v1/me")));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) setUser(null);
      else setUser(null);
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
