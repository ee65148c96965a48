package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// clientIP gives each worker its own client address (X-Forwarded-For), as if the buyers were
// many people behind a trusted proxy; run the api with MARKETPLACE_TRUSTED_PROXIES=127.0.0.1,
// or per-client checkout limits make the run measure the limiter.
func clientIP(w *worker) string {
	ip := net.IPv4(10, byte(w.id>>8), byte(w.id), byte(1+w.rng.IntN(250)))
	return ip.String()
}

// runID keeps idempotency keys apart between runs: the workers' random numbers repeat from run
// to run (deterministic seeds), and a key reused with another cart is rightly refused (422).
var runID = time.Now().UnixNano()

// checkoutError is cartError, and a 422 too: the checkouts loadgen sends are all valid.
func checkoutError(status int) bool { return cartError(status) || status == 422 }

// cartError counts as errors everything but success and the expected refusals of a busy sale:
// 409 (sold out or stock changed) and 429 are reported separately by status anyway.
func cartError(status int) bool {
	return status >= 500 || status == 400 || status == 401 || status == 403 || status == 404
}

// cart adds a line to the worker's guest cart, sometimes changes a quantity, and starts a new
// cart after a few lines.
func (f *fixture) cart(_ context.Context, w *worker) error {
	if len(f.variants) == 0 {
		return fmt.Errorf("no variants in stock")
	}
	v := f.variants[w.rng.IntN(len(f.variants))]
	// A cart belongs to one marketplace: the worker keeps one per host.
	cartKey, linesKey := "cart "+v.host, "lines "+v.host
	token, _ := w.state[cartKey].(string)
	lines, _ := w.state[linesKey].([]string)
	if len(lines) >= 5 {
		token, lines = "", nil
	}
	hdr := map[string]string{"X-Forwarded-For": clientIP(w)}
	if token != "" {
		hdr["X-Cart-Token"] = token
	} else {
		w.cartToken = ""
	}
	if len(lines) > 0 && w.rng.IntN(3) == 0 {
		body := []byte(`{"quantity":` + strconv.Itoa(1+w.rng.IntN(3)) + `}`)
		_, _, err := w.do(request{method: "PATCH", host: v.host, path: "/api/v1/carts/current/lines/" + lines[w.rng.IntN(len(lines))], body: body, header: hdr})
		return err
	}
	status, body, err := w.do(request{method: "POST", host: v.host, path: "/api/v1/carts/current/lines",
		body: []byte(`{"variant_id":"` + v.id + `","quantity":1}`), header: hdr})
	if err != nil || status != 200 && status != 201 {
		return err
	}
	var c struct {
		Groups []struct {
			Lines []struct {
				ID string `json:"id"`
			} `json:"lines"`
		} `json:"vendors"`
	}
	_ = json.Unmarshal(body, &c)
	if token == "" {
		token = w.cartToken
	}
	lines = lines[:0]
	for _, g := range c.Groups {
		for _, l := range g.Lines {
			lines = append(lines, l.ID)
		}
	}
	w.state[cartKey], w.state[linesKey] = token, lines
	return nil
}

// checkout buys three units from two sellers as a guest: three cart lines, then one checkout
// with a fresh idempotency key. A sold-out answer (409) is counted, not treated as an error.
func (f *fixture) checkout(_ context.Context, w *worker) error {
	c, err := f.fillCart(w)
	if err != nil || c.token == "" {
		return err
	}
	return f.placeOrder(w, c)
}

// filledCart is a guest cart with three lines from two sellers, ready to check out.
type filledCart struct{ host, token string }

// fillCart adds three lines from two sellers of one marketplace to a new guest cart. A
// sold-out answer is counted and leaves the token empty.
func (f *fixture) fillCart(w *worker) (filledCart, error) {
	host := f.hosts[w.rng.IntN(len(f.hosts))]
	var picks []variantRef
	vendors := map[string]bool{}
	for tries := 0; len(picks) < 3 && tries < 50; tries++ {
		v := f.variants[w.rng.IntN(len(f.variants))]
		if v.host != host || len(vendors) == 2 && !vendors[v.vendorID] {
			continue
		}
		vendors[v.vendorID] = true
		picks = append(picks, v)
	}
	if len(picks) < 3 {
		return filledCart{}, fmt.Errorf("not enough variants on %s", host)
	}
	hdr := map[string]string{"X-Forwarded-For": clientIP(w)}
	w.cartToken = ""
	for _, v := range picks {
		status, _, err := w.do(request{method: "POST", host: host, path: "/api/v1/carts/current/lines",
			body: []byte(`{"variant_id":"` + v.id + `","quantity":1}`), header: hdr})
		if err != nil {
			return filledCart{}, err
		}
		if status == 409 {
			f.soldOut.Add(1)
			return filledCart{}, nil
		}
		if hdr["X-Cart-Token"] == "" {
			hdr["X-Cart-Token"] = w.cartToken
		}
	}
	return filledCart{host: host, token: hdr["X-Cart-Token"]}, nil
}

// placeOrder checks c out as a guest with a fresh idempotency key and records the checkout
// request's own latency.
func (f *fixture) placeOrder(w *worker, c filledCart) error {
	hdr := map[string]string{
		"X-Forwarded-For": clientIP(w),
		"X-Cart-Token":    c.token,
		"Idempotency-Key": fmt.Sprintf("loadgen-%d-%d-%d-%d", runID, w.id, w.rng.Uint64(), f.checkouts.Load()),
	}
	body := []byte(`{"email":"buyer` + strconv.Itoa(w.id) + `@load.example","shipping_address":{"name":"Load Buyer","line1":"1 Main St","city":"Springfield","region":"IL","postal_code":"62701","country":"US"}}`)
	start := time.Now()
	status, _, err := w.do(request{method: "POST", host: c.host, path: "/api/v1/checkout", body: body, header: hdr})
	if err == nil {
		f.checkoutMu.Lock()
		f.checkoutLatency = append(f.checkoutLatency, time.Since(start))
		f.checkoutMu.Unlock()
	}
	switch {
	case err != nil:
		return err
	case status == 201 || status == 200:
		f.checkouts.Add(1)
	case status == 409:
		f.soldOut.Add(1)
	}
	return nil
}

// fillCarts fills n guest carts from opt.concurrency workers, unmeasured, for the
// checkout-only workload to take.
func (f *fixture) fillCarts(ctx context.Context, opt runOptions, n int) {
	f.filled = make(chan filledCart, n)
	var started atomic.Int64
	opt.duration = time.Hour // ends when n carts are filled
	run(ctx, "fill carts", opt, nil, func(_ context.Context, w *worker) error {
		if started.Add(1) > int64(n) {
			return errWorkloadDone
		}
		c, err := f.fillCart(w)
		if err != nil || c.token == "" {
			started.Add(-1) // try again
			return err
		}
		f.filled <- c
		return nil
	}, cartError)
	close(f.filled)
	f.resetCheckouts()
}

// checkoutOnly checks out one of the carts fillCarts filled; the workload ends when they run out.
func (f *fixture) checkoutOnly(_ context.Context, w *worker) error {
	c, ok := <-f.filled
	if !ok {
		return errWorkloadDone
	}
	return f.placeOrder(w, c)
}

// resetCheckouts forgets the previous workload's orders, refusals and latencies.
func (f *fixture) resetCheckouts() {
	f.checkouts.Store(0)
	f.soldOut.Store(0)
	f.checkoutMu.Lock()
	f.checkoutLatency = f.checkoutLatency[:0]
	f.checkoutMu.Unlock()
}

// checkoutFigures are the orders placed, sold-out refusals and the latency percentiles of the
// checkout requests alone of the workload just run.
func (f *fixture) checkoutFigures() map[string]any {
	m := map[string]any{"orders": f.checkouts.Load(), "sold_out": f.soldOut.Load()}
	f.checkoutMu.Lock()
	defer f.checkoutMu.Unlock()
	if all := slices.Clone(f.checkoutLatency); len(all) > 0 {
		slices.Sort(all)
		m["checkout_p50_ms"], m["checkout_p95_ms"], m["checkout_p99_ms"] = ms(pct(all, 50)), ms(pct(all, 95)), ms(pct(all, 99))
	}
	return m
}
