package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/apps/internal/compose"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/orders"
)

// demoOrder is one order of the demo buyer: what is in the cart (product title → quantity) and
// how far it has come.
type demoOrder struct {
	lines map[string]int
	// status is where the order ends: pending_payment, paid, shipped or delivered.
	status string
}

var demoOrders = []demoOrder{
	{map[string]int{"Wireless Headphones": 1, "Stoneware Coffee Mug": 2}, orders.StatusDelivered},
	{map[string]int{"40L Hiking Backpack": 1, "Insulated Water Bottle": 2}, orders.StatusShipped},
	{map[string]int{"Field Automatic Watch": 1, "Dot Grid Notebook A5": 3}, orders.StatusPaid},
	{map[string]int{"Linen Table Lamp": 1}, orders.StatusPendingPayment},
}

// demoBuyerAddress is where the demo buyer's orders go.
var demoBuyerAddress = orders.OrderAddress{Name: "Demo Buyer", Line1: "221 Market Street", Line2: "Apt 4B", City: "San Francisco",
	Region: "CA", PostalCode: "94105", Country: "US", Phone: "+1 415 555 0142"}

// seedOrders places demoOrders for the demo buyer through cart and checkout, and moves each
// along as the operator (payment) and its sellers (processing, shipment with tracking,
// delivery) would. A buyer with any order already gets none. It returns how many it placed.
func seedOrders(ctx context.Context, kit identityKit, cfg configs.Config, mods *compose.CatalogModules) (int, error) {
	buyer, _, err := kit.svc.EnsureAccount(ctx, demoBuyerEmail, demoBuyerPassword, "Demo Buyer")
	if err != nil {
		return 0, err
	}
	// Without Redis: no policy watcher or rate limiter, which a one-shot command needs neither of.
	svc, err := compose.Build(ctx, compose.Deps{Config: cfg, DB: kit.db, Tenants: kit.registry, Notify: kit.notify})
	if err != nil {
		return 0, err
	}
	com := svc.Commerce
	if mine, err := com.Orders.BuyerOrders(ctx, buyer.ID, 1, 0); err != nil || len(mine) > 0 {
		return 0, err
	}
	// The order events name who did what: the demo operator and each shop's owner.
	op, _, err := kit.svc.EnsureAccount(ctx, demoOperatorEmail, demoOperatorPassword, "Demo Operator")
	if err != nil {
		return 0, err
	}
	operator := orders.Actor{Kind: orders.ActorOperator, ID: op.ID}
	sellers := map[string]orders.Actor{}
	for _, dv := range demoVendors {
		acc, _, err := kit.svc.EnsureAccount(ctx, dv.email, demoSellerPassword, dv.name+" Owner")
		if err != nil {
			return 0, err
		}
		sellers[dv.name] = orders.Actor{Kind: orders.ActorSeller, ID: acc.ID}
	}
	for n, do := range demoOrders {
		owner := cart.Owner{AccountID: buyer.ID}
		for title, qty := range do.lines {
			variant, err := inStockVariant(ctx, mods.Catalog, title, qty)
			if err != nil {
				return n, err
			}
			if _, _, err := com.Cart.AddLine(ctx, owner, variant, qty); err != nil {
				return n, fmt.Errorf("add %q to the cart: %w", title, err)
			}
		}
		addr := demoBuyerAddress
		placed, err := com.Checkout.Checkout(ctx, checkout.Buyer{AccountID: buyer.ID, Email: buyer.Email}, uuid.NewString(),
			checkout.CheckoutRequest{ShippingAddress: &addr})
		if err != nil {
			return n, fmt.Errorf("check out: %w", err)
		}
		if err := advanceOrder(ctx, com.Orders, operator, sellers, placed.Order, do.status); err != nil {
			return n, fmt.Errorf("order %s to %s: %w", placed.Order.Number, do.status, err)
		}
	}
	return len(demoOrders), nil
}

// advanceOrder moves a placed order to status: paid by the operator, then each vendor order
// processed, shipped with a tracking number and delivered by its seller (sellers, by shop
// name), as far as status says.
func advanceOrder(ctx context.Context, ord *orders.Service, operator orders.Actor, sellers map[string]orders.Actor, o orders.Order, status string) error {
	if status == orders.StatusPendingPayment {
		return nil
	}
	if _, err := ord.MarkPaid(ctx, operator, o.ID); err != nil {
		return err
	}
	if status == orders.StatusPaid {
		return nil
	}
	for i, vo := range o.VendorOrders {
		seller := sellers[vo.VendorName]
		if _, err := ord.SellerTransition(ctx, seller, vo.VendorID, vo.ID, orders.StatusProcessing, ""); err != nil {
			return err
		}
		tracking := fmt.Sprintf("JD0146%08d", 31_000_000+int(o.Total%1_000_000)*10+i)
		if _, err := ord.Ship(ctx, seller, vo.VendorID, vo.ID, orders.NewOrderShipment{Carrier: "dhl", TrackingNumber: tracking}); err != nil {
			return err
		}
		if status == orders.StatusDelivered {
			if _, err := ord.SellerTransition(ctx, seller, vo.VendorID, vo.ID, orders.StatusDelivered, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// inStockVariant is the first variant of the product titled title with qty units available.
func inStockVariant(ctx context.Context, cat *catalog.Service, title string, qty int) (uuid.UUID, error) {
	p, err := cat.Product(ctx, catalog.Slugify(title, 100))
	if err != nil {
		return uuid.Nil, fmt.Errorf("product %q: %w", title, err)
	}
	for _, v := range p.Variants {
		if v.Available >= int64(qty) {
			return v.ID, nil
		}
	}
	return uuid.Nil, fmt.Errorf("product %q has no variant with %d in stock", title, qty)
}
