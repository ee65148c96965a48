package checkout

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// Limiter takes one event from a named bucket (httpx.Limiter).
type Limiter interface {
	Allow(ctx context.Context, key string, limit httpx.Limit) error
}

// Options of the checkout routes.
type Options struct {
	// Limiter and Limit rate-limit checkouts per client; a nil Limiter disables the limit.
	Limiter Limiter
	Limit   httpx.Limit
}

type quoteInput struct {
	cart.TokenInput
	Body CheckoutQuoteRequest
}

type quoteOutput struct{ Body CheckoutQuote }

type checkoutInput struct {
	cart.TokenInput
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"8" maxLength:"255" doc:"A unique key per checkout attempt (a UUID): retries with the same key and body return the same order"`
	Body           CheckoutRequest
}

type checkoutOutput struct {
	Body CheckoutResult
}

func buyerOf(ctx context.Context, t cart.TokenInput) Buyer {
	p := access.PrincipalFrom(ctx)
	return Buyer{AccountID: p.AccountID, Email: p.Email, CartToken: t.Token()}
}

// Routes registers the checkout endpoints.
func Routes(api huma.API, svc *Service, opt Options) {
	if opt.Limit.Rate == 0 {
		opt.Limit = httpx.PerMinute(20)
	}
	tags := []string{"Checkout"}
	huma.Register(api, huma.Operation{
		OperationID: "quote-checkout", Method: http.MethodPost, Path: "/api/v1/checkout/quote",
		Summary: "Price shipping and tax", Description: "Prices the current cart at a delivery address: the shipping options of each vendor (the cheapest chosen unless the buyer picks another), tax per line and per vendor, and the totals that checkout will charge.",
		Tags: tags,
	}, func(ctx context.Context, in *quoteInput) (*quoteOutput, error) {
		q, err := svc.Quote(ctx, buyerOf(ctx, in.TokenInput), in.Body)
		if err != nil {
			return nil, err
		}
		return &quoteOutput{Body: q}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "checkout", Method: http.MethodPost, Path: "/api/v1/checkout",
		Summary: "Place the order", Description: "Places the order for the current cart in one transaction: reserves stock, creates the order with one vendor order per seller, records the payment as pending with the payment provider (manual: with payment instructions), queues the confirmation emails and empties the cart. Requires an Idempotency-Key: the same key with the same body returns the same order; with a different body, 422. Guests give an email and receive an order_token to read the order.",
		Tags: tags, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *checkoutInput) (*checkoutOutput, error) {
		if opt.Limiter != nil {
			ip := access.ClientFrom(ctx).IP
			if ip == "" {
				ip = "unknown"
			}
			if err := opt.Limiter.Allow(ctx, "checkout:"+tenants.IDFromContext(ctx).String()+":"+ip, opt.Limit); err != nil {
				return nil, err
			}
		}
		r, err := svc.Checkout(ctx, buyerOf(ctx, in.TokenInput), in.IdempotencyKey, in.Body)
		if err != nil {
			return nil, err
		}
		return &checkoutOutput{Body: r}, nil
	})
}
