package catalog

import (
	"testing"

	"github.com/google/uuid"
)

func liveCache() *ReadCache {
	c := NewReadCache()
	c.reset()
	c.live.Store(true)
	return c
}

func TestReadCache_NoticesEvictWhatTheyConcern(t *testing.T) {
	tenant, other := uuid.New(), uuid.New()
	p1, p2 := uuid.New(), uuid.New()
	page1 := readKey{tenant: tenant, kind: readProduct, key: "|one"}
	page2 := readKey{tenant: tenant, kind: readProduct, key: "|two"}
	list := readKey{tenant: tenant, kind: readList, key: "list"}
	otherList := readKey{tenant: other, kind: readList, key: "list"}
	fill := func(c *ReadCache) {
		at, _ := c.begin()
		c.put(page1, at, p1, "page1")
		c.put(page2, at, p2, "page2")
		c.put(list, at, uuid.Nil, "list")
		c.put(otherList, at, uuid.Nil, "other")
	}
	cases := []struct {
		notice string
		gone   []readKey
	}{
		{tenant.String() + " P " + p1.String(), []readKey{page1}},
		{tenant.String() + " L " + p1.String(), []readKey{page1, list}},
		{tenant.String() + " *", []readKey{page1, page2, list}},
		{other.String() + " *", []readKey{otherList}},
		{"garbage", nil},
	}
	for _, tc := range cases {
		c := liveCache()
		fill(c)
		c.apply(tc.notice)
		for _, k := range []readKey{page1, page2, list, otherList} {
			_, hit := c.get(k)
			gone := false
			for _, g := range tc.gone {
				gone = gone || g == k
			}
			if hit == gone {
				t.Errorf("after %q: %s %q hit=%v, want %v", tc.notice, string(k.kind), k.key, hit, !gone)
			}
		}
	}
}

func TestReadCache_AReadThatRacedANoticeIsNotKept(t *testing.T) {
	c := liveCache()
	tenant, p := uuid.New(), uuid.New()
	k := readKey{tenant: tenant, kind: readProduct, key: "|x"}
	at, keep := c.begin()
	if !keep {
		t.Fatal("live cache refused to keep a read")
	}
	// The change commits (and its notice arrives) while the read is under way: what the read
	// saw may predate the change.
	c.apply(tenant.String() + " P " + p.String())
	c.put(k, at, p, "maybe stale")
	if _, hit := c.get(k); hit {
		t.Fatal("a read that began before a notice about its product was kept")
	}
	// A read that began after the notice is kept.
	at, _ = c.begin()
	c.put(k, at, p, "fresh")
	if v, hit := c.get(k); !hit || v != "fresh" {
		t.Fatalf("got %v, %v; want the fresh read", v, hit)
	}
}

func TestReadCache_ServesNothingWhileNotListening(t *testing.T) {
	c := NewReadCache()
	k := readKey{tenant: uuid.New(), kind: readList, key: "k"}
	at, keep := c.begin()
	c.put(k, at, uuid.Nil, "v")
	if keep {
		t.Error("a cache that is not listening offered to keep a read")
	}
	if _, hit := c.get(k); hit {
		t.Error("a cache that is not listening served a read")
	}
	// Reconnecting invalidates what was read before: notices may have been missed meanwhile.
	c = liveCache()
	at, _ = c.begin()
	c.put(k, at, uuid.Nil, "v")
	c.live.Store(false)
	c.reset()
	c.live.Store(true)
	if _, hit := c.get(k); hit {
		t.Error("an entry from before a reconnect was served")
	}
}

func TestListKey_DistinguishesEveryFilter(t *testing.T) {
	lo, hi := int64(100), int64(200)
	base := Filter{Query: "lamp", Limit: 24}
	variants := []Filter{
		{Query: "lamps", Limit: 24},
		{Query: "lamp", Limit: 25},
		{Query: "lamp", Limit: 24, Category: "lighting"},
		{Query: "lamp", Limit: 24, VendorID: uuid.New()},
		{Query: "lamp", Limit: 24, PriceMin: &lo},
		{Query: "lamp", Limit: 24, PriceMax: &hi},
		{Query: "lamp", Limit: 24, Attributes: []string{"colour:red"}},
		{Query: "lamp", Limit: 24, InStock: true},
		{Query: "lamp", Limit: 24, Sort: SortNewest},
		{Query: "lamp", Limit: 24, Cursor: "abc"},
	}
	seen := map[string]bool{listKey("", base, false): true, listKey("", base, true): true, listKey("shop", base, false): true}
	if len(seen) != 3 {
		t.Fatal("storefront or facets not part of the key")
	}
	for _, f := range variants {
		k := listKey("", f, false)
		if seen[k] {
			t.Errorf("%+v shares a key with another filter", f)
		}
		seen[k] = true
	}
	a := Filter{Attributes: []string{"a:1", "b:2"}}
	b := Filter{Attributes: []string{"b:2", "a:1"}}
	if listKey("", a, false) != listKey("", b, false) {
		t.Error("the order of attribute filters changed the key")
	}
}
