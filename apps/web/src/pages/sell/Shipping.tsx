import { useState, type ReactNode } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import { QueryView, useQuery } from "../../app/query";
import { COUNTRY_OPTIONS, countryName } from "../../lib/countries";
import { formatDate } from "../../lib/format";
import { Badge, Button, Card, Checkbox, EmptyState, Form, Icon, PageHeader, Select, SubmitButton, TextField, useFormContext, useToast } from "../../ui";
import {
  describeRate,
  draftToBody,
  emptyProfile,
  emptyRate,
  emptyZone,
  profileToDraft,
  RATE_KINDS,
  rateIdFrom,
  type BandDraft,
  type ProfileDraft,
  type RateDraft,
  type RateKind,
  type ShippingProfile,
  type ZoneDraft,
} from "./shipping-form";
import { RequireShop, type Membership } from "./vendor";

export function ShippingPage() {
  return <RequireShop>{(m) => <ShippingProfiles membership={m} />}</RequireShop>;
}

type Editing = { kind: "new" } | { kind: "edit"; profile: ShippingProfile } | null;

function ShippingProfiles({ membership }: { membership: Membership }) {
  const vendorId = membership.vendor.id;
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors/{vendor_id}/shipping-profiles", { params: { path: { vendor_id: vendorId } } })), [vendorId]);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  async function remove(p: ShippingProfile) {
    try {
      await unwrap(api.DELETE("/api/v1/seller/vendors/{vendor_id}/shipping-profiles/{profile_id}", { params: { path: { vendor_id: vendorId, profile_id: p.id } } }));
      toast.success(`${p.name} deleted.`);
      setConfirmDelete(null);
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't delete the profile.");
    }
  }

  if (editing) {
    const country = /^[A-Z]{2}$/.test(membership.vendor.country) ? membership.vendor.country : "US";
    return (
      <ProfileEditor
        vendorId={vendorId}
        profile={editing.kind === "edit" ? editing.profile : null}
        initial={editing.kind === "edit" ? profileToDraft(editing.profile) : emptyProfile(country, (q.data?.profiles ?? [])[0]?.currency ?? "USD")}
        onDone={(saved) => {
          setEditing(null);
          if (saved) q.reload();
        }}
      />
    );
  }

  return (
    <>
      <PageHeader
        title="Shipping"
        description="Where you ship, what it costs and how long it takes. Buyers see the cheapest matching rate and can choose among them."
        actions={<Button onClick={() => setEditing({ kind: "new" })}>New profile</Button>}
      />
      <QueryView query={q}>
        {(d) =>
          (d.profiles ?? []).length === 0 ? (
            <Card>
              <EmptyState icon={<Icon name="box" />} title="No shipping profile yet" action={<Button onClick={() => setEditing({ kind: "new" })}>Create a shipping profile</Button>}>
                Buyers can't check out your products until you say where you ship and at what price.
              </EmptyState>
            </Card>
          ) : (
            <div className="stack">
              {(d.profiles ?? []).map((p) => (
                <Card
                  key={p.id}
                  title={
                    <>
                      {p.name} {p.is_default && <Badge tone="brand">Default</Badge>}
                    </>
                  }
                  actions={
                    confirmDelete === p.id ? (
                      <>
                        <Button size="sm" variant="danger" onClick={() => void remove(p)}>Yes, delete {p.name}</Button>
                        <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>Keep it</Button>
                      </>
                    ) : (
                      <>
                        <Button size="sm" variant="secondary" onClick={() => setEditing({ kind: "edit", profile: p })} aria-label={`Edit ${p.name}`}>Edit</Button>
                        <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(p.id)} aria-label={`Delete ${p.name}`}>Delete</Button>
                      </>
                    )
                  }
                >
                  <p className="small muted" style={{ marginTop: 0 }}>
                    Ships from {countryName(p.ship_from_country)}
                    {p.ship_from_lat != null && p.ship_from_lon != null && ` (${p.ship_from_lat}, ${p.ship_from_lon})`} · prices in {p.currency} · returns within {p.return_window_days} days · updated {formatDate(p.updated_at)}
                  </p>
                  <ul className="stack-sm" style={{ margin: 0, paddingLeft: 18 }}>
                    {(p.zones ?? []).map((z, i) => (
                      <li key={i}>
                        <strong>{z.name}</strong>{" "}
                        <span className="small muted">
                          {(z.countries ?? []).map((c) => (c === "*" ? "everywhere" : countryName(c))).join(", ")}
                          {(z.regions ?? []).length > 0 && ` · regions ${(z.regions ?? []).join(", ")}`}
                          {(z.postcodes ?? []).length > 0 && ` · postcodes ${(z.postcodes ?? []).join(", ")}`}
                        </span>
                        <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                          {(z.rates ?? []).map((r) => (
                            <li key={r.id} className="small">{describeRate(r, p.currency)}</li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                </Card>
              ))}
            </div>
          )
        }
      </QueryView>
    </>
  );
}

/** The error of a group of fields (a list of countries, the bands of a rate), from the form. */
function GroupError({ name }: { name: string }) {
  const { errors } = useFormContext();
  if (!errors[name]) return null;
  return <div className="field-error">{errors[name]}</div>;
}

function Group({ legend, name, children }: { legend: ReactNode; name: string; children: ReactNode }) {
  // A named fieldset, so the form finds problems reported for the group as a whole.
  return (
    <fieldset name={name} className="stack-sm" style={{ border: "1px solid var(--border)", borderRadius: "var(--radius)", padding: 12, margin: 0, minWidth: 0 }}>
      <legend style={{ fontWeight: 600, padding: "0 4px" }}>{legend}</legend>
      {children}
      <GroupError name={name} />
    </fieldset>
  );
}

function ProfileEditor({ vendorId, profile, initial, onDone }: { vendorId: string; profile: ShippingProfile | null; initial: ProfileDraft; onDone(saved: boolean): void }) {
  const [d, setD] = useState<ProfileDraft>(initial);
  const toast = useToast();
  const set = (patch: Partial<ProfileDraft>) => setD((x) => ({ ...x, ...patch }));
  const setZone = (zi: number, patch: Partial<ZoneDraft>) => setD((x) => ({ ...x, zones: x.zones.map((z, i) => (i === zi ? { ...z, ...patch } : z)) }));
  const setRate = (zi: number, ri: number, patch: Partial<RateDraft>) =>
    setD((x) => ({ ...x, zones: x.zones.map((z, i) => (i === zi ? { ...z, rates: z.rates.map((r, j) => (j === ri ? { ...r, ...patch } : r)) } : z)) }));
  const cur = d.currency.trim().toUpperCase() || "USD";

  return (
    <>
      <PageHeader title={profile ? `Edit ${profile.name}` : "New shipping profile"} actions={<Button variant="ghost" onClick={() => onDone(false)}>Back to profiles</Button>} />
      <Form
        aria-label="Shipping profile"
        onSubmit={async () => {
          const res = draftToBody(d);
          if (res.errors) throw validationError(res.errors);
          if (profile) {
            await unwrap(api.PUT("/api/v1/seller/vendors/{vendor_id}/shipping-profiles/{profile_id}", { params: { path: { vendor_id: vendorId, profile_id: profile.id } }, body: res.body }));
          } else {
            await unwrap(api.POST("/api/v1/seller/vendors/{vendor_id}/shipping-profiles", { params: { path: { vendor_id: vendorId } }, body: res.body }));
          }
          toast.success(`${res.body.name} saved.`);
          onDone(true);
        }}
      >
        <div className="stack">
          <Card title="Profile">
            <div className="stack">
              <div className="grid-2">
                <TextField label="Profile name" name="name" value={d.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
                <TextField label="Currency" name="currency" value={d.currency} maxLength={3} hint="Prices below are in this currency." onChange={(e) => set({ currency: e.target.value.toUpperCase() })} />
              </div>
              <div className="grid-3">
                <Select label="Ships from" name="ship_from_country" value={d.shipFromCountry} placeholder="Choose…" options={COUNTRY_OPTIONS} onChange={(e) => set({ shipFromCountry: e.target.value })} />
                <TextField label="Latitude" name="ship_from_lat" value={d.lat} inputMode="decimal" optional hint="Needed for distance rates." onChange={(e) => set({ lat: e.target.value })} />
                <TextField label="Longitude" name="ship_from_lon" value={d.lon} inputMode="decimal" optional onChange={(e) => set({ lon: e.target.value })} />
              </div>
              <div className="grid-2">
                <TextField label="Return window (days)" name="return_window_days" value={d.returnWindowDays} inputMode="numeric" onChange={(e) => set({ returnWindowDays: e.target.value })} />
                <div style={{ alignSelf: "end" }}>
                  <Checkbox label="Default profile (used for your products)" name="is_default" checked={d.isDefault || !!profile?.is_default} disabled={!!profile?.is_default} onChange={(e) => set({ isDefault: e.target.checked })} />
                </div>
              </div>
            </div>
          </Card>

          {d.zones.map((z, zi) => (
            <Card
              key={zi}
              title={`Zone ${zi + 1}${z.name ? `: ${z.name}` : ""}`}
              actions={
                d.zones.length > 1 && (
                  <Button size="sm" variant="ghost" onClick={() => set({ zones: d.zones.filter((_, i) => i !== zi) })} aria-label={`Remove zone ${zi + 1}`}>
                    Remove zone
                  </Button>
                )
              }
            >
              <ZoneEditor zone={z} zi={zi} currency={cur} setZone={(p) => setZone(zi, p)} setRate={(ri, p) => setRate(zi, ri, p)} />
            </Card>
          ))}
          <GroupError name="zones" />
          <div className="row">
            <Button variant="secondary" onClick={() => set({ zones: [...d.zones, emptyZone()] })}>Add zone</Button>
          </div>
        </div>
        <div className="form-actions">
          <SubmitButton>{profile ? "Save profile" : "Create profile"}</SubmitButton>
          <Button variant="ghost" onClick={() => onDone(false)}>Cancel</Button>
        </div>
      </Form>
    </>
  );
}

function ZoneEditor({ zone: z, zi, currency, setZone, setRate }: { zone: ZoneDraft; zi: number; currency: string; setZone(p: Partial<ZoneDraft>): void; setRate(ri: number, p: Partial<RateDraft>): void }) {
  const zk = `zones[${zi}]`;
  const known = new Set(COUNTRY_OPTIONS.map((o) => o.value));
  const extra = z.countries.filter((c) => !known.has(c));
  const toggle = (code: string, on: boolean) => setZone({ countries: on ? [...z.countries, code] : z.countries.filter((c) => c !== code) });
  return (
    <div className="stack">
      <TextField label="Zone name" name={`${zk}.name`} value={z.name} maxLength={100} onChange={(e) => setZone({ name: e.target.value })} />
      <Group legend="Countries" name={`${zk}.countries`}>
        <Checkbox label="Everywhere (any country)" name={`${zk}.everywhere`} checked={z.everywhere} onChange={(e) => setZone({ everywhere: e.target.checked })} />
        {!z.everywhere && (
          <div className="grid-3" style={{ gap: 4 }}>
            {[...COUNTRY_OPTIONS, ...extra.map((c) => ({ value: c, label: c }))].map((o) => (
              <Checkbox key={o.value} label={o.label} name={`${zk}.country.${o.value}`} checked={z.countries.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            ))}
          </div>
        )}
      </Group>
      <div className="grid-2">
        <TextField label="Regions" name={`${zk}.regions`} value={z.regions} optional hint="Comma separated, like CA, NY. Empty for the whole countries." onChange={(e) => setZone({ regions: e.target.value })} />
        <TextField label="Postcode patterns" name={`${zk}.postcodes`} value={z.postcodes} optional hint="Comma separated, like 75*, SW1?. Empty for all." onChange={(e) => setZone({ postcodes: e.target.value })} />
      </div>
      {z.rates.map((r, ri) => (
        <Group
          key={ri}
          name={`${zk}.rates[${ri}]`}
          legend={
            <>
              Rate {ri + 1}
              {z.rates.length > 1 && (
                <Button size="sm" variant="ghost" onClick={() => setZone({ rates: z.rates.filter((_, j) => j !== ri) })} aria-label={`Remove rate ${ri + 1} of zone ${zi + 1}`}>
                  Remove
                </Button>
              )}
            </>
          }
        >
          <RateEditor rate={r} rk={`${zk}.rates[${ri}]`} currency={currency} set={(p) => setRate(ri, p)} />
        </Group>
      ))}
      <GroupError name={`${zk}.rates`} />
      <div>
        <Button size="sm" variant="secondary" onClick={() => setZone({ rates: [...z.rates, emptyRate("flat", z.rates.length ? "Express" : "Standard")] })}>Add rate</Button>
      </div>
    </div>
  );
}

function RateEditor({ rate: r, rk, currency, set }: { rate: RateDraft; rk: string; currency: string; set(p: Partial<RateDraft>): void }) {
  const [idTouched, setIdTouched] = useState(r.id !== "" && r.id !== rateIdFrom(r.name));
  const setBand = (bi: number, p: Partial<BandDraft>) => set({ bands: r.bands.map((b, i) => (i === bi ? { ...b, ...p } : b)) });
  const limitLabel = r.kind === "weight" ? "Up to (grams)" : r.kind === "distance" ? "Up to (km)" : "Order value from";
  const limitField = r.kind === "value" ? "from" : "up_to";
  return (
    <div className="stack-sm">
      <div className="grid-3">
        <TextField
          label="Rate name"
          name={`${rk}.name`}
          value={r.name}
          maxLength={100}
          onChange={(e) => set(idTouched ? { name: e.target.value } : { name: e.target.value, id: rateIdFrom(e.target.value) })}
        />
        <TextField
          label="Rate id"
          name={`${rk}.id`}
          value={r.id}
          maxLength={40}
          hint="Stable code, like standard."
          onChange={(e) => {
            setIdTouched(true);
            set({ id: e.target.value.toLowerCase() });
          }}
        />
        <Select
          label="Priced"
          name={`${rk}.kind`}
          value={r.kind}
          options={RATE_KINDS}
          onChange={(e) => {
            const kind = e.target.value as RateKind;
            // Band limits mean grams, km or money depending on the kind: start afresh on a change.
            set({ kind, bands: kind === r.kind || kind === "flat" ? r.bands : [{ limit: "", amount: "" }] });
          }}
        />
      </div>
      {r.kind === "flat" ? (
        <TextField label="Price" name={`${rk}.amount`} value={r.amount} inputMode="decimal" addon={currency} hint="0 for free shipping." onChange={(e) => set({ amount: e.target.value })} />
      ) : (
        <Group legend={r.kind === "value" ? "Price by order value" : r.kind === "weight" ? "Price by parcel weight" : "Price by distance from you"} name={`${rk}.bands`}>
          {r.bands.map((b, bi) => (
            <div key={bi} className="row" style={{ alignItems: "flex-start" }} data-testid="band-row">
              <TextField label={limitLabel} name={`${rk}.bands[${bi}].${limitField}`} value={b.limit} inputMode={r.kind === "value" ? "decimal" : "numeric"} addon={r.kind === "value" ? currency : undefined} onChange={(e) => setBand(bi, { limit: e.target.value })} />
              <TextField label="Price" name={`${rk}.bands[${bi}].amount`} value={b.amount} inputMode="decimal" addon={currency} onChange={(e) => setBand(bi, { amount: e.target.value })} />
              {r.bands.length > 1 && (
                <Button size="sm" variant="ghost" onClick={() => set({ bands: r.bands.filter((_, i) => i !== bi) })} aria-label={`Remove band ${bi + 1}`}>
                  Remove
                </Button>
              )}
            </div>
          ))}
          <p className="small muted" style={{ margin: 0 }}>
            {r.kind === "value" ? "The band with the highest starting value the order reaches applies." : "The smallest band that fits applies; beyond the last band this rate is not offered."}
          </p>
          <div>
            <Button size="sm" variant="secondary" onClick={() => set({ bands: [...r.bands, { limit: "", amount: "" }] })}>Add band</Button>
          </div>
        </Group>
      )}
      <div className="grid-3">
        <TextField label="Free over" name={`${rk}.free_over`} value={r.freeOver} inputMode="decimal" addon={currency} optional hint="Free when the order reaches this." onChange={(e) => set({ freeOver: e.target.value })} />
        <TextField label="Delivery from (days)" name={`${rk}.min_days`} value={r.minDays} inputMode="numeric" onChange={(e) => set({ minDays: e.target.value })} />
        <TextField label="Delivery to (days)" name={`${rk}.max_days`} value={r.maxDays} inputMode="numeric" onChange={(e) => set({ maxDays: e.target.value })} />
      </div>
    </div>
  );
}
