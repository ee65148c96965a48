import type { CSSProperties, ReactNode } from "react";
import { Icon } from "./Icon";

export function Spinner({ label = "Loading", large }: { label?: string; large?: boolean }) {
  return (
    <span role={label ? "status" : undefined} className="row" style={{ display: "inline-flex", gap: 8 }}>
      <span className={`spinner${large ? " spinner-lg" : ""}`} aria-hidden="true" />
      {label && <span className="sr-only">{label}</span>}
    </span>
  );
}

export function PageLoader({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="center-page" role="status" aria-live="polite">
      <span className="spinner spinner-lg" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Skeleton({ width = "100%", height = 14, style }: { width?: number | string; height?: number; style?: CSSProperties }) {
  return <div className="skeleton" aria-hidden="true" style={{ width, height, ...style }} />;
}

/** A few grey lines in place of a card or table while it loads. */
export function SkeletonRows({ rows = 4, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div className="stack-sm" role="status" aria-label={label} style={{ padding: 16 }}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} width={`${90 - ((i * 17) % 40)}%`} height={16} />
      ))}
    </div>
  );
}

export function EmptyState({ icon = <Icon name="sparkle" />, title, children, action, headingLevel = 2 }: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="empty">
      <div className="empty-icon" aria-hidden="true">{icon}</div>
      <H>{title}</H>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export function Alert({ kind = "info", title, children, id, tabIndex }: {
  kind?: "info" | "success" | "error" | "warning";
  title?: string;
  children?: ReactNode;
  id?: string;
  tabIndex?: number;
}) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"} id={id} tabIndex={tabIndex}>
      {title && <p className="alert-title">{title}</p>}
      {children}
    </div>
  );
}
