package cart

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/money"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/tenants"
)

// Service manages carts.
type Service struct {
	tenants *tenants.Registry
	catalog VariantCatalog
	sellers SellerGate
}

// Option configures the cart service.
type Option func(*Service)

// WithSellerGate makes the cart refuse new items of vendors that cannot take orders yet and
// flag the lines it already holds of them (see SellerGate). Without it every vendor can sell.
func WithSellerGate(g SellerGate) Option { return func(s *Service) { s.sellers = g } }

// NewService returns the cart service.
func NewService(reg *tenants.Registry, catalog VariantCatalog, opts ...Option) *Service {
	s := &Service{tenants: reg, catalog: catalog}
	for _, o := range opts {
		o(s)
	}
	return s
}

// tx runs fn in a transaction of the marketplace in ctx. A cart's statements find rows by key,
// so they run with generic plans (db.WithGenericPlans): planned once per connection.
func (s *Service) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.tenants.Tx(db.WithGenericPlans(ctx), fn)
}

// sellersReady asks the seller gate about vendorIDs; nil means every vendor can sell.
func (s *Service) sellersReady(ctx context.Context, tx *gorm.DB, vendorIDs []uuid.UUID) (map[uuid.UUID]bool, error) {
	if s.sellers == nil || len(vendorIDs) == 0 {
		return nil, nil
	}
	ready, err := s.sellers.SellersReady(ctx, tx, vendorIDs)
	if err != nil {
		return nil, fmt.Errorf("check sellers: %w", err)
	}
	return ready, nil
}

// SellerNotReadyMessage is what the buyer reads about the items of a vendor that cannot take
// orders yet (its payouts are not set up).
func SellerNotReadyMessage(vendorName string) string {
	if vendorName == "" {
		vendorName = "This seller"
	}
	return vendorName + " cannot accept orders yet."
}

type cartRow struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	TokenHash []byte
	AccountID *uuid.UUID
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (cartRow) TableName() string { return "carts" }

// lineRow is a cart line; the JSON names are the columns' (load reads lines as json_agg).
type lineRow struct {
	TenantID      uuid.UUID `json:"tenant_id"`
	ID            uuid.UUID `json:"id"`
	CartID        uuid.UUID `json:"cart_id"`
	VariantID     uuid.UUID `json:"variant_id"`
	VendorID      uuid.UUID `json:"vendor_id"`
	Quantity      int       `json:"quantity"`
	UnitPriceSeen int64     `json:"unit_price_seen"`
	Currency      string    `json:"currency"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func (lineRow) TableName() string { return "cart_lines" }

// ownerColumn is the carts column and value that find the cart of o (the account's cart when
// signed in); ok is false when o has neither an account nor a token.
func ownerColumn(o Owner) (column string, value any, ok bool) {
	switch {
	case o.AccountID != uuid.Nil:
		return "account_id", o.AccountID, true
	case o.Token != "":
		return "token_hash", tokens.Hash(o.Token), true
	}
	return "", nil, false
}

// find returns the cart of owner, or nil.
func find(tx *gorm.DB, o Owner, lock bool) (*cartRow, error) {
	column, value, ok := ownerColumn(o)
	if !ok {
		return nil, nil
	}
	q := tx
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []cartRow
	if err := q.Where(column+" = ?", value).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

// ensure returns the cart of owner, locked and with its version already bumped (the caller is
// about to change it: one statement does both), creating it at version 1 (and a guest token
// when needed) if there is none. The returned token is the new guest token, if one was issued;
// created says the cart is new, so it has no lines.
func ensure(ctx context.Context, tx *gorm.DB, o Owner) (c *cartRow, issued string, created bool, err error) {
	if c, err = bumpLocked(tx, o); err != nil || c != nil {
		return c, "", false, err
	}
	now := time.Now()
	row := cartRow{TenantID: tenants.IDFromContext(ctx), ID: ids.New(), Version: 1, CreatedAt: now, UpdatedAt: now}
	if o.AccountID != uuid.Nil {
		acc := o.AccountID
		row.AccountID = &acc
	} else {
		tok := o.Token
		if tok == "" {
			tok = tokens.New()
			issued = tok
		}
		row.TokenHash = tokens.Hash(tok)
	}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return nil, "", false, fmt.Errorf("create cart: %w", res.Error)
	}
	if res.RowsAffected == 0 { // a concurrent request created it
		c, err := bumpLocked(tx, o)
		return c, "", false, err
	}
	return &row, issued, true, nil
}

// bumpLocked finds the cart of owner, locking it and bumping its version in one statement; nil
// when there is none.
func bumpLocked(tx *gorm.DB, o Owner) (*cartRow, error) {
	column, value, ok := ownerColumn(o)
	if !ok {
		return nil, nil
	}
	var rows []cartRow
	err := tx.Raw(`update carts set version = version + 1, updated_at = now() where `+column+` = ? returning *`, value).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

func bump(tx *gorm.DB, cartID uuid.UUID) error {
	return tx.Model(&cartRow{}).Where("id = ?", cartID).
		Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": time.Now()}).Error
}

// Current returns the priced cart of owner. When a signed-in owner still carries a guest
// token, the guest cart is merged first and cleared is true (the caller drops the cookie).
func (s *Service) Current(ctx context.Context, o Owner) (CartView, bool, error) {
	cleared := false
	if o.AccountID != uuid.Nil && o.Token != "" {
		if err := s.MergeGuestCart(ctx, o.Token, o.AccountID); err != nil {
			return CartView{}, false, err
		}
		cleared = true
		o.Token = ""
	}
	v, err := s.view(ctx, o, true)
	return v, cleared, err
}

// Snapshot returns the priced cart of owner without acknowledging price changes (checkout's
// quote).
func (s *Service) Snapshot(ctx context.Context, o Owner) (CartView, error) {
	o, err := s.Merged(ctx, o)
	if err != nil {
		return CartView{}, err
	}
	return s.view(ctx, o, false)
}

// Merged returns o after merging its guest cart into its account cart when it carries both (a
// buyer who signed in with a guest cart), so that one cart remains to read.
func (s *Service) Merged(ctx context.Context, o Owner) (Owner, error) {
	if o.AccountID != uuid.Nil && o.Token != "" {
		if err := s.MergeGuestCart(ctx, o.Token, o.AccountID); err != nil {
			return o, err
		}
		o.Token = ""
	}
	return o, nil
}

// SnapshotIn returns the priced cart of a Merged owner inside tx (the checkout's transaction),
// without acknowledging price changes. The cart row stays locked until tx ends, so nothing
// changes the cart between this read and the order made of it.
func (s *Service) SnapshotIn(ctx context.Context, tx *gorm.DB, o Owner) (CartView, error) {
	loaded, err := s.load(ctx, tx, o, true)
	if err != nil {
		return CartView{}, fmt.Errorf("load cart: %w", err)
	}
	return s.price(ctx, tx, loaded)
}

func (s *Service) view(ctx context.Context, o Owner, acknowledge bool) (CartView, error) {
	var loaded cartData
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		loaded, err = s.load(ctx, tx, o, false)
		return err
	})
	if err != nil {
		return CartView{}, fmt.Errorf("load cart: %w", err)
	}
	v, err := s.price(ctx, nil, loaded)
	if err != nil {
		return CartView{}, err
	}
	if acknowledge && slices.ContainsFunc(v.Notices, func(n CartNotice) bool { return n.Code == NoticePriceChanged }) {
		// The buyer has now seen the new prices.
		err := s.tx(ctx, func(tx *gorm.DB) error {
			for _, g := range v.Vendors {
				for _, l := range g.Lines {
					if l.SeenPrice != l.UnitPrice {
						if err := tx.Model(&lineRow{}).Where("id = ?", l.ID).Update("unit_price_seen", l.UnitPrice).Error; err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			return CartView{}, fmt.Errorf("acknowledge prices: %w", err)
		}
	}
	return v, nil
}

// cartData is a cart as stored with the catalog's current data of its variants.
type cartData struct {
	cart  *cartRow // nil: the owner has no cart
	lines []lineRow
	snaps []VariantSnapshot
}

// load reads the owner's cart (locked for update when lock is set), its lines and their
// variants in tx: one transaction for what a cart page shows.
func (s *Service) load(ctx context.Context, tx *gorm.DB, o Owner, lock bool) (cartData, error) {
	column, value, ok := ownerColumn(o)
	if !ok {
		return cartData{}, nil
	}
	// The cart and its lines in one statement (the lines as JSON).
	sql := `select c.*, coalesce((select json_agg(l order by l.created_at, l.id) from cart_lines l where l.cart_id = c.id), '[]') as lines
		from carts c where c.` + column + ` = ?`
	if lock {
		sql += " for update of c"
	}
	var rows []struct {
		Cart  cartRow `gorm:"embedded"`
		Lines []byte
	}
	if err := tx.Raw(sql, value).Scan(&rows).Error; err != nil || len(rows) == 0 {
		return cartData{}, err
	}
	d := cartData{cart: &rows[0].Cart}
	if err := json.Unmarshal(rows[0].Lines, &d.lines); err != nil {
		return cartData{}, fmt.Errorf("read cart lines: %w", err)
	}
	if len(d.lines) == 0 {
		return d, nil
	}
	variantIDs := make([]uuid.UUID, len(d.lines))
	for i, l := range d.lines {
		variantIDs[i] = l.VariantID
	}
	var err error
	if d.snaps, err = s.catalog.Variants(ctx, tx, variantIDs); err != nil {
		return cartData{}, fmt.Errorf("price cart: %w", err)
	}
	return d, nil
}

// price builds the view of a loaded cart. The seller gate is asked in tx, or when tx is nil
// (after the cart's own transaction) in a transaction of the gate's.
func (s *Service) price(ctx context.Context, tx *gorm.DB, d cartData) (CartView, error) {
	if d.cart == nil {
		return CartView{Vendors: []CartVendorGroup{}, Notices: []CartNotice{}}, nil
	}
	c, lines, snaps := d.cart, d.lines, d.snaps
	cid := c.ID
	v := CartView{ID: &cid, Version: c.Version, Vendors: []CartVendorGroup{}, Notices: []CartNotice{}}
	if len(lines) == 0 {
		return v, nil
	}
	byID := make(map[uuid.UUID]VariantSnapshot, len(snaps))
	var vendorIDs []uuid.UUID
	for _, sn := range snaps {
		byID[sn.VariantID] = sn
		if !slices.Contains(vendorIDs, sn.VendorID) {
			vendorIDs = append(vendorIDs, sn.VendorID)
		}
	}
	ready, err := s.sellersReady(ctx, tx, vendorIDs)
	if err != nil {
		return CartView{}, err
	}
	groups := map[uuid.UUID]int{}
	// Prices and quantities are bounded on input, but a total is still checked: rows written
	// before the bounds (or by an import) must give a 422, never a wrapped, negative total.
	var overflow money.Overflow
	for _, l := range lines {
		sn, ok := byID[l.VariantID]
		lineID := l.ID
		if !ok {
			sn = VariantSnapshot{VariantID: l.VariantID, VendorID: l.VendorID, Price: l.UnitPriceSeen, Currency: l.Currency}
		}
		sellerReady := ready == nil || !ok || ready[sn.VendorID]
		line := CartLine{ID: l.ID, VariantID: l.VariantID, ProductID: sn.ProductID, SKU: sn.SKU, ProductTitle: sn.ProductTitle,
			VariantTitle: sn.VariantTitle, Quantity: l.Quantity, UnitPrice: sn.Price, LineTotal: overflow.Mul(sn.Price, int64(l.Quantity)),
			Currency: sn.Currency, WeightGrams: sn.WeightGrams, Available: sn.Available, Purchasable: ok && sn.Purchasable && sellerReady, SeenPrice: l.UnitPriceSeen,
			ThumbnailURL: optURL(sn.ThumbnailURL)}
		switch {
		case !sellerReady:
			v.Notices = append(v.Notices, CartNotice{Code: NoticeUnavailable, LineID: &lineID, Message: SellerNotReadyMessage(sn.VendorName)})
		case !line.Purchasable:
			v.Notices = append(v.Notices, CartNotice{Code: NoticeUnavailable, LineID: &lineID, Message: "This product is no longer for sale."})
		case sn.Available <= 0:
			v.Notices = append(v.Notices, CartNotice{Code: NoticeOutOfStock, LineID: &lineID, Message: "Out of stock."})
		case sn.Available < int64(l.Quantity):
			v.Notices = append(v.Notices, CartNotice{Code: NoticeInsufficientStock, LineID: &lineID, Message: "Only " + strconv.FormatInt(sn.Available, 10) + " left."})
		}
		if ok && sn.Price != l.UnitPriceSeen {
			oldP, newP := l.UnitPriceSeen, sn.Price
			v.Notices = append(v.Notices, CartNotice{Code: NoticePriceChanged, LineID: &lineID, Message: "The price changed since you added this item.", OldPrice: &oldP, NewPrice: &newP})
		}
		if v.Currency == "" {
			v.Currency = line.Currency
		}
		gi, seen := groups[sn.VendorID]
		if !seen {
			gi = len(v.Vendors)
			groups[sn.VendorID] = gi
			v.Vendors = append(v.Vendors, CartVendorGroup{VendorID: sn.VendorID, VendorName: sn.VendorName, VendorLogo: optURL(sn.VendorLogoURL), VendorEmail: sn.VendorEmail, SellerReady: true})
		}
		g := &v.Vendors[gi]
		g.SellerReady = g.SellerReady && sellerReady
		g.Lines = append(g.Lines, line)
		overflow.Add(&g.Subtotal, line.LineTotal)
		overflow.Add(&g.WeightGrams, overflow.Mul(line.WeightGrams, int64(line.Quantity)))
		g.ItemCount += line.Quantity
		overflow.Add(&v.Subtotal, line.LineTotal)
		v.ItemCount += line.Quantity
	}
	if err := overflow.Err("cart"); err != nil {
		return CartView{}, err
	}
	return v, nil
}

func optURL(u string) *string {
	if u == "" {
		return nil
	}
	return &u
}

// snapshot looks a variant up for adding it (in tx, or a transaction of its own when tx is nil)
// and refuses what cannot be bought.
func (s *Service) snapshot(ctx context.Context, tx *gorm.DB, variantID uuid.UUID) (VariantSnapshot, error) {
	snaps, err := s.catalog.Variants(ctx, tx, []uuid.UUID{variantID})
	if err != nil {
		return VariantSnapshot{}, fmt.Errorf("look up variant: %w", err)
	}
	if len(snaps) == 0 {
		return VariantSnapshot{}, ErrVariantNotFound
	}
	if !snaps[0].Purchasable {
		return VariantSnapshot{}, ErrNotPurchasable
	}
	ready, err := s.sellersReady(ctx, tx, []uuid.UUID{snaps[0].VendorID})
	if err != nil {
		return VariantSnapshot{}, err
	}
	if ready != nil && !ready[snaps[0].VendorID] {
		return VariantSnapshot{}, errs.Invalid("body.variant_id", SellerNotReadyMessage(snaps[0].VendorName))
	}
	return snaps[0], nil
}

func checkQuantity(q int) error {
	if q < 1 || q > MaxQuantity {
		return ErrQuantity
	}
	return nil
}

func notEnough(available int64) error {
	if available <= 0 {
		return errs.Invalid("body.quantity", "this product is out of stock")
	}
	return errs.Invalid("body.quantity", "only "+strconv.FormatInt(available, 10)+" available")
}

// AddLine adds quantity of a variant (to the existing line of that variant, if any). It returns
// the new guest token when it created a guest cart.
func (s *Service) AddLine(ctx context.Context, o Owner, variantID uuid.UUID, quantity int) (CartView, string, error) {
	if err := checkQuantity(quantity); err != nil {
		return CartView{}, "", err
	}
	var issued string
	var loaded cartData
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// The cart first (locked, its version bumped; an error below rolls both back), then its
		// lines and every variant they and the new one need, in one read: the answer is made of
		// what this transaction read and wrote, with no second read.
		c, tok, created, err := ensure(ctx, tx, o)
		if err != nil {
			return err
		}
		issued = tok
		var lines []lineRow
		if !created {
			if err := tx.Where("cart_id = ?", c.ID).Order("created_at, id").Find(&lines).Error; err != nil {
				return err
			}
		}
		variantIDs := []uuid.UUID{variantID}
		for _, l := range lines {
			if l.VariantID != variantID {
				variantIDs = append(variantIDs, l.VariantID)
			}
		}
		snaps, err := s.catalog.Variants(ctx, tx, variantIDs)
		if err != nil {
			return fmt.Errorf("look up variant: %w", err)
		}
		i := slices.IndexFunc(snaps, func(v VariantSnapshot) bool { return v.VariantID == variantID })
		if i < 0 {
			return ErrVariantNotFound
		}
		sn := snaps[i]
		if !sn.Purchasable {
			return ErrNotPurchasable
		}
		ready, err := s.sellersReady(ctx, tx, []uuid.UUID{sn.VendorID})
		if err != nil {
			return err
		}
		if ready != nil && !ready[sn.VendorID] {
			return errs.Invalid("body.variant_id", SellerNotReadyMessage(sn.VendorName))
		}
		for _, l := range lines {
			if l.Currency != sn.Currency {
				return ErrCurrencyMismatch
			}
		}
		now := time.Now()
		if idx := slices.IndexFunc(lines, func(l lineRow) bool { return l.VariantID == variantID }); idx >= 0 {
			q := lines[idx].Quantity + quantity
			if q > MaxQuantity {
				return ErrQuantity
			}
			if int64(q) > sn.Available {
				return notEnough(sn.Available)
			}
			if err := tx.Model(&lineRow{}).Where("id = ?", lines[idx].ID).Updates(map[string]any{
				"quantity": q, "unit_price_seen": sn.Price, "updated_at": now}).Error; err != nil {
				return err
			}
			lines[idx].Quantity, lines[idx].UnitPriceSeen, lines[idx].UpdatedAt = q, sn.Price, now
		} else {
			if len(lines) >= MaxLines {
				return ErrTooManyLines
			}
			if int64(quantity) > sn.Available {
				return notEnough(sn.Available)
			}
			l := lineRow{TenantID: c.TenantID, ID: ids.New(), CartID: c.ID, VariantID: variantID, VendorID: sn.VendorID,
				Quantity: quantity, UnitPriceSeen: sn.Price, Currency: sn.Currency, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&l).Error; err != nil {
				return err
			}
			lines = append(lines, l)
		}
		loaded = cartData{cart: c, lines: lines, snaps: snaps}
		return nil
	})
	if err != nil {
		return CartView{}, "", wrap("add to cart", err)
	}
	v, err := s.price(ctx, nil, loaded)
	return v, issued, err
}

// UpdateLine sets a line's quantity.
func (s *Service) UpdateLine(ctx context.Context, o Owner, lineID uuid.UUID, quantity int) (CartView, error) {
	if err := checkQuantity(quantity); err != nil {
		return CartView{}, err
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		c, err := find(tx, o, true)
		if err != nil {
			return err
		}
		if c == nil {
			return ErrLineNotFound
		}
		var l lineRow
		if err := tx.Where("cart_id = ? AND id = ?", c.ID, lineID).Take(&l).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrLineNotFound
			}
			return err
		}
		sn, err := s.snapshot(ctx, tx, l.VariantID)
		if err != nil {
			return err
		}
		if int64(quantity) > sn.Available {
			return notEnough(sn.Available)
		}
		if err := tx.Model(&lineRow{}).Where("id = ?", l.ID).Updates(map[string]any{
			"quantity": quantity, "unit_price_seen": sn.Price, "updated_at": time.Now()}).Error; err != nil {
			return err
		}
		return bump(tx, c.ID)
	})
	if err != nil {
		return CartView{}, wrap("update cart line", err)
	}
	return s.view(ctx, o, false)
}

// RemoveLine deletes a line.
func (s *Service) RemoveLine(ctx context.Context, o Owner, lineID uuid.UUID) (CartView, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		c, err := find(tx, o, true)
		if err != nil {
			return err
		}
		if c == nil {
			return ErrLineNotFound
		}
		res := tx.Where("cart_id = ? AND id = ?", c.ID, lineID).Delete(&lineRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrLineNotFound
		}
		return bump(tx, c.ID)
	})
	if err != nil {
		return CartView{}, wrap("remove cart line", err)
	}
	return s.view(ctx, o, false)
}

// Clear removes every line of the owner's cart.
func (s *Service) Clear(ctx context.Context, o Owner) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		c, err := find(tx, o, true)
		if err != nil || c == nil {
			return err
		}
		return Empty(tx, c.ID)
	})
}

// MergeGuestCart moves the lines of the guest cart of token into the account's cart (quantities
// of the same variant add up, capped at 999) and deletes the guest cart. Unknown tokens are
// ignored.
func (s *Service) MergeGuestCart(ctx context.Context, token string, accountID uuid.UUID) error {
	if token == "" || accountID == uuid.Nil {
		return nil
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		guest, err := find(tx, Owner{Token: token}, true)
		if err != nil || guest == nil {
			return err
		}
		if guest.AccountID != nil {
			return nil
		}
		acc, _, _, err := ensure(ctx, tx, Owner{AccountID: accountID})
		if err != nil {
			return err
		}
		var gl, al []lineRow
		if err := tx.Where("cart_id = ?", guest.ID).Find(&gl).Error; err != nil {
			return err
		}
		if err := tx.Where("cart_id = ?", acc.ID).Find(&al).Error; err != nil {
			return err
		}
		for _, l := range gl {
			if i := slices.IndexFunc(al, func(a lineRow) bool { return a.VariantID == l.VariantID }); i >= 0 {
				q := min(al[i].Quantity+l.Quantity, MaxQuantity)
				if err := tx.Model(&lineRow{}).Where("id = ?", al[i].ID).Update("quantity", q).Error; err != nil {
					return err
				}
				continue
			}
			if len(al) > 0 && al[0].Currency != l.Currency {
				continue // the account cart is in another currency: the guest line cannot join it
			}
			if err := tx.Model(&lineRow{}).Where("id = ?", l.ID).Update("cart_id", acc.ID).Error; err != nil {
				return err
			}
		}
		return tx.Where("id = ?", guest.ID).Delete(&cartRow{}).Error
	})
	return wrap("merge guest cart", err)
}

// Empty deletes every line of a cart inside tx (checkout, after the order is created).
func Empty(tx *gorm.DB, cartID uuid.UUID) error {
	err := tx.Exec(`with d as (delete from cart_lines where cart_id = @id)
		update carts set version = version + 1, updated_at = now() where id = @id`, map[string]any{"id": cartID}).Error
	if err != nil {
		return fmt.Errorf("empty cart: %w", err)
	}
	return nil
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	var fe *errs.FieldError
	if errors.As(err, &fe) || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrConflict) || errors.Is(err, errs.ErrInvalid) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
