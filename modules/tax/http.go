package tax

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

type ratesOutput struct {
	Body struct {
		Rates []TaxRate `json:"rates"`
	}
}

type rateOutput struct{ Body TaxRate }

type rateInput struct {
	Body TaxRateInput
}

type rateIDInput struct {
	RateID uuid.UUID `path:"rate_id" format:"uuid"`
}

type rateUpdateInput struct {
	RateID uuid.UUID `path:"rate_id" format:"uuid"`
	Body   TaxRateInput
}

// Routes registers the operator's tax-rate endpoints.
func Routes(api huma.API, svc *Service) {
	tags := []string{"Tax"}
	huma.Register(api, huma.Operation{
		OperationID: "admin-list-tax-rates", Method: http.MethodGet, Path: "/api/v1/admin/tax-rates",
		Summary: "List tax rates", Description: "The marketplace's tax rates by country and region.",
		Tags: tags, Security: access.Security(),
	}, func(ctx context.Context, _ *struct{}) (*ratesOutput, error) {
		rates, err := svc.Rates(ctx)
		if err != nil {
			return nil, err
		}
		out := &ratesOutput{}
		out.Body.Rates = rates
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-create-tax-rate", Method: http.MethodPost, Path: "/api/v1/admin/tax-rates",
		Summary: "Create a tax rate", Description: "Adds a rate for a country, or for one region of it (which then wins over the country-wide rate).",
		Tags: tags, Security: access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *rateInput) (*rateOutput, error) {
		r, err := svc.SaveRate(ctx, uuid.Nil, in.Body)
		if err != nil {
			return nil, err
		}
		return &rateOutput{Body: r}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-update-tax-rate", Method: http.MethodPut, Path: "/api/v1/admin/tax-rates/{rate_id}",
		Summary: "Replace a tax rate", Description: "Replaces every field of the rate. Orders already placed keep the tax they were charged.",
		Tags: tags, Security: access.Security(),
	}, func(ctx context.Context, in *rateUpdateInput) (*rateOutput, error) {
		r, err := svc.SaveRate(ctx, in.RateID, in.Body)
		if err != nil {
			return nil, err
		}
		return &rateOutput{Body: r}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-delete-tax-rate", Method: http.MethodDelete, Path: "/api/v1/admin/tax-rates/{rate_id}",
		Summary: "Delete a tax rate", Description: "Deliveries to that place are then untaxed unless a country-wide rate applies.",
		Tags: tags, Security: access.Security(), DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *rateIDInput) (*struct{}, error) {
		return nil, svc.DeleteRate(ctx, in.RateID)
	})
}
