package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// WriteHumaError answers a request from inside a Huma middleware with the problem for err,
// through the same kind-to-status mapping as everything else. The middleware must then not
// call next.
func WriteHumaError(ctx huma.Context, err error) {
	p := NewProblem(ctx.Context(), err)
	var rl *errs.RateLimitError
	if errors.As(err, &rl) {
		ctx.SetHeader("Retry-After", rl.RetryAfterSeconds())
	}
	ctx.SetHeader("Content-Type", ProblemContentType)
	ctx.SetStatus(p.Status)
	_ = json.NewEncoder(ctx.BodyWriter()).Encode(p)
}

// WithField returns the problem for err (its status still comes from err's kind) with one
// field-level error, for kinds other than ErrInvalid that concern a single input field, such as
// a conflict on body.slug.
func WithField(ctx context.Context, err error, field, message string) *Problem {
	status := statusOf(err)
	return &Problem{Status: status, Title: http.StatusText(status), Detail: err.Error(), RequestID: RequestIDFrom(ctx),
		Errors: []*huma.ErrorDetail{{Location: field, Message: message}}}
}
