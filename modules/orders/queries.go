package orders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// fill loads the vendor orders (all, or only vendorID's) of an order with their lines,
// shipments and returns.
func fill(tx *gorm.DB, o *Order, vendorID uuid.UUID, withEvents bool) error {
	q := tx.Where("order_id = ?", o.ID)
	if vendorID != uuid.Nil {
		q = q.Where("vendor_id = ?", vendorID)
	}
	var vos []vendorOrderRow
	if err := q.Order("number").Find(&vos).Error; err != nil {
		return err
	}
	voIDs := make([]uuid.UUID, len(vos))
	byID := map[uuid.UUID]int{}
	o.VendorOrders = make([]VendorOrder, len(vos))
	for i, vo := range vos {
		o.VendorOrders[i] = vo.vendorOrder()
		o.VendorOrders[i].TaxInclusive = o.TaxInclusive
		voIDs[i] = vo.ID
		byID[vo.ID] = i
	}
	if len(vos) == 0 {
		return nil
	}
	var lines []lineRow
	if err := tx.Where("vendor_order_id IN ?", voIDs).Order("vendor_order_id, position").Find(&lines).Error; err != nil {
		return err
	}
	for _, l := range lines {
		v := &o.VendorOrders[byID[l.VendorOrderID]]
		v.Lines = append(v.Lines, l.line())
		v.ItemCount += l.Quantity
	}
	var ships []shipmentRow
	if err := tx.Where("vendor_order_id IN ?", voIDs).Order("created_at").Find(&ships).Error; err != nil {
		return err
	}
	for _, sh := range ships {
		v := &o.VendorOrders[byID[sh.VendorOrderID]]
		v.Shipments = append(v.Shipments, sh.shipment())
	}
	var rets []returnRow
	if err := tx.Where("vendor_order_id IN ?", voIDs).Order("created_at").Find(&rets).Error; err != nil {
		return err
	}
	for _, r := range rets {
		v := &o.VendorOrders[byID[r.VendorOrderID]]
		v.Returns = append(v.Returns, r.ret())
	}
	if withEvents {
		var evs []eventRow
		q := tx.Where("order_id = ?", o.ID)
		if vendorID != uuid.Nil {
			q = q.Where("vendor_order_id IN ?", voIDs)
		}
		if err := q.Order("created_at, id").Find(&evs).Error; err != nil {
			return err
		}
		for _, e := range evs {
			if vendorID != uuid.Nil && e.VendorOrderID != nil {
				v := &o.VendorOrders[byID[*e.VendorOrderID]]
				v.Events = append(v.Events, e.event())
				continue
			}
			o.Events = append(o.Events, e.event())
		}
	}
	return nil
}

func (s *Service) load(ctx context.Context, where string, args ...any) (Order, error) {
	var o Order
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var or orderRow
		if err := tx.Where(where, args...).Take(&or).Error; err != nil {
			return err
		}
		o = or.order()
		return fill(tx, &o, uuid.Nil, true)
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Order{}, ErrOrderNotFound
	}
	if err != nil {
		return Order{}, fmt.Errorf("load order: %w", err)
	}
	return o, nil
}

// BuyerOrder returns an order of the account (404 for anyone else's).
func (s *Service) BuyerOrder(ctx context.Context, accountID, orderID uuid.UUID) (Order, error) {
	return s.load(ctx, "id = ? AND account_id = ?", orderID, accountID)
}

// GuestOrder returns an order to the holder of its guest token.
func (s *Service) GuestOrder(ctx context.Context, orderID uuid.UUID, token string) (Order, error) {
	if token == "" {
		return Order{}, ErrOrderNotFound
	}
	return s.load(ctx, "id = ? AND guest_token_hash = ?", orderID, tokens.Hash(token))
}

// OperatorOrder returns any order of the marketplace.
func (s *Service) OperatorOrder(ctx context.Context, orderID uuid.UUID) (Order, error) {
	return s.load(ctx, "id = ?", orderID)
}

// BuyerOrders lists the account's orders, newest first.
func (s *Service) BuyerOrders(ctx context.Context, accountID uuid.UUID, limit, offset int) ([]OrderSummary, error) {
	return s.Search(ctx, Filter{AccountID: accountID, Limit: limit, Offset: offset})
}

// SellerOrder returns a vendor order with the buyer's email and shipping address.
func (s *Service) SellerOrder(ctx context.Context, vendorID, voID uuid.UUID) (VendorOrder, error) {
	var out VendorOrder
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var vo vendorOrderRow
		if err := tx.Where("vendor_id = ? AND id = ?", vendorID, voID).Take(&vo).Error; err != nil {
			return err
		}
		var or orderRow
		if err := tx.Where("id = ?", vo.OrderID).Take(&or).Error; err != nil {
			return err
		}
		o := or.order()
		if err := fill(tx, &o, vendorID, true); err != nil {
			return err
		}
		for _, v := range o.VendorOrders {
			if v.ID == voID {
				out = v
			}
		}
		var vendorCount int64
		if err := tx.Model(&vendorOrderRow{}).Where("order_id = ?", vo.OrderID).Count(&vendorCount).Error; err != nil {
			return err
		}
		out.BuyerEmail, out.BuyerName, out.ShippingAddress = o.Email, o.ShippingAddress.Name, &o.ShippingAddress
		out.CanMarkPaid = sellerMayMarkPaid(or.Status, vendorCount)
		return nil
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return VendorOrder{}, ErrVendorOrderNotFound
	}
	if err != nil {
		return VendorOrder{}, fmt.Errorf("load vendor order: %w", err)
	}
	return out, nil
}

// sellerMayMarkPaid is the rule SellerMarkPaid enforces, told to the seller views up front: only
// a pending order with a single seller; the operator settles multi-seller orders.
func sellerMayMarkPaid(orderStatus string, vendorCount int64) bool {
	return orderStatus == StatusPendingPayment && vendorCount == 1
}

// sellerListFacts is what a seller's order list shows beside each vendor order: who bought (guests
// included, who have no account) and how much.
type sellerListFacts struct {
	VendorOrderID uuid.UUID
	OrderStatus   string
	Email         string
	BuyerName     string
	ItemCount     int
	VendorCount   int64
}

// SellerOrders lists a vendor's orders, newest first, optionally of one status, each with the
// buyer's email and name and its item count.
func (s *Service) SellerOrders(ctx context.Context, vendorID uuid.UUID, status string, limit, offset int) ([]VendorOrder, error) {
	var rows []vendorOrderRow
	var facts []sellerListFacts
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("vendor_id = ?", vendorID)
		if status != "" {
			q = q.Where("status = ?", status)
		}
		if err := q.Order("created_at DESC, id DESC").Limit(clampLimit(limit)).Offset(max(offset, 0)).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		voIDs := make([]uuid.UUID, len(rows))
		for i, r := range rows {
			voIDs[i] = r.ID
		}
		return tx.Table("vendor_orders v").Joins("JOIN orders o ON o.tenant_id = v.tenant_id AND o.id = v.order_id").
			Where("v.id IN ?", voIDs).
			Select("v.id AS vendor_order_id, o.status AS order_status, o.email, coalesce(o.shipping_address->>'name', '') AS buyer_name, " +
				"(SELECT coalesce(sum(l.quantity), 0) FROM order_lines l WHERE l.tenant_id = v.tenant_id AND l.vendor_order_id = v.id) AS item_count, " +
				"(SELECT count(*) FROM vendor_orders w WHERE w.tenant_id = v.tenant_id AND w.order_id = v.order_id) AS vendor_count").
			Scan(&facts).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list vendor orders: %w", err)
	}
	byID := make(map[uuid.UUID]sellerListFacts, len(facts))
	for _, f := range facts {
		byID[f.VendorOrderID] = f
	}
	out := make([]VendorOrder, len(rows))
	for i, r := range rows {
		out[i] = r.vendorOrder()
		f := byID[r.ID]
		out[i].BuyerEmail, out[i].BuyerName, out[i].ItemCount = f.Email, f.BuyerName, f.ItemCount
		out[i].CanMarkPaid = sellerMayMarkPaid(f.OrderStatus, f.VendorCount)
	}
	return out, nil
}

func clampLimit(l int) int {
	if l <= 0 {
		return 50
	}
	return min(l, 500)
}

// Filter selects orders for the operator's search, summaries and export.
type Filter struct {
	AccountID uuid.UUID
	Status    string
	VendorID  uuid.UUID
	Email     string
	From, To  time.Time
	MinTotal  *int64
	MaxTotal  *int64
	// Sort is placed_at, -placed_at (default), total or -total.
	Sort   string
	Limit  int
	Offset int
}

func (f Filter) apply(q *gorm.DB) (*gorm.DB, error) {
	if f.AccountID != uuid.Nil {
		q = q.Where("o.account_id = ?", f.AccountID)
	}
	if f.Status != "" {
		q = q.Where("o.status = ?", f.Status)
	}
	if f.VendorID != uuid.Nil {
		q = q.Where("EXISTS (SELECT 1 FROM vendor_orders v WHERE v.tenant_id = o.tenant_id AND v.order_id = o.id AND v.vendor_id = ?)", f.VendorID)
	}
	if f.Email != "" {
		q = q.Where("lower(o.email) LIKE ?", "%"+strings.NewReplacer("%", `\%`, "_", `\_`).Replace(strings.ToLower(f.Email))+"%")
	}
	if !f.From.IsZero() {
		q = q.Where("o.placed_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("o.placed_at < ?", f.To)
	}
	if f.MinTotal != nil {
		q = q.Where("o.total >= ?", *f.MinTotal)
	}
	if f.MaxTotal != nil {
		q = q.Where("o.total <= ?", *f.MaxTotal)
	}
	return q, nil
}

func (f Filter) order() (string, error) {
	switch f.Sort {
	case "", "-placed_at":
		return "o.placed_at DESC, o.id DESC", nil
	case "placed_at":
		return "o.placed_at, o.id", nil
	case "total":
		return "o.total, o.id", nil
	case "-total":
		return "o.total DESC, o.id DESC", nil
	}
	return "", errs.Invalid("query.sort", "must be placed_at, -placed_at, total or -total")
}

// Search lists orders matching f.
func (s *Service) Search(ctx context.Context, f Filter) ([]OrderSummary, error) {
	orderBy, err := f.order()
	if err != nil {
		return nil, err
	}
	out := []OrderSummary{}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q, err := f.apply(tx.Table("orders o"))
		if err != nil {
			return err
		}
		return q.Select("o.id, o.number, o.status, o.email, o.currency, o.total, o.placed_at, " +
			"(SELECT count(*) FROM vendor_orders v WHERE v.tenant_id = o.tenant_id AND v.order_id = o.id) AS vendor_count").
			Order(orderBy).Limit(clampLimit(f.Limit)).Offset(max(f.Offset, 0)).Scan(&out).Error
	})
	if err != nil {
		return nil, fmt.Errorf("search orders: %w", err)
	}
	return out, nil
}

// OrderStatusTotal is the count and total of orders in one status and currency.
type OrderStatusTotal struct {
	Status   string `json:"status"`
	Currency string `json:"currency"`
	Count    int64  `json:"count"`
	Total    int64  `json:"total"`
}

// OrderVendorTotal is the count and total of one vendor's vendor orders in one currency.
type OrderVendorTotal struct {
	VendorID   uuid.UUID `json:"vendor_id"`
	VendorName string    `json:"vendor_name"`
	Currency   string    `json:"currency"`
	Count      int64     `json:"count"`
	Total      int64     `json:"total"`
}

// OrderSummaries are the operator's order figures.
type OrderSummaries struct {
	ByStatus []OrderStatusTotal `json:"by_status"`
	ByVendor []OrderVendorTotal `json:"by_vendor"`
}

// Summarise counts and totals orders matching f per status, and vendor orders per vendor.
func (s *Service) Summarise(ctx context.Context, f Filter) (OrderSummaries, error) {
	out := OrderSummaries{ByStatus: []OrderStatusTotal{}, ByVendor: []OrderVendorTotal{}}
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q, err := f.apply(tx.Table("orders o"))
		if err != nil {
			return err
		}
		if err := q.Select("o.status, o.currency, count(*) AS count, coalesce(sum(o.total), 0) AS total").
			Group("o.status, o.currency").Order("o.status, o.currency").Scan(&out.ByStatus).Error; err != nil {
			return err
		}
		q, _ = f.apply(tx.Table("orders o"))
		q = q.Joins("JOIN vendor_orders v ON v.tenant_id = o.tenant_id AND v.order_id = o.id")
		if f.VendorID != uuid.Nil {
			q = q.Where("v.vendor_id = ?", f.VendorID)
		}
		return q.Select("v.vendor_id, max(v.vendor_name) AS vendor_name, v.currency, count(*) AS count, coalesce(sum(v.total), 0) AS total").
			Group("v.vendor_id, v.currency").Order("total DESC").Scan(&out.ByVendor).Error
	})
	if err != nil {
		return OrderSummaries{}, fmt.Errorf("summarise orders: %w", err)
	}
	return out, nil
}

// ExportRow is one line of the CSV export: a vendor order with its order's data.
type ExportRow struct {
	OrderNumber   string
	PlacedAt      time.Time
	OrderStatus   string
	Email         string
	VendorNumber  string
	VendorName    string
	VendorStatus  string
	Currency      string
	Subtotal      int64
	ShippingTotal int64
	TaxTotal      int64
	Total         int64
	RefundedTotal int64
}

// MaxExportRows caps one CSV export.
const MaxExportRows = 50_000

// Export returns the vendor orders of orders matching f, for CSV.
func (s *Service) Export(ctx context.Context, f Filter) ([]ExportRow, error) {
	orderBy, err := f.order()
	if err != nil {
		return nil, err
	}
	var rows []ExportRow
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q, err := f.apply(tx.Table("orders o"))
		if err != nil {
			return err
		}
		return q.Joins("JOIN vendor_orders v ON v.tenant_id = o.tenant_id AND v.order_id = o.id").
			Select("o.number AS order_number, o.placed_at, o.status AS order_status, o.email, v.number AS vendor_number, v.vendor_name, " +
				"v.status AS vendor_status, v.currency, v.subtotal, v.shipping_total, v.tax_total, v.total, v.refunded_total").
			Order(orderBy + ", v.number").Limit(MaxExportRows).Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("export orders: %w", err)
	}
	return rows, nil
}
