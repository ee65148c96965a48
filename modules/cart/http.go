package cart

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
)

// CookieName is the guest cart cookie; HeaderName carries the same token for API clients.
const (
	CookieName = "mk_cart"
	HeaderName = "X-Cart-Token"
)

// TokenInput is the guest cart token of a request, from the cookie or the header. Other
// modules' inputs embed it.
type TokenInput struct {
	CartCookie string `cookie:"mk_cart" doc:"Guest cart token (browser)"`
	CartHeader string `header:"X-Cart-Token" doc:"Guest cart token (API clients)"`
}

// Token returns the token of the request, header first.
func (t TokenInput) Token() string {
	if t.CartHeader != "" {
		return t.CartHeader
	}
	return t.CartCookie
}

// OwnerFrom returns the cart owner of a request: the signed-in account and the guest token.
func OwnerFrom(ctx context.Context, t TokenInput) Owner {
	return Owner{AccountID: access.PrincipalFrom(ctx).AccountID, Token: t.Token()}
}

// Options shape the cart cookie.
type Options struct {
	// SecureCookie marks the cookie Secure (set when the public URL is https).
	SecureCookie bool
	// CookieTTL is how long a guest cart lives in the browser.
	CookieTTL time.Duration
}

type cartOutput struct {
	SetCookie  string `header:"Set-Cookie"`
	CartHeader string `header:"X-Cart-Token" doc:"The guest cart token, when this request created the cart"`
	Body       CartView
}

type addLineBody struct {
	VariantID uuid.UUID `json:"variant_id" format:"uuid"`
	Quantity  int       `json:"quantity" minimum:"1" maximum:"999"`
}

type addLineInput struct {
	TokenInput
	Body addLineBody
}

type updateLineBody struct {
	Quantity int `json:"quantity" minimum:"1" maximum:"999"`
}

type updateLineInput struct {
	TokenInput
	LineID uuid.UUID `path:"line_id" format:"uuid"`
	Body   updateLineBody
}

type lineInput struct {
	TokenInput
	LineID uuid.UUID `path:"line_id" format:"uuid"`
}

// Routes registers the cart endpoints.
func Routes(api huma.API, svc *Service, opt Options) {
	if opt.CookieTTL == 0 {
		opt.CookieTTL = 30 * 24 * time.Hour
	}
	// Secure follows the public URL (https in production; plain http on a laptop).
	setCookie := func(tok string) *http.Cookie {
		return &http.Cookie{Name: CookieName, Value: tok, Path: "/", HttpOnly: true, Secure: opt.SecureCookie,
			SameSite: http.SameSiteLaxMode, MaxAge: int(opt.CookieTTL / time.Second)}
	}
	dropCookie := &http.Cookie{
		Name: CookieName, Value: "", Path: "/", HttpOnly: true, Secure: opt.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: -1}
	tags := []string{"Cart"}

	huma.Register(api, huma.Operation{
		OperationID: "get-cart", Method: http.MethodGet, Path: "/api/v1/carts/current",
		Summary: "Get the cart", Description: "The current cart (the signed-in account's, else the guest cart of the mk_cart cookie or X-Cart-Token header), priced from the catalog now, grouped by vendor, with notices for price changes (shown once) and stock. A signed-in request that still carries a guest token merges the guest cart into the account cart and clears the cookie.",
		Tags: tags,
	}, func(ctx context.Context, in *TokenInput) (*cartOutput, error) {
		o := OwnerFrom(ctx, *in)
		v, merged, err := svc.Current(ctx, o)
		if err != nil {
			return nil, err
		}
		out := &cartOutput{Body: v}
		if merged && in.CartCookie != "" {
			out.SetCookie = dropCookie.String()
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "clear-cart", Method: http.MethodDelete, Path: "/api/v1/carts/current",
		Summary: "Empty the cart", Description: "Removes every line of the current cart.",
		Tags: tags, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *TokenInput) (*struct{}, error) {
		return nil, svc.Clear(ctx, OwnerFrom(ctx, *in))
	})
	huma.Register(api, huma.Operation{
		OperationID: "add-cart-line", Method: http.MethodPost, Path: "/api/v1/carts/current/lines",
		Summary: "Add to the cart", Description: "Adds a quantity (1..999) of a variant, checked against what is available. Only the variant and quantity are accepted: price, currency and totals always come from the server. Creates a guest cart (and its mk_cart cookie and X-Cart-Token header) when there is none.",
		Tags: tags, DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *addLineInput) (*cartOutput, error) {
		o := OwnerFrom(ctx, in.TokenInput)
		if o.AccountID != uuid.Nil && o.Token != "" {
			if err := svc.MergeGuestCart(ctx, o.Token, o.AccountID); err != nil {
				return nil, err
			}
			o.Token = ""
		}
		v, issued, err := svc.AddLine(ctx, o, in.Body.VariantID, in.Body.Quantity)
		if err != nil {
			return nil, err
		}
		out := &cartOutput{Body: v}
		if issued != "" {
			out.SetCookie, out.CartHeader = setCookie(issued).String(), issued
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "update-cart-line", Method: http.MethodPatch, Path: "/api/v1/carts/current/lines/{line_id}",
		Summary: "Change a quantity", Description: "Sets the quantity (1..999) of a cart line, checked against what is available.",
		Tags: tags,
	}, func(ctx context.Context, in *updateLineInput) (*cartOutput, error) {
		v, err := svc.UpdateLine(ctx, OwnerFrom(ctx, in.TokenInput), in.LineID, in.Body.Quantity)
		if err != nil {
			return nil, err
		}
		return &cartOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "remove-cart-line", Method: http.MethodDelete, Path: "/api/v1/carts/current/lines/{line_id}",
		Summary: "Remove a cart line", Description: "Removes one line and returns the cart.",
		Tags: tags,
	}, func(ctx context.Context, in *lineInput) (*cartOutput, error) {
		v, err := svc.RemoveLine(ctx, OwnerFrom(ctx, in.TokenInput), in.LineID)
		if err != nil {
			return nil, err
		}
		return &cartOutput{Body: v}, nil
	})
}
