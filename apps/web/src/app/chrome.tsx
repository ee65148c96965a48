import { useEffect, useId, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { hasRole, useAuth } from "./auth";
import { siteName, useSite } from "./site";
import { AppFrame, Footer, Header, LinkButton } from "../ui";

function SearchBox() {
  const [params] = useSearchParams();
  const loc = useLocation();
  const navigate = useNavigate();
  const [q, setQ] = useState(loc.pathname === "/search" ? params.get("q") ?? "" : "");
  const id = useId();
  return (
    <form
      role="search"
      className="header-search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <label htmlFor={id} className="sr-only">
        Search products
      </label>
      <input id={id} className="input" type="search" name="q" placeholder="Search products" value={q} onChange={(e) => setQ(e.target.value)} />
    </form>
  );
}

function AccountMenu() {
  const { user, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const navigate = useNavigate();
  const loc = useLocation();
  useEffect(() => setOpen(false), [loc.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (user === undefined) return <span className="nav-link muted" aria-hidden="true">…</span>;
  if (!user) {
    return (
      <>
        <NavLink to="/sign-in" className="nav-link">
          Sign in
        </NavLink>
        <LinkButton to="/register" size="sm">
          Create account
        </LinkButton>
      </>
    );
  }
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn btn-ghost" aria-haspopup="true" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)} data-testid="account-menu">
        <span className="brand-mark" style={{ width: 26, height: 26, fontSize: 13 }} aria-hidden="true">
          {user.name.charAt(0).toUpperCase()}
        </span>
        <span>{user.name}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu-list" id={menuId}>
          <span className="small muted" style={{ padding: "6px 10px" }}>{user.email}</span>
          <div className="menu-sep" />
          <Link to="/account">Your account</Link>
          <Link to="/account/addresses">Addresses</Link>
          <Link to="/sell">Seller dashboard</Link>
          {hasRole(user, "operator") && <Link to="/admin">Operator console</Link>}
          <div className="menu-sep" />
          <button
            type="button"
            onClick={() => {
              void signOut().finally(() => navigate("/"));
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}

export function MarketplaceChrome() {
  const { site } = useSite();
  const name = siteName(site);
  return (
    <AppFrame
      header={
        <Header
          brandName={name}
          middle={<SearchBox />}
          nav={
            <>
              <NavLink to="/cart" className="nav-link" aria-label="Cart, 0 items">
                <span aria-hidden="true">Cart </span>
                <span className="count-badge" aria-hidden="true" data-testid="cart-count">0</span>
              </NavLink>
              <AccountMenu />
            </>
          }
        />
      }
      footer={
        <Footer>
          <span>© {new Date().getFullYear()} {name}</span>
          <span className="row">
            <Link to="/sell">Sell on {name}</Link>
            <Link to="/account">Your account</Link>
          </span>
        </Footer>
      }
    >
      <Outlet />
    </AppFrame>
  );
}

export function PlatformChrome() {
  const { site } = useSite();
  return (
    <AppFrame
      header={
        <Header
          brandName={site.platform_name || "Marketplace"}
          nav={
            <>
              <NavLink to="/platform" className="nav-link">
                Platform admin
              </NavLink>
              <LinkButton to="/signup" size="sm">
                Create your marketplace
              </LinkButton>
            </>
          }
        />
      }
      footer={
        <Footer>
          <span>© {new Date().getFullYear()} {site.platform_name}</span>
          <span className="row">
            <Link to="/signup">Create a marketplace</Link>
            <Link to="/platform">Platform admin</Link>
          </span>
        </Footer>
      }
    >
      <Outlet />
    </AppFrame>
  );
}
