package httpx

import (
	"context"
	"log/slog"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Limiter is a Redis-backed GCRA rate limiter shared by every api process, so limits hold
// however many replicas run.
type Limiter struct {
	limiter *redis_rate.Limiter
}

// NewLimiter returns a Limiter on rdb.
func NewLimiter(rdb *redis.Client) *Limiter {
	return &Limiter{limiter: redis_rate.NewLimiter(rdb)}
}

// Limit is a number of events per period with a burst; see redis_rate.PerMinute and friends.
type Limit = redis_rate.Limit

// PerMinute allows n events per minute with a burst of n.
func PerMinute(n int) Limit { return redis_rate.PerMinute(n) }

// Allow takes one event from the bucket named by key (for example "login:ip:<tenant>:<ip>").
// Over the limit it returns an *errs.RateLimitError (429 with Retry-After). If Redis is down it
// fails open and logs: an outage of the limiter must not take the marketplace down with it.
func (l *Limiter) Allow(ctx context.Context, key string, limit Limit) error {
	res, err := l.limiter.Allow(ctx, "rl:"+key, limit)
	if err != nil {
		slog.WarnContext(ctx, "rate limiter unavailable; allowing", "key", key, "error", err)
		return nil
	}
	if res.Allowed == 0 {
		// The key is not in the error: it holds emails and client addresses.
		return errs.RateLimited(res.RetryAfter)
	}
	return nil
}

// Reset forgets the bucket named by key (for example after a successful login).
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return l.limiter.Reset(ctx, "rl:"+key)
}
