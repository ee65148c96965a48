package tenants

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// SiteInfo tells the web app what the current host serves.
type SiteInfo struct {
	Kind         string      `json:"kind" enum:"platform,marketplace,storefront" doc:"What this host serves"`
	PlatformName string      `json:"platform_name" example:"Marketplace"`
	BaseDomain   string      `json:"base_domain" example:"localhost"`
	Tenant       *SiteTenant `json:"tenant" doc:"The marketplace, null on the platform host"`
	Storefront   *string     `json:"storefront" doc:"The storefront slug on a storefront host, else null"`
}

// SiteTenant is the public face of a marketplace.
type SiteTenant struct {
	ID         string `json:"id" format:"uuid"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	ThemeColor string `json:"theme_color" example:"#4f46e5"`
}

type siteOutput struct {
	Body SiteInfo
}

// Routes registers GET /api/v1/site, the public bootstrap call of the web app.
func Routes(api huma.API, reg *Registry) {
	huma.Register(api, huma.Operation{
		OperationID: "get-site",
		Method:      http.MethodGet,
		Path:        "/api/v1/site",
		Summary:     "Describe the current host",
		Description: "Tells whether this host is the platform, a marketplace or a seller storefront, with the marketplace's public branding.",
		Tags:        []string{"Site"},
	}, func(ctx context.Context, _ *struct{}) (*siteOutput, error) {
		site, ok := SiteFromContext(ctx)
		if !ok {
			return nil, ErrUnknownHost
		}
		info := SiteInfo{Kind: "platform", PlatformName: "Marketplace", BaseDomain: reg.BaseDomain()}
		if !site.Platform {
			info.Kind = "marketplace"
			info.Tenant = &SiteTenant{ID: site.Tenant.ID.String(), Slug: site.Tenant.Slug, Name: site.Tenant.Name, ThemeColor: site.Tenant.ThemeColor}
			if site.Storefront != "" {
				info.Kind = "storefront"
				sf := site.Storefront
				info.Storefront = &sf
			}
		}
		return &siteOutput{Body: info}, nil
	})
}
