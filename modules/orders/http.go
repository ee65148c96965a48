package orders

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

type orderOutput struct{ Body Order }

type vendorOrderOutput struct{ Body VendorOrder }

type summariesOutput struct {
	Body struct {
		Orders []OrderSummary `json:"orders"`
	}
}

type vendorOrdersOutput struct {
	Body struct {
		VendorOrders []VendorOrder `json:"vendor_orders"`
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

// cancelOrderInput takes an optional, closed body: cancellation is of the whole order, so a
// field such as vendor_order_id (one seller's part) is refused with 422 rather than ignored.
type cancelOrderInput struct {
	OrderID uuid.UUID `path:"order_id" format:"uuid"`
	Body    *struct{}
}

type guestOrderInput struct {
	OrderID uuid.UUID `path:"order_id" format:"uuid"`
	Token   string    `header:"X-Order-Token" required:"true" doc:"The order access token returned by checkout to guests"`
}

type linkedOrderInput struct {
	Token string `header:"X-Order-Link" required:"true" minLength:"1" maxLength:"200" doc:"The token of the order link in a guest's order emails (a header, so it stays out of access logs)"`
}

type buyerVOInput struct {
	OrderID       uuid.UUID `path:"order_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
}

type returnInput struct {
	OrderID       uuid.UUID `path:"order_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          NewReturnRequest
}

type messageBody struct {
	Body string `json:"body" minLength:"1" maxLength:"5000"`
}

type buyerMessageInput struct {
	OrderID       uuid.UUID `path:"order_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          messageBody
}

type messagesOutput struct {
	Body struct {
		Messages []OrderMessage `json:"messages"`
	}
}

type messageOutput struct{ Body OrderMessage }

type sellerListInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
	Status   string    `query:"status" enum:"pending_payment,paid,processing,partially_shipped,shipped,delivered,completed,cancelled,partially_refunded,refunded,returned"`
	PageInput
}

type sellerVOInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
}

type transitionBody struct {
	Status string `json:"status" enum:"processing,delivered,completed,cancelled"`
	Note   string `json:"note,omitempty" maxLength:"500"`
}

type transitionInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          transitionBody
}

type shipmentInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          NewOrderShipment
}

type refundBody struct {
	Amount int64  `json:"amount" minimum:"1" maximum:"100000000000" doc:"Minor units"`
	Reason string `json:"reason" minLength:"1" maxLength:"500"`
}

type refundInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          refundBody
}

type decisionBody struct {
	Note string `json:"note,omitempty" maxLength:"1000"`
}

type decisionInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	ReturnID      uuid.UUID `path:"return_id" format:"uuid"`
	Decision      string    `path:"decision" enum:"approve,reject,receive"`
	Body          *decisionBody
}

type sellerMessageInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          messageBody
}

// AdminFilterInput is the operator's order filter in query parameters.
type AdminFilterInput struct {
	Status   string    `query:"status" enum:"pending_payment,paid,processing,partially_shipped,shipped,delivered,completed,cancelled,partially_refunded,refunded,returned"`
	VendorID string    `query:"vendor_id" format:"uuid"`
	Email    string    `query:"email" maxLength:"254" doc:"Part of the buyer's email"`
	From     time.Time `query:"from" doc:"Placed at or after (RFC 3339)"`
	To       time.Time `query:"to" doc:"Placed before (RFC 3339)"`
	MinTotal int64     `query:"min_total" minimum:"0" maximum:"100000000000" default:"0"`
	MaxTotal int64     `query:"max_total" minimum:"0" maximum:"100000000000" default:"0" doc:"0: no maximum"`
	Sort     string    `query:"sort" enum:"placed_at,-placed_at,total,-total" default:"-placed_at"`
}

func (in AdminFilterInput) filter() (Filter, error) {
	f := Filter{Status: in.Status, Email: in.Email, From: in.From, To: in.To, Sort: in.Sort}
	if in.VendorID != "" {
		id, err := uuid.Parse(in.VendorID)
		if err != nil {
			return f, errs.Invalid("query.vendor_id", "is not a uuid")
		}
		f.VendorID = id
	}
	if in.MinTotal > 0 {
		f.MinTotal = &in.MinTotal
	}
	if in.MaxTotal > 0 {
		f.MaxTotal = &in.MaxTotal
	}
	return f, nil
}

type adminListInput struct {
	AdminFilterInput
	PageInput
}

type summaryOutput struct{ Body OrderSummaries }

type csvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type adminVOInput struct {
	OrderID       uuid.UUID `path:"order_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
}

func actorOf(ctx context.Context, kind string) Actor {
	return Actor{Kind: kind, ID: access.PrincipalFrom(ctx).AccountID}
}

// Routes registers the order endpoints of buyers, guests, sellers and operators.
func Routes(api huma.API, svc *Service, vendors VendorAccess) {
	buyer, seller, admin := []string{"Orders"}, []string{"Seller orders"}, []string{"Operator orders"}
	sec := access.Security()
	me := func(ctx context.Context) uuid.UUID { return access.PrincipalFrom(ctx).AccountID }

	huma.Register(api, huma.Operation{
		OperationID: "list-my-orders", Method: http.MethodGet, Path: "/api/v1/me/orders",
		Summary: "List my orders", Description: "The signed-in buyer's orders, newest first.", Tags: buyer, Security: sec,
	}, func(ctx context.Context, in *PageInput) (*summariesOutput, error) {
		list, err := svc.BuyerOrders(ctx, me(ctx), in.Limit, in.Offset)
		if err != nil {
			return nil, err
		}
		out := &summariesOutput{}
		out.Body.Orders = list
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-my-order", Method: http.MethodGet, Path: "/api/v1/me/orders/{order_id}",
		Summary: "Get my order", Description: "One order of the signed-in buyer with its vendor orders, lines, shipments with tracking links, returns and history.",
		Tags: buyer, Security: sec,
	}, func(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
		o, err := svc.BuyerOrder(ctx, me(ctx), in.OrderID)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-guest-order", Method: http.MethodGet, Path: "/api/v1/orders/guest/{order_id}",
		Summary: "Get a guest order", Description: "An order placed without an account, for the holder of the order token that checkout returned.",
		Tags: buyer,
	}, func(ctx context.Context, in *guestOrderInput) (*orderOutput, error) {
		o, err := svc.GuestOrder(ctx, in.OrderID, in.Token)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-linked-order", Method: http.MethodGet, Path: "/api/v1/orders/linked",
		Summary: "Get the order of an order link", Description: "The order a guest's order email links to, for the holder of the signed link token. " +
			"Only orders placed without an account, only in the marketplace that sent the email, only until the link expires; any other token is not found.",
		Tags: buyer,
	}, func(ctx context.Context, in *linkedOrderInput) (*orderOutput, error) {
		o, err := svc.LinkedOrder(ctx, in.Token)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "cancel-my-order", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/cancel",
		Summary: "Cancel my order", Description: "Cancels the whole order, none of whose parts may have shipped; stock goes back and anything paid is refunded. One seller's part cannot be cancelled alone: the body, if sent, must be empty (a vendor_order_id is refused with 422).",
		Tags: buyer, Security: sec,
	}, func(ctx context.Context, in *cancelOrderInput) (*orderOutput, error) {
		o, err := svc.CancelByBuyer(ctx, actorOf(ctx, ActorBuyer), in.OrderID)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "request-return", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/returns",
		Summary: "Request a return", Description: "Asks the seller to take back shipped units, with a reason, within the seller's return window from delivery.",
		Tags: buyer, Security: sec, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *returnInput) (*orderOutput, error) {
		o, err := svc.RequestReturn(ctx, actorOf(ctx, ActorBuyer), in.OrderID, in.VendorOrderID, in.Body)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-my-order-messages", Method: http.MethodGet, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Read messages with a seller", Description: "The post-sale conversation with the seller of one part of the order.",
		Tags: buyer, Security: sec,
	}, func(ctx context.Context, in *buyerVOInput) (*messagesOutput, error) {
		ms, err := svc.Messages(ctx, Thread{OrderID: in.OrderID, AccountID: me(ctx)}, in.VendorOrderID)
		if err != nil {
			return nil, err
		}
		out := &messagesOutput{}
		out.Body.Messages = ms
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "post-my-order-message", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Message a seller", Description: "Sends a message to the seller of one part of the order; the seller is emailed.",
		Tags: buyer, Security: sec, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *buyerMessageInput) (*messageOutput, error) {
		m, err := svc.PostMessage(ctx, actorOf(ctx, ActorBuyer), Thread{OrderID: in.OrderID, AccountID: me(ctx)}, in.VendorOrderID, in.Body.Body)
		if err != nil {
			return nil, err
		}
		return &messageOutput{Body: m}, nil
	})

	sbase := "/api/v1/seller/vendors/{vendor_id}/orders"
	huma.Register(api, huma.Operation{
		OperationID: "seller-list-orders", Method: http.MethodGet, Path: sbase,
		Summary: "List the vendor's orders", Description: "The vendor's orders, newest first, optionally of one status.", Tags: seller, Security: sec,
	}, func(ctx context.Context, in *sellerListInput) (*vendorOrdersOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		list, err := svc.SellerOrders(ctx, in.VendorID, in.Status, in.Limit, in.Offset)
		if err != nil {
			return nil, err
		}
		out := &vendorOrdersOutput{}
		out.Body.VendorOrders = list
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-get-order", Method: http.MethodGet, Path: sbase + "/{vendor_order_id}",
		Summary: "Get a vendor order", Description: "One order of the vendor with the buyer's email and shipping address, lines, shipments, returns and history.",
		Tags: seller, Security: sec,
	}, func(ctx context.Context, in *sellerVOInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		v, err := svc.SellerOrder(ctx, in.VendorID, in.VendorOrderID)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-transition-order", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/transitions",
		Summary: "Change a vendor order's status", Description: "Moves the order to processing, delivered, completed or cancelled, if its state machine allows it from the current status (409 otherwise). Cancelling releases stock and refunds what was paid.",
		Tags: seller, Security: sec,
	}, func(ctx context.Context, in *transitionInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		v, err := svc.SellerTransition(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body.Status, in.Body.Note)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-mark-order-paid", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/mark-paid",
		Summary: "Record the payment", Description: "Records that a manual-payment order was paid to the seller (single-seller orders only; the operator marks multi-seller orders paid).",
		Tags: seller, Security: sec,
	}, func(ctx context.Context, in *sellerVOInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		v, err := svc.SellerMarkPaid(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-create-shipment", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/shipments",
		Summary: "Ship", Description: "Records a parcel with carrier and tracking number for some or all remaining units; the buyer gets the tracking link by email.",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *shipmentInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		v, err := svc.Ship(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-refund-order", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/refunds",
		Summary: "Refund", Description: "Refunds part or all of the vendor order through the payment provider (manual: recorded).",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *refundInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		v, err := svc.Refund(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body.Amount, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-decide-return", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/returns/{return_id}/{decision}",
		Summary: "Approve, reject or receive a return", Description: "approve or reject a requested return; receive an approved one, which refunds its units through the payment provider.",
		Tags: seller, Security: sec,
	}, func(ctx context.Context, in *decisionInput) (*vendorOrderOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		note := ""
		if in.Body != nil {
			note = in.Body.Note
		}
		v, err := svc.DecideReturn(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.ReturnID, in.Decision, note)
		if err != nil {
			return nil, err
		}
		return &vendorOrderOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-list-order-messages", Method: http.MethodGet, Path: sbase + "/{vendor_order_id}/messages",
		Summary: "Read messages with the buyer", Description: "The post-sale conversation on this vendor order.", Tags: seller, Security: sec,
	}, func(ctx context.Context, in *sellerVOInput) (*messagesOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		ms, err := svc.Messages(ctx, Thread{VendorID: in.VendorID}, in.VendorOrderID)
		if err != nil {
			return nil, err
		}
		out := &messagesOutput{}
		out.Body.Messages = ms
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-post-order-message", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/messages",
		Summary: "Message the buyer", Description: "Sends a message to the buyer of this vendor order; the buyer is emailed.",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *sellerMessageInput) (*messageOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		m, err := svc.PostMessage(ctx, actorOf(ctx, ActorSeller), Thread{VendorID: in.VendorID}, in.VendorOrderID, in.Body.Body)
		if err != nil {
			return nil, err
		}
		return &messageOutput{Body: m}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "admin-search-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders",
		Summary: "Search orders", Description: "All orders of the marketplace filtered by status, vendor, buyer email, date range and total, sorted by date or total.",
		Tags: admin, Security: sec,
	}, func(ctx context.Context, in *adminListInput) (*summariesOutput, error) {
		f, err := in.filter()
		if err != nil {
			return nil, err
		}
		f.Limit, f.Offset = in.Limit, in.Offset
		list, err := svc.Search(ctx, f)
		if err != nil {
			return nil, err
		}
		out := &summariesOutput{}
		out.Body.Orders = list
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-summarise-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders/summary",
		Summary: "Order summaries", Description: "Count and total of the matching orders per status and currency, and of their vendor orders per vendor.",
		Tags: admin, Security: sec,
	}, func(ctx context.Context, in *AdminFilterInput) (*summaryOutput, error) {
		f, err := in.filter()
		if err != nil {
			return nil, err
		}
		sm, err := svc.Summarise(ctx, f)
		if err != nil {
			return nil, err
		}
		return &summaryOutput{Body: sm}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-export-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders/export",
		Summary: "Export orders as CSV", Description: "One CSV row per vendor order of the matching orders (at most 50,000), amounts in minor units.",
		Tags: admin, Security: sec,
		Responses: map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}}}},
	}, func(ctx context.Context, in *AdminFilterInput) (*csvOutput, error) {
		f, err := in.filter()
		if err != nil {
			return nil, err
		}
		rows, err := svc.Export(ctx, f)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"order_number", "placed_at", "order_status", "buyer_email", "vendor_order_number", "vendor", "vendor_order_status",
			"currency", "subtotal", "shipping", "tax", "total", "refunded"})
		i64 := func(v int64) string { return strconv.FormatInt(v, 10) }
		for _, r := range rows {
			_ = w.Write([]string{r.OrderNumber, r.PlacedAt.UTC().Format(time.RFC3339), r.OrderStatus, csvSafe(r.Email), r.VendorNumber, csvSafe(r.VendorName),
				r.VendorStatus, r.Currency, i64(r.Subtotal), i64(r.ShippingTotal), i64(r.TaxTotal), i64(r.Total), i64(r.RefundedTotal)})
		}
		w.Flush()
		return &csvOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="orders.csv"`, Body: b.Bytes()}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-get-order", Method: http.MethodGet, Path: "/api/v1/admin/orders/{order_id}",
		Summary: "Get an order", Description: "Any order of the marketplace with its vendor orders and history.", Tags: admin, Security: sec,
	}, func(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
		o, err := svc.OperatorOrder(ctx, in.OrderID)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-mark-order-paid", Method: http.MethodPost, Path: "/api/v1/admin/orders/{order_id}/mark-paid",
		Summary: "Mark an order paid", Description: "Records that a manual-payment order was paid; every vendor order moves to paid and the buyer is emailed.",
		Tags: admin, Security: sec,
	}, func(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
		o, err := svc.MarkPaid(ctx, actorOf(ctx, ActorOperator), in.OrderID)
		if err != nil {
			return nil, err
		}
		return &orderOutput{Body: o}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-list-order-messages", Method: http.MethodGet, Path: "/api/v1/admin/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Read an order conversation", Description: "The buyer–seller messages of one vendor order (read only).", Tags: admin, Security: sec,
	}, func(ctx context.Context, in *adminVOInput) (*messagesOutput, error) {
		ms, err := svc.Messages(ctx, Thread{OrderID: in.OrderID}, in.VendorOrderID)
		if err != nil {
			return nil, err
		}
		out := &messagesOutput{}
		out.Body.Messages = ms
		return out, nil
	})
}

// csvSafe defuses spreadsheet formulas in user-provided cells.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
