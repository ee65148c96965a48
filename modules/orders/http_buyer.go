package orders

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

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

type buyerMessageInput struct {
	OrderID       uuid.UUID `path:"order_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
	Body          messageBody
}

// buyerRoutes registers what a signed-in buyer, or a guest holding an order token or link, does
// with their orders.
func (h *handlers) buyerRoutes(api huma.API) {
	buyer := []string{"Orders"}
	sec := access.Security()

	huma.Register(api, huma.Operation{
		OperationID: "list-my-orders", Method: http.MethodGet, Path: "/api/v1/me/orders",
		Summary: "List my orders", Description: "The signed-in buyer's orders, newest first.", Tags: buyer, Security: sec,
	}, h.listMyOrders)

	huma.Register(api, huma.Operation{
		OperationID: "get-my-order", Method: http.MethodGet, Path: "/api/v1/me/orders/{order_id}",
		Summary: "Get my order", Description: "One order of the signed-in buyer with its vendor orders, lines, shipments with tracking links, returns and history.",
		Tags: buyer, Security: sec,
	}, h.getMyOrder)

	huma.Register(api, huma.Operation{
		OperationID: "get-guest-order", Method: http.MethodGet, Path: "/api/v1/orders/guest/{order_id}",
		Summary: "Get a guest order", Description: "An order placed without an account, for the holder of the order token that checkout returned.",
		Tags: buyer,
	}, h.getGuestOrder)

	huma.Register(api, huma.Operation{
		OperationID: "get-linked-order", Method: http.MethodGet, Path: "/api/v1/orders/linked",
		Summary: "Get the order of an order link", Description: "The order a guest's order email links to, for the holder of the signed link token. " +
			"Only orders placed without an account, only in the marketplace that sent the email, only until the link expires; any other token is not found.",
		Tags: buyer,
	}, h.getLinkedOrder)

	huma.Register(api, huma.Operation{
		OperationID: "cancel-my-order", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/cancel",
		Summary: "Cancel my order", Description: "Cancels the whole order, none of whose parts may have shipped; stock goes back and anything paid is refunded. One seller's part cannot be cancelled alone: the body, if sent, must be empty (a vendor_order_id is refused with 422).",
		Tags: buyer, Security: sec,
	}, h.cancelMyOrder)

	huma.Register(api, huma.Operation{
		OperationID: "request-return", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/returns",
		Summary: "Request a return", Description: "Asks the seller to take back shipped units, with a reason, within the seller's return window from delivery.",
		Tags: buyer, Security: sec, DefaultStatus: http.StatusCreated,
	}, h.requestReturn)

	huma.Register(api, huma.Operation{
		OperationID: "list-my-order-messages", Method: http.MethodGet, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Read messages with a seller", Description: "The post-sale conversation with the seller of one part of the order.",
		Tags: buyer, Security: sec,
	}, h.listMyOrderMessages)

	huma.Register(api, huma.Operation{
		OperationID: "post-my-order-message", Method: http.MethodPost, Path: "/api/v1/me/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Message a seller", Description: "Sends a message to the seller of one part of the order; the seller is emailed.",
		Tags: buyer, Security: sec, DefaultStatus: http.StatusCreated,
	}, h.postMyOrderMessage)
}

func (h *handlers) listMyOrders(ctx context.Context, in *PageInput) (*summariesOutput, error) {
	list, err := h.s.BuyerOrders(ctx, accountOf(ctx), in.Limit, in.Offset)
	if err != nil {
		return nil, err
	}
	out := &summariesOutput{}
	out.Body.Orders = list
	return out, nil
}

func (h *handlers) getMyOrder(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	o, err := h.s.BuyerOrder(ctx, accountOf(ctx), in.OrderID)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) getGuestOrder(ctx context.Context, in *guestOrderInput) (*orderOutput, error) {
	o, err := h.s.GuestOrder(ctx, in.OrderID, in.Token)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) getLinkedOrder(ctx context.Context, in *linkedOrderInput) (*orderOutput, error) {
	o, err := h.s.LinkedOrder(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) cancelMyOrder(ctx context.Context, in *cancelOrderInput) (*orderOutput, error) {
	o, err := h.s.CancelByBuyer(ctx, actorOf(ctx, ActorBuyer), in.OrderID)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) requestReturn(ctx context.Context, in *returnInput) (*orderOutput, error) {
	o, err := h.s.RequestReturn(ctx, actorOf(ctx, ActorBuyer), in.OrderID, in.VendorOrderID, in.Body)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) listMyOrderMessages(ctx context.Context, in *buyerVOInput) (*messagesOutput, error) {
	ms, err := h.s.Messages(ctx, Thread{OrderID: in.OrderID, AccountID: accountOf(ctx)}, in.VendorOrderID)
	if err != nil {
		return nil, err
	}
	out := &messagesOutput{}
	out.Body.Messages = ms
	return out, nil
}

func (h *handlers) postMyOrderMessage(ctx context.Context, in *buyerMessageInput) (*messageOutput, error) {
	m, err := h.s.PostMessage(ctx, actorOf(ctx, ActorBuyer), Thread{OrderID: in.OrderID, AccountID: accountOf(ctx)}, in.VendorOrderID, in.Body.Body)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}
