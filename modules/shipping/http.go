package shipping

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

type profilesOutput struct {
	Body struct {
		Profiles []ShippingProfile `json:"profiles"`
	}
}

type profileOutput struct{ Body ShippingProfile }

type vendorInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
}

type profileIDInput struct {
	VendorID  uuid.UUID `path:"vendor_id" format:"uuid"`
	ProfileID uuid.UUID `path:"profile_id" format:"uuid"`
}

type createInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
	Body     ShippingProfileInput
}

type replaceInput struct {
	VendorID  uuid.UUID `path:"vendor_id" format:"uuid"`
	ProfileID uuid.UUID `path:"profile_id" format:"uuid"`
	Body      ShippingProfileInput
}

type carriersOutput struct {
	Body struct {
		Carriers []ShippingCarrier `json:"carriers"`
	}
}

// Routes registers the seller's shipping-profile endpoints and the carrier list.
func Routes(api huma.API, svc *Service, vendors VendorAccess) {
	tags := []string{"Shipping"}
	base := "/api/v1/seller/vendors/{vendor_id}/shipping-profiles"
	huma.Register(api, huma.Operation{
		OperationID: "list-carriers", Method: http.MethodGet, Path: "/api/v1/carriers",
		Summary: "List carriers", Description: "Carriers sellers can ship with, with their tracking page templates.", Tags: tags,
	}, func(context.Context, *struct{}) (*carriersOutput, error) {
		out := &carriersOutput{}
		out.Body.Carriers = Carriers()
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-list-shipping-profiles", Method: http.MethodGet, Path: base,
		Summary: "List shipping profiles", Description: "The vendor's shipping profiles with zones and rates.",
		Tags: tags, Security: access.Security(),
	}, func(ctx context.Context, in *vendorInput) (*profilesOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		ps, err := svc.Profiles(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		out := &profilesOutput{}
		out.Body.Profiles = ps
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-create-shipping-profile", Method: http.MethodPost, Path: base,
		Summary: "Create a shipping profile", Description: "Ship-from location, return window, and zones with flat, weight, value or distance rates. The vendor's first profile is its default.",
		Tags: tags, Security: access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createInput) (*profileOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		p, err := svc.SaveProfile(ctx, in.VendorID, uuid.Nil, in.Body)
		if err != nil {
			return nil, err
		}
		return &profileOutput{Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-get-shipping-profile", Method: http.MethodGet, Path: base + "/{profile_id}",
		Summary: "Get a shipping profile", Description: "One shipping profile of the vendor.",
		Tags: tags, Security: access.Security(),
	}, func(ctx context.Context, in *profileIDInput) (*profileOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		p, err := svc.Profile(ctx, in.VendorID, in.ProfileID)
		if err != nil {
			return nil, err
		}
		return &profileOutput{Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-replace-shipping-profile", Method: http.MethodPut, Path: base + "/{profile_id}",
		Summary: "Replace a shipping profile", Description: "Replaces the whole profile, zones and rates included.",
		Tags: tags, Security: access.Security(),
	}, func(ctx context.Context, in *replaceInput) (*profileOutput, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		p, err := svc.SaveProfile(ctx, in.VendorID, in.ProfileID, in.Body)
		if err != nil {
			return nil, err
		}
		return &profileOutput{Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "seller-delete-shipping-profile", Method: http.MethodDelete, Path: base + "/{profile_id}",
		Summary: "Delete a shipping profile", Description: "Orders already placed keep the shipping they were charged.",
		Tags: tags, Security: access.Security(), DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *profileIDInput) (*struct{}, error) {
		if err := vendors.CheckVendor(ctx, in.VendorID); err != nil {
			return nil, err
		}
		return nil, svc.DeleteProfile(ctx, in.VendorID, in.ProfileID)
	})
}
