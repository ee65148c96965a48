package access

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/casbin/casbin/v2/persist"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/modules/platform/ids"
)

// PolicyChannel is the Redis pub/sub channel that announces policy changes.
const PolicyChannel = "marketplace:casbin:changed"

// safetyReload bounds how stale a process can get if it missed a message (a Redis reconnect
// drops pub/sub messages sent meanwhile).
const safetyReload = 5 * time.Minute

// Watcher is a casbin persist.Watcher on go-redis pub/sub. Update announces a change; every
// other process that shares the Redis server runs its callback (a policy reload) shortly after.
// Bursts of announcements are coalesced into one reload.
type Watcher struct {
	rdb      redis.UniversalClient
	instance string
	sub      *redis.PubSub
	cancel   context.CancelFunc
	done     chan struct{}
	kick     chan struct{}

	mu       sync.Mutex
	callback func(string)
}

var _ persist.Watcher = (*Watcher)(nil)

// NewWatcher subscribes to PolicyChannel and starts listening until Close is called or the
// Redis client is closed. If Redis is down it still returns: the subscription reconnects on its
// own, and the periodic reload covers what was missed meanwhile (an api must start, and say it
// is not ready, while Redis is away).
func NewWatcher(ctx context.Context, rdb redis.UniversalClient) (*Watcher, error) {
	sub := rdb.Subscribe(ctx, PolicyChannel)
	// Wait for the subscription to be confirmed so no change published after this returns is lost.
	rctx, cancelReceive := context.WithTimeout(ctx, 2*time.Second)
	_, err := sub.Receive(rctx)
	cancelReceive()
	if err != nil {
		slog.WarnContext(ctx, "casbin watcher: Redis unavailable; will keep trying", "error", err)
	}
	lctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{rdb: rdb, instance: ids.New().String(), sub: sub, cancel: cancel, done: make(chan struct{}), kick: make(chan struct{}, 1)}
	go w.listen(lctx)
	go w.apply(lctx)
	return w, nil
}

// SetUpdateCallback implements persist.Watcher.
func (w *Watcher) SetUpdateCallback(f func(string)) error {
	w.mu.Lock()
	w.callback = f
	w.mu.Unlock()
	return nil
}

// Update implements persist.Watcher: it tells every other process to reload.
func (w *Watcher) Update() error {
	return w.rdb.Publish(context.Background(), PolicyChannel, w.instance).Err()
}

// Close implements persist.Watcher.
func (w *Watcher) Close() {
	w.cancel()
	_ = w.sub.Close()
	<-w.done
}

func (w *Watcher) listen(ctx context.Context) {
	defer close(w.done)
	ch := w.sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			if msg.Payload == w.instance {
				continue // our own change, already applied locally
			}
			select {
			case w.kick <- struct{}{}:
			default: // a reload is already pending; it will see this change too
			}
		}
	}
}

func (w *Watcher) apply(ctx context.Context) {
	t := time.NewTicker(safetyReload)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.done:
			return
		case <-w.kick:
		case <-t.C:
		}
		w.mu.Lock()
		f := w.callback
		w.mu.Unlock()
		if f != nil {
			f(PolicyChannel)
		}
	}
}

func logReloadError(err error) {
	if err != nil {
		slog.Error("reload casbin policies", "error", err)
	}
}
