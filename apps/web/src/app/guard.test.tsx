import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { AuthProvider } from "./auth";
import { RequireAuth, RequireRole } from "./guard";

const user = (roles: User["roles"]): User => ({
  id: "u1",
  email: "a@b.co",
  name: "Ada",
  email_verified: true,
  roles,
  vendor_memberships: [],
  created_at: "2026-01-01T00:00:00Z",
});

function Where() {
  const loc = useLocation();
  return <p>at {loc.pathname + loc.search}</p>;
}

function renderAt(path: string, initialUser: User | null) {
  return render(
    <AuthProvider initialUser={initialUser}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/admin" element={<RequireRole role="operator"><h1>Operator console</h1></RequireRole>} />
          <Route path="/sell" element={<RequireAuth><h1>Seller dashboard</h1></RequireAuth>} />
          <Route path="/sign-in" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}

describe("role guard", () => {
  it("lets an operator into /admin", () => {
    renderAt("/admin", user(["buyer", "operator"]));
    expect(screen.getByRole("heading", { name: "Operator console" })).toBeInTheDocument();
  });

  it("shows 'You don't have access' to a buyer on /admin", () => {
    renderAt("/admin", user(["buyer"]));
    expect(screen.getByRole("heading", { name: "You don't have access" })).toBeInTheDocument();
    expect(screen.queryByText("Operator console")).toBeNull();
  });

  it("sends anonymous visitors to sign in with a return path", () => {
    renderAt("/admin", null);
    expect(screen.getByText("at /sign-in?next=%2Fadmin")).toBeInTheDocument();
  });

  it("lets any signed-in user into /sell", () => {
    renderAt("/sell", user(["buyer"]));
    expect(screen.getByRole("heading", { name: "Seller dashboard" })).toBeInTheDocument();
  });
});
