import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, validationError } from "../../api/errors";
import type { Address, AddressInput } from "../../api/types";
import { QueryView, useQuery } from "../../app/query";
import { COUNTRY_OPTIONS, countryName, countryRule, validateAddress } from "../../lib/countries";
import { Badge, Button, Card, Checkbox, EmptyState, Form, Icon, PageHeader, Select, SubmitButton, TextField, useToast, type FormValues } from "../../ui";

type Editing = { mode: "new" } | { mode: "edit"; address: Address } | null;

export function toAddressInput(v: FormValues): AddressInput {
  const rule = countryRule(v.country ?? "");
  const trim = (s: string | undefined) => (s ?? "").trim();
  let postal = trim(v.postal_code);
  if (rule.code === "CA" || rule.code === "GB" || rule.code === "NL") postal = postal.toUpperCase();
  return {
    kind: v.kind === "billing" ? "billing" : "shipping",
    is_default: v.is_default === "true",
    name: trim(v.name),
    company: trim(v.company),
    line1: trim(v.line1),
    line2: trim(v.line2),
    city: trim(v.city),
    region: trim(v.region),
    postal_code: rule.postal ? postal : "",
    country: v.country ?? "",
    phone: trim(v.phone),
  };
}

export function AddressForm({ initial, onSubmit, onCancel }: { initial?: Address; onSubmit(a: AddressInput): Promise<void>; onCancel(): void }) {
  const [country, setCountry] = useState(initial?.country ?? "US");
  const rule = countryRule(country);

  return (
    <Form
      aria-label={initial ? "Edit address" : "Add address"}
      onSubmit={async (v) => {
        const errors = validateAddress(v);
        if (Object.keys(errors).length) throw validationError(errors);
        await onSubmit(toAddressInput(v));
      }}
    >
      <div className="stack">
        <div className="grid-2">
          <Select
            label="Country or region"
            name="country"
            value={country}
            onChange={(e) => setCountry(e.target.value)}
            options={COUNTRY_OPTIONS}
            autoComplete="country"
            required
          />
          <Select
            label="Address type"
            name="kind"
            defaultValue={initial?.kind ?? "shipping"}
            options={[
              { value: "shipping", label: "Shipping" },
              { value: "billing", label: "Billing" },
            ]}
          />
        </div>
        <div className="grid-2">
          <TextField label="Full name" name="name" defaultValue={initial?.name} autoComplete="name" required />
          <TextField label="Company" name="company" defaultValue={initial?.company} autoComplete="organization" optional />
        </div>
        <TextField label="Street address" name="line1" defaultValue={initial?.line1} autoComplete="address-line1" required />
        <TextField label="Apartment, suite, etc." name="line2" defaultValue={initial?.line2} autoComplete="address-line2" optional />
        <div className="grid-3">
          <TextField label="City" name="city" defaultValue={initial?.city} autoComplete="address-level2" required />
          {rule.regions ? (
            <Select
              key={`region-${rule.code}`}
              label={rule.regionLabel}
              name="region"
              defaultValue={initial?.country === rule.code ? initial.region : ""}
              placeholder={`Choose…`}
              options={rule.regions}
              autoComplete="address-level1"
              required={rule.regionRequired}
            />
          ) : (
            <TextField
              key={`region-${rule.code}`}
              label={rule.regionLabel}
              name="region"
              defaultValue={initial?.country === rule.code ? initial.region : ""}
              autoComplete="address-level1"
              optional={!rule.regionRequired}
            />
          )}
          {rule.postal && (
            <TextField
              key={`postal-${rule.code}`}
              label={rule.postal.label}
              name="postal_code"
              defaultValue={initial?.country === rule.code ? initial.postal_code : ""}
              autoComplete="postal-code"
              hint={rule.postal.example ? `For example ${rule.postal.example}` : undefined}
              optional={!rule.postal.required}
              required={rule.postal.required}
            />
          )}
        </div>
        <TextField label="Phone" name="phone" type="tel" defaultValue={initial?.phone} autoComplete="tel" optional hint="For delivery questions only." />
        <Checkbox label="Use as my default address" name="is_default" defaultChecked={initial?.is_default} />
      </div>
      <div className="form-actions">
        <SubmitButton>{initial ? "Save address" : "Add address"}</SubmitButton>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}

function AddressLines({ a }: { a: Address }) {
  const cityLine = [a.city, a.region, a.postal_code].filter(Boolean).join(a.country === "US" ? ", " : " ");
  return (
    <address style={{ fontStyle: "normal" }}>
      <strong>{a.name}</strong>
      {a.company && <div>{a.company}</div>}
      <div>{a.line1}</div>
      {a.line2 && <div>{a.line2}</div>}
      <div>{cityLine}</div>
      <div>{countryName(a.country)}</div>
      {a.phone && <div className="small muted">{a.phone}</div>}
    </address>
  );
}

export function AddressesPage() {
  const toast = useToast();
  const q = useQuery(() => unwrap(api.GET("/api/v1/me/addresses")));
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  async function remove(a: Address) {
    try {
      await unwrap(api.DELETE("/api/v1/me/addresses/{id}", { params: { path: { id: a.id } } }));
      toast.success("Address deleted.");
      setConfirmDelete(null);
      q.reload();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.summary : "Couldn't delete the address.");
    }
  }

  return (
    <>
      <PageHeader
        title="Addresses"
        description="Where we ship your orders and send your invoices."
        actions={!editing && <Button onClick={() => setEditing({ mode: "new" })}>Add address</Button>}
      />
      {editing && (
        <Card title={editing.mode === "new" ? "New address" : "Edit address"}>
          <AddressForm
            key={editing.mode === "edit" ? editing.address.id : "new"}
            initial={editing.mode === "edit" ? editing.address : undefined}
            onCancel={() => setEditing(null)}
            onSubmit={async (input) => {
              if (editing.mode === "edit") {
                await unwrap(api.PATCH("/api/v1/me/addresses/{id}", { params: { path: { id: editing.address.id } }, body: input }));
                toast.success("Address saved.");
              } else {
                await unwrap(api.POST("/api/v1/me/addresses", { body: input }));
                toast.success("Address added.");
              }
              setEditing(null);
              q.reload();
            }}
          />
        </Card>
      )}
      <QueryView query={q}>
        {(d) =>
          (d.items ?? []).length === 0 ? (
            !editing && (
              <Card>
                <EmptyState icon={<Icon name="box" />} title="No addresses yet" action={<Button onClick={() => setEditing({ mode: "new" })}>Add your first address</Button>}>
                  Save an address to check out faster.
                </EmptyState>
              </Card>
            )
          ) : (
            <div className="grid-2">
              {(d.items ?? []).map((a) => (
                <Card key={a.id}>
                  <div className="stack-sm">
                    <div className="row">
                      <Badge>{a.kind === "billing" ? "Billing" : "Shipping"}</Badge>
                      {a.is_default && <Badge tone="brand">Default</Badge>}
                    </div>
                    <AddressLines a={a} />
                    <div className="row" style={{ paddingTop: 8 }}>
                      {confirmDelete === a.id ? (
                        <>
                          <span className="small">Delete this address?</span>
                          <Button size="sm" variant="danger" onClick={() => void remove(a)}>
                            Delete
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
                            Keep
                          </Button>
                        </>
                      ) : (
                        <>
                          <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: "edit", address: a })} aria-label={`Edit address ${a.line1}`}>
                            Edit
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(a.id)} aria-label={`Delete address ${a.line1}`}>
                            Delete
                          </Button>
                        </>
                      )}
                    </div>
                  </div>
                </Card>
              ))}
            </div>
          )
        }
      </QueryView>
    </>
  );
}
