import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import { useSite } from "../../app/site";
import { HEX } from "../../lib/color";
import { Card, Form, PageHeader, SubmitButton, TextArea, TextField, useToast } from "../../ui";
import { storefrontUrl } from "../market/catalog-ui";
import { ImageUploader } from "./ImageUploader";
import { RequireShop, useVendorCtx } from "./vendor";

export function StorefrontSettingsPage() {
  return <RequireShop>{() => <StorefrontSettings />}</RequireShop>;
}

function StorefrontSettings() {
  const { current, reload } = useVendorCtx();
  const toast = useToast();
  const { site } = useSite();
  const v = current!.vendor;
  return (
    <>
      <PageHeader title="Storefront" description={site.tenant ? <>Your shop lives at <a href={storefrontUrl(v.slug, site.tenant.slug, site.base_domain)}>{`${v.slug}.${site.tenant.slug}.${site.base_domain}`}</a></> : undefined} />
      <Card title="Shop details">
        <Form
          aria-label="Storefront settings"
          onSubmit={async (f) => {
            const accent = (f.accent_color ?? "").trim().toLowerCase();
            if (accent && !HEX.test(accent)) throw validationError({ accent_color: "Use a hex colour like #1a7f5a, or leave it empty." });
            await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { name: f.name?.trim(), description: f.description ?? "", contact_email: f.contact_email?.trim(), shipping_policy: f.shipping_policy ?? "", returns_policy: f.returns_policy ?? "", accent_color: accent } }));
            toast.success("Storefront saved.");
            reload();
          }}
        >
          <div className="stack">
            <div className="grid-2">
              <TextField label="Shop name" name="name" defaultValue={v.name} required />
              <TextField label="Contact email" name="contact_email" type="email" defaultValue={v.contact_email} />
            </div>
            <TextArea label="About the shop" name="description" defaultValue={v.description} optional />
            <TextField label="Accent colour" name="accent_color" defaultValue={v.accent_color ?? ""} maxLength={7} spellCheck={false} optional hint="Hex, like #1a7f5a. Colours your storefront's buttons, links and banner edge; empty uses the marketplace's colour." />
            <TextArea label="Shipping policy" name="shipping_policy" defaultValue={v.shipping_policy} optional />
            <TextArea label="Returns policy" name="returns_policy" defaultValue={v.returns_policy} optional />
          </div>
          <div className="form-actions"><SubmitButton>Save</SubmitButton></div>
        </Form>
      </Card>
      <Card title="Logo">
        <div className="stack-sm">
          {v.logo_url && <img className="shop-logo" src={v.logo_url} alt="Current logo" width={72} height={72} data-testid="current-logo" />}
          <ImageUploader
            owner={{ owner_kind: "storefront_logo", owner_id: v.id }}
            onUploaded={async (m) => {
              try {
                await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { logo_media_id: m.id } }));
                toast.success("Logo updated.");
                reload();
              } catch (e) {
                toast.error(e instanceof ApiError ? e.summary : "Couldn't set the logo.");
              }
            }}
          />
        </div>
      </Card>
      <Card title="Banner">
        <div className="stack-sm">
          {v.banner_url && <img className="shop-banner" src={v.banner_url} alt="Current banner" data-testid="current-banner" />}
          <ImageUploader
            owner={{ owner_kind: "storefront_banner", owner_id: v.id }}
            onUploaded={async (m) => {
              try {
                await unwrap(api.PATCH("/api/v1/seller/vendors/{vendor_id}", { params: { path: { vendor_id: v.id } }, body: { banner_media_id: m.id } }));
                toast.success("Banner updated.");
                reload();
              } catch (e) {
                toast.error(e instanceof ApiError ? e.summary : "Couldn't set the banner.");
              }
            }}
          />
        </div>
      </Card>
    </>
  );
}
