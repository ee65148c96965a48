import { LinkButton } from "../ui/Button";
import { Icon } from "../ui/Icon";
import { useTitle } from "../ui/title";

export function AccessDenied({ message }: { message?: string }) {
  useTitle("No access");
  return (
    <div className="container container-mid">
      <div className="card">
        <div className="empty">
          <div className="empty-icon" aria-hidden="true"><Icon name="lock" /></div>
          <h1>You don't have access</h1>
          <p>{message ?? "Your account isn't allowed to open this page. If you think it should be, ask the marketplace operator to grant you access."}</p>
          <div className="row" style={{ justifyContent: "center" }}>
            <LinkButton to="/">Go to the home page</LinkButton>
            <LinkButton to="/account" variant="secondary">
              Your account
            </LinkButton>
          </div>
        </div>
      </div>
    </div>
  );
}

export function NotFound() {
  useTitle("Page not found");
  return (
    <div className="container container-mid">
      <div className="card">
        <div className="empty">
          <div className="empty-icon" aria-hidden="true"><Icon name="question" /></div>
          <h1>Page not found</h1>
          <p>The page you're looking for doesn't exist or has moved.</p>
          <LinkButton to="/">Go to the home page</LinkButton>
        </div>
      </div>
    </div>
  );
}
