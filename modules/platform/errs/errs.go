// Package errs defines the handful of error kinds every domain error unwraps to.
//
// Services wrap one of these kinds (fmt.Errorf("product: %w", errs.ErrNotFound)); the HTTP layer
// maps kinds to status codes in exactly one place (httpx). Nothing else chooses a status code.
package errs

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// The kinds. Compare with errors.Is.
var (
	// ErrInvalid: the request is well-formed but its content is not acceptable (422).
	ErrInvalid = errors.New("invalid")
	// ErrBadRequest: the request itself is malformed (400).
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthenticated: no valid credentials were presented (401).
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden: the caller is known but may not do this here (403).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: the thing does not exist, or exists where the caller may not see it (404).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the change collides with the current state (409).
	ErrConflict = errors.New("conflict")
	// ErrRateLimited: too many requests; see RateLimitError for when to retry (429).
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: a dependency is down; retrying later may work (503).
	ErrUnavailable = errors.New("unavailable")
)

// FieldError is an ErrInvalid that names the offending input field, so clients can show the
// message next to the right form field.
type FieldError struct {
	// Field is a JSON-pointer-like location such as "body.slug".
	Field   string
	Message string
}

// Invalid returns a FieldError for field.
func Invalid(field, message string) error { return &FieldError{Field: field, Message: message} }

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// RateLimitError is an ErrRateLimited that says when the caller may try again.
type RateLimitError struct {
	RetryAfter time.Duration
}

// RateLimited returns a RateLimitError; retryAfter is rounded up to whole seconds when shown.
func RateLimited(retryAfter time.Duration) error { return &RateLimitError{RetryAfter: retryAfter} }

func (e *RateLimitError) Error() string {
	return "too many attempts; try again in " + e.RetryAfterSeconds() + " seconds"
}

// Unwrap makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// RetryAfterSeconds is the Retry-After header value: whole seconds, at least 1.
func (e *RateLimitError) RetryAfterSeconds() string {
	s := int64((e.RetryAfter + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// GetHeaders lets Huma copy Retry-After onto the response (huma.HeadersError).
func (e *RateLimitError) GetHeaders() http.Header {
	return http.Header{"Retry-After": {e.RetryAfterSeconds()}}
}
