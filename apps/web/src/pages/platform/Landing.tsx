import { Icon, LinkButton, useTitle, type IconName } from "../../ui";
import { useSite } from "../../app/site";

const FEATURES: { icon: IconName; title: string; text: string }[] = [
  { icon: "store", title: "Many sellers, one storefront", text: "Invite sellers, review their applications and give each a storefront on its own subdomain." },
  { icon: "cart", title: "One cart, one checkout", text: "Buyers shop across every seller in a single cart and pay once. Orders split per seller automatically." },
  { icon: "card", title: "Payouts you can trust", text: "Stripe Connect pays each seller their share minus your commission, with a ledger that always balances." },
  { icon: "palette", title: "Your brand", text: "Your name, your colours, your domain. Buyers see your marketplace, not ours." },
  { icon: "lock", title: "Secure by default", text: "Every marketplace's data is isolated at the database level. Sessions, audit logs and roles built in." },
  { icon: "chart", title: "Grows with you", text: "Start free on a subdomain today; add a custom domain, staff and sellers as you grow." },
];

export function Landing() {
  useTitle("Launch a multi-vendor marketplace");
  const { site } = useSite();
  return (
    <>
      <section className="hero">
        <div className="container stack">
          <span className="badge badge-brand">{site.platform_name}</span>
          <h1>Launch a multi-vendor marketplace in minutes.</h1>
          <p className="lead">
            Bring sellers together under your brand. We handle storefronts, checkout, payouts and commissions, so you can focus on
            your community.
          </p>
          <div className="row">
            <LinkButton to="/signup" size="lg">
              Create your marketplace
            </LinkButton>
            <a className="btn btn-secondary btn-lg" href="#how">
              How it works
            </a>
          </div>
          <p className="small muted">Free to start · No card required · Your own subdomain instantly</p>
        </div>
      </section>
      <section className="container" style={{ paddingTop: 48 }} aria-labelledby="features">
        <h2 id="features">Everything a marketplace needs</h2>
        <div className="grid-3" style={{ marginTop: 16 }}>
          {FEATURES.map((f) => (
            <div className="card feature" key={f.title}>
              <div className="feature-icon" aria-hidden="true"><Icon name={f.icon} /></div>
              <h3>{f.title}</h3>
              <p className="muted" style={{ margin: 0 }}>{f.text}</p>
            </div>
          ))}
        </div>
      </section>
      <section className="container" id="how" style={{ paddingTop: 48 }} aria-labelledby="how-title">
        <div className="card">
          <div className="card-body">
            <h2 id="how-title">How it works</h2>
            <ol className="stack-sm" style={{ paddingLeft: 20, margin: "0 0 16px" }}>
              <li><strong>Create your marketplace.</strong> Pick a name and address; you become its operator.</li>
              <li><strong>Invite sellers.</strong> They apply, you approve, and they connect a payout account.</li>
              <li><strong>Open for buyers.</strong> Products from every seller appear in one catalog with one checkout.</li>
            </ol>
            <LinkButton to="/signup">Get started</LinkButton>
          </div>
        </div>
      </section>
    </>
  );
}
