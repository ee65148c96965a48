// Every page of the app, loaded on demand: each area (catalog, cart, checkout, account, seller
// dashboard, operator console, platform) is its own JavaScript chunk, fetched when a route first
// needs it, so a buyer's first page does not download the dashboards. App.tsx routes to these
// names exactly as it would to the modules themselves.
import { lazy, Suspense, type ComponentType, type JSX } from "react";
import { PageLoader } from "../ui/feedback";

/** A component of a lazily imported module, shown with a loader until its chunk arrives. */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function Page(props: P) {
    return (
      <Suspense fallback={<PageLoader />}>
        <Lazy {...(props as P & JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  }
  return Page;
}

const account = () => import("../pages/account/Account");
export const AccountLayout = lazyPage(() => account().then((m) => m.AccountLayout));
export const PasswordPage = lazyPage(() => account().then((m) => m.PasswordPage));
export const Profile = lazyPage(() => account().then((m) => m.Profile));
export const SessionsPage = lazyPage(() => account().then((m) => m.SessionsPage));
export const AddressesPage = lazyPage(() => import("../pages/account/Addresses").then((m) => m.AddressesPage));
const orders = () => import("../pages/account/Orders");
export const OrdersPage = lazyPage(() => orders().then((m) => m.OrdersPage));
export const OrderDetailPage = lazyPage(() => orders().then((m) => m.OrderDetailPage));

const admin = () => import("../pages/admin/Admin");
export const AdminLayout = lazyPage(() => admin().then((m) => m.AdminLayout));
export const AdminOperators = lazyPage(() => admin().then((m) => m.AdminOperators));
export const AdminSettings = lazyPage(() => admin().then((m) => m.AdminSettings));
export const AuditLog = lazyPage(() => import("../pages/admin/Audit").then((m) => m.AuditLog));
export const AdminCollections = lazyPage(() => import("../pages/admin/Collections").then((m) => m.AdminCollections));
export const AdminDomains = lazyPage(() => import("../pages/admin/Domains").then((m) => m.AdminDomains));
export const AdminPayments = lazyPage(() => import("../pages/admin/Payments").then((m) => m.AdminPayments));
const commerce = () => import("../pages/admin/Commerce");
export const AdminCategories = lazyPage(() => commerce().then((m) => m.AdminCategories));
export const AdminOrderDetail = lazyPage(() => commerce().then((m) => m.AdminOrderDetail));
export const AdminOrders = lazyPage(() => commerce().then((m) => m.AdminOrders));
export const AdminVendors = lazyPage(() => commerce().then((m) => m.AdminVendors));

const auth = () => import("../pages/market/AuthPages");
export const AcceptInvite = lazyPage(() => auth().then((m) => m.AcceptInvite));
export const ForgotPassword = lazyPage(() => auth().then((m) => m.ForgotPassword));
export const Register = lazyPage(() => auth().then((m) => m.Register));
export const ResetPassword = lazyPage(() => auth().then((m) => m.ResetPassword));
export const SignIn = lazyPage(() => auth().then((m) => m.SignIn));
export const VerifyEmail = lazyPage(() => auth().then((m) => m.VerifyEmail));
const catalog = () => import("../pages/market/Catalog");
export const Home = lazyPage(() => catalog().then((m) => m.Home));
export const ProductPage = lazyPage(() => catalog().then((m) => m.ProductPage));
export const SearchPage = lazyPage(() => catalog().then((m) => m.SearchPage));
export const VendorPage = lazyPage(() => catalog().then((m) => m.VendorPage));
export const GuestOrderPage = lazyPage(() => import("../pages/market/GuestOrder").then((m) => m.GuestOrderPage));
export const JoinShopPage = lazyPage(() => import("../pages/market/JoinShop").then((m) => m.JoinShopPage));
export const CartPage = lazyPage(() => import("../pages/market/Cart").then((m) => m.CartPage));
const checkout = () => import("../pages/market/Checkout");
export const CheckoutPage = lazyPage(() => checkout().then((m) => m.CheckoutPage));
export const OrderConfirmation = lazyPage(() => checkout().then((m) => m.OrderConfirmation));

export const Landing = lazyPage(() => import("../pages/platform/Landing").then((m) => m.Landing));
export const PlatformAdmin = lazyPage(() => import("../pages/platform/PlatformAdmin").then((m) => m.PlatformAdmin));
export const Signup = lazyPage(() => import("../pages/platform/Signup").then((m) => m.Signup));

const sell = () => import("../pages/sell/Sell");
export const ApplyToSell = lazyPage(() => sell().then((m) => m.ApplyToSell));
export const SellLayout = lazyPage(() => sell().then((m) => m.SellLayout));
export const SellOverview = lazyPage(() => sell().then((m) => m.SellOverview));
const products = () => import("../pages/sell/Products");
export const ProductEditPage = lazyPage(() => products().then((m) => m.ProductEditPage));
export const ProductsPage = lazyPage(() => products().then((m) => m.ProductsPage));
export const PayoutsPage = lazyPage(() => import("../pages/sell/Payouts").then((m) => m.PayoutsPage));
export const ImportExportPage = lazyPage(() => import("../pages/sell/ImportExport").then((m) => m.ImportExportPage));
export const SellCollectionsPage = lazyPage(() => import("../pages/sell/Collections").then((m) => m.SellCollectionsPage));
export const InventoryPage = lazyPage(() => import("../pages/sell/Inventory").then((m) => m.InventoryPage));
export const SellOrderDetailPage = lazyPage(() => import("../pages/sell/SellOrderDetail").then((m) => m.SellOrderDetailPage));
export const SellOrdersPage = lazyPage(() => import("../pages/sell/SellOrders").then((m) => m.SellOrdersPage));
export const StorefrontSettingsPage = lazyPage(() => import("../pages/sell/StorefrontSettings").then((m) => m.StorefrontSettingsPage));
export const ShippingPage = lazyPage(() => import("../pages/sell/Shipping").then((m) => m.ShippingPage));
