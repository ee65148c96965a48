package httpx

import (
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
)

// WriteHumaError answers a request from inside a Huma middleware with the problem for err,
// through the same kind-to-status mapping as everything else. The middleware must then not
// call next.
func WriteHumaError(ctx huma.Context, err error) {
	if c := humafiber.Unwrap(ctx); c != nil {
		_ = ErrorHandler(c, err)
		return
	}
	p := NewProblem(ctx.Context(), err)
	ctx.SetHeader("Content-Type", ProblemContentType)
	ctx.SetStatus(p.Status)
	_, _ = ctx.BodyWriter().Write([]byte(`{"status":` + statusText(p.Status) + `}`))
}

// WithField returns the problem for err (its status still comes from err's kind) with one
// field-level error, for kinds other than ErrInvalid that concern a single input field, such as
// a conflict on body.slug.
func WithField(err error, field, message string) *Problem {
	status := statusOf(err)
	return &Problem{Status: status, Title: httpStatusText(status), Detail: err.Error(),
		Errors: []*huma.ErrorDetail{{Location: field, Message: message}}}
}
