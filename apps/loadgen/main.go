// Command loadgen measures how fast a running marketplace platform is.
//
// It drives workloads over HTTP at a fixed concurrency (or a target rate) for a duration and
// reports requests/s, errors by status and latency percentiles per workload, as text and JSON.
// Every run first measures /healthz, the machine's ceiling, and prints each workload as a ratio
// to it so results compare across machines.
//
//	go run ./apps/loadgen -markets demo -workload product -c 64 -d 30s
//	go run ./apps/loadgen -seed -tenants 3 -sellers 20 -products 10000   # bulk seed, then run
//
// Workloads: browse (home and category lists), product (product pages), search (full text with
// typos and facets), cart (add/update lines), checkout (full guest checkout, manual provider:
// three cart adds and the checkout), checkout-only (the checkout requests alone: -carts carts are
// filled first, unmeasured, then checked out), mix (70% browse/product, 20% search, 8% cart, 2% checkout), healthz.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

func main() {
	if err := mainErr(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func mainErr() error {
	target := flag.String("target", "http://127.0.0.1:8080", "api address to connect to")
	base := flag.String("base-domain", "localhost", "the platform's base domain; marketplaces are {slug}.{base}")
	markets := flag.String("markets", "demo", "comma-separated marketplace slugs to drive (ignored with -seed, which uses the seeded ones)")
	workloads := flag.String("workload", "mix", "comma-separated: browse, product, search, cart, checkout, checkout-only, mix, healthz, all")
	carts := flag.Int("carts", 8000, "checkout-only: guest carts to fill (unmeasured) before the checkouts are measured; the run ends early when they are all checked out")
	concurrency := flag.Int("c", 64, "concurrent connections")
	duration := flag.Duration("d", 20*time.Second, "duration of each workload")
	rate := flag.Int("rate", 0, "target steps per second across all connections (0: as fast as possible)")
	ceiling := flag.Duration("ceiling", 5*time.Second, "how long to measure /healthz first (0 to skip)")
	jsonOut := flag.String("json", "", "also write the results as JSON to this file")
	seed := flag.Bool("seed", false, "bulk-seed a synthetic platform first (needs -db)")
	dbURL := flag.String("db", "postgres://postgres@127.0.0.1:5432/marketplace?sslmode=disable", "owner database URL for -seed and -verify")
	nTenants := flag.Int("tenants", 3, "marketplaces to seed")
	nSellers := flag.Int("sellers", 20, "sellers per marketplace to seed")
	nProducts := flag.Int("products", 10000, "products per marketplace to seed")
	verify := flag.Bool("verify", true, "after checkout runs, verify stock, order totals and the ledger in the database")
	quiet := flag.Bool("quiet", false, "no progress line")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-target %q is not a URL", *target)
	}
	ctx := context.Background()
	slugs := strings.Split(*markets, ",")
	if *seed {
		seeded, err := seedPlatform(ctx, *dbURL, *nTenants, *nSellers, *nProducts)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		slugs = seeded
	}
	opt := runOptions{addr: u.Host, concurrency: *concurrency, duration: *duration, rate: *rate, progress: !*quiet}
	fixture, err := discover(ctx, opt.addr, *base, slugs)
	if err != nil {
		return fmt.Errorf("discover the catalog: %w", err)
	}
	fixture.cartsToFill = *carts
	fmt.Fprintf(os.Stderr, "marketplaces %v: %d products, %d categories, %d variants in stock\n", slugs, len(fixture.products), len(fixture.categories), len(fixture.variants))

	var results []Result
	var healthz Result
	if *ceiling > 0 {
		hopt := opt
		hopt.duration = *ceiling
		hopt.rate = 0
		healthz = run(ctx, "healthz", hopt, nil, fixture.healthz, non2xx)
		results = append(results, healthz)
	}
	names := strings.Split(*workloads, ",")
	if *workloads == "all" {
		names = []string{"browse", "product", "search", "cart", "checkout", "mix"}
	}
	ranCheckout := false
	for _, name := range names {
		wl, ok := fixture.workload(name)
		if !ok {
			return fmt.Errorf("unknown workload %q", name)
		}
		if wl.prepare != nil {
			wl.prepare(ctx, opt)
		}
		fixture.resetCheckouts()
		res := run(ctx, name, opt, wl.setup, wl.step, wl.isError)
		if healthz.RPS > 0 {
			res.OfCeiling = res.RPS / healthz.RPS
		}
		if wl.extra != nil {
			res.Extra = wl.extra()
		}
		results = append(results, res)
		ranCheckout = ranCheckout || strings.HasPrefix(name, "checkout") || name == "mix"
	}
	printResults(os.Stdout, results)
	if ranCheckout && *verify {
		report, err := verifyInvariants(ctx, *dbURL)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		fmt.Println("\n" + report)
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(*jsonOut, b, 0o600); err != nil {
			return err
		}
	}
	return nil
}
