package orders

import (
	"context"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

type orderOutput struct{ Body Order }

type vendorOrderOutput struct{ Body VendorOrder }

type summariesOutput struct {
	Body struct {
		Orders []OrderSummary `json:"orders"`
	}
}

// PageInput is the paging of list endpoints (exported so Huma reads it when embedded).
type PageInput struct {
	Limit  int `query:"limit" minimum:"1" maximum:"500" default:"50"`
	Offset int `query:"offset" minimum:"0" maximum:"100000" default:"0"`
}

type orderIDInput struct {
	OrderID uuid.UUID `path:"order_id" format:"uuid"`
}

type messageBody struct {
	Body string `json:"body" minLength:"1" maxLength:"5000"`
}

type messagesOutput struct {
	Body struct {
		Messages []OrderMessage `json:"messages"`
	}
}

type messageOutput struct{ Body OrderMessage }

func actorOf(ctx context.Context, kind string) Actor {
	return Actor{Kind: kind, ID: access.PrincipalFrom(ctx).AccountID}
}

// accountOf is the signed-in caller's account.
func accountOf(ctx context.Context) uuid.UUID { return access.PrincipalFrom(ctx).AccountID }

// handlers are the order operations; each method serves one operation through the service, the
// seller ones after checking the caller's membership of the vendor.
type handlers struct {
	s       *Service
	vendors VendorAccess
}

// Routes registers the order endpoints of buyers, guests, sellers and operators.
func Routes(api huma.API, svc *Service, vendors VendorAccess) {
	h := &handlers{s: svc, vendors: vendors}
	h.buyerRoutes(api)
	h.sellerRoutes(api)
	h.operatorRoutes(api)
}
