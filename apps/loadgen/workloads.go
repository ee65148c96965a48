package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// fixture is what the workloads pick from: discovered through the public API, so loadgen works
// against any running platform.
type fixture struct {
	hosts      []string // marketplace hosts
	products   []productRef
	categories []string // slugs
	variants   []variantRef
	terms      []string // search terms, some misspelled

	checkouts atomic.Int64
	soldOut   atomic.Int64
	// checkoutLatency holds the POST /checkout requests alone (the budget is on them; the
	// workload's own figures mix them with the cart adds before each).
	checkoutMu      sync.Mutex
	checkoutLatency []time.Duration

	// cartsToFill is how many carts checkout-only fills before it measures; filled holds them.
	cartsToFill int
	filled      chan filledCart
}

type productRef struct {
	host string
	slug string
}

type variantRef struct {
	host     string
	id       string
	vendorID string
}

// workload is a named step with how to judge its answers.
type workload struct {
	// prepare runs once before the measured run, unmeasured (checkout-only fills its carts).
	prepare func(ctx context.Context, opt runOptions)
	setup   func(w *worker)
	step    step
	isError func(int) bool
	extra   func() map[string]any
}

func (f *fixture) workload(name string) (workload, bool) {
	switch name {
	case "healthz":
		return workload{step: f.healthz, isError: non2xx}, true
	case "browse":
		return workload{step: f.browse, isError: non2xx}, true
	case "product":
		return workload{step: f.product, isError: non2xx}, true
	case "search":
		return workload{step: f.search, isError: non2xx}, true
	case "cart":
		return workload{step: f.cart, isError: cartError}, true
	case "checkout":
		return workload{step: f.checkout, isError: checkoutError, extra: f.checkoutFigures}, true
	case "checkout-only":
		return workload{
			prepare: func(ctx context.Context, opt runOptions) { f.fillCarts(ctx, opt, f.cartsToFill) },
			step:    f.checkoutOnly, isError: checkoutError, extra: f.checkoutFigures,
		}, true
	case "mix":
		return workload{step: f.mix, isError: checkoutError, extra: f.checkoutFigures}, true
	}
	return workload{}, false
}

func (f *fixture) healthz(_ context.Context, w *worker) error {
	_, _, err := w.do(request{method: "GET", host: f.hosts[0], path: "/healthz"})
	return err
}

// browse is a home page visit or a category listing.
func (f *fixture) browse(_ context.Context, w *worker) error {
	host := f.hosts[w.rng.IntN(len(f.hosts))]
	path := "/api/v1/products?limit=24"
	if len(f.categories) > 0 && w.rng.IntN(3) > 0 {
		path = "/api/v1/products?limit=24&category=" + url.QueryEscape(f.categories[w.rng.IntN(len(f.categories))])
		if w.rng.IntN(2) == 0 {
			path += "&sort=price_asc&in_stock=true"
		}
	}
	_, _, err := w.do(request{method: "GET", host: host, path: path})
	return err
}

func (f *fixture) product(_ context.Context, w *worker) error {
	p := f.products[w.rng.IntN(len(f.products))]
	_, _, err := w.do(request{method: "GET", host: p.host, path: "/api/v1/products/" + p.slug})
	return err
}

// search is a full-text query (a third of them misspelled) with facets, sometimes filtered.
func (f *fixture) search(_ context.Context, w *worker) error {
	host := f.hosts[w.rng.IntN(len(f.hosts))]
	q := f.terms[w.rng.IntN(len(f.terms))]
	path := "/api/v1/search?limit=24&q=" + url.QueryEscape(q)
	if len(f.categories) > 0 && w.rng.IntN(4) == 0 {
		path += "&category=" + url.QueryEscape(f.categories[w.rng.IntN(len(f.categories))])
	}
	_, _, err := w.do(request{method: "GET", host: host, path: path})
	return err
}

// mix is a realistic funnel: 70% browse or product page, 20% search, 8% cart, 2% checkout.
func (f *fixture) mix(ctx context.Context, w *worker) error {
	switch n := w.rng.IntN(100); {
	case n < 35:
		return f.browse(ctx, w)
	case n < 70:
		return f.product(ctx, w)
	case n < 90:
		return f.search(ctx, w)
	case n < 98:
		return f.cart(ctx, w)
	default:
		return f.checkout(ctx, w)
	}
}

// discover reads products, categories and variants through the public API.
func discover(_ context.Context, addr, base string, slugs []string) (*fixture, error) {
	client := &fasthttp.HostClient{Addr: addr, ReadBufferSize: 64 << 10}
	get := func(host, path string, into any) error {
		req, res := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(res)
		req.SetRequestURI(path)
		req.Header.SetHost(host)
		if err := client.DoTimeout(req, res, 30*time.Second); err != nil {
			return err
		}
		if res.StatusCode() != 200 {
			return fmt.Errorf("GET %s%s: %d %s", host, path, res.StatusCode(), res.Body())
		}
		return json.Unmarshal(res.Body(), into)
	}
	f := &fixture{}
	seenTerm := map[string]bool{}
	for _, slug := range slugs {
		host := slug + "." + base
		f.hosts = append(f.hosts, host)
		firstOfHost := len(f.products)
		var cats struct {
			Items []struct {
				Slug     string `json:"slug"`
				Children []struct {
					Slug string `json:"slug"`
				} `json:"children"`
			} `json:"items"`
		}
		if err := get(host, "/api/v1/categories", &cats); err != nil {
			return nil, err
		}
		for _, c := range cats.Items {
			f.categories = append(f.categories, c.Slug)
			for _, ch := range c.Children {
				f.categories = append(f.categories, ch.Slug)
			}
		}
		cursor := ""
		for page := 0; page < 20; page++ {
			var list struct {
				Items []struct {
					Slug  string `json:"slug"`
					Title string `json:"title"`
				} `json:"items"`
				NextCursor *string `json:"next_cursor"`
			}
			path := "/api/v1/products?limit=100"
			if cursor != "" {
				path += "&cursor=" + url.QueryEscape(cursor)
			}
			if err := get(host, path, &list); err != nil {
				return nil, err
			}
			for _, p := range list.Items {
				f.products = append(f.products, productRef{host: host, slug: p.Slug})
				words := strings.Fields(strings.ToLower(p.Title))
				if len(words) >= 2 && !seenTerm[words[0]+" "+words[1]] && len(f.terms) < 200 {
					seenTerm[words[0]+" "+words[1]] = true
					f.terms = append(f.terms, words[0]+" "+words[1], misspell(words[0])+" "+misspell(words[1]))
				}
			}
			if list.NextCursor == nil {
				break
			}
			cursor = *list.NextCursor
		}
		// Variants in stock, for carts and checkouts: read from a sample of this marketplace's
		// product pages, spread over its whole listing so buyers rarely want the same stock row.
		mine := f.products[firstOfHost:]
		for i := 0; i < len(mine); i += 1 + len(mine)/variantPages {
			p := mine[i]
			var page struct {
				VendorID string `json:"vendor_id"`
				Variants []struct {
					ID        string `json:"id"`
					Available int    `json:"available"`
				} `json:"variants"`
			}
			if err := get(host, "/api/v1/products/"+p.slug, &page); err != nil {
				return nil, err
			}
			for _, v := range page.Variants {
				if v.Available > 0 {
					f.variants = append(f.variants, variantRef{host: host, id: v.ID, vendorID: page.VendorID})
				}
			}
		}
	}
	if len(f.products) == 0 {
		return nil, fmt.Errorf("no products on %v: seed first (go run ./apps/cli seed, or loadgen -seed)", slugs)
	}
	if len(f.terms) == 0 {
		f.terms = []string{"wireless headphones", "wireles hedphones"}
	}
	return f, nil
}

// variantPages is how many product pages per marketplace discovery reads for in-stock variants
// (two variants each in the seeded data).
const variantPages = 400

// misspell drops one inner letter, the commonest typo.
func misspell(w string) string {
	if len(w) < 5 {
		return w
	}
	i := len(w) / 2
	return w[:i] + w[i+1:]
}
