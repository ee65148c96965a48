package orders

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

type orderRow struct {
	TenantID            uuid.UUID
	ID                  uuid.UUID
	Number              string
	AccountID           *uuid.UUID
	Email               string
	GuestTokenHash      []byte
	Status              string
	Currency            string
	Subtotal            int64
	ShippingTotal       int64
	TaxTotal            int64
	TaxInclusive        bool
	Total               int64
	RefundedTotal       int64
	ShippingAddress     []byte `gorm:"type:jsonb"`
	PaymentProvider     string
	PaymentStatus       string
	PaymentInstructions string
	PayBy               *time.Time
	PlacedAt            time.Time
	PaidAt              *time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (orderRow) TableName() string { return "orders" }

type vendorOrderRow struct {
	TenantID         uuid.UUID
	ID               uuid.UUID
	OrderID          uuid.UUID
	VendorID         uuid.UUID
	VendorName       string
	VendorEmail      string
	Number           string
	Status           string
	Currency         string
	Subtotal         int64
	ShippingTotal    int64
	TaxTotal         int64
	Total            int64
	RefundedTotal    int64
	ShippingMethod   []byte `gorm:"type:jsonb"`
	ReturnWindowDays int
	DeliveredAt      *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (vendorOrderRow) TableName() string { return "vendor_orders" }

type lineRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	VariantID     uuid.UUID
	ProductID     uuid.UUID
	SKU           string `gorm:"column:sku"`
	ProductTitle  string
	VariantTitle  string
	UnitPrice     int64
	Quantity      int
	Subtotal      int64
	Tax           int64
	Total         int64
	ShippedQty    int
	ReturnedQty   int
	Position      int
}

func (lineRow) TableName() string { return "order_lines" }

type eventRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	OrderID       uuid.UUID
	VendorOrderID *uuid.UUID
	FromStatus    string
	ToStatus      string
	ActorKind     string
	ActorID       *uuid.UUID
	Note          string
	CreatedAt     time.Time
}

func (eventRow) TableName() string { return "order_events" }

type paymentRow struct {
	TenantID     uuid.UUID
	ID           uuid.UUID
	OrderID      uuid.UUID
	Provider     string
	Status       string
	Amount       int64
	Refunded     int64
	Currency     string
	ExternalRef  string
	Instructions string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (paymentRow) TableName() string { return "payments" }

type refundRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	PaymentID     uuid.UUID
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	ReturnID      *uuid.UUID
	Amount        int64
	Reason        string
	ExternalRef   string
	ActorID       *uuid.UUID
	CreatedAt     time.Time
}

func (refundRow) TableName() string { return "refunds" }

type shipmentRow struct {
	TenantID       uuid.UUID
	ID             uuid.UUID
	OrderID        uuid.UUID
	VendorOrderID  uuid.UUID
	Carrier        string
	TrackingNumber string
	TrackingURL    string
	Lines          []byte `gorm:"type:jsonb"`
	CreatedBy      *uuid.UUID
	CreatedAt      time.Time
}

func (shipmentRow) TableName() string { return "shipments" }

type returnRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	Status        string
	Reason        string
	Lines         []byte `gorm:"type:jsonb"`
	RefundAmount  int64
	SellerNote    string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (returnRow) TableName() string { return "return_requests" }

type messageRow struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	OrderID       uuid.UUID
	VendorOrderID uuid.UUID
	AuthorKind    string
	AuthorID      *uuid.UUID
	Body          string
	CreatedAt     time.Time
}

func (messageRow) TableName() string { return "order_messages" }

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func ptr[T any](v T) *T { return &v }

func idPtr(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

func (r orderRow) order() Order {
	o := Order{ID: r.ID, Number: r.Number, Status: r.Status, Email: r.Email, Currency: r.Currency, Subtotal: r.Subtotal,
		ShippingTotal: r.ShippingTotal, TaxTotal: r.TaxTotal, TaxInclusive: r.TaxInclusive, Total: r.Total,
		RefundedTotal: r.RefundedTotal, PayBy: r.PayBy, PlacedAt: r.PlacedAt, PaidAt: r.PaidAt,
		Payment:      OrderPayment{Provider: r.PaymentProvider, Status: r.PaymentStatus, Amount: r.Total, Refunded: r.RefundedTotal, Instructions: r.PaymentInstructions},
		VendorOrders: []VendorOrder{}}
	_ = json.Unmarshal(r.ShippingAddress, &o.ShippingAddress)
	return o
}

func (r vendorOrderRow) vendorOrder() VendorOrder {
	v := VendorOrder{ID: r.ID, OrderID: r.OrderID, Number: r.Number, VendorID: r.VendorID, VendorName: r.VendorName, Status: r.Status,
		Currency: r.Currency, Subtotal: r.Subtotal, ShippingTotal: r.ShippingTotal, TaxTotal: r.TaxTotal, Total: r.Total,
		RefundedTotal: r.RefundedTotal, ReturnWindowDays: r.ReturnWindowDays, DeliveredAt: r.DeliveredAt, CreatedAt: r.CreatedAt,
		Lines: []OrderLine{}, Shipments: []OrderShipment{}, Returns: []ReturnRequest{}}
	_ = json.Unmarshal(r.ShippingMethod, &v.ShippingMethod)
	return v
}

func (r lineRow) line() OrderLine {
	return OrderLine{ID: r.ID, VariantID: r.VariantID, ProductID: r.ProductID, SKU: r.SKU, ProductTitle: r.ProductTitle, VariantTitle: r.VariantTitle,
		UnitPrice: r.UnitPrice, Quantity: r.Quantity, Subtotal: r.Subtotal, Tax: r.Tax, Total: r.Total, ShippedQty: r.ShippedQty, ReturnedQty: r.ReturnedQty}
}

func (r shipmentRow) shipment() OrderShipment {
	s := OrderShipment{ID: r.ID, Carrier: r.Carrier, TrackingNumber: r.TrackingNumber, TrackingURL: r.TrackingURL, CreatedAt: r.CreatedAt}
	_ = json.Unmarshal(r.Lines, &s.Lines)
	return s
}

func (r returnRow) ret() ReturnRequest {
	x := ReturnRequest{ID: r.ID, Status: r.Status, Reason: r.Reason, RefundAmount: r.RefundAmount, SellerNote: r.SellerNote, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	_ = json.Unmarshal(r.Lines, &x.Lines)
	return x
}

func (r eventRow) event() OrderEvent {
	return OrderEvent{VendorOrderID: r.VendorOrderID, From: r.FromStatus, To: r.ToStatus, ActorKind: r.ActorKind, Note: r.Note, At: r.CreatedAt}
}
