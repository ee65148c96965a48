package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// request is one HTTP call a workload wants made.
type request struct {
	method string
	host   string // Host header: which marketplace or storefront
	path   string
	body   []byte
	header map[string]string
}

// step is one unit of a workload: it makes one or more requests through do and reports each.
// A worker owns its rng and state, so steps need no locking.
type step func(ctx context.Context, w *worker) error

// worker is one virtual client.
type worker struct {
	id     int
	rng    *rand.Rand
	client *fasthttp.HostClient
	rec    *recorder
	state  map[string]any
	count  *atomic.Int64
	// cartToken is the X-Cart-Token of the last response that carried one (a new guest cart).
	cartToken string
}

// do sends r, records its latency and status, and returns the status and body.
func (w *worker) do(r request) (int, []byte, error) {
	req := fasthttp.AcquireRequest()
	res := fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(res)
	req.Header.SetMethod(r.method)
	req.SetRequestURI(r.path)
	req.Header.SetHost(r.host)
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.body != nil {
		req.Header.SetContentType("application/json")
		req.SetBodyRaw(r.body)
	}
	start := time.Now()
	err := w.client.DoTimeout(req, res, 10*time.Second)
	w.rec.record(time.Since(start), res.StatusCode(), err)
	w.count.Add(1)
	if err != nil {
		return 0, nil, err
	}
	if tok := res.Header.Peek("X-Cart-Token"); len(tok) > 0 {
		w.cartToken = string(tok)
	}
	return res.StatusCode(), append([]byte(nil), res.Body()...), nil
}

// errWorkloadDone from a step ends its worker before the duration is up: a workload with a
// fixed amount of work (the prefilled carts of checkout-only) has done it.
var errWorkloadDone = errors.New("workload done")

// runOptions say how hard and how long to drive a workload.
type runOptions struct {
	addr        string
	concurrency int
	duration    time.Duration
	rate        int // total steps per second across workers; 0 = as fast as possible
	progress    bool
}

// run drives step from opt.concurrency workers for opt.duration and merges their figures.
func run(ctx context.Context, name string, opt runOptions, setup func(w *worker), st step, isError func(int) bool) Result {
	client := &fasthttp.HostClient{Addr: opt.addr, MaxConns: opt.concurrency, ReadBufferSize: 64 << 10, MaxIdleConnDuration: time.Minute}
	ctx, cancel := context.WithTimeout(ctx, opt.duration)
	defer cancel()
	var count atomic.Int64
	var tick <-chan time.Time
	if opt.rate > 0 {
		t := time.NewTicker(time.Second / time.Duration(opt.rate))
		defer t.Stop()
		tick = t.C
	}
	workers := make([]*worker, opt.concurrency)
	recs := make([]*recorder, opt.concurrency)
	for i := range workers {
		recs[i] = newRecorder()
		// Deterministic per worker, so runs repeat; nothing here is secret.
		workers[i] = &worker{id: i, rng: rand.New(rand.NewPCG(uint64(i)+1, 42)), //nolint:gosec // load shape, not security
			client: client, rec: recs[i], state: map[string]any{}, count: &count}
		if setup != nil {
			setup(workers[i])
		}
	}
	done := make(chan struct{})
	if opt.progress {
		go progress(name, &count, done)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if tick != nil {
					select {
					case <-ctx.Done():
						return
					case <-tick:
					}
				}
				if err := st(ctx, w); errors.Is(err, errWorkloadDone) {
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(done)
	return merge(name, elapsed, opt.concurrency, recs, isError)
}

func progress(name string, count *atomic.Int64, done <-chan struct{}) {
	start := time.Now()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var last int64
	for {
		select {
		case <-done:
			fmt.Fprint(os.Stderr, "\r\033[K")
			return
		case <-t.C:
			n := count.Load()
			fmt.Fprintf(os.Stderr, "\r\033[K%-10s %5.0fs  %9d requests  %7d req/s", name, time.Since(start).Seconds(), n, n-last)
			last = n
		}
	}
}

// non2xx counts anything but success as an error.
func non2xx(status int) bool { return status < 200 || status > 299 }
