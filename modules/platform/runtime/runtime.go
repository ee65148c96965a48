// Package runtime holds the start-up steps the api, worker and cli binaries share: logging,
// connections and signal handling. It keeps each main.go to its wiring.
package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/httpx"
	"github.com/openmarket/marketplace/tenants"
)

// Logger returns a JSON slog logger at the configured level that adds the request id and
// tenant from the context to every record.
func Logger(cfg configs.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	h := slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	return slog.New(contextHandler{h})
}

type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := httpx.RequestIDFrom(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	if t, ok := tenants.FromContext(ctx); ok {
		r.AddAttrs(slog.String("tenant_id", t.ID.String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// Connect opens the app-role database and Redis.
func Connect(ctx context.Context, cfg configs.Config) (*gorm.DB, *redis.Client, error) {
	gdb, err := db.Open(ctx, cfg.DatabaseURL, db.Options{MaxConns: cfg.DBMaxConns, StatementTimeout: cfg.DBStatementTimeout})
	if err != nil {
		return nil, nil, fmt.Errorf("%w (is PostgreSQL running, and has `marketctl migrate` been run?)", err)
	}
	opt, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, nil, fmt.Errorf("config %sREDIS_URL: %w", configs.EnvPrefix, err)
	}
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, nil, fmt.Errorf("connect to Redis at %s (is it running?): %w", opt.Addr, err)
	}
	return gdb, rdb, nil
}

// AsynqRedis converts the configured Redis URL for Asynq.
func AsynqRedis(cfg configs.Config) (asynq.RedisConnOpt, error) {
	opt, err := asynq.ParseRedisURI(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("config %sREDIS_URL: %w", configs.EnvPrefix, err)
	}
	return opt, nil
}

// SignalContext is cancelled on SIGINT or SIGTERM.
func SignalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// Fatal logs err and exits 1; only main functions call it.
func Fatal(msg string, err error) {
	slog.Error(msg, "error", err.Error())
	os.Exit(1)
}
