package catalog

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/openmarket/marketplace/modules/platform/db"
)

// textArray is a PostgreSQL text[] column.
type textArray []string

// typeMaps reuses pgx type maps between scans: building one registers every PostgreSQL type
// (hundreds of allocations), which list pages did for each array column of each row. A map is
// not safe for concurrent use, hence the pool.
var typeMaps = sync.Pool{New: func() any { return pgtype.NewMap() }}

func (a *textArray) Scan(src any) error {
	var out []string
	m := typeMaps.Get().(*pgtype.Map)
	defer typeMaps.Put(m)
	if err := m.SQLScanner(&out).Scan(src); err != nil {
		return fmt.Errorf("scan text[]: %w", err)
	}
	*a = out
	return nil
}

// Value renders the array literal, quoting every element.
func (a textArray) Value() (driver.Value, error) { return db.TextArray(a), nil }

// uuidArray is a PostgreSQL uuid[] column.
type uuidArray []uuid.UUID

func (a *uuidArray) Scan(src any) error {
	var ss textArray
	if err := ss.Scan(src); err != nil {
		return err
	}
	out := make([]uuid.UUID, len(ss))
	for i, s := range ss {
		id, err := uuid.Parse(s)
		if err != nil {
			return err
		}
		out[i] = id
	}
	*a = out
	return nil
}

func (a uuidArray) Value() (driver.Value, error) {
	ss := make(textArray, len(a))
	for i, id := range a {
		ss[i] = id.String()
	}
	return ss.Value()
}

// jsonColumn is a jsonb column holding T.
type jsonColumn[T any] struct{ V T }

func (j *jsonColumn[T]) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		return json.Unmarshal(v, &j.V)
	case string:
		return json.Unmarshal([]byte(v), &j.V)
	case nil:
		var zero T
		j.V = zero
		return nil
	}
	return fmt.Errorf("scan jsonb: unexpected %T", src)
}

func (j jsonColumn[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	return string(b), err
}

type categoryRow struct {
	TenantID    uuid.UUID `gorm:"primaryKey"`
	ID          uuid.UUID `gorm:"primaryKey"`
	ParentID    *uuid.UUID
	Slug        string
	Name        string
	Description string
	Position    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (categoryRow) TableName() string { return "categories" }

func (r categoryRow) category() Category {
	return Category{ID: r.ID, ParentID: r.ParentID, Slug: r.Slug, Name: r.Name, Description: r.Description, Position: r.Position}
}

type productRow struct {
	TenantID        uuid.UUID `gorm:"primaryKey"`
	ID              uuid.UUID `gorm:"primaryKey"`
	VendorID        uuid.UUID
	Slug            string
	Title           string
	DescriptionHTML string `gorm:"column:description_html"`
	DescriptionText string
	Status          string
	CategoryID      *uuid.UUID
	Tags            textArray
	SEOTitle        string `gorm:"column:seo_title"`
	SEODescription  string `gorm:"column:seo_description"`
	Options         jsonColumn[[]ProductOption]
	Attributes      jsonColumn[map[string]any]
	MediaIDs        uuidArray `gorm:"column:media_ids"`
	Currency        string
	PriceMin        *int64
	PriceMax        *int64
	InStock         bool
	VendorListed    bool
	ModerationNote  string
	PublishedAt     *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (productRow) TableName() string { return "products" }

// productColumns are the columns read for products (never the search columns).
const productColumns = "tenant_id, id, vendor_id, slug, title, description_html, description_text, status, category_id, tags, seo_title, seo_description, options, attributes, media_ids, currency, price_min, price_max, in_stock, vendor_listed, moderation_note, published_at, created_at, updated_at"

func (r productRow) product() Product {
	p := Product{ID: r.ID, VendorID: r.VendorID, Slug: r.Slug, Title: r.Title, DescriptionHTML: r.DescriptionHTML, Status: r.Status,
		CategoryID: r.CategoryID, Tags: []string(r.Tags), SEOTitle: r.SEOTitle, SEODescription: r.SEODescription,
		Options: r.Options.V, Attributes: r.Attributes.V, MediaIDs: []uuid.UUID(r.MediaIDs), Currency: r.Currency,
		PriceMin: r.PriceMin, PriceMax: r.PriceMax, InStock: r.InStock, VendorListed: r.VendorListed,
		ModerationNote: r.ModerationNote, PublishedAt: r.PublishedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if p.Tags == nil {
		p.Tags = []string{}
	}
	if p.Options == nil {
		p.Options = []ProductOption{}
	}
	if p.Attributes == nil {
		p.Attributes = map[string]any{}
	}
	if p.MediaIDs == nil {
		p.MediaIDs = []uuid.UUID{}
	}
	return p
}

type variantRow struct {
	TenantID       uuid.UUID `gorm:"primaryKey"`
	ID             uuid.UUID `gorm:"primaryKey"`
	ProductID      uuid.UUID
	VendorID       uuid.UUID
	SKU            string `gorm:"column:sku"`
	Title          string
	OptionValues   jsonColumn[map[string]string]
	Price          int64
	CompareAtPrice *int64
	Currency       string
	WeightGrams    int
	MediaIDs       uuidArray `gorm:"column:media_ids"`
	Position       int
	Available      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (variantRow) TableName() string { return "product_variants" }

func (r variantRow) variant() Variant {
	v := Variant{ID: r.ID, ProductID: r.ProductID, SKU: r.SKU, Title: r.Title, OptionValues: r.OptionValues.V, Price: r.Price,
		CompareAtPrice: r.CompareAtPrice, Currency: r.Currency, WeightGrams: r.WeightGrams, MediaIDs: []uuid.UUID(r.MediaIDs),
		Position: r.Position, Available: r.Available}
	if v.OptionValues == nil {
		v.OptionValues = map[string]string{}
	}
	if v.MediaIDs == nil {
		v.MediaIDs = []uuid.UUID{}
	}
	return v
}

type collectionRow struct {
	TenantID    uuid.UUID `gorm:"primaryKey"`
	ID          uuid.UUID `gorm:"primaryKey"`
	VendorID    *uuid.UUID
	Slug        string
	Title       string
	Description string
	Featured    bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (collectionRow) TableName() string { return "collections" }

type collectionProductRow struct {
	TenantID     uuid.UUID `gorm:"primaryKey"`
	CollectionID uuid.UUID `gorm:"primaryKey"`
	ProductID    uuid.UUID `gorm:"primaryKey"`
	Position     int
}

func (collectionProductRow) TableName() string { return "collection_products" }
