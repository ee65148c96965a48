import type { components } from "./schema";

type S = components["schemas"];
export type Site = S["SiteInfo"];
export type User = S["UserView"];
export type Role = NonNullable<User["roles"]>[number];
export type Tenant = S["TenantView"];
export type Session = S["SessionView"];
export type Address = S["AddressView"];
export type AddressInput = S["CreateAddressInputBody"];
export type Settings = S["SettingsView"];
export type OperatorUser = S["OperatorView"];
export type Invitation = S["OperatorInvitationView"];
export type AuditEntry = S["EntryView"];
export type PlatformAuditEntry = S["PlatformEntryView"];
export type AuditPage = S["AuditListOutputBody"];

// Catalog
export type Category = S["CategoryView"];
export type Collection = S["CollectionView"];
export type ProductSummary = S["ProductSummaryView"];
export type Product = S["ProductView"];
export type Variant = S["VariantView"];
export type ProductOption = S["ProductOption"];
export type Facets = S["FacetsView"];
export type FacetValue = S["FacetValueView"];
export type FacetRange = S["FacetRangeView"];
export type Suggestion = S["SearchSuggestionView"];
export type Vendor = S["VendorView"];
export type VendorDetail = S["VendorDetail"];
export type StockItem = S["StockItemView"];
export type StockLocation = S["StockLocationView"];

// Commerce
export type Cart = S["CartView"];
export type CartLine = S["CartLine"];
export type CartGroup = S["CartVendorGroup"];
export type CartNotice = S["CartNotice"];
export type ShippingOption = S["ShippingOption"];
export type CheckoutQuote = S["CheckoutQuote"];
export type CheckoutRequest = S["CheckoutRequest"];
export type CheckoutResult = S["CheckoutResult"];
export type Order = S["Order"];
export type VendorOrder = S["VendorOrder"];
export type OrderLine = S["OrderLine"];
export type OrderMessage = S["OrderMessage"];
export type OrderSummary = S["OrderSummary"];
export type OrderSummaries = S["OrderSummaries"];
export type Carrier = S["ShippingCarrier"];
