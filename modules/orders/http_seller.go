package orders

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

type vendorOrdersOutput struct {
	Body struct {
		VendorOrders []VendorOrder `json:"vendor_orders"`
	}
}

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

// sellerRoutes registers a vendor's handling of its part of the orders.
func (h *handlers) sellerRoutes(api huma.API) {
	seller := []string{"Seller orders"}
	sec := access.Security()
	sbase := "/api/v1/seller/vendors/{vendor_id}/orders"

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-orders", Method: http.MethodGet, Path: sbase,
		Summary: "List the vendor's orders", Description: "The vendor's orders, newest first, optionally of one status.", Tags: seller, Security: sec,
	}, h.sellerListOrders)

	huma.Register(api, huma.Operation{
		OperationID: "seller-get-order", Method: http.MethodGet, Path: sbase + "/{vendor_order_id}",
		Summary: "Get a vendor order", Description: "One order of the vendor with the buyer's email and shipping address, lines, shipments, returns and history.",
		Tags: seller, Security: sec,
	}, h.sellerGetOrder)

	huma.Register(api, huma.Operation{
		OperationID: "seller-transition-order", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/transitions",
		Summary: "Change a vendor order's status", Description: "Moves the order to processing, delivered, completed or cancelled, if its state machine allows it from the current status (409 otherwise). Cancelling releases stock and refunds what was paid.",
		Tags: seller, Security: sec,
	}, h.sellerTransitionOrder)

	huma.Register(api, huma.Operation{
		OperationID: "seller-mark-order-paid", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/mark-paid",
		Summary: "Record the payment", Description: "Records that a manual-payment order was paid to the seller (single-seller orders only; the operator marks multi-seller orders paid).",
		Tags: seller, Security: sec,
	}, h.sellerMarkOrderPaid)

	huma.Register(api, huma.Operation{
		OperationID: "seller-create-shipment", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/shipments",
		Summary: "Ship", Description: "Records a parcel with carrier and tracking number for some or all remaining units; the buyer gets the tracking link by email.",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, h.sellerCreateShipment)

	huma.Register(api, huma.Operation{
		OperationID: "seller-refund-order", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/refunds",
		Summary: "Refund", Description: "Refunds part or all of the vendor order through the payment provider (manual: recorded).",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, h.sellerRefundOrder)

	huma.Register(api, huma.Operation{
		OperationID: "seller-decide-return", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/returns/{return_id}/{decision}",
		Summary: "Approve, reject or receive a return", Description: "approve or reject a requested return; receive an approved one, which refunds its units through the payment provider.",
		Tags: seller, Security: sec,
	}, h.sellerDecideReturn)

	huma.Register(api, huma.Operation{
		OperationID: "seller-list-order-messages", Method: http.MethodGet, Path: sbase + "/{vendor_order_id}/messages",
		Summary: "Read messages with the buyer", Description: "The post-sale conversation on this vendor order.", Tags: seller, Security: sec,
	}, h.sellerListOrderMessages)

	huma.Register(api, huma.Operation{
		OperationID: "seller-post-order-message", Method: http.MethodPost, Path: sbase + "/{vendor_order_id}/messages",
		Summary: "Message the buyer", Description: "Sends a message to the buyer of this vendor order; the buyer is emailed.",
		Tags: seller, Security: sec, DefaultStatus: http.StatusCreated,
	}, h.sellerPostOrderMessage)
}

func (h *handlers) sellerListOrders(ctx context.Context, in *sellerListInput) (*vendorOrdersOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	list, err := h.s.SellerOrders(ctx, in.VendorID, in.Status, in.Limit, in.Offset)
	if err != nil {
		return nil, err
	}
	out := &vendorOrdersOutput{}
	out.Body.VendorOrders = list
	return out, nil
}

func (h *handlers) sellerGetOrder(ctx context.Context, in *sellerVOInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	v, err := h.s.SellerOrder(ctx, in.VendorID, in.VendorOrderID)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerTransitionOrder(ctx context.Context, in *transitionInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	v, err := h.s.SellerTransition(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body.Status, in.Body.Note)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerMarkOrderPaid(ctx context.Context, in *sellerVOInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	v, err := h.s.SellerMarkPaid(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerCreateShipment(ctx context.Context, in *shipmentInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	v, err := h.s.Ship(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerRefundOrder(ctx context.Context, in *refundInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	v, err := h.s.Refund(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.Body.Amount, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerDecideReturn(ctx context.Context, in *decisionInput) (*vendorOrderOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	note := ""
	if in.Body != nil {
		note = in.Body.Note
	}
	v, err := h.s.DecideReturn(ctx, actorOf(ctx, ActorSeller), in.VendorID, in.VendorOrderID, in.ReturnID, in.Decision, note)
	if err != nil {
		return nil, err
	}
	return &vendorOrderOutput{Body: v}, nil
}

func (h *handlers) sellerListOrderMessages(ctx context.Context, in *sellerVOInput) (*messagesOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	ms, err := h.s.Messages(ctx, Thread{VendorID: in.VendorID}, in.VendorOrderID)
	if err != nil {
		return nil, err
	}
	out := &messagesOutput{}
	out.Body.Messages = ms
	return out, nil
}

func (h *handlers) sellerPostOrderMessage(ctx context.Context, in *sellerMessageInput) (*messageOutput, error) {
	if err := h.vendors.CheckVendor(ctx, in.VendorID); err != nil {
		return nil, err
	}
	m, err := h.s.PostMessage(ctx, actorOf(ctx, ActorSeller), Thread{VendorID: in.VendorID}, in.VendorOrderID, in.Body.Body)
	if err != nil {
		return nil, err
	}
	return &messageOutput{Body: m}, nil
}
