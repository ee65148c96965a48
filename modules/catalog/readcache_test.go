package catalog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/platform/testkit"
)

// cachedAPI is a second api process on the package database with its catalog read cache
// listening, as `apps/api` runs; writes go through e (the first process), as they would
// through another instance behind the load balancer.
func cachedAPI(t *testing.T, e *ct.Env) *ct.Env {
	t.Helper()
	cached := e.Rebuild(t, ct.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cached.App.Listen(ctx)
	eventually(t, "the read cache to listen", cached.App.Services.Catalog.Catalog.ReadCacheLive)
	return cached
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// silently changes rows behind the api's back: as a superuser with triggers off, so no change
// notice is sent. What a cached process serves afterwards shows whether it asked the database.
func silently(t *testing.T, sql string, args ...any) {
	t.Helper()
	err := testkit.OwnerDB(t).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("set local session_replication_role = replica").Error; err != nil {
			return err
		}
		return tx.Exec(sql, args...).Error
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadCache_ServesFromMemoryUntilAChangeCommits(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	c := cachedAPI(t, e)
	m := e.NewMarket(t, "rc")
	v := e.NewVendor(t, m, "rcv")
	p := e.ActiveProduct(t, m, v, "Cached Walnut Lamp", 4900, 5, nil)
	pid := p.Str("id")
	vid := p.JSON["variants"].([]any)[0].(map[string]any)["id"].(string)
	reads := map[string]R{
		"product page": {Method: "GET", Host: m.Host, Path: "/api/v1/products/" + pid},
		"product list": {Method: "GET", Host: m.Host, Path: "/api/v1/products?limit=5"},
		"search":       {Method: "GET", Host: m.Host, Path: "/api/v1/search?q=walnut"},
	}
	title := func(env *ct.Env, name string) string {
		res := ct.Want(t, env.Do(t, reads[name]), 200)
		if name == "product page" {
			return res.Str("title")
		}
		if items := res.Items(); len(items) == 1 {
			return items[0]["title"].(string)
		}
		return ""
	}

	// Once primed (after the creation's own notice has arrived), the cached process answers
	// from memory: a change made without a notice does not show there.
	for name := range reads {
		n := 0
		eventually(t, name+" to be served from the cache", func() bool {
			n++
			silently(t, "update products set title = 'Cached Walnut Lamp' where id = ?", pid)
			if title(c, name) != "Cached Walnut Lamp" {
				return false
			}
			silently(t, "update products set title = ? where id = ?", fmt.Sprintf("Walnut Unannounced %d", n), pid)
			return title(c, name) == "Cached Walnut Lamp"
		})
		if got := title(e, name); got != fmt.Sprintf("Walnut Unannounced %d", n) {
			t.Errorf("%s without the cache = %q, want the database's title", name, got)
		}
	}

	// A committed change through the api reaches every cached read within the deadline.
	ct.Want(t, e.Do(t, R{Method: "PATCH", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/products/" + pid,
		Token: v.Owner.Token, Body: map[string]any{"title": "Walnut Lamp Renamed"}}), 200)
	for name := range reads {
		eventually(t, name+" to show the rename", func() bool { return title(c, name) == "Walnut Lamp Renamed" })
	}

	// Stock moves (a variant's availability) reach the product page.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/inventory/adjustments",
		Token: v.Owner.Token, Body: map[string]any{"variant_id": vid, "delta": 7, "reason": "restock"}}), 200)
	eventually(t, "the product page to show the restock", func() bool {
		res := ct.Want(t, c.Do(t, reads["product page"]), 200)
		return res.JSON["variants"].([]any)[0].(map[string]any)["available"] == float64(12)
	})

	// Another marketplace's reads are cached apart: same path, other host, nothing of this one.
	other := e.NewMarket(t, "rc-x")
	ct.Want(t, c.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/products/" + pid}), 404)
	if items := ct.Want(t, c.Do(t, R{Method: "GET", Host: other.Host, Path: "/api/v1/search?q=walnut"}), 200).Items(); len(items) != 0 {
		t.Errorf("another marketplace's search found %d products", len(items))
	}
}
