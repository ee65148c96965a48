package httpx

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics records request count and latency by route pattern (never raw paths, whose ids would
// explode the label space) and status.
type Metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics registers the HTTP collectors on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "marketplace_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "marketplace_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .04, .08, .15, .3, .6, 1.2, 2.5, 5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// Middleware observes every request; it runs inside AccessLog, so errors are already written.
func (m *Metrics) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		// Labels outlive the request: fasthttp reuses the buffers behind c.Method() and, when no
		// route matched, c.Route().Path, so copy them or a later request rewrites a stored label
		// ("GET" becomes "GETT") and the registry refuses to gather (500 on /metrics).
		method := strings.Clone(c.Method())
		route := strings.Clone(c.Route().Path)
		if route == "" || route == "/" && c.Path() != "/" {
			route = "unmatched"
		}
		status := c.Response().StatusCode()
		if err != nil {
			status = statusOf(err)
			if fe, ok := err.(*fiber.Error); ok { //nolint:errorlint // fiber returns it unwrapped
				status = fe.Code
			}
		}
		m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
		return err
	}
}
