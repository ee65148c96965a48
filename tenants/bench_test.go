package tenants_test

import (
	"context"
	"testing"
	"time"

	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
)

// BenchmarkResolve_Cached measures the per-request cost of host resolution once the host is in
// the process cache (every request after the first per host and TTL).
func BenchmarkResolve_Cached(b *testing.B) {
	reg := tenants.NewRegistry(testkit.DB(b), testkit.Redis(b), "localhost", time.Hour)
	tn := testkit.NewTenant(b, reg, "bench")
	host := "shop." + tn.Slug + ".localhost:8080"
	ctx := context.Background()
	if _, err := reg.Resolve(ctx, host); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := reg.Resolve(ctx, host); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkResolve_Uncached measures a cache miss: one SECURITY DEFINER lookup in PostgreSQL.
func BenchmarkResolve_Uncached(b *testing.B) {
	reg := tenants.NewRegistry(testkit.DB(b), testkit.Redis(b), "localhost", time.Nanosecond)
	tn := testkit.NewTenant(b, reg, "benchmiss")
	host := tn.Slug + ".localhost"
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := reg.Resolve(ctx, host); err != nil {
			b.Fatal(err)
		}
	}
}
