import { Badge } from "../ui";

const ORDER_STATUSES = ["pending_payment", "paid", "processing", "partially_shipped", "shipped", "delivered", "completed", "cancelled", "partially_refunded", "refunded", "returned"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The order statuses as filter options, "Any status" first. */
export const STATUS_OPTIONS = [{ value: "", label: "Any status" }, ...ORDER_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, " ") }))];

export function statusTone(s: string): "neutral" | "success" | "danger" | "warning" | "brand" {
  if (["paid", "processing"].includes(s)) return "brand";
  if (["shipped", "delivered", "completed", "partially_shipped"].includes(s)) return "success";
  if (["cancelled", "refunded", "returned"].includes(s)) return "danger";
  if (["pending_payment", "partially_refunded"].includes(s)) return "warning";
  return "neutral";
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{status.replace(/_/g, " ")}</Badge>;
}
