import { useEffect, useId, useState, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { TitleSection, useTitle } from "./title";

/** Skip link + header + main + footer. */
export function AppFrame({ header, footer, children }: { header: ReactNode; footer: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {header}
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
      {footer}
    </>
  );
}

/** Top bar with brand, optional middle slot (search) and a nav that collapses behind a button under 760px. */
export function Header({ brandName, brandHref = "/", brandLogo, middle, nav }: { brandName: string; brandHref?: string; /** a logo image link shown instead of the initial */ brandLogo?: string | null; middle?: ReactNode; nav: ReactNode }) {
  const [open, setOpen] = useState(false);
  const navId = useId();
  const loc = useLocation();
  useEffect(() => setOpen(false), [loc.pathname]);
  return (
    <header className="header">
      <div className="container header-inner">
        <Link to={brandHref} className="brand" data-testid="brand">
          {brandLogo ? (
            <img className="brand-logo" src={brandLogo} alt="" width={32} height={32} data-testid="brand-logo" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              {brandName.trim().charAt(0).toUpperCase() || "M"}
            </span>
          )}
          <span className="brand-name">{brandName}</span>
        </Link>
        {middle}
        <button
          type="button"
          className="btn btn-secondary btn-sm menu-toggle"
          aria-expanded={open}
          aria-controls={navId}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? "✕" : "☰"}</span> Menu
        </button>
        <nav id={navId} className={`header-nav${open ? " open" : ""}`} aria-label="Main">
          {nav}
        </nav>
      </div>
    </header>
  );
}

export function Footer({ children }: { children: ReactNode }) {
  return (
    <footer className="footer">
      <div className="container footer-inner">{children}</div>
    </footer>
  );
}

export interface SideNavItem {
  to: string;
  label: string;
  end?: boolean;
  badge?: ReactNode;
}

/** Left navigation + content (account, seller dashboard, operator console); nav scrolls sideways on phones. */
export function SidebarLayout({ title, items, children }: { title: string; items: SideNavItem[]; children?: ReactNode }) {
  return (
    <TitleSection name={title}>
      <div className="container shell">
        <aside className="sidebar">
          <p className="sidebar-title">{title}</p>
          <nav aria-label={title}>
            {items.map((i) => (
              <NavLink key={i.to} to={i.to} end={i.end} className="nav-link">
                <span>{i.label}</span>
                {i.badge}
              </NavLink>
            ))}
          </nav>
        </aside>
        <div className="stack">{children ?? <Outlet />}</div>
      </div>
    </TitleSection>
  );
}

/** The page's h1, which is also the first part of the browser tab's title (documentTitle overrides it). */
export function PageHeader({ title, description, actions, documentTitle }: { title: string; description?: ReactNode; actions?: ReactNode; documentTitle?: string }) {
  useTitle(documentTitle ?? title);
  return (
    <div className="page-header row-between">
      <div>
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
