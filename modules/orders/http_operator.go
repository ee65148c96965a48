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

// operatorRoutes registers the operator console's search, summaries, export and handling of
// every order of the marketplace.
func (h *handlers) operatorRoutes(api huma.API) {
	admin := []string{"Operator orders"}
	sec := access.Security()

	huma.Register(api, huma.Operation{
		OperationID: "admin-search-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders",
		Summary: "Search orders", Description: "All orders of the marketplace filtered by status, vendor, buyer email, date range and total, sorted by date or total.",
		Tags: admin, Security: sec,
	}, h.adminSearchOrders)

	huma.Register(api, huma.Operation{
		OperationID: "admin-summarise-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders/summary",
		Summary: "Order summaries", Description: "Count and total of the matching orders per status and currency, and of their vendor orders per vendor.",
		Tags: admin, Security: sec,
	}, h.adminSummariseOrders)

	huma.Register(api, huma.Operation{
		OperationID: "admin-export-orders", Method: http.MethodGet, Path: "/api/v1/admin/orders/export",
		Summary: "Export orders as CSV", Description: "One CSV row per vendor order of the matching orders (at most 50,000), amounts in minor units.",
		Tags: admin, Security: sec,
		Responses: map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}}}},
	}, h.adminExportOrders)

	huma.Register(api, huma.Operation{
		OperationID: "admin-get-order", Method: http.MethodGet, Path: "/api/v1/admin/orders/{order_id}",
		Summary: "Get an order", Description: "Any order of the marketplace with its vendor orders and history.", Tags: admin, Security: sec,
	}, h.adminGetOrder)

	huma.Register(api, huma.Operation{
		OperationID: "admin-mark-order-paid", Method: http.MethodPost, Path: "/api/v1/admin/orders/{order_id}/mark-paid",
		Summary: "Mark an order paid", Description: "Records that a manual-payment order was paid; every vendor order moves to paid and the buyer is emailed.",
		Tags: admin, Security: sec,
	}, h.adminMarkOrderPaid)

	huma.Register(api, huma.Operation{
		OperationID: "admin-list-order-messages", Method: http.MethodGet, Path: "/api/v1/admin/orders/{order_id}/vendor-orders/{vendor_order_id}/messages",
		Summary: "Read an order conversation", Description: "The buyer–seller messages of one vendor order (read only).", Tags: admin, Security: sec,
	}, h.adminListOrderMessages)
}

func (h *handlers) adminSearchOrders(ctx context.Context, in *adminListInput) (*summariesOutput, error) {
	f, err := in.filter()
	if err != nil {
		return nil, err
	}
	f.Limit, f.Offset = in.Limit, in.Offset
	list, err := h.s.Search(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &summariesOutput{}
	out.Body.Orders = list
	return out, nil
}

func (h *handlers) adminSummariseOrders(ctx context.Context, in *AdminFilterInput) (*summaryOutput, error) {
	f, err := in.filter()
	if err != nil {
		return nil, err
	}
	sm, err := h.s.Summarise(ctx, f)
	if err != nil {
		return nil, err
	}
	return &summaryOutput{Body: sm}, nil
}

func (h *handlers) adminExportOrders(ctx context.Context, in *AdminFilterInput) (*csvOutput, error) {
	f, err := in.filter()
	if err != nil {
		return nil, err
	}
	rows, err := h.s.Export(ctx, f)
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
}

func (h *handlers) adminGetOrder(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	o, err := h.s.OperatorOrder(ctx, in.OrderID)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) adminMarkOrderPaid(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	o, err := h.s.MarkPaid(ctx, actorOf(ctx, ActorOperator), in.OrderID)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: o}, nil
}

func (h *handlers) adminListOrderMessages(ctx context.Context, in *adminVOInput) (*messagesOutput, error) {
	ms, err := h.s.Messages(ctx, Thread{OrderID: in.OrderID}, in.VendorOrderID)
	if err != nil {
		return nil, err
	}
	out := &messagesOutput{}
	out.Body.Messages = ms
	return out, nil
}

// csvSafe defuses spreadsheet formulas in user-provided cells.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
