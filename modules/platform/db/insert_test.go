package db_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type cart struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	TokenHash []byte
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (cart) TableName() string { return "carts" }

type line struct {
	TenantID      uuid.UUID
	ID            uuid.UUID
	CartID        uuid.UUID
	VariantID     uuid.UUID
	VendorID      uuid.UUID
	Quantity      int
	UnitPriceSeen int64
	Currency      string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (line) TableName() string { return "cart_lines" }

// cartWithDefaults leaves its timestamps to the database, which InsertAll cannot read back.
type cartWithDefaults struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	TokenHash []byte
	CreatedAt time.Time `gorm:"default:now()"`
}

func (cartWithDefaults) TableName() string { return "carts" }

func TestInsertAll_ParentAndChildrenInOneStatement(t *testing.T) {
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "insertall")
	ctx := tenants.WithTenant(context.Background(), tn)
	now := time.Now().UTC()
	c := cart{TenantID: tn.ID, ID: ids.New(), TokenHash: []byte("token-" + ids.New().String()), CreatedAt: now, UpdatedAt: now}
	lines := []line{
		{TenantID: tn.ID, ID: ids.New(), CartID: c.ID, VariantID: ids.New(), VendorID: ids.New(), Quantity: 2, UnitPriceSeen: 1999, Currency: "EUR", CreatedAt: now, UpdatedAt: now},
		{TenantID: tn.ID, ID: ids.New(), CartID: c.ID, VariantID: ids.New(), VendorID: ids.New(), Quantity: 1, UnitPriceSeen: 500, Currency: "EUR", CreatedAt: now, UpdatedAt: now},
	}
	var none []line
	// The children come before nothing else but their parent; the foreign key is checked when
	// the whole statement is done.
	err := reg.Tx(ctx, func(tx *gorm.DB) error { return db.InsertAll(tx, &c, &lines, &none) })
	if err != nil {
		t.Fatalf("InsertAll: %v", err)
	}
	var got []line
	if err := reg.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("cart_id = ?", c.ID).Order("unit_price_seen").Find(&got).Error
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UnitPriceSeen != 500 || got[1].Quantity != 2 || got[1].Currency != "EUR" {
		t.Fatalf("lines read back = %+v, want the two inserted", got)
	}
}

func TestInsertAll_FailsWhole(t *testing.T) {
	reg := testkit.Registry(t)
	tn := testkit.NewTenant(t, reg, "insertall")
	ctx := tenants.WithTenant(context.Background(), tn)
	now := time.Now().UTC()
	c := cart{TenantID: tn.ID, ID: ids.New(), TokenHash: []byte("token-" + ids.New().String()), CreatedAt: now, UpdatedAt: now}
	orphan := line{TenantID: tn.ID, ID: ids.New(), CartID: ids.New(), VariantID: ids.New(), VendorID: ids.New(), Quantity: 1, Currency: "EUR", CreatedAt: now, UpdatedAt: now}
	err := reg.Tx(ctx, func(tx *gorm.DB) error { return db.InsertAll(tx, &c, &orphan) })
	if err == nil || !strings.Contains(err.Error(), "foreign key") {
		t.Fatalf("a line of a missing cart: err = %v, want a foreign key violation", err)
	}
	var n int64
	_ = reg.Tx(ctx, func(tx *gorm.DB) error { return tx.Table("carts").Where("id = ?", c.ID).Count(&n).Error })
	if n != 0 {
		t.Fatalf("the cart of the failed statement was kept")
	}

	d := cartWithDefaults{TenantID: tn.ID, ID: ids.New(), TokenHash: []byte("token-" + ids.New().String())}
	err = reg.Tx(ctx, func(tx *gorm.DB) error { return db.InsertAll(tx, &d) })
	if err == nil || !strings.Contains(err.Error(), "defaults") {
		t.Fatalf("a model with database defaults: err = %v, want refused", err)
	}
}

// The pool's uuid encoder and database/sql agree: an id sent as a parameter comes back equal,
// as a value and as text.
func TestOpen_UUIDParametersRoundTrip(t *testing.T) {
	ctx := context.Background()
	id := uuid.New()
	var row struct {
		Back uuid.UUID
		Text string
	}
	if err := testkit.DB(t).WithContext(ctx).Raw(`select ?::uuid as back, ?::uuid::text as text`, id, id).Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	if row.Back != id || row.Text != id.String() {
		t.Fatalf("got %v / %q, want %v", row.Back, row.Text, id)
	}
}
