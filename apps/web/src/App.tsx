import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import type { Site } from "./api/types";
import { AuthProvider } from "./app/auth";
import { MarketplaceChrome, PlatformChrome } from "./app/chrome";
import { RequireAuth, RequireRole } from "./app/guard";
import { SiteProvider, useSite } from "./app/site";
import { AccountLayout, PasswordPage, Profile, SessionsPage } from "./pages/account/Account";
import { AddressesPage } from "./pages/account/Addresses";
import { AdminLayout, AdminOperators, AdminSettings } from "./pages/admin/Admin";
import { AuditLog } from "./pages/admin/Audit";
import { NotFound } from "./pages/errors";
import { AcceptInvite, ForgotPassword, Register, ResetPassword, SignIn, VerifyEmail } from "./pages/market/AuthPages";
import { CartPage, Home, SearchPage } from "./pages/market/Home";
import { Landing } from "./pages/platform/Landing";
import { PlatformAdmin } from "./pages/platform/PlatformAdmin";
import { Signup } from "./pages/platform/Signup";
import { ApplyToSell, ComingSoon, SellLayout, SellOverview } from "./pages/sell/Sell";
import { ToastProvider } from "./ui";

export function PlatformRoutes() {
  return (
    <Routes>
      <Route element={<PlatformChrome />}>
        <Route index element={<Landing />} />
        <Route path="signup" element={<Signup />} />
        <Route path="platform/*" element={<PlatformAdmin />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function MarketplaceRoutes() {
  return (
    <Routes>
      <Route element={<MarketplaceChrome />}>
        <Route index element={<Home />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="sign-in" element={<SignIn />} />
        <Route path="register" element={<Register />} />
        <Route path="forgot-password" element={<ForgotPassword />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="verify-email" element={<VerifyEmail />} />
        <Route path="accept-invite" element={<AcceptInvite />} />
        <Route path="account" element={<RequireAuth><AccountLayout /></RequireAuth>}>
          <Route index element={<Profile />} />
          <Route path="password" element={<PasswordPage />} />
          <Route path="addresses" element={<AddressesPage />} />
          <Route path="sessions" element={<SessionsPage />} />
        </Route>
        <Route path="sell" element={<RequireAuth><SellLayout /></RequireAuth>}>
          <Route index element={<SellOverview />} />
          <Route path="products" element={<ComingSoon title="Products" />} />
          <Route path="orders" element={<ComingSoon title="Orders" />} />
          <Route path="payouts" element={<ComingSoon title="Payouts" />} />
          <Route path="settings" element={<ComingSoon title="Settings" />} />
          <Route path="apply" element={<ApplyToSell />} />
        </Route>
        <Route path="admin" element={<RequireRole role="operator"><AdminLayout /></RequireRole>}>
          <Route index element={<Navigate to="settings" replace />} />
          <Route path="settings" element={<AdminSettings />} />
          <Route path="operators" element={<AdminOperators />} />
          <Route path="audit" element={<AuditLog />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function HostRoutes() {
  const { site } = useSite();
  if (site.kind === "platform") return <PlatformRoutes />;
  return (
    <AuthProvider>
      <MarketplaceRoutes />
    </AuthProvider>
  );
}

export function App({ site }: { site?: Site }) {
  return (
    <BrowserRouter>
      <ToastProvider>
        <SiteProvider initial={site}>
          <HostRoutes />
        </SiteProvider>
      </ToastProvider>
    </BrowserRouter>
  );
}
