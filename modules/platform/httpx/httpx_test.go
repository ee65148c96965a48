package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

func TestNewProblem_MapsKindsToStatus(t *testing.T) {
	cases := []struct {
		err    error
		status int
	}{
		{fmt.Errorf("product: %w", errs.ErrNotFound), http.StatusNotFound},
		{errs.Invalid("body.slug", "is reserved"), http.StatusUnprocessableEntity},
		{fmt.Errorf("x: %w", errs.ErrBadRequest), http.StatusBadRequest},
		{fmt.Errorf("x: %w", errs.ErrUnauthenticated), http.StatusUnauthorized},
		{fmt.Errorf("x: %w", errs.ErrForbidden), http.StatusForbidden},
		{fmt.Errorf("x: %w", errs.ErrConflict), http.StatusConflict},
		{errs.RateLimited(1500), http.StatusTooManyRequests},
		{fmt.Errorf("x: %w", errs.ErrUnavailable), http.StatusServiceUnavailable},
		{errors.New("pq: password authentication failed for user secret"), http.StatusInternalServerError},
	}
	for _, tc := range cases {
		p := httpx.NewProblem(context.Background(), tc.err)
		if p.Status != tc.status {
			t.Errorf("%v: status %d, want %d", tc.err, p.Status, tc.status)
		}
	}
	p := httpx.NewProblem(context.Background(), errors.New("pq: password authentication failed for user secret"))
	if p.Detail == "" || strings.Contains(p.Detail, "secret") {
		t.Errorf("500 detail %q must hide the cause", p.Detail)
	}
	p = httpx.NewProblem(context.Background(), errs.Invalid("body.slug", "is reserved"))
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.slug" {
		t.Errorf("field error not carried: %+v", p.Errors)
	}
}

func TestLimiter_RefusesOverLimitWithRetryAfter(t *testing.T) {
	ctx := context.Background()
	l := httpx.NewLimiter(testkit.Redis(t))
	for i := range 5 {
		if err := l.Allow(ctx, "test:client-a", httpx.PerMinute(5)); err != nil {
			t.Fatalf("request %d refused: %v", i+1, err)
		}
	}
	err := l.Allow(ctx, "test:client-a", httpx.PerMinute(5))
	var rl *errs.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, errs.ErrRateLimited) {
		t.Fatalf("6th request: err = %v, want a rate limit error", err)
	}
	if rl.RetryAfterSeconds() == "0" || rl.RetryAfter <= 0 {
		t.Fatalf("Retry-After %q", rl.RetryAfterSeconds())
	}
	// Another client has its own bucket.
	if err := l.Allow(ctx, "test:client-b", httpx.PerMinute(5)); err != nil {
		t.Fatalf("another client refused: %v", err)
	}
	if err := l.Reset(ctx, "test:client-a"); err != nil {
		t.Fatal(err)
	}
	if err := l.Allow(ctx, "test:client-a", httpx.PerMinute(5)); err != nil {
		t.Fatalf("after Reset: %v", err)
	}
}
