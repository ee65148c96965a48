import type { ReactNode } from "react";

export function Card({ title, actions, footer, children, className, headingLevel = 2, bodyless }: {
  title?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
  /** render children directly (for tables that run edge to edge) */
  bodyless?: boolean;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={["card", className].filter(Boolean).join(" ")}>
      {(title || actions) && (
        <div className="card-header">
          {title && <H>{title}</H>}
          {actions && <div className="row">{actions}</div>}
        </div>
      )}
      {bodyless ? children : <div className="card-body">{children}</div>}
      {footer && <div className="card-footer">{footer}</div>}
    </section>
  );
}

export type BadgeTone = "neutral" | "success" | "danger" | "warning" | "brand";

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
