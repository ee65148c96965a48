package identity

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// AddressView is an address book entry.
type AddressView struct {
	ID         string    `json:"id" format:"uuid"`
	Kind       string    `json:"kind" enum:"shipping,billing"`
	IsDefault  bool      `json:"is_default"`
	Name       string    `json:"name"`
	Company    string    `json:"company"`
	Line1      string    `json:"line1"`
	Line2      string    `json:"line2"`
	City       string    `json:"city"`
	Region     string    `json:"region" doc:"State or province code where the country needs one (US, CA, AU)"`
	PostalCode string    `json:"postal_code"`
	Country    string    `json:"country" example:"US" doc:"ISO 3166-1 alpha-2"`
	Phone      string    `json:"phone"`
	Latitude   *float64  `json:"latitude,omitempty"`
	Longitude  *float64  `json:"longitude,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

func addressView(a Address) AddressView {
	return AddressView{ID: a.ID.String(), Kind: a.Kind, IsDefault: a.IsDefault, Name: a.Name, Company: a.Company, Line1: a.Line1, Line2: a.Line2,
		City: a.City, Region: a.Region, PostalCode: a.PostalCode, Country: a.Country, Phone: a.Phone, Latitude: a.Latitude, Longitude: a.Longitude, CreatedAt: a.CreatedAt}
}

type createAddressInput struct {
	Body struct {
		Kind       string   `json:"kind" enum:"shipping,billing"`
		Name       string   `json:"name" maxLength:"200"`
		Line1      string   `json:"line1" maxLength:"200"`
		City       string   `json:"city" maxLength:"200"`
		Country    string   `json:"country" maxLength:"2" example:"US"`
		IsDefault  *bool    `json:"is_default,omitempty"`
		Company    *string  `json:"company,omitempty" maxLength:"200"`
		Line2      *string  `json:"line2,omitempty" maxLength:"200"`
		Region     *string  `json:"region,omitempty" maxLength:"200"`
		PostalCode *string  `json:"postal_code,omitempty" maxLength:"20"`
		Phone      *string  `json:"phone,omitempty" maxLength:"30"`
		Latitude   *float64 `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
		Longitude  *float64 `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	}
}

type updateAddressInput struct {
	ID   string `path:"id"`
	Body struct {
		Kind       *string  `json:"kind,omitempty" enum:"shipping,billing"`
		Name       *string  `json:"name,omitempty" maxLength:"200"`
		Line1      *string  `json:"line1,omitempty" maxLength:"200"`
		City       *string  `json:"city,omitempty" maxLength:"200"`
		Country    *string  `json:"country,omitempty" maxLength:"2"`
		IsDefault  *bool    `json:"is_default,omitempty"`
		Company    *string  `json:"company,omitempty" maxLength:"200"`
		Line2      *string  `json:"line2,omitempty" maxLength:"200"`
		Region     *string  `json:"region,omitempty" maxLength:"200"`
		PostalCode *string  `json:"postal_code,omitempty" maxLength:"20"`
		Phone      *string  `json:"phone,omitempty" maxLength:"30"`
		Latitude   *float64 `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
		Longitude  *float64 `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	}
}

type addressOutput struct {
	Body AddressView
}

type listAddressesOutput struct {
	Body struct {
		Items []AddressView `json:"items"`
	}
}

func (h *handlers) addressRoutes(api huma.API) {
	const tag = "Addresses"
	huma.Register(api, operation("list-addresses", http.MethodGet, "/api/v1/me/addresses", tag, "List my addresses",
		"The address book, defaults first.", true, http.StatusOK),
		func(ctx context.Context, _ *struct{}) (*listAddressesOutput, error) {
			list, err := h.s.Addresses(ctx)
			if err != nil {
				return nil, err
			}
			out := &listAddressesOutput{}
			out.Body.Items = make([]AddressView, len(list))
			for i, a := range list {
				out.Body.Items[i] = addressView(a)
			}
			return out, nil
		})

	huma.Register(api, operation("create-address", http.MethodPost, "/api/v1/me/addresses", tag, "Add an address",
		"Postal code is required and checked for countries that have postcodes; region (state or province code) is required for US, CA and AU. The first address of a kind becomes its default.", true, http.StatusCreated),
		func(ctx context.Context, in *createAddressInput) (*addressOutput, error) {
			b := in.Body
			c := AddressChange{Kind: &b.Kind, Name: &b.Name, Line1: &b.Line1, City: &b.City, Country: &b.Country, IsDefault: b.IsDefault, Company: b.Company,
				Line2: b.Line2, Region: b.Region, PostalCode: b.PostalCode, Phone: b.Phone, Latitude: b.Latitude, Longitude: b.Longitude}
			a, err := h.s.AddAddress(ctx, c)
			if err != nil {
				return nil, err
			}
			return &addressOutput{Body: addressView(a)}, nil
		})

	huma.Register(api, operation("update-address", http.MethodPatch, "/api/v1/me/addresses/{id}", tag, "Change an address",
		"Changes the fields sent. Another user's address id is 404.", true, http.StatusOK),
		func(ctx context.Context, in *updateAddressInput) (*addressOutput, error) {
			id, err := parseID(in.ID, ErrAddressNotFound)
			if err != nil {
				return nil, err
			}
			b := in.Body
			c := AddressChange{Kind: b.Kind, Name: b.Name, Line1: b.Line1, City: b.City, Country: b.Country, IsDefault: b.IsDefault, Company: b.Company,
				Line2: b.Line2, Region: b.Region, PostalCode: b.PostalCode, Phone: b.Phone, Latitude: b.Latitude, Longitude: b.Longitude}
			a, err := h.s.UpdateAddress(ctx, id, c)
			if err != nil {
				return nil, err
			}
			return &addressOutput{Body: addressView(a)}, nil
		})

	huma.Register(api, operation("delete-address", http.MethodDelete, "/api/v1/me/addresses/{id}", tag, "Delete an address",
		"Another user's address id is 404.", true, http.StatusNoContent),
		func(ctx context.Context, in *idPath) (*emptyOutput, error) {
			id, err := parseID(in.ID, ErrAddressNotFound)
			if err != nil {
				return nil, err
			}
			return &emptyOutput{}, h.s.DeleteAddress(ctx, id)
		})
}
