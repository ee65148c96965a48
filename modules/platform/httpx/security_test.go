package httpx_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/modules/platform/httpx"
)

func TestSecurityHeaders_ImageOriginsExtendImgSrc(t *testing.T) {
	for _, c := range []struct {
		origins []string
		want    string
	}{
		{nil, "img-src 'self' data: blob:;"},
		{[]string{"https://cdn.example.com"}, "img-src 'self' data: blob: https://cdn.example.com;"},
		// Anything that could end the directive or add a source list is dropped.
		{[]string{"https://a.example; script-src *", ""}, "img-src 'self' data: blob:;"},
	} {
		app := fiber.New()
		app.Use(httpx.SecurityHeaders(false, c.origins...))
		app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
		res, err := app.Test(httptest.NewRequest("GET", "/", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, c.want) || !strings.HasPrefix(csp, "default-src 'self'; ") {
			t.Errorf("origins %q: CSP %q, want %q", c.origins, csp, c.want)
		}
	}
}
