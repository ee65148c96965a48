package inventory

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// StockLocationView is a stock location.
type StockLocationView struct {
	ID        string    `json:"id" format:"uuid"`
	Name      string    `json:"name" example:"Main warehouse"`
	IsDefault bool      `json:"is_default"`
	Country   *string   `json:"country"`
	CreatedAt time.Time `json:"created_at"`
}

func locationView(l Location) StockLocationView {
	v := StockLocationView{ID: l.ID.String(), Name: l.Name, IsDefault: l.IsDefault, CreatedAt: l.CreatedAt}
	if l.Country != "" {
		c := l.Country
		v.Country = &c
	}
	return v
}

// StockLevelView is stock at one location.
type StockLevelView struct {
	LocationID string `json:"location_id" format:"uuid"`
	OnHand     int64  `json:"on_hand"`
	Reserved   int64  `json:"reserved" doc:"Held for checkouts in progress"`
	Available  int64  `json:"available"`
}

// StockItemView is a tracked variant's stock.
type StockItemView struct {
	VariantID         string           `json:"variant_id" format:"uuid"`
	SKU               string           `json:"sku"`
	LowStockThreshold int64            `json:"low_stock_threshold" doc:"Alert at or below this many available; 0 = no alerts"`
	Available         int64            `json:"available"`
	Levels            []StockLevelView `json:"levels"`
}

func itemView(it Item) StockItemView {
	v := StockItemView{VariantID: it.VariantID.String(), SKU: it.SKU, LowStockThreshold: it.LowStockThreshold, Available: it.Available(),
		Levels: make([]StockLevelView, len(it.Levels))}
	for i, l := range it.Levels {
		v.Levels[i] = StockLevelView{LocationID: l.LocationID.String(), OnHand: l.OnHand, Reserved: l.Reserved, Available: l.Available()}
	}
	return v
}

// StockMovementView is one line of stock history.
type StockMovementView struct {
	ID            string    `json:"id" format:"uuid"`
	VariantID     string    `json:"variant_id" format:"uuid"`
	LocationID    string    `json:"location_id" format:"uuid"`
	OnHandDelta   int64     `json:"on_hand_delta"`
	ReservedDelta int64     `json:"reserved_delta"`
	OnHandAfter   int64     `json:"on_hand_after"`
	Reason        string    `json:"reason"`
	Note          string    `json:"note"`
	Reference     string    `json:"reference" doc:"The checkout or order, for system movements"`
	ActorID       *string   `json:"actor_id" format:"uuid"`
	CreatedAt     time.Time `json:"created_at"`
}

type vendorInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
}

type locationsOutput struct {
	Body struct {
		Items []StockLocationView `json:"items"`
	}
}

type locationOutput struct{ Body StockLocationView }

type locationBody struct {
	Name      *string `json:"name,omitempty" maxLength:"100"`
	Country   *string `json:"country,omitempty" maxLength:"2" doc:"ISO 3166-1 alpha-2, empty to clear"`
	IsDefault *bool   `json:"is_default,omitempty" doc:"Make this the default location (stock of new variants goes here)"`
}

type createLocationInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     locationBody
}

type updateLocationInput struct {
	VendorID   uuid.UUID `path:"vendor_id"`
	LocationID uuid.UUID `path:"location_id"`
	Body       locationBody
}

type itemsInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	VariantID string    `query:"variant_id" doc:"Only this variant"`
	Low       bool      `query:"low" doc:"Only variants at or below their low-stock threshold"`
	Cursor    string    `query:"cursor"`
	Limit     int       `query:"limit" minimum:"0" maximum:"200"`
}

type itemsOutput struct {
	Body struct {
		Items      []StockItemView `json:"items"`
		NextCursor *string         `json:"next_cursor"`
	}
}

type itemOutput struct{ Body StockItemView }

type adjustInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		VariantID  uuid.UUID `json:"variant_id"`
		LocationID string    `json:"location_id,omitempty" doc:"Defaults to the default location"`
		Delta      int64     `json:"delta" minimum:"-1000000000" maximum:"1000000000" doc:"Units to add (positive) or remove (negative)" example:"24"`
		Reason     string    `json:"reason" enum:"restock,correction,damaged,lost,returned"`
		Note       string    `json:"note,omitempty" maxLength:"500"`
	}
}

type movementsInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	VariantID string    `query:"variant_id"`
	Cursor    string    `query:"cursor"`
	Limit     int       `query:"limit" minimum:"0" maximum:"200"`
}

type movementsOutput struct {
	Body struct {
		Items      []StockMovementView `json:"items"`
		NextCursor *string             `json:"next_cursor"`
	}
}

type thresholdInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	VariantID uuid.UUID `path:"variant_id"`
	Body      struct {
		LowStockThreshold int64 `json:"low_stock_threshold" minimum:"0" maximum:"1000000000"`
	}
}

func optUUID(field, s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Invalid(field, "must be a uuid")
	}
	return id, nil
}

func cursorPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Routes registers the inventory module's operations.
func Routes(api huma.API, s *Service) {
	tags := []string{"Inventory"}
	base := "/api/v1/seller/vendors/{vendor_id}"

	huma.Register(api, huma.Operation{
		OperationID: "list-stock-locations", Method: http.MethodGet, Path: base + "/locations", Tags: tags,
		Summary: "List stock locations", Description: "The shop's warehouses, default first.", Security: access.Security(),
	}, func(ctx context.Context, in *vendorInput) (*locationsOutput, error) {
		ls, err := s.Locations(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		out := &locationsOutput{}
		out.Body.Items = make([]StockLocationView, len(ls))
		for i, l := range ls {
			out.Body.Items[i] = locationView(l)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "create-stock-location", Method: http.MethodPost, Path: base + "/locations", Tags: tags,
		Summary: "Add a stock location", Description: "Adds a warehouse; names are unique per shop.", Security: access.Security(),
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createLocationInput) (*locationOutput, error) {
		l, err := s.CreateLocation(ctx, in.VendorID, LocationChange{Name: in.Body.Name, Country: in.Body.Country, IsDefault: in.Body.IsDefault})
		if err != nil {
			return nil, err
		}
		return &locationOutput{Body: locationView(l)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "update-stock-location", Method: http.MethodPatch, Path: base + "/locations/{location_id}", Tags: tags,
		Summary: "Update a stock location", Description: "Rename it, set its country, or make it the default.", Security: access.Security(),
	}, func(ctx context.Context, in *updateLocationInput) (*locationOutput, error) {
		l, err := s.UpdateLocation(ctx, in.VendorID, in.LocationID, LocationChange{Name: in.Body.Name, Country: in.Body.Country, IsDefault: in.Body.IsDefault})
		if err != nil {
			return nil, err
		}
		return &locationOutput{Body: locationView(l)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-inventory", Method: http.MethodGet, Path: base + "/inventory", Tags: tags,
		Summary: "List stock", Description: "Every tracked variant of the shop with on-hand, reserved and available stock per location.",
		Security: access.Security(),
	}, func(ctx context.Context, in *itemsInput) (*itemsOutput, error) {
		f := ItemFilter{LowOnly: in.Low, Cursor: in.Cursor, Limit: in.Limit}
		vid, err := optUUID("query.variant_id", in.VariantID)
		if err != nil {
			return nil, err
		}
		if vid != uuid.Nil {
			f.VariantIDs = []uuid.UUID{vid}
		}
		page, err := s.Items(ctx, in.VendorID, f)
		if err != nil {
			return nil, err
		}
		out := &itemsOutput{}
		out.Body.Items = make([]StockItemView, len(page.Items))
		for i, it := range page.Items {
			out.Body.Items[i] = itemView(it)
		}
		out.Body.NextCursor = cursorPtr(page.NextCursor)
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "adjust-inventory", Method: http.MethodPost, Path: base + "/inventory/adjustments", Tags: tags,
		Summary:     "Adjust stock",
		Description: "Adds or removes units of a variant at a location, with a reason; recorded in the movement history. Stock never goes below zero or below what is reserved.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *adjustInput) (*itemOutput, error) {
		loc, err := optUUID("body.location_id", in.Body.LocationID)
		if err != nil {
			return nil, err
		}
		it, err := s.Adjust(ctx, in.VendorID, Adjustment{VariantID: in.Body.VariantID, LocationID: loc, Delta: in.Body.Delta, Reason: in.Body.Reason, Note: in.Body.Note})
		if err != nil {
			return nil, err
		}
		return &itemOutput{Body: itemView(it)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-inventory-movements", Method: http.MethodGet, Path: base + "/inventory/movements", Tags: tags,
		Summary: "Stock history", Description: "Every stock change of the shop, newest first.", Security: access.Security(),
	}, func(ctx context.Context, in *movementsInput) (*movementsOutput, error) {
		vid, err := optUUID("query.variant_id", in.VariantID)
		if err != nil {
			return nil, err
		}
		page, err := s.Movements(ctx, in.VendorID, MovementFilter{VariantID: vid, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		out := &movementsOutput{}
		out.Body.Items = make([]StockMovementView, len(page.Items))
		for i, m := range page.Items {
			mv := StockMovementView{ID: m.ID.String(), VariantID: m.VariantID.String(), LocationID: m.LocationID.String(), OnHandDelta: m.OnHandDelta,
				ReservedDelta: m.ReservedDelta, OnHandAfter: m.OnHandAfter, Reason: m.Reason, Note: m.Note, Reference: m.Reference, CreatedAt: m.CreatedAt}
			if m.ActorID != nil {
				a := m.ActorID.String()
				mv.ActorID = &a
			}
			out.Body.Items[i] = mv
		}
		out.Body.NextCursor = cursorPtr(page.NextCursor)
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "set-low-stock-threshold", Method: http.MethodPut, Path: base + "/inventory/{variant_id}/threshold", Tags: tags,
		Summary:     "Set the low-stock threshold",
		Description: "One email goes to the shop's contact address each time available stock falls to or below the threshold (0 turns alerts off).",
		Security:    access.Security(),
	}, func(ctx context.Context, in *thresholdInput) (*itemOutput, error) {
		it, err := s.SetThreshold(ctx, in.VendorID, in.VariantID, in.Body.LowStockThreshold)
		if err != nil {
			return nil, err
		}
		return &itemOutput{Body: itemView(it)}, nil
	})
}
