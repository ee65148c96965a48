import { useEffect, useId, useRef, useState, type CSSProperties } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { hasRole, useAuth } from "./auth";
import { siteName, useSite } from "./site";
import { AppFrame, Footer, Header, LinkButton } from "../ui";
import { api, unwrap } from "../api/client";
import type { Suggestion } from "../api/types";
import { summarizeCart, useOptionalCart } from "./cart";
import { formatMoney } from "../lib/money";
import { applyAccent } from "../lib/color";
import { useQuery as useApiQuery } from "@tanstack/react-query";
import { queries } from "../api/queries";

export function SearchBox() {
  const [params] = useSearchParams();
  const loc = useLocation();
  const navigate = useNavigate();
  const [q, setQ] = useState(loc.pathname === "/search" ? params.get("q") ?? "" : "");
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;
  const seq = useRef(0);

  useEffect(() => {
    setOpen(false);
  }, [loc.pathname, loc.search]);

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setItems([]);
      return;
    }
    const mine = ++seq.current;
    const t = setTimeout(() => {
      unwrap(api.GET("/api/v1/search/suggest", { params: { query: { q: term, limit: 8 } } })).then(
        (d) => {
          if (mine !== seq.current) return;
          setItems(d.items ?? []);
          setActive(-1);
        },
        () => mine === seq.current && setItems([]),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [q]);

  function go(s: Suggestion) {
    setOpen(false);
    if (s.kind === "category") navigate(`/c/${encodeURIComponent(s.slug)}`);
    else navigate(`/p/${encodeURIComponent(s.slug)}`);
  }

  const showList = open && items.length > 0;
  return (
    <form
      role="search"
      className="header-search"
      onSubmit={(e) => {
        e.preventDefault();
        if (showList && active >= 0 && items[active]) return go(items[active]!);
        setOpen(false);
        navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <label htmlFor={id} className="sr-only">
        Search products
      </label>
      <div className="suggest">
        <input
          id={id}
          className="input"
          type="search"
          name="q"
          placeholder="Search products"
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (!showList) return;
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => (a + 1) % items.length);
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
            } else if (e.key === "Escape") setOpen(false);
          }}
        />
        <ul id={listId} role="listbox" aria-label="Suggestions" className="suggest-list" hidden={!showList}>
          {items.map((s, i) => (
            <li
              key={`${s.kind}-${s.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                go(s);
              }}
            >
              <span>{s.title}</span>
              {s.kind === "category" && <span className="small muted">Category</span>}
            </li>
          ))}
        </ul>
      </div>
    </form>
  );
}

// Not .menu-list: its `a { all: unset }` would strip the View cart / Checkout buttons.
const PANEL_STYLE: CSSProperties = {
  position: "absolute",
  right: 0,
  top: "calc(100% + 6px)",
  width: 340,
  maxWidth: "calc(100vw - 24px)",
  background: "var(--surface)",
  border: "1px solid var(--border)",
  borderRadius: "var(--radius)",
  boxShadow: "var(--shadow-lg)",
  padding: 12,
  zIndex: 30,
  color: "var(--text)",
};

// In the collapsed mobile menu the popover flows in the menu, like the account menu's list.
const NARROW_PANEL_STYLE: CSSProperties = { ...PANEL_STYLE, position: "static", width: "auto", maxWidth: "none", boxShadow: "none", marginTop: 6 };
const narrowScreen = () => typeof window !== "undefined" && !!window.matchMedia?.("(max-width: 760px)").matches;

/**
 * The header's cart button: its count, and a popover with the lines grouped by seller, the total,
 * and links to the cart and checkout. Escape or a click outside closes it; focus moves into the
 * popover when it opens and back to the button when Escape closes it.
 */
export function MiniCart() {
  const cart = useOptionalCart();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const loc = useLocation();
  const summary = summarizeCart(cart?.cart);
  const n = cart?.count ?? 0;
  const label = `Cart, ${n} ${n === 1 ? "item" : "items"}`;

  useEffect(() => setOpen(false), [loc.pathname]);
  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onDoc = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div
      className="menu mini-cart"
      ref={ref}
      onBlur={(e) => {
        // Tabbing out of the button and popover closes it, as a click outside does.
        if (open && e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost nav-link"
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="cart-button"
      >
        <span aria-hidden="true">Cart </span>
        <span className="count-badge" aria-hidden="true" data-testid="cart-count">
          {n}
        </span>
      </button>
      {open && (
        <div className="mini-cart-panel" id={panelId} role="dialog" aria-label="Cart summary" tabIndex={-1} ref={panelRef} style={narrowScreen() ? NARROW_PANEL_STYLE : PANEL_STYLE}>
          {cart?.cart === undefined ? (
            <p className="small muted" style={{ margin: 0 }}>Loading your cart…</p>
          ) : summary.itemCount === 0 ? (
            <div className="stack-sm">
              <p style={{ margin: 0 }}>Your cart is empty.</p>
              <Link to="/search" onClick={() => setOpen(false)}>Continue shopping</Link>
            </div>
          ) : (
            <div className="stack-sm">
              <div style={{ maxHeight: 320, overflowY: "auto" }} className="stack-sm">
                {summary.groups.map((g) => (
                  <section key={g.vendorId} aria-label={`Sold by ${g.vendorName}`} data-testid="mini-cart-group">
                    <p className="small muted" style={{ margin: "0 0 4px" }}>Sold by {g.vendorName}</p>
                    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                      {g.lines.map((l) => (
                        <li key={l.id} className="row-between" style={{ flexWrap: "nowrap", alignItems: "flex-start", padding: "2px 0" }} data-testid="mini-cart-line">
                          <span>
                            {l.quantity} × {l.title}
                            {l.variant && <span className="small muted"> ({l.variant})</span>}
                            {l.unavailable && <span className="small field-error"> · unavailable</span>}
                          </span>
                          <strong style={{ whiteSpace: "nowrap" }}>{formatMoney(l.lineTotal, summary.currency)}</strong>
                        </li>
                      ))}
                    </ul>
                  </section>
                ))}
              </div>
              <div className="menu-sep" />
              <div className="row-between">
                <span>Total ({summary.itemCount} {summary.itemCount === 1 ? "item" : "items"})</span>
                <strong data-testid="mini-cart-total">{formatMoney(summary.total, summary.currency)}</strong>
              </div>
              <p className="small muted" style={{ margin: 0 }}>Shipping and tax are worked out at checkout.</p>
              <div className="row" style={{ justifyContent: "flex-end" }}>
                <LinkButton to="/cart" variant="secondary" size="sm" onClick={() => setOpen(false)}>View cart</LinkButton>
                <LinkButton to="/checkout" size="sm" onClick={() => setOpen(false)}>Checkout</LinkButton>
              </div>
            </div>
          )}
        </div>
      )}
    </div>
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
          <Link to="/account/orders">Orders</Link>
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

/**
 * On a storefront host, the shop's public profile (its name, logo and accent colour brand the
 * header); null on the marketplace host or while loading.
 */
export function useStorefrontBrand() {
  const { site } = useSite();
  const onStorefront = site.kind === "storefront";
  const q = useApiQuery({ ...queries.storefront(), enabled: onStorefront });
  const shop = onStorefront ? q.data ?? null : null;
  useEffect(() => {
    if (shop?.accent_color) applyAccent(shop.accent_color);
  }, [shop?.accent_color]);
  return shop;
}

export function MarketplaceChrome() {
  const { site } = useSite();
  const { user } = useAuth();
  const shop = useStorefrontBrand();
  const name = siteName(site);
  return (
    <AppFrame
      header={
        <Header
          brandName={shop?.name ?? name}
          brandLogo={shop?.logo_url}
          middle={<SearchBox />}
          nav={
            <>
              <MiniCart />
              <AccountMenu />
            </>
          }
        />
      }
      footer={
        <Footer>
          <span>© {new Date().getFullYear()} {name}</span>
          <span className="row">
            <Link to="/sell">{hasRole(user, "seller") ? "Your shop" : `Sell on ${name}`}</Link>
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
