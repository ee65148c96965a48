import type { BadgeTone } from "../../ui";

/** Readable names of the audit actions, marketplace and platform alike. */
export const ACTION_LABELS: Record<string, string> = {
  "auth.login": "Signed in",
  "auth.login_failed": "Sign-in failed",
  "auth.logout": "Signed out",
  "auth.password_changed": "Password changed",
  "auth.password_reset": "Password reset",
  "role.granted": "Role granted",
  "role.revoked": "Role revoked",
  "tenant.suspended": "Marketplace suspended",
  "tenant.reactivated": "Marketplace reactivated",
  "settings.updated": "Settings changed",
  "operator.invited": "Operator invited",
  "vendor.approved": "Seller approved",
  "vendor.rejected": "Seller rejected",
  "vendor.suspended": "Seller suspended",
  "vendor.reinstated": "Seller reinstated",
  "tax_rate.created": "Tax rate added",
  "tax_rate.updated": "Tax rate changed",
  "tax_rate.deleted": "Tax rate removed",
  "commission_rule.set": "Commission rule set",
  "commission_rule.deleted": "Commission rule removed",
  "payout_policy.updated": "Payout policy changed",
  "order.marked_paid": "Order marked paid",
  "order.refunded": "Refund issued",
  "platform.login": "Platform admin signed in",
  "platform.login_failed": "Platform sign-in failed",
  "platform.logout": "Platform admin signed out",
  "platform.admin_created": "Platform admin created",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function actionTone(action: string): BadgeTone {
  if (/(failed|suspended|revoked|rejected|deleted|refunded)$/.test(action)) return "danger";
  if (action.startsWith("auth.") || action.startsWith("platform.")) return "neutral";
  return "brand";
}

const FIELD_LABELS: Record<string, string> = {
  rate_bp: "Rate",
  percent_bps: "Commission",
  transfer_policy: "Pay sellers",
  refund_commission: "Refunds return commission",
  refunded_total: "Refunded",
  payment_status: "Payment",
  status: "Status",
  fixed: "Fixed fee",
  min: "Minimum",
  max: "Maximum",
};

/** Fields of a before/after snapshot that say nothing to a reader. */
const HIDDEN = new Set(["id", "updated_at", "tenant_id"]);

export function formatAuditValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if ((field === "rate_bp" || field === "percent_bps") && typeof v === "number") return `${(v / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;
  if (field === "transfer_policy") return v === "on_delivery" ? "on delivery" : v === "at_payment" ? "at payment" : String(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v).replace(/_/g, " ");
}

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

type Snapshot = Record<string, unknown>;

/** The changed fields of before → after (every field when one side is missing). */
export function auditChanges(details: Record<string, unknown> | null | undefined): { field: string; label: string; before: string; after: string }[] {
  const before = (details?.before ?? null) as Snapshot | null;
  const after = (details?.after ?? null) as Snapshot | null;
  if (!before && !after) return [];
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((f) => !HIDDEN.has(f));
  return fields
    .filter((f) => !before || !after || JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => ({
      field: f,
      label: fieldLabel(f),
      before: before ? formatAuditValue(f, before[f]) : "—",
      after: after ? formatAuditValue(f, after[f]) : "—",
    }));
}

/** Details of an entry: its changes as "Field: before → after", then its other facts. */
export function AuditDetails({ details }: { details: Record<string, unknown> | null | undefined }) {
  const changes = auditChanges(details);
  const rest = Object.entries(details ?? {}).filter(([k]) => k !== "before" && k !== "after");
  if (!changes.length && !rest.length) return <span className="muted">—</span>;
  return (
    <ul className="small" style={{ margin: 0, paddingLeft: "1rem", wordBreak: "break-word" }}>
      {changes.map((c) => (
        <li key={`change-${c.field}`}>
          {c.label}: <span className="muted">{c.before}</span> → <strong>{c.after}</strong>
        </li>
      ))}
      {rest.map(([k, v]) => (
        <li key={k}>
          {fieldLabel(k)}: {formatAuditValue(k, v)}
        </li>
      ))}
    </ul>
  );
}
