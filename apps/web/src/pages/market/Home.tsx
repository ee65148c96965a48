import { useSearchParams } from "react-router";
import { useSite, siteName } from "../../app/site";
import { useAuth } from "../../app/auth";
import { Card, EmptyState, Icon, LinkButton } from "../../ui";

export function Home() {
  const { site } = useSite();
  const { user } = useAuth();
  const name = siteName(site);
  return (
    <>
      <section className="hero" style={{ marginTop: -32 }}>
        <div className="container stack">
          {site.kind === "storefront" && site.storefront && <span className="badge badge-brand">Storefront · {site.storefront}</span>}
          <h1>Welcome to {name}</h1>
          <p className="lead">Discover products from independent sellers, all in one place with one secure checkout.</p>
          <div className="row">
            {!user && (
              <LinkButton to="/register" size="lg">
                Create an account
              </LinkButton>
            )}
            <LinkButton to="/sell" size="lg" variant="secondary">
              Sell on {name}
            </LinkButton>
          </div>
        </div>
      </section>
      <div className="container" style={{ paddingTop: 32 }}>
        <Card>
          <EmptyState icon={<Icon name="bag" />} title="The catalog is on its way">
            Sellers are setting up their shops. Check back soon to browse products.
          </EmptyState>
        </Card>
      </div>
    </>
  );
}

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  return (
    <div className="container">
      <h1>{q ? `Results for “${q}”` : "Search"}</h1>
      <Card>
        <EmptyState icon={<Icon name="search" />} title="Search is coming soon">
          We're building the catalog. Soon you'll be able to search products from every seller here.
        </EmptyState>
      </Card>
    </div>
  );
}

export function CartPage() {
  return (
    <div className="container container-mid">
      <h1>Your cart</h1>
      <Card>
        <EmptyState icon={<Icon name="cart" />} title="Your cart is empty" action={<LinkButton to="/">Continue shopping</LinkButton>}>
          Items you add from any seller will appear here, ready for one checkout.
        </EmptyState>
      </Card>
    </div>
  );
}
