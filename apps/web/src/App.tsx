import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import type { Site } from "./api/types";
import { AuthProvider } from "./app/auth";
import { createQueryClient } from "./app/queryClient";
import { MarketplaceChrome, PlatformChrome } from "./app/chrome";
import { RequireAuth, RequireRole } from "./app/guard";
import { SiteProvider, useSite } from "./app/site";
import { NotFound } from "./pages/errors";
import { CartProvider } from "./app/cart";
import { useAuth } from "./app/auth";
import {
  AcceptInvite, AccountLayout, AddressesPage, AdminCategories, AdminCollections, AdminDomains, AdminLayout, AdminOperators, AdminOrderDetail, AdminOrders, AdminPayments,
  AdminSettings, AdminVendors, ApplyToSell, AuditLog, CartPage, CheckoutPage, ForgotPassword, GuestOrderPage, Home, ImportExportPage, InventoryPage, JoinShopPage, Landing, OrderConfirmation,
  OrderDetailPage, OrdersPage, PasswordPage, PayoutsPage, PlatformAdmin, ProductEditPage, ProductPage, ProductsPage, Profile, Register, ResetPassword, SearchPage,
  SellCollectionsPage, SellLayout, SellOrderDetailPage, SellOrdersPage, SellOverview, SessionsPage, ShippingPage, SignIn, Signup, StorefrontSettingsPage, VendorPage, VerifyEmail,
} from "./app/pages";
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
        <Route path="c/:slug" element={<SearchPage />} />
        <Route path="p/:ref" element={<ProductPage />} />
        <Route path="v/:slug" element={<VendorPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="checkout" element={<CheckoutPage />} />
        <Route path="orders/:id/confirmation" element={<OrderConfirmation />} />
        <Route path="sign-in" element={<SignIn />} />
        <Route path="register" element={<Register />} />
        <Route path="forgot-password" element={<ForgotPassword />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="verify-email" element={<VerifyEmail />} />
        <Route path="accept-invite" element={<AcceptInvite />} />
        <Route path="join-shop" element={<JoinShopPage />} />
        <Route path="guest-order" element={<GuestOrderPage />} />
        <Route path="account" element={<RequireAuth><AccountLayout /></RequireAuth>}>
          <Route index element={<Profile />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="orders/:id" element={<OrderDetailPage />} />
          <Route path="password" element={<PasswordPage />} />
          <Route path="addresses" element={<AddressesPage />} />
          <Route path="sessions" element={<SessionsPage />} />
        </Route>
        <Route path="sell" element={<RequireAuth><SellLayout /></RequireAuth>}>
          <Route index element={<SellOverview />} />
          <Route path="products" element={<ProductsPage />} />
          <Route path="products/:id" element={<ProductEditPage />} />
          <Route path="inventory" element={<InventoryPage />} />
          <Route path="import" element={<ImportExportPage />} />
          <Route path="shipping" element={<ShippingPage />} />
          <Route path="collections" element={<SellCollectionsPage />} />
          <Route path="orders" element={<SellOrdersPage />} />
          <Route path="orders/:id" element={<SellOrderDetailPage />} />
          <Route path="storefront" element={<StorefrontSettingsPage />} />
          <Route path="settings" element={<Navigate to="/sell/storefront" replace />} />
          <Route path="payouts" element={<PayoutsPage />} />
          <Route path="apply" element={<ApplyToSell />} />
        </Route>
        <Route path="admin" element={<RequireRole role="operator"><AdminLayout /></RequireRole>}>
          <Route index element={<Navigate to="settings" replace />} />
          <Route path="vendors" element={<AdminVendors />} />
          <Route path="orders" element={<AdminOrders />} />
          <Route path="orders/:id" element={<AdminOrderDetail />} />
          <Route path="categories" element={<AdminCategories />} />
          <Route path="collections" element={<AdminCollections />} />
          <Route path="payments" element={<AdminPayments />} />
          <Route path="settings" element={<AdminSettings />} />
          <Route path="domains" element={<AdminDomains />} />
          <Route path="operators" element={<AdminOperators />} />
          <Route path="audit" element={<AuditLog />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/**
 * Cached reads belong to the account that made them: when another account signs in (or the
 * visitor signs out), every query is reset and the ones on screen read again.
 */
function useQueriesOfSignedInUser(userId: string | null | undefined) {
  const queryClient = useQueryClient();
  const seen = useRef(userId);
  useEffect(() => {
    if (userId === undefined) return;
    if (seen.current !== undefined && seen.current !== userId) void queryClient.resetQueries();
    seen.current = userId;
  }, [queryClient, userId]);
}

/** The cart re-reads itself when the signed-in account changes (guest cart merges at sign-in). */
function CartForUser({ children }: { children: React.ReactNode }) {
  const { user } = useAuth();
  useQueriesOfSignedInUser(user === undefined ? undefined : user?.id ?? null);
  return <CartProvider signedInKey={user === undefined ? undefined : user?.id ?? null}>{children}</CartProvider>;
}

function HostRoutes() {
  const { site } = useSite();
  if (site.kind === "platform") return <PlatformRoutes />;
  return (
    <AuthProvider>
      <CartForUser>
        <MarketplaceRoutes />
      </CartForUser>
    </AuthProvider>
  );
}

export function App({ site }: { site?: Site }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <ToastProvider>
          <SiteProvider initial={site}>
            <HostRoutes />
          </SiteProvider>
        </ToastProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
