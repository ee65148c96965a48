package compose

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/identity"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
)

// PaymentsConfig reads module payments' settings from the platform configuration.
func PaymentsConfig(cfg configs.Config) payments.Config {
	return payments.Config{SecretKey: cfg.StripeSecretKey, PublishableKey: cfg.StripePublishableKey, WebhookSecret: cfg.StripeWebhookSecret,
		ConnectWebhookSecret: cfg.StripeConnectWebhookSecret, APIBase: cfg.StripeAPIBase}
}

// newPayments builds the payments service on top of the catalog modules. book gets its orders
// service after this returns (orders needs payments' provider first).
func newPayments(d moduleDeps, ident *identity.Service, cm *CatalogModules, book *orderBook) *payments.Service {
	cfg := d.Config
	return payments.NewService(payments.Deps{
		DB: d.DB, Tenants: d.Tenants, Config: PaymentsConfig(cfg), Orders: book, Vendors: paymentVendors{cm: cm},
		Categories: productCategories{cm: cm}, Operators: operatorEmails{id: ident, reg: d.Tenants}, Notify: d.Notify, Audit: d.audit,
		SiteURL: func(ctx context.Context) string {
			if t, ok := tenants.FromContext(withMarketplace(ctx, d.Tenants)); ok && t.Slug != "" {
				return cfg.TenantURL(t.Slug)
			}
			return ""
		},
	})
}

// orderBook adapts module orders to payments.OrderBook. It breaks the construction cycle
// (payments is built first, for orders' provider): ord is set once orders is built, before any
// request or task can reach it.
type orderBook struct{ ord *orders.Service }

func (b *orderBook) PaymentOrder(ctx context.Context, orderID uuid.UUID) (payments.PaymentOrder, error) {
	o, err := b.ord.OperatorOrder(ctx, orderID)
	if err != nil {
		return payments.PaymentOrder{}, err
	}
	return payments.FromOrder(o), nil
}

func (b *orderBook) MarkPaid(ctx context.Context, orderID uuid.UUID) error {
	_, err := b.ord.MarkPaid(ctx, orders.Actor{Kind: orders.ActorSystem}, orderID)
	if errors.Is(err, orders.ErrNotPending) {
		// Already paid (a retried event) is success; anything else is a real conflict.
		if o, lerr := b.ord.OperatorOrder(ctx, orderID); lerr == nil && o.Payment.Status != "pending" && o.Payment.Status != "cancelled" {
			return nil
		}
	}
	return err
}

// paymentVendors adapts module vendors to payments.VendorDirectory.
type paymentVendors struct{ cm *catalogModules }

func (p paymentVendors) Contact(ctx context.Context, vendorID uuid.UUID) (payments.VendorContact, error) {
	v, err := p.cm.Vendors.Get(ctx, vendorID)
	if err != nil {
		return payments.VendorContact{}, err
	}
	return payments.VendorContact{Name: v.Name, Email: v.ContactEmail, Country: v.Country}, nil
}

// productCategories adapts the catalog to payments.CategoryLookup (per-category commission);
// products no longer listed fall back to the marketplace rule.
type productCategories struct{ cm *catalogModules }

func (p productCategories) ProductCategories(ctx context.Context, productIDs []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	out := make(map[uuid.UUID]uuid.UUID, len(productIDs))
	for _, id := range productIDs {
		if _, seen := out[id]; seen {
			continue
		}
		pr, err := p.cm.Catalog.Product(ctx, id.String())
		if errors.Is(err, errs.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if pr.CategoryID != nil {
			out[id] = *pr.CategoryID
		}
	}
	return out, nil
}

func (p productCategories) CategoryExists(ctx context.Context, id uuid.UUID) (bool, error) {
	return p.cm.Catalog.CategoryExists(ctx, id)
}

// withMarketplace makes sure ctx carries the whole marketplace, not just its id (worker tasks
// carry only the id): identity and links need its slug.
func withMarketplace(ctx context.Context, reg *tenants.Registry) context.Context {
	if _, ok := tenants.FromContext(ctx); ok {
		return ctx
	}
	if t, err := reg.Get(ctx, tenants.IDFromContext(ctx)); err == nil {
		return tenants.WithTenant(ctx, t)
	}
	return ctx
}

// operatorEmails adapts identity's operator list to payments.OperatorDirectory.
type operatorEmails struct {
	id  *identity.Service
	reg *tenants.Registry
}

func (o operatorEmails) OperatorEmails(ctx context.Context) ([]string, error) {
	accs, _, err := o.id.Operators(withMarketplace(ctx, o.reg))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(accs))
	for _, a := range accs {
		out = append(out, a.Email)
	}
	return out, nil
}
