package catalog

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/jackc/pgx/v5"

	"github.com/openmarket/marketplace/tenants"
)

// ReadCache keeps rendered catalog reads — product pages, product lists, searches — per
// marketplace in this process, and forgets them as soon as PostgreSQL reports a committed change
// to what they were built from (migration 00024: triggers NOTIFY catalog_changes). It is what
// lets the busiest pages skip the database without ever showing a change late by more than the
// notice's delivery time (milliseconds).
//
// Correctness rests on one rule: an entry is valid only if no change notice that concerns it
// arrived after its read began. Every notice gets the next number of a process-wide sequence
// and stamps the marketplace (all of it, its lists, or one product) with it; a read records the
// sequence number current when it started, and is served only while nothing it depends on
// carries a later stamp. A read that raced a commit is therefore dropped, never kept stale.
//
// While the process is not listening (before ListenForChanges connects, or while it
// reconnects) nothing is cached or served from the cache: notices may be missed then.
type ReadCache struct {
	live    atomic.Bool
	seq     atomic.Uint64
	resetAt atomic.Uint64

	mu    sync.RWMutex
	marks map[uuid.UUID]*changeMarks

	// One LRU per kind, each bounded for its entries' size: a product page is a few KB, a
	// page of results with facets ~20 KB, a search's candidates up to ~400 KB.
	products, lists, candidates, plans *expirable.LRU[readKey, *readEntry]
}

func (c *ReadCache) entries(k readKind) *expirable.LRU[readKey, *readEntry] {
	switch k {
	case readProduct:
		return c.products
	case readCandidates:
		return c.candidates
	case readPlan:
		return c.plans
	}
	return c.lists
}

// changeMarks are the sequence numbers of a marketplace's latest change notices by scope.
type changeMarks struct {
	all      uint64               // anything (categories, collections, images, vendors)
	lists    uint64               // any product's listing row
	products map[uuid.UUID]uint64 // one product's page
}

// readKind separates the key spaces of the cache.
type readKind byte

const (
	readProduct    readKind = 'p'
	readList       readKind = 'l'
	readCandidates readKind = 'c' // a search's candidates (searchmem.go): valid as long as lists are
	readPlan       readKind = 'q' // a search's corrected words, a category's descendants: likewise
)

type readKey struct {
	tenant uuid.UUID
	kind   readKind
	key    string
}

type readEntry struct {
	readAt  uint64
	product uuid.UUID // product pages: the product shown
	value   any
}

// Sizing, measured on the load seed (three marketplaces of 10,000 products): 20,000 product
// pages (~5 KB each), 4,000 pages of results (~20 KB each with facets), 1,000 candidate sets
// (most under 100 KB) and 10,000 corrected queries and category trees (bytes) kept the api at
// 283 MB resident after the mixed load. Entries also expire, so presigned image links in them
// (valid for days) are always fresh and a marketplace nobody visits frees its memory.
const (
	readCacheProducts   = 20_000
	readCacheLists      = 4_000
	readCacheCandidates = 1_000
	readCachePlans      = 10_000
	readCacheTTL        = 10 * time.Minute
	// maxProductMarks bounds the per-marketplace product stamps; past it the marketplace's
	// whole cache is dropped and the stamps start again.
	maxProductMarks = 100_000
)

// NewReadCache returns an empty cache that serves nothing until it listens.
func NewReadCache() *ReadCache {
	return &ReadCache{
		marks:      map[uuid.UUID]*changeMarks{},
		products:   expirable.NewLRU[readKey, *readEntry](readCacheProducts, nil, readCacheTTL),
		lists:      expirable.NewLRU[readKey, *readEntry](readCacheLists, nil, readCacheTTL),
		candidates: expirable.NewLRU[readKey, *readEntry](readCacheCandidates, nil, readCacheTTL),
		plans:      expirable.NewLRU[readKey, *readEntry](readCachePlans, nil, readCacheTTL),
	}
}

// begin marks the start of a read: its sequence number, and whether its result may be kept.
func (c *ReadCache) begin() (uint64, bool) {
	if c == nil || !c.live.Load() {
		return 0, false
	}
	return c.seq.Load(), true
}

// get returns the value stored under k if no later change notice concerns it.
func (c *ReadCache) get(k readKey) (any, bool) {
	if c == nil || !c.live.Load() {
		return nil, false
	}
	e, ok := c.entries(k.kind).Get(k)
	if !ok || !c.valid(k, e) {
		return nil, false
	}
	return e.value, true
}

func (c *ReadCache) valid(k readKey, e *readEntry) bool {
	if e.readAt < c.resetAt.Load() {
		return false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	m := c.marks[k.tenant]
	if m == nil {
		return true
	}
	if m.all > e.readAt {
		return false
	}
	switch k.kind {
	case readList, readCandidates, readPlan:
		return m.lists <= e.readAt
	case readProduct:
		return m.products[e.product] <= e.readAt
	}
	return false
}

// put keeps value under k, read since readAt, unless a notice concerning it has arrived since.
func (c *ReadCache) put(k readKey, readAt uint64, product uuid.UUID, value any) {
	if c == nil || !c.live.Load() {
		return
	}
	e := &readEntry{readAt: readAt, product: product, value: value}
	if c.valid(k, e) {
		c.entries(k.kind).Add(k, e)
	}
}

// apply records one change notice: "<tenant> <scope> [<product>]" (see migration 00024).
func (c *ReadCache) apply(payload string) {
	fields := strings.Fields(payload)
	if len(fields) < 2 {
		return
	}
	tenant, err := uuid.Parse(fields[0])
	if err != nil {
		return
	}
	var product uuid.UUID
	if len(fields) > 2 {
		if product, err = uuid.Parse(fields[2]); err != nil {
			return
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.seq.Add(1)
	m := c.marks[tenant]
	if m == nil {
		m = &changeMarks{products: map[uuid.UUID]uint64{}}
		c.marks[tenant] = m
	}
	switch fields[1] {
	case "P":
		m.products[product] = n
	case "L":
		m.lists, m.products[product] = n, n
	default:
		m.all = n
	}
	if len(m.products) > maxProductMarks {
		m.all, m.products = n, map[uuid.UUID]uint64{}
	}
}

// reset invalidates everything read so far: notices may have been missed.
func (c *ReadCache) reset() {
	c.resetAt.Store(c.seq.Add(1))
}

// ListenForChanges keeps a connection LISTENing to catalog_changes until ctx ends, reconnecting
// after failures; the cache serves only while the connection is up. dsn is the app role's.
func (c *ReadCache) ListenForChanges(ctx context.Context, dsn string) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := c.listen(ctx, dsn)
		c.live.Store(false)
		if ctx.Err() != nil {
			return
		}
		slog.WarnContext(ctx, "catalog read cache: change notices interrupted; serving from the database until reconnected", "error", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (c *ReadCache) listen(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	if _, err := conn.Exec(ctx, "listen catalog_changes"); err != nil {
		return err
	}
	// Listening from here on: whatever was read before may have missed a notice.
	c.reset()
	c.live.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		c.apply(n.Payload)
	}
}

// Live reports whether the cache is listening (and so serving).
func (c *ReadCache) Live() bool { return c != nil && c.live.Load() }

// cachedRead returns the value cached under (marketplace of ctx, kind, key), or runs read and
// caches its result. read returns the product a product page shows (uuid.Nil for lists).
func cachedRead[T any](ctx context.Context, c *ReadCache, kind readKind, key string, read func() (T, uuid.UUID, error)) (T, error) {
	tenant := tenants.IDFromContext(ctx)
	k := readKey{tenant: tenant, kind: kind, key: key}
	if tenant != uuid.Nil {
		if v, ok := c.get(k); ok {
			return v.(T), nil
		}
	}
	readAt, keep := c.begin()
	v, product, err := read()
	if err == nil && keep && tenant != uuid.Nil {
		c.put(k, readAt, product, v)
	}
	return v, err
}
