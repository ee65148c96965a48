package server

import (
	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/tenants"
)

// moduleDeps is what the business modules are built from.
type moduleDeps struct {
	infra   Infra
	tenants *tenants.Registry
	notify  *notifications.Service
}

// mountModules builds each business module's service and registers its middleware and routes,
// in dependency order.
func mountModules(app *fiber.App, api huma.API, d moduleDeps) error {
	_, _, _ = app, api, d
	return nil
}
