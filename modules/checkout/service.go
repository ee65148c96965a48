package checkout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/modules/tax"
	"github.com/openmarket/marketplace/tenants"
)

// Deps are what checkout is built from. Vendors and Addresses may be nil (no seller emails;
// inline addresses only). Whether a vendor can take orders comes with the cart (its seller
// gate).
type Deps struct {
	Tenants   *tenants.Registry
	Carts     *cart.Service
	Shipping  ShippingProfiles
	Tax       tax.Calculator
	Orders    *orders.Service
	Stock     StockReserver
	Addresses AddressBook
}

// Service places orders.
type Service struct {
	d Deps
}

// NewService returns the checkout service.
func NewService(d Deps) *Service { return &Service{d: d} }

// Buyer is who checks out: a signed-in account (with its email) or a guest cart token.
type Buyer struct {
	AccountID uuid.UUID
	Email     string
	CartToken string
}

func (b Buyer) owner() cart.Owner { return cart.Owner{AccountID: b.AccountID, Token: b.CartToken} }

// resolveAddress returns the delivery address of a request.
func (s *Service) resolveAddress(ctx context.Context, b Buyer, id *uuid.UUID, inline *orders.OrderAddress) (orders.OrderAddress, error) {
	switch {
	case id != nil && inline != nil:
		return orders.OrderAddress{}, ErrTwoAddresses
	case id != nil:
		if b.AccountID == uuid.Nil {
			return orders.OrderAddress{}, ErrAddressIDGuest
		}
		if s.d.Addresses == nil {
			return orders.OrderAddress{}, errs.Invalid("body.address_id", "saved addresses are not available; give shipping_address")
		}
		a, err := s.d.Addresses.Address(ctx, *id)
		if errors.Is(err, errs.ErrNotFound) {
			return orders.OrderAddress{}, errs.Invalid("body.address_id", "no such address in your address book")
		}
		return a, err
	case inline != nil:
		a := *inline
		a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
		a.Name, a.Line1, a.City = strings.TrimSpace(a.Name), strings.TrimSpace(a.Line1), strings.TrimSpace(a.City)
		if a.Name == "" || a.Line1 == "" || a.City == "" {
			return orders.OrderAddress{}, errs.Invalid("body.shipping_address", "name, line1 and city are required")
		}
		if (a.Latitude == nil) != (a.Longitude == nil) {
			return orders.OrderAddress{}, errs.Invalid("body.shipping_address.latitude", "latitude and longitude go together")
		}
		return a, nil
	}
	return orders.OrderAddress{}, ErrNeedAddress
}

// sources are where prices of shipping and tax come from: on their own (quotes) or inside the
// checkout transaction.
type sources struct {
	profiles func(vendorIDs []uuid.UUID) (map[uuid.UUID]shipping.ShippingProfile, error)
	tax      func(dest tax.Destination, lines []tax.Line) (tax.Result, error)
}

func (s *Service) sourcesCtx(ctx context.Context) sources {
	return sources{
		profiles: func(ids []uuid.UUID) (map[uuid.UUID]shipping.ShippingProfile, error) {
			return s.d.Shipping.DefaultProfiles(ctx, ids)
		},
		tax: func(d tax.Destination, l []tax.Line) (tax.Result, error) { return s.d.Tax.Calculate(ctx, d, l) },
	}
}

func (s *Service) sourcesTx(ctx context.Context, tx *gorm.DB) sources {
	src := s.sourcesCtx(ctx)
	src.profiles = func(ids []uuid.UUID) (map[uuid.UUID]shipping.ShippingProfile, error) {
		return s.d.Shipping.DefaultProfilesIn(tx, ids)
	}
	if tc, ok := s.d.Tax.(tax.TxCalculator); ok {
		src.tax = func(d tax.Destination, l []tax.Line) (tax.Result, error) { return tc.CalculateIn(tx, d, l) }
	}
	return src
}

// price computes the quote of a cart view at addr with the buyer's shipping choices.
func (s *Service) price(src sources, v cart.CartView, addr orders.OrderAddress, choices []CheckoutShippingChoice) (CheckoutQuote, error) {
	q := CheckoutQuote{Currency: v.Currency, Vendors: []CheckoutVendor{}}
	if len(v.Vendors) == 0 {
		return q, ErrEmptyCart
	}
	vendorIDs := make([]uuid.UUID, len(v.Vendors))
	for i, g := range v.Vendors {
		vendorIDs[i] = g.VendorID
	}
	for _, c := range choices {
		if !slices.Contains(vendorIDs, c.VendorID) {
			return q, ErrUnknownVendor
		}
	}
	profiles, err := src.profiles(vendorIDs)
	if err != nil {
		return q, err
	}
	dest := shipping.Destination{Country: addr.Country, Region: addr.Region, PostalCode: addr.PostalCode, Lat: addr.Latitude, Lon: addr.Longitude}
	// One tax calculation for the whole order: every line, then each vendor's shipping.
	var taxLines []tax.Line
	for gi, g := range v.Vendors {
		name := g.VendorName
		if name == "" {
			name = g.VendorID.String()
		}
		p, ok := profiles[g.VendorID]
		var opts []shipping.ShippingOption
		if ok && p.Currency == v.Currency {
			opts = shipping.QuoteProfile(p, shipping.Parcel{WeightGrams: g.WeightGrams, Subtotal: g.Subtotal, Currency: v.Currency}, dest)
		}
		if len(opts) == 0 {
			return q, errs.Invalid("body.shipping_address", name+" does not ship to this address")
		}
		chosen := opts[0]
		for _, c := range choices {
			if c.VendorID == g.VendorID {
				i := slices.IndexFunc(opts, func(o shipping.ShippingOption) bool { return o.RateID == c.RateID })
				if i < 0 {
					return q, ErrUnknownRate
				}
				chosen = opts[i]
			}
		}
		vq := CheckoutVendor{VendorID: g.VendorID, VendorName: g.VendorName, Subtotal: g.Subtotal, Options: opts, Chosen: chosen, ReturnDays: p.ReturnWindowDays}
		for _, l := range g.Lines {
			vq.Lines = append(vq.Lines, CheckoutLine{LineID: l.ID, VariantID: l.VariantID, ProductTitle: l.ProductTitle, VariantTitle: l.VariantTitle,
				SKU: l.SKU, Quantity: l.Quantity, UnitPrice: l.UnitPrice, Subtotal: l.LineTotal})
			taxLines = append(taxLines, tax.Line{Amount: l.LineTotal})
		}
		taxLines = append(taxLines, tax.Line{Amount: chosen.Amount, Shipping: true})
		q.Vendors = append(q.Vendors, vq)
		_ = gi
	}
	tr, err := src.tax(tax.Destination{Country: addr.Country, Region: addr.Region}, taxLines)
	if err != nil {
		return q, err
	}
	q.TaxInclusive = tr.Inclusive
	// Every sum is checked: a total too large for int64 is a 422 on the cart, never a wrapped,
	// negative amount charged or a 500 from the database's CHECK.
	var overflow money.Overflow
	k := 0
	for i := range q.Vendors {
		vq := &q.Vendors[i]
		for j := range vq.Lines {
			l := &vq.Lines[j]
			l.Tax = tr.Lines[k]
			l.Total = l.Subtotal
			if !tr.Inclusive {
				overflow.Add(&l.Total, l.Tax)
			}
			overflow.Add(&vq.TaxTotal, l.Tax)
			k++
		}
		vq.ShippingTax = tr.Lines[k]
		k++
		overflow.Add(&vq.TaxTotal, vq.ShippingTax)
		vq.Total = vq.Subtotal
		overflow.Add(&vq.Total, vq.Chosen.Amount)
		if !tr.Inclusive {
			overflow.Add(&vq.Total, vq.TaxTotal)
		}
		overflow.Add(&q.Subtotal, vq.Subtotal)
		overflow.Add(&q.ShippingTotal, vq.Chosen.Amount)
		overflow.Add(&q.TaxTotal, vq.TaxTotal)
		overflow.Add(&q.Total, vq.Total)
	}
	if err := overflow.Err("cart"); err != nil {
		return CheckoutQuote{}, err
	}
	return q, nil
}

// checkSellers refuses a cart holding items of a vendor that cannot take orders yet, naming the
// first such shop (in cart order). The cart asked the seller gate when it priced itself.
func checkSellers(v cart.CartView) error {
	for _, g := range v.Vendors {
		if !g.SellerReady {
			return errs.Invalid("cart", cart.SellerNotReadyMessage(g.VendorName)+" Remove its items to check out the rest.")
		}
	}
	return nil
}

// Quote prices the buyer's cart at an address.
func (s *Service) Quote(ctx context.Context, b Buyer, in CheckoutQuoteRequest) (CheckoutQuote, error) {
	addr, err := s.resolveAddress(ctx, b, in.AddressID, in.ShippingAddress)
	if err != nil {
		return CheckoutQuote{}, err
	}
	v, err := s.d.Carts.Snapshot(ctx, b.owner())
	if err != nil {
		return CheckoutQuote{}, err
	}
	if err := checkSellers(v); err != nil {
		return CheckoutQuote{}, err
	}
	return s.price(s.sourcesCtx(ctx), v, addr, in.Shipping)
}

// requestHash identifies a request for idempotency: its body and who sends it.
func requestHash(b Buyer, in CheckoutRequest) []byte {
	body, _ := json.Marshal(in)
	h := sha256.New()
	h.Write(body)
	h.Write([]byte{0})
	h.Write([]byte(b.AccountID.String()))
	h.Write([]byte{0})
	tok := sha256.Sum256([]byte(b.CartToken))
	if b.AccountID == uuid.Nil {
		h.Write(tok[:])
	}
	return h.Sum(nil)
}

type requestRow struct {
	TenantID    uuid.UUID
	Key         string
	RequestHash []byte
	OrderID     *uuid.UUID
	Response    []byte `gorm:"type:jsonb"`
}

func (requestRow) TableName() string { return "checkout_requests" }

// replay returns the stored result of key, or ok=false when the key is new.
func replay(tx *gorm.DB, key string, hash []byte) (CheckoutResult, bool, error) {
	var rows []requestRow
	if err := tx.Where("key = ?", key).Limit(1).Find(&rows).Error; err != nil {
		return CheckoutResult{}, false, fmt.Errorf("look up idempotency key: %w", err)
	}
	if len(rows) == 0 || rows[0].Response == nil {
		return CheckoutResult{}, false, nil
	}
	if !bytes.Equal(rows[0].RequestHash, hash) {
		return CheckoutResult{}, true, ErrKeyReused
	}
	var r CheckoutResult
	if err := json.Unmarshal(rows[0].Response, &r); err != nil {
		return CheckoutResult{}, true, fmt.Errorf("decode stored checkout: %w", err)
	}
	return r, true, nil
}

// errReplayed ends the checkout transaction when a concurrent request with the same key won.
var errReplayed = errors.New("checkout: replayed")

// Checkout places the order for the buyer's cart. key is the Idempotency-Key.
func (s *Service) Checkout(ctx context.Context, b Buyer, key string, in CheckoutRequest) (CheckoutResult, error) {
	if l := len(key); l < 8 || l > 255 {
		return CheckoutResult{}, errs.Invalid("header.Idempotency-Key", "must be 8 to 255 characters")
	}
	hash := requestHash(b, in)
	r, err := s.place(ctx, b, key, hash, in)
	if err != nil && !errors.Is(err, ErrKeyReused) {
		// A retry after success finds the cart empty (or changed): the stored answer of the
		// first request is its answer.
		if r2, ok, lerr := s.lookup(ctx, key, hash); ok || lerr != nil {
			r, err = r2, lerr
		}
	}
	if err != nil {
		return r, err
	}
	return s.startPayment(ctx, key, r)
}

// startPayment creates the payment of a placed order whose provider calls out over the network
// (Stripe), now that the checkout transaction has committed: no row lock, idempotency row or
// pooled connection is held during the call. The client secret is stored with the request's
// answer in the same short transaction that records the payment, so replays answer it too. If
// the call fails, the order stays placed and pending: the error tells the buyer to retry (the
// same Idempotency-Key replays the order and tries again), and the task queued with the order
// (orders.TaskCreatePayment) creates the payment meanwhile.
func (s *Service) startPayment(ctx context.Context, key string, r CheckoutResult) (CheckoutResult, error) {
	if r.Order.Payment.Status != "pending" || r.Order.Payment.ClientSecret != "" {
		return r, nil
	}
	res, err := s.d.Orders.CompletePayment(ctx, r.Order.ID, func(tx *gorm.DB, res orders.PaymentResult) error {
		if res.ClientSecret == "" {
			return nil
		}
		err := tx.Exec(`update checkout_requests set response = jsonb_set(response, '{order,payment,client_secret}', to_jsonb(?::text)) where key = ? and order_id = ?`,
			res.ClientSecret, key, r.Order.ID).Error
		if err != nil {
			return fmt.Errorf("store checkout response: %w", err)
		}
		return nil
	})
	if err != nil {
		return CheckoutResult{}, fmt.Errorf("order %s is placed but its payment could not be started; retry the request: %w", r.Order.Number, err)
	}
	r.Order.Payment.ClientSecret = res.ClientSecret
	return r, nil
}

func (s *Service) lookup(ctx context.Context, key string, hash []byte) (CheckoutResult, bool, error) {
	var r CheckoutResult
	var ok bool
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		r, ok, err = replay(tx, key, hash)
		return err
	})
	return r, ok, err
}

func (s *Service) place(ctx context.Context, b Buyer, key string, hash []byte, in CheckoutRequest) (CheckoutResult, error) {
	email := strings.TrimSpace(in.Email)
	if b.AccountID != uuid.Nil && b.Email != "" {
		email = b.Email
	}
	if email == "" {
		return CheckoutResult{}, ErrGuestEmail
	}
	if _, err := mail.ParseAddress(email); err != nil {
		return CheckoutResult{}, errs.Invalid("body.email", "is not a valid email address")
	}
	addr, err := s.resolveAddress(ctx, b, in.AddressID, in.ShippingAddress)
	if err != nil {
		return CheckoutResult{}, err
	}
	owner, err := s.d.Carts.Merged(ctx, b.owner())
	if err != nil {
		return CheckoutResult{}, err
	}
	var token string
	if b.AccountID == uuid.Nil {
		token = tokens.New()
	}

	// One transaction reads the cart (its row locked), prices it, writes the order and holds
	// the stock: what is charged is exactly what was read, and nothing is half done. It calls
	// nothing over the network: a remote payment is created after it commits (startPayment).
	var result CheckoutResult
	err = s.d.Tenants.Tx(db.WithGenericPlans(ctx), func(tx *gorm.DB) error {
		// The key first: a concurrent request with the same key waits here for our outcome.
		res := tx.Exec(`insert into checkout_requests (tenant_id, key, request_hash) values (nullif(current_setting('app.tenant_id', true), '')::uuid, ?, ?)
			on conflict (tenant_id, key) do nothing`, key, hash)
		if res.Error != nil {
			return fmt.Errorf("record idempotency key: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			r, ok, err := replay(tx, key, hash)
			if err != nil {
				return err
			}
			if ok {
				result = r
				return errReplayed
			}
			return fmt.Errorf("%w: a checkout with this Idempotency-Key is in progress", errs.ErrConflict)
		}
		v, err := s.d.Carts.SnapshotIn(ctx, tx, owner)
		if err != nil {
			return err
		}
		if v.ID == nil || len(v.Vendors) == 0 {
			return ErrEmptyCart
		}
		// Before the notices: the cart flags such lines as unavailable too, and the buyer should
		// read which shop and why.
		if err := checkSellers(v); err != nil {
			return err
		}
		for _, n := range v.Notices {
			switch n.Code {
			case cart.NoticeUnavailable:
				return ErrUnavailable
			case cart.NoticePriceChanged:
				return ErrPricesChanged
			}
		}
		q, err := s.price(s.sourcesTx(ctx, tx), v, addr, in.Shipping)
		if err != nil {
			return err
		}
		n, stock := newOrder(OrderID(tenants.IDFromContext(ctx), b, key), b, email, token, addr, q, v)
		o, err := s.d.Orders.Create(ctx, tx, n)
		if err != nil {
			return err
		}
		if err := cart.Empty(tx, *v.ID); err != nil {
			return err
		}
		// Stock last: its row locks are the contended ones, held only until the commit. Every
		// vendor order's lines in one pass, which locks stock rows in one global order (variant
		// id), so concurrent checkouts cannot deadlock.
		holds := make([]StockHold, len(n.Vendors))
		for i, nv := range n.Vendors {
			holds[i] = StockHold{Reference: nv.ID.String(), Lines: stock[nv.ID]}
		}
		if err := s.d.Stock.Reserve(tx, holds); err != nil {
			if errors.Is(err, errs.ErrConflict) {
				return fmt.Errorf("%w (%v)", ErrOutOfStock, err) //nolint:errorlint // the kind is ErrOutOfStock; the inventory detail is text only
			}
			return fmt.Errorf("reserve stock: %w", err)
		}
		body, err := json.Marshal(CheckoutResult{Order: o, OrderToken: token})
		if err != nil {
			return err
		}
		if err := tx.Model(&requestRow{}).Where("key = ?", key).Updates(map[string]any{"order_id": n.ID, "response": body}).Error; err != nil {
			return fmt.Errorf("store checkout response: %w", err)
		}
		// Answer with exactly what replays will answer.
		return json.Unmarshal(body, &result)
	})
	if errors.Is(err, errReplayed) {
		return result, nil
	}
	if err != nil {
		return CheckoutResult{}, err
	}
	return result, nil
}

// orderNamespace is the UUIDv5 namespace of order ids derived from checkout requests.
var orderNamespace = uuid.MustParse("5b0f2c4e-8a57-4d0a-9a8e-0c6f1d2b7e31")

// OrderID is the id of the order a checkout request places: a name-based UUID (version 5) of
// the marketplace, the buyer (account id, or a hash of the guest cart token) and the
// Idempotency-Key. Other ids are random UUIDv7; this one must be the same on every attempt of
// one request, because the payment provider keys its side on it (Stripe: the PaymentIntent's
// idempotency key is "pi:"+order id). An attempt that created the PaymentIntent and then rolled
// back (stock ran out, the connection dropped, the process died) is retried with the same key
// and finds the same PaymentIntent instead of creating a second one. The id leaks nothing: the
// key is the client's own, and the token is hashed twice (SHA-256, then SHA-1 by uuid).
func OrderID(tenantID uuid.UUID, b Buyer, key string) uuid.UUID {
	buyer := "account:" + b.AccountID.String()
	if b.AccountID == uuid.Nil {
		tok := sha256.Sum256([]byte(b.CartToken))
		buyer = "guest:" + hex.EncodeToString(tok[:])
	}
	return uuid.NewSHA1(orderNamespace, []byte(tenantID.String()+"\x00"+buyer+"\x00"+key))
}

// newOrder builds the order of a quote (so checkout and quote always agree) and the stock to
// reserve per vendor order.
func newOrder(orderID uuid.UUID, b Buyer, email, token string, addr orders.OrderAddress, q CheckoutQuote, v cart.CartView) (orders.NewOrder, map[uuid.UUID][]orders.StockLine) {
	n := orders.NewOrder{ID: orderID, AccountID: b.AccountID, Email: email, Currency: q.Currency, TaxInclusive: q.TaxInclusive, Address: addr, GuestToken: token}
	stock := map[uuid.UUID][]orders.StockLine{}
	productOf := map[uuid.UUID]uuid.UUID{}
	group := map[uuid.UUID]cart.CartVendorGroup{}
	for _, g := range v.Vendors {
		group[g.VendorID] = g
		for _, l := range g.Lines {
			productOf[l.ID] = l.ProductID
		}
	}
	for _, vq := range q.Vendors {
		nv := orders.NewVendorOrder{ID: ids.New(), VendorID: vq.VendorID, VendorName: vq.VendorName, VendorEmail: group[vq.VendorID].VendorEmail, ReturnWindowDays: vq.ReturnDays,
			Shipping: orders.OrderShippingMethod{RateID: vq.Chosen.RateID, Name: vq.Chosen.Name, Amount: vq.Chosen.Amount, Tax: vq.ShippingTax,
				MinDays: vq.Chosen.MinDays, MaxDays: vq.Chosen.MaxDays}}
		for _, l := range vq.Lines {
			nv.Lines = append(nv.Lines, orders.NewLine{VariantID: l.VariantID, ProductID: productOf[l.LineID], SKU: l.SKU,
				ProductTitle: l.ProductTitle, VariantTitle: l.VariantTitle, UnitPrice: l.UnitPrice, Quantity: l.Quantity, Tax: l.Tax})
			stock[nv.ID] = append(stock[nv.ID], orders.StockLine{VariantID: l.VariantID, Quantity: int64(l.Quantity)})
		}
		n.Vendors = append(n.Vendors, nv)
	}
	return n, stock
}
