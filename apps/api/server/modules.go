package server

import (
	"context"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/apps/internal/compose"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/catalogio"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/domains"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/inventory"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/modules/tax"
	"github.com/openmarket/marketplace/modules/vendors"
)

// Services are the business services the api mounts, built by the composition root
// (apps/internal/compose), as for the worker and marketctl.
type Services = compose.Services

// mountModules builds every business service (compose.Build) and registers the middleware and
// routes of each module, in dependency order. Every Huma operation registered here runs behind
// authentication (who is calling) and authorization (deny unless a policy allows one of the
// caller's roles).
func mountModules(api huma.API, d compose.Deps) (*Services, error) {
	svc, err := compose.Build(context.Background(), d)
	if err != nil {
		return nil, err
	}
	access.RegisterSecuritySchemes(api, identity.SessionCookie)
	api.UseMiddleware(svc.Identity.Authenticate, svc.Enforcer.Authorize)

	identity.Routes(api, svc.Identity)
	audit.Routes(api, svc.Audit)
	domains.Routes(api, svc.Domains)
	// The vendors, inventory and catalog (with search) routes.
	vendors.Routes(api, svc.Catalog.Vendors)
	catalog.Routes(api, svc.Catalog.Catalog)
	inventory.Routes(api, svc.Catalog.Inventory)
	catalogio.Routes(api, svc.CatalogIO)
	media.Routes(api, svc.Media, svc.Catalog.MediaGuard)
	mountCommerce(api, d, svc)
	// The Stripe webhooks on the platform host, the sellers' payout endpoints and the
	// operator's payment console.
	payments.Routes(api, svc.Payments, vendorAccess{v: svc.Catalog.Vendors})
	return svc, nil
}

// mountCommerce registers the routes of cart, shipping, tax, checkout and orders (behind the
// authentication and authorization middleware installed before it).
func mountCommerce(api huma.API, d compose.Deps, svc *Services) {
	com := svc.Commerce
	access := vendorAccess{v: svc.Catalog.Vendors}
	cart.Routes(api, com.Cart, cart.Options{SecureCookie: secureCookies(d.Config.PublicURL)})
	shipping.Routes(api, com.Shipping, access)
	tax.Routes(api, com.Tax)
	checkout.Routes(api, com.Checkout, checkout.Options{Limiter: optionalLimiter(svc.Limiter), Limit: httpx.PerMinute(20)})
	orders.Routes(api, com.Orders, access)
}

func secureCookies(publicURL string) bool {
	return len(publicURL) > 8 && publicURL[:8] == "https://"
}

// optionalLimiter keeps a nil *httpx.Limiter a nil interface.
func optionalLimiter(l *httpx.Limiter) checkout.Limiter {
	if l == nil {
		return nil
	}
	return l
}

// vendorAccess adapts vendors.Authorize (404 for non-members) to the sellers' ports.
type vendorAccess struct{ v *vendors.Service }

func (a vendorAccess) CheckVendor(ctx context.Context, vendorID uuid.UUID) error {
	_, err := a.v.Authorize(ctx, vendorID)
	return err
}
