import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { QueryView, useQuery } from "../../app/query";
import { Badge, Card, EmptyState, Icon, LinkButton } from "../../ui";

export type Membership = components["schemas"]["MembershipView"];

interface VendorCtx {
  memberships: Membership[];
  /** the shop being managed (approved ones first) */
  current: Membership | null;
  choose(id: string): void;
  reload(): void;
}

const Ctx = createContext<VendorCtx | null>(null);

export function useVendorCtx(): VendorCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error("useVendorCtx outside VendorProvider");
  return v;
}

const KEY = "sell:vendor";

export function VendorProvider({ children }: { children: ReactNode }) {
  const q = useQuery(() => unwrap(api.GET("/api/v1/seller/vendors")), []);
  // An email's link names its shop (?vendor=): it wins over the shop chosen last time.
  const [params] = useSearchParams();
  const linked = params.get("vendor");
  const [chosen, setChosen] = useState<string | null>(() => linked ?? (typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null));
  useEffect(() => {
    if (linked) setChosen(linked);
  }, [linked]);
  const list = [...(q.data?.items ?? [])].sort((a, b) => Number(b.vendor.status === "approved") - Number(a.vendor.status === "approved"));
  const current = list.find((m) => m.vendor.id === chosen) ?? list[0] ?? null;
  useEffect(() => {
    if (chosen) localStorage.setItem(KEY, chosen);
  }, [chosen]);
  if (q.data === undefined && !q.error) return <QueryView query={q}>{() => null}</QueryView>;
  return <Ctx.Provider value={{ memberships: list, current, choose: setChosen, reload: q.reload }}>{children}</Ctx.Provider>;
}

export function VendorStatusBadge({ status }: { status: string }) {
  const tone = status === "approved" ? "success" : status === "pending" ? "warning" : "danger";
  return <Badge tone={tone}>{status}</Badge>;
}

/** Renders children with the approved shop, or a prompt to apply / wait for approval. */
export function RequireShop({ children }: { children: (m: Membership) => ReactNode }) {
  const { current } = useVendorCtx();
  if (!current) {
    return (
      <Card>
        <EmptyState icon={<Icon name="store" />} title="You don't have a shop yet" action={<LinkButton to="/sell/apply">Apply to sell</LinkButton>}>
          Apply to sell, and once the marketplace approves your shop you can list products here.
        </EmptyState>
      </Card>
    );
  }
  if (current.vendor.status !== "approved") {
    return (
      <Card>
        <EmptyState icon={<Icon name="store" />} title={current.vendor.status === "pending" ? "Your application is being reviewed" : `Your shop is ${current.vendor.status}`}>
          {current.vendor.status === "pending"
            ? `We'll email ${current.vendor.contact_email} as soon as ${current.vendor.name} is approved.`
            : current.vendor.status_reason || "Contact the marketplace team for details."}
        </EmptyState>
      </Card>
    );
  }
  return <>{children(current)}</>;
}
