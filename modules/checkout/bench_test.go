package checkout_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/cart"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/payments/stripefake"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// BenchmarkCheckout_Manual3Lines2Vendors places orders of 3-line carts from 2 vendors with the
// manual provider, 32 buyers at once, and reports orders/s and latency percentiles. Carts are
// filled with the timer stopped: only checkouts are measured.
func BenchmarkCheckout_Manual3Lines2Vendors(b *testing.B) {
	const concurrency = 32
	const benchVariants = 500 // per vendor
	// The api's pool, sized as configured by default: its size decides the tail. Requests
	// beyond it wait in the pool's queue, first come first served.
	pool, err := db.Open(context.Background(), testkit.AppURL(b), db.Options{MaxConns: configs.MustLoadDefaults().DBMaxConns, StatementTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	if sqlDB, err := pool.DB(); err == nil {
		defer sqlDB.Close()
	}
	e := newEnvOn(b, pool)
	va, vb := e.vendor(), e.vendor()
	var aVariants, bVariants []uuid.UUID
	for range benchVariants {
		aVariants = append(aVariants, e.variant(va, 1000+int64(rand.IntN(9000)), 1_000_000_000))
		bVariants = append(bVariants, e.variant(vb, 1000+int64(rand.IntN(9000)), 1_000_000_000))
	}
	b.StopTimer()
	tokens := make([]string, b.N)
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				a1 := rand.IntN(len(aVariants))
				a2 := (a1 + 1 + rand.IntN(len(aVariants)-1)) % len(aVariants)
				tok := ""
				for _, v := range []uuid.UUID{aVariants[a1], aVariants[a2], bVariants[rand.IntN(len(bVariants))]} {
					_, issued, err := e.carts.AddLine(e.ctx, cart.Owner{Token: tok}, v, 1+rand.IntN(3))
					if err != nil {
						b.Error(err)
						return
					}
					if issued != "" {
						tok = issued
					}
				}
				tokens[i] = tok
			}
		}()
	}
	for i := range b.N {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	latencies := make([]time.Duration, b.N)
	jobs = make(chan int)
	b.ResetTimer()
	b.StartTimer()
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				t0 := time.Now()
				if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tokens[i]}, key(), guestRequest()); err != nil {
					b.Error(err)
				}
				latencies[i] = time.Since(t0)
			}
		}()
	}
	for i := range b.N {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(float64(len(latencies)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "orders/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkCheckout_Stripe300ms places one-line orders with the Stripe provider against a fake
// Stripe whose PaymentIntent creation takes 300 ms, 32 buyers at once on the api's default pool,
// and reports orders/s: with the call inside the transaction, the pool's size bounds it.
func BenchmarkCheckout_Stripe300ms(b *testing.B) {
	const concurrency = 32
	pool, err := db.Open(context.Background(), testkit.AppURL(b), db.Options{MaxConns: configs.MustLoadDefaults().DBMaxConns, StatementTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	if sqlDB, err := pool.DB(); err == nil {
		defer sqlDB.Close()
	}
	fake := stripefake.New(b)
	slow := newSlowStripe(b, fake, 300*time.Millisecond)
	e := newStripeEnvOn(b, pool, fake, slow.URL)
	vendor := e.vendor()
	variants := make([]uuid.UUID, 50)
	for i := range variants {
		variants[i] = e.variant(vendor, 1000+int64(rand.IntN(9000)), 1_000_000_000)
	}
	b.StopTimer()
	tokens := make([]string, b.N)
	for i := range tokens {
		tokens[i] = e.guestCart(map[uuid.UUID]int{variants[rand.IntN(len(variants))]: 1})
	}
	var wg sync.WaitGroup
	jobs := make(chan int)
	b.ResetTimer()
	b.StartTimer()
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if _, err := e.checkout.Checkout(e.ctx, checkout.Buyer{CartToken: tokens[i]}, key(), guestRequest()); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for i := range b.N {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "orders/s")
}
