import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import { useAuth } from "../../app/auth";
import { useSite } from "../../app/site";
import { COUNTRY_OPTIONS } from "../../lib/countries";
import { EMAIL_RE, SLUG_RE, marketplaceUrl, slugify } from "../../lib/format";
import { Alert, Card, EmptyState, Form, Icon, PageHeader, Select, SidebarLayout, SubmitButton, TextArea, TextField, type IconName, type SideNavItem } from "../../ui";
import { useVendorCtx, VendorProvider, type Membership } from "./vendor";
export { SellOverview } from "./Overview";

export function SellLayout() {
  return (
    <VendorProvider>
      <SellSidebar />
    </VendorProvider>
  );
}

/**
 * The dashboard's tabs. Someone with an approved shop is past applying: their last tab is their
 * shop as buyers see it, not "Apply to sell" (the page stays reachable for a second shop).
 */
export function sellNavItems(memberships: readonly Membership[]): SideNavItem[] {
  const approved = memberships.find((m) => m.vendor.status === "approved");
  return [
    { to: "/sell", label: "Overview", end: true },
    { to: "/sell/products", label: "Products" },
    { to: "/sell/inventory", label: "Inventory" },
    { to: "/sell/import", label: "Import / export" },
    { to: "/sell/collections", label: "Collections" },
    { to: "/sell/orders", label: "Orders" },
    { to: "/sell/shipping", label: "Shipping" },
    { to: "/sell/storefront", label: "Storefront" },
    { to: "/sell/payouts", label: "Payouts" },
    approved ? { to: `/v/${encodeURIComponent(approved.vendor.slug)}`, label: "Your shop" } : { to: "/sell/apply", label: "Apply to sell" },
  ];
}

function SellSidebar() {
  const { memberships } = useVendorCtx();
  return <SidebarLayout title="Seller dashboard" items={sellNavItems(memberships)} />;
}

const COMING: Record<string, { icon: IconName; text: string }> = {
  Products: { icon: "box", text: "Create listings with photos, variants, prices and stock." },
  Orders: { icon: "receipt", text: "See and fulfil orders, print packing slips and add tracking numbers." },
  Payouts: { icon: "money", text: "Orders are paid by bank transfer or cash on delivery for now; card payments with automatic payouts to your bank arrive with the payments update." },
  Settings: { icon: "gear", text: "Your shop's name, logo, storefront address, policies and staff." },
};

export function ComingSoon({ title }: { title: keyof typeof COMING | string }) {
  const c = COMING[title] ?? { icon: "sparkle" as IconName, text: "This part of the dashboard is being built." };
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState icon={<Icon name={c.icon} />} title="Coming soon">
          {c.text} We're putting the finishing touches on it.
        </EmptyState>
      </Card>
    </>
  );
}

export function ApplyToSell() {
  const { user, refresh } = useAuth();
  const vendorCtx = useVendorCtx();
  const { site } = useSite();
  const [shop, setShop] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  const base = site.tenant ? `${site.tenant.slug}.${site.base_domain}` : site.base_domain;
  const preview = marketplaceUrl(slug || "your-shop", base);

  if (done) {
    return (
      <>
        <PageHeader title="Application sent" />
        <Alert kind="success" title="Thanks! We've received your application.">
          The marketplace team will review <strong>{done}</strong> and email you when it's approved.
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Apply to sell" description="Tell us about your shop. Approval usually takes a day or two." />
      {vendorCtx.memberships.length > 0 && (
        <Alert kind="info" title="You already have a shop">
          {vendorCtx.memberships.map((m) => `${m.vendor.name} (${m.vendor.status})`).join(", ")}. You can apply for another one below.
        </Alert>
      )}
      {unavailable && (
        <Alert kind="warning" title="Seller applications aren't open yet">
          This marketplace isn't accepting seller applications yet. Please try again later.
        </Alert>
      )}
      <Card>
        <Form
          aria-label="Apply to sell"
          onSubmit={async (v) => {
            const errors: Record<string, string> = {};
            if (!v.name?.trim()) errors.name = "Enter your shop's name.";
            if (!SLUG_RE.test(v.slug ?? "") || (v.slug ?? "").length < 3) errors.slug = "Use 3 or more lowercase letters, numbers and hyphens.";
            if (!EMAIL_RE.test(v.contact_email ?? "")) errors.contact_email = "Enter a valid email address.";
            if (!v.country) errors.country = "Choose the country your business is based in.";
            if (Object.keys(errors).length) throw validationError(errors);
            try {
              await unwrap(
                api.POST("/api/v1/vendors", {
                  body: { name: v.name!.trim(), slug: v.slug!, description: v.description?.trim() ?? "", contact_email: v.contact_email!.trim(), country: v.country! },
                }),
              );
              setDone(v.name!.trim());
              vendorCtx.reload();
              void refresh();
            } catch (e) {
              if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) setUnavailable(true);
              throw e;
            }
          }}
        >
          <div className="stack">
            <TextField
              label="Shop name"
              name="name"
              value={shop}
              maxLength={100}
              onChange={(e) => {
                setShop(e.target.value);
                if (!slugTouched) setSlug(slugify(e.target.value));
              }}
              required
            />
            <TextField
              label="Storefront address"
              name="slug"
              value={slug}
              maxLength={40}
              autoCapitalize="none"
              spellCheck={false}
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, ""));
              }}
              hint={<>Your storefront: <span className="mono">{preview}</span></>}
              required
            />
            <TextArea label="About your shop" name="description" maxLength={2000} optional hint="What you sell and what makes it special. Buyers will see this." />
            <div className="grid-2">
              <TextField label="Contact email" name="contact_email" type="email" defaultValue={user?.email} autoComplete="email" required />
              <Select label="Business country" name="country" defaultValue="" placeholder="Choose…" options={COUNTRY_OPTIONS} required />
            </div>
          </div>
          <div className="form-actions">
            <SubmitButton>Submit application</SubmitButton>
          </div>
        </Form>
      </Card>
    </>
  );
}
