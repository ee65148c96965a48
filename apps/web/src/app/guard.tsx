import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import type { Role } from "../api/types";
import { hasRole, useAuth } from "./auth";
import { PageLoader } from "../ui/feedback";
import { AccessDenied } from "../pages/errors";

/** Sends anonymous visitors to /sign-in?next=<here>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const loc = useLocation();
  if (user === undefined) return <PageLoader />;
  if (!user) return <Navigate to={`/sign-in?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

/** Signed in and holding `role`; otherwise a clear "no access" page. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useAuth();
  return (
    <RequireAuth>
      {user && !hasRole(user, role) ? <AccessDenied /> : children}
    </RequireAuth>
  );
}
