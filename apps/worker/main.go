// Command worker runs the background side of the platform: the Asynq server with every
// module's task handlers, the outbox relay, and (when MARKETPLACE_WORKER_SCHEDULER is true) the
// one periodic scheduler. Run exactly one scheduler per deployment.
package main

import (
	"log/slog"
	"slices"

	"github.com/hibiken/asynq"

	"github.com/openmarket/marketplace/apps/internal/compose"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/checkout"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/runtime"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

func main() {
	cfg, err := configs.Load()
	if err != nil {
		runtime.Fatal("invalid configuration", err)
	}
	logger := runtime.Logger(cfg)
	slog.SetDefault(logger)
	ctx, stop := runtime.SignalContext()
	defer stop()

	gdb, rdb, err := runtime.Connect(ctx, cfg)
	if err != nil {
		runtime.Fatal("start worker", err)
	}
	defer rdb.Close()
	redisOpt, err := runtime.AsynqRedis(cfg)
	if err != nil {
		runtime.Fatal("start worker", err)
	}

	registry := tenants.NewRegistry(gdb, rdb, cfg.BaseDomain, cfg.TenantCacheTTL)
	mailer, err := notifications.NewMailer(cfg.SMTPURL, cfg.MailOutboxDir)
	if err != nil {
		runtime.Fatal("mailer", err)
	}
	notify, err := notifications.NewService(registry, mailer, cfg.MailFrom)
	if err != nil {
		runtime.Fatal("notifications", err)
	}
	// The business services are built exactly as in the api (apps/internal/compose): media with
	// the catalog's images, payments' provider, orders' hooks.
	svc, err := compose.Build(ctx, compose.Deps{Config: cfg, DB: gdb, Redis: rdb, Tenants: registry, Notify: notify})
	if err != nil {
		runtime.Fatal("build services", err)
	}
	mux := workers.NewMux(notify.RegisterTasks, svc.Media.RegisterTasks, workers.RegisterPurge(gdb),
		svc.Commerce.Orders.RegisterTasks, checkout.RegisterTasks(gdb), svc.Payments.RegisterTasks, svc.CatalogIO.RegisterTasks)

	srv := asynq.NewServer(redisOpt, asynq.Config{
		Concurrency:     cfg.WorkerConcurrency,
		Queues:          workers.Queues(),
		Logger:          asynqLogger{logger},
		ShutdownTimeout: cfg.ShutdownTimeout,
	})
	if err := srv.Start(mux); err != nil {
		runtime.Fatal("start asynq server", err)
	}

	client := asynq.NewClient(redisOpt)
	defer client.Close()
	go workers.NewRelay(gdb, client).Run(ctx, cfg.OutboxPollInterval)

	var scheduler *asynq.Scheduler
	if cfg.WorkerScheduler {
		scheduler = asynq.NewScheduler(redisOpt, &asynq.SchedulerOpts{Logger: asynqLogger{logger}})
		periodic := slices.Concat(workers.DefaultPeriodic(), orders.Periodic(), checkout.Periodic(), payments.Periodic())
		for _, p := range periodic {
			if _, err := scheduler.Register(p.Cron, p.Task, p.Opts...); err != nil {
				runtime.Fatal("schedule "+p.Task.Type(), err)
			}
		}
		if err := scheduler.Start(); err != nil {
			runtime.Fatal("start scheduler", err)
		}
	}
	logger.Info("worker running", "concurrency", cfg.WorkerConcurrency, "scheduler", cfg.WorkerScheduler, "mail", mailTarget(cfg))

	<-ctx.Done()
	logger.Info("worker shutting down")
	if scheduler != nil {
		scheduler.Shutdown()
	}
	srv.Shutdown()
}

func mailTarget(cfg configs.Config) string {
	if cfg.SMTPURL == "" {
		return "eml files in " + cfg.MailOutboxDir
	}
	return "smtp"
}

// asynqLogger routes Asynq's own logs into slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug("asynq", "msg", args) }
func (a asynqLogger) Info(args ...any)  { a.l.Info("asynq", "msg", args) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn("asynq", "msg", args) }
func (a asynqLogger) Error(args ...any) { a.l.Error("asynq", "msg", args) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error("asynq fatal", "msg", args) }
