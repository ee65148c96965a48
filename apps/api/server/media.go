package server

import (
	"context"
	"os"
	"path/filepath"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/modules/media"
)

// mountMedia registers the media routes; guard decides who may edit whose images.
func mountMedia(api huma.API, d moduleDeps, guard media.OwnerGuard) (*media.Service, error) {
	cfg := d.infra.Config
	if d.infra.DB == nil {
		// Printing the OpenAPI document: no S3 round trip, no folder in the working directory.
		cfg.MediaS3Endpoint = ""
		cfg.MediaLocalDir = filepath.Join(os.TempDir(), "marketplace-openapi-media")
	}
	svc, err := media.NewServiceFromConfig(context.Background(), d.tenants, cfg)
	if err != nil {
		return nil, err
	}
	media.Routes(api, svc, guard)
	return svc, nil
}
