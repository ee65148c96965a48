// Package httpx is the HTTP plumbing shared by every module: RFC 9457 problems mapped from error
// kinds in one place, request ids, access logs, security headers, metrics, rate limits, the
// control-character check of every input and the answer to requests the server cannot read.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// ProblemContentType is the media type of every error response.
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem document. It implements huma.StatusError so Huma writes it
// as-is, and it is what the Fiber error handler writes for errors outside Huma operations.
type Problem struct {
	Type      string              `json:"type,omitempty" doc:"A URI identifying the problem type" example:"about:blank"`
	Title     string              `json:"title,omitempty" doc:"Short summary of the problem type" example:"Unprocessable Entity"`
	Status    int                 `json:"status,omitempty" doc:"HTTP status code" example:"422"`
	Detail    string              `json:"detail,omitempty" doc:"Explanation specific to this occurrence" example:"slug: is reserved; choose another"`
	Instance  string              `json:"instance,omitempty" doc:"URI of this occurrence"`
	RequestID string              `json:"request_id,omitempty" doc:"The X-Request-ID of the request, to quote when asking for help"`
	Errors    []*huma.ErrorDetail `json:"errors,omitempty" doc:"Field-level errors"`
}

func (p *Problem) Error() string { return p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType implements huma.ContentTypeFilter.
func (p *Problem) ContentType(string) string { return ProblemContentType }

// statusOf is the one place where error kinds become HTTP status codes.
func statusOf(err error) int {
	switch {
	case errors.Is(err, errs.ErrInvalid):
		return http.StatusUnprocessableEntity
	case errors.Is(err, errs.ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, errs.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, errs.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, errs.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errs.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, errs.ErrRateLimited):
		return http.StatusTooManyRequests
	case errors.Is(err, errs.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// NewProblem builds the problem for err. Kinded errors show their message; anything else is a
// 500 whose detail hides the cause (it is logged with the request id instead).
func NewProblem(ctx context.Context, err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	status := statusOf(err)
	prob := &Problem{Status: status, Title: http.StatusText(status), RequestID: RequestIDFrom(ctx)}
	if status == http.StatusInternalServerError {
		prob.Detail = "An unexpected error occurred. Quote the request id when asking for help."
		slog.ErrorContext(ctx, "internal error", "error", err.Error())
		return prob
	}
	prob.Detail = err.Error()
	var fe *errs.FieldError
	if errors.As(err, &fe) {
		prob.Detail = "validation failed: " + fe.Error()
		prob.Errors = []*huma.ErrorDetail{{Location: fe.Field, Message: fe.Message}}
	}
	return prob
}

// installHumaErrors guards the one write of Huma's package-level error constructors.
var installHumaErrors sync.Once

// InstallHumaErrors makes Huma build every error response through NewProblem, so a service
// error returned from a handler gets the status of its kind. Huma exposes this hook only as
// package variables, so it is set once per process however many apps are built.
func InstallHumaErrors() { installHumaErrors.Do(setHumaErrors) }

func setHumaErrors() {
	huma.NewError = func(status int, msg string, details ...error) huma.StatusError {
		return humaProblem(context.Background(), status, msg, details)
	}
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, details ...error) huma.StatusError {
		ctx := context.Background()
		if hctx != nil {
			ctx = hctx.Context()
			if c := humafiber.Unwrap(hctx); c != nil {
				ctx = contextWithRequestID(ctx, requestIDOf(c))
			}
		}
		return humaProblem(ctx, status, msg, details)
	}
}

func humaProblem(ctx context.Context, status int, msg string, details []error) *Problem {
	// A handler returned a plain error: Huma asks for a 500 with the error as its only detail.
	if status == http.StatusInternalServerError && len(details) == 1 {
		return NewProblem(ctx, details[0])
	}
	p := &Problem{Status: status, Title: http.StatusText(status), Detail: msg, RequestID: RequestIDFrom(ctx)}
	for _, d := range details {
		if d == nil {
			continue
		}
		var ed *huma.ErrorDetail
		if errors.As(d, &ed) {
			p.Errors = append(p.Errors, ed)
			continue
		}
		var fe *errs.FieldError
		if errors.As(d, &fe) {
			p.Errors = append(p.Errors, &huma.ErrorDetail{Location: fe.Field, Message: fe.Message})
			continue
		}
		p.Errors = append(p.Errors, &huma.ErrorDetail{Message: d.Error()})
	}
	if status >= 500 {
		p.Errors = nil
		p.Detail = "An unexpected error occurred. Quote the request id when asking for help."
	}
	return p
}

// ErrorHandler is the Fiber error handler: routing errors (404, 405, body too large), middleware
// errors (unknown host, rate limits) and recovered panics all become problems.
func ErrorHandler(c *fiber.Ctx, err error) error {
	ctx := contextWithRequestID(c.UserContext(), requestIDOf(c))
	var prob *Problem
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		prob = &Problem{Status: fe.Code, Title: http.StatusText(fe.Code), Detail: fe.Message, RequestID: requestIDOf(c)}
		if fe.Code >= 500 {
			slog.ErrorContext(ctx, "internal error", "error", fe.Message)
			prob.Detail = "An unexpected error occurred. Quote the request id when asking for help."
		}
	default:
		prob = NewProblem(ctx, err)
	}
	var rl *errs.RateLimitError
	if errors.As(err, &rl) {
		c.Set("Retry-After", rl.RetryAfterSeconds())
	}
	c.Status(prob.Status)
	c.Set(fiber.HeaderContentType, ProblemContentType)
	return c.JSON(prob, ProblemContentType)
}
