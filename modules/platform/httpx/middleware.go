package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// RequestIDHeader is read from clients (when well-formed) and always written back.
const RequestIDHeader = "X-Request-ID"

type requestIDKey struct{}

const localsRequestID = "request_id"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,128}$`)

// RequestID assigns every request an id: the client's X-Request-ID when it looks safe, else a
// new random one. The id is in the response header, the context (for logs) and every problem.
func RequestID() fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Get(RequestIDHeader)
		if !requestIDPattern.MatchString(id) {
			id = newRequestID()
		} else {
			id = string([]byte(id)) // detach from fasthttp's reused buffer
		}
		c.Locals(localsRequestID, id)
		c.Set(RequestIDHeader, id)
		c.SetUserContext(contextWithRequestID(c.UserContext(), id))
		return c.Next()
	}
}

func newRequestID() string { return tokens.Hex(16) }

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localsRequestID).(string)
	return id
}

func contextWithRequestID(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id carried by ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// Recover turns a panic into a 500 problem carrying the request id; the stack goes to the log,
// never to the client.
func Recover() fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				slog.ErrorContext(c.UserContext(), "panic", "request_id", requestIDOf(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fiber.NewError(fiber.StatusInternalServerError, "panic")
			}
		}()
		return c.Next()
	}
}

// AccessLog writes one JSON line per request. It never logs bodies, query strings or headers
// that could carry secrets.
func AccessLog(logger *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			// Let the error handler write the response now so the logged status is the real one.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
			err = nil
		}
		logger.LogAttrs(c.UserContext(), slog.LevelInfo, "request",
			slog.String("method", c.Method()),
			slog.String("host", c.Hostname()),
			slog.String("path", c.Path()),
			slog.String("route", c.Route().Path),
			slog.Int("status", c.Response().StatusCode()),
			slog.Int64("duration_us", time.Since(start).Microseconds()),
			slog.String("ip", c.IP()),
			slog.String("tenant", TenantLabel(c)),
		)
		return err
	}
}

// TenantLabel is the tenant slug a middleware stored for logs and metrics, or "".
func TenantLabel(c *fiber.Ctx) string {
	s, _ := c.Locals("tenant_slug").(string)
	return s
}

// ContentSecurityPolicy is the strict policy SecurityHeaders gives every response that does not
// set its own: everything from the app's origin, images also from imgOrigins (the media store).
func ContentSecurityPolicy(imgOrigins ...string) string {
	imgSrc := "img-src 'self' data: blob:"
	for _, o := range imgOrigins {
		if o = strings.TrimSpace(o); o != "" && !strings.ContainsAny(o, " ;,'\"") {
			imgSrc += " " + o
		}
	}
	return "default-src 'self'; " + imgSrc + "; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
}

// SecurityHeaders sets conservative defaults; pages that need more (the web app, Stripe's
// Payment Element) set their own Content-Security-Policy. imgOrigins are other origins images
// may load from (such as the media store's, "https://cdn.example.com") besides the page's own.
func SecurityHeaders(tls bool, imgOrigins ...string) fiber.Handler {
	csp := ContentSecurityPolicy(imgOrigins...)
	return func(c *fiber.Ctx) error {
		h := &c.Response().Header
		setSecurityHeaders(h, tls)
		err := c.Next()
		if len(h.Peek("Content-Security-Policy")) == 0 {
			h.Set("Content-Security-Policy", csp)
		}
		return err
	}
}

// setSecurityHeaders writes the headers every response carries, whatever answered it.
func setSecurityHeaders(h *fasthttp.ResponseHeader, tls bool) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if tls {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}
