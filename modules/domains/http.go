package domains

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

// DomainView is a host of the marketplace and, for a custom domain, the TXT record that
// proves it.
type DomainView struct {
	ID          string     `json:"id" format:"uuid"`
	Host        string     `json:"host" example:"market.example.com"`
	Primary     bool       `json:"primary" doc:"The marketplace's own {slug}.{base} address, which cannot be removed"`
	Verified    bool       `json:"verified" doc:"Verified domains serve the marketplace"`
	VerifiedAt  *time.Time `json:"verified_at"`
	RecordType  string     `json:"record_type" example:"TXT" doc:"The DNS record to create; empty for the primary address"`
	RecordName  string     `json:"record_name" example:"_marketplace-verify.market.example.com"`
	RecordValue string     `json:"record_value" example:"marketplace-verify=5f2c..."`
	CreatedAt   time.Time  `json:"created_at"`
}

func viewOf(d Domain) DomainView {
	v := DomainView{ID: d.ID.String(), Host: d.Host, Primary: d.Primary, Verified: d.Verified, VerifiedAt: d.VerifiedAt,
		RecordName: d.RecordName, RecordValue: d.RecordValue, CreatedAt: d.CreatedAt}
	if d.RecordName != "" {
		v.RecordType = "TXT"
	}
	return v
}

type domainListOutput struct {
	Body struct {
		Items []DomainView `json:"items"`
	}
}

type addDomainInput struct {
	Body struct {
		Host string `json:"host" minLength:"1" maxLength:"253" example:"market.example.com"`
	}
}

type domainIDInput struct {
	DomainID uuid.UUID `path:"domain_id" format:"uuid"`
}

type domainOutput struct{ Body DomainView }

// Routes registers the operators' custom-domain endpoints.
func Routes(api huma.API, s *Service) {
	tags := []string{"Marketplace domains"}
	huma.Register(api, huma.Operation{
		OperationID: "admin-list-domains", Method: http.MethodGet, Path: "/api/v1/admin/domains", Tags: tags,
		Summary:     "List the marketplace's domains",
		Description: "The primary address and every custom domain, verified or waiting for its TXT record.",
		Security:    access.Security(),
	}, func(ctx context.Context, _ *struct{}) (*domainListOutput, error) {
		ds, err := s.List(ctx)
		if err != nil {
			return nil, err
		}
		out := &domainListOutput{}
		out.Body.Items = make([]DomainView, len(ds))
		for i, d := range ds {
			out.Body.Items[i] = viewOf(d)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-add-domain", Method: http.MethodPost, Path: "/api/v1/admin/domains", Tags: tags,
		Summary:     "Add a custom domain",
		Description: "Claims a domain for the marketplace and returns the TXT record to publish; the domain serves the marketplace once verified. Adding a domain already listed returns it.",
		Security:    access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *addDomainInput) (*domainOutput, error) {
		d, err := s.Add(ctx, in.Body.Host)
		if err != nil {
			return nil, err
		}
		return &domainOutput{Body: viewOf(d)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-verify-domain", Method: http.MethodPost, Path: "/api/v1/admin/domains/{domain_id}/verify", Tags: tags,
		Summary:     "Verify a custom domain",
		Description: "Looks up the TXT record; 409 while it cannot be found or when another marketplace or storefront verified the domain first.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *domainIDInput) (*domainOutput, error) {
		d, err := s.Verify(ctx, in.DomainID)
		if err != nil {
			return nil, err
		}
		return &domainOutput{Body: viewOf(d)}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "admin-remove-domain", Method: http.MethodDelete, Path: "/api/v1/admin/domains/{domain_id}", Tags: tags,
		Summary:     "Remove a custom domain",
		Description: "The domain stops serving the marketplace at once. The primary address cannot be removed (409).",
		Security:    access.Security(), DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *domainIDInput) (*struct{}, error) {
		return nil, s.Remove(ctx, in.DomainID)
	})
}
