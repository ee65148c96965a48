package workers

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/gorm"
)

// TaskRegistrar is implemented by each module that handles tasks (its RegisterTasks).
type TaskRegistrar func(mux *asynq.ServeMux)

// NewMux assembles the handlers of every module and wraps them with logging.
func NewMux(registrars ...TaskRegistrar) *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.Use(logTasks)
	for _, register := range registrars {
		register(mux)
	}
	return mux
}

func logTasks(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		id, _ := asynq.GetTaskID(ctx)
		err := next.ProcessTask(ctx, t)
		level := slog.LevelInfo
		if err != nil {
			level = slog.LevelError
		}
		slog.Log(ctx, level, "task", "type", t.Type(), "task_id", id, "duration_us", time.Since(start).Microseconds(), "error", errString(err))
		return err
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// PurgeTaskType deletes relayed outbox rows older than a week; scheduled daily.
const PurgeTaskType = "outbox:purge"

// RegisterPurge registers the outbox:purge handler.
func RegisterPurge(db *gorm.DB) TaskRegistrar {
	return func(mux *asynq.ServeMux) {
		mux.HandleFunc(PurgeTaskType, func(ctx context.Context, _ *asynq.Task) error {
			var n int64
			if err := db.WithContext(ctx).Raw("select outbox_purge(interval '7 days')").Scan(&n).Error; err != nil {
				return fmt.Errorf("purge outbox: %w", err)
			}
			slog.InfoContext(ctx, "outbox purged", "rows", n)
			return nil
		})
	}
}

// Periodic is a task the single scheduler enqueues on a cron spec.
type Periodic struct {
	Cron string
	Task *asynq.Task
	Opts []asynq.Option
}

// DefaultPeriodic is the platform's own schedule; modules append theirs in apps/worker.
func DefaultPeriodic() []Periodic {
	return []Periodic{{Cron: "17 3 * * *", Task: asynq.NewTask(PurgeTaskType, nil), Opts: []asynq.Option{asynq.Queue(QueueLow), asynq.Unique(time.Hour)}}}
}

// QueueCollector exports Asynq queue sizes to Prometheus.
type QueueCollector struct {
	inspector *asynq.Inspector
	size      *prometheus.Desc
}

// NewQueueCollector reads queue sizes through inspector on each scrape.
func NewQueueCollector(inspector *asynq.Inspector) *QueueCollector {
	return &QueueCollector{
		inspector: inspector,
		size:      prometheus.NewDesc("marketplace_asynq_queue_tasks", "Tasks in an Asynq queue by state.", []string{"queue", "state"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *QueueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.size }

// Collect implements prometheus.Collector; an unreachable Redis yields no samples.
func (c *QueueCollector) Collect(ch chan<- prometheus.Metric) {
	for q := range Queues() {
		info, err := c.inspector.GetQueueInfo(q)
		if err != nil {
			// A queue nothing was ever enqueued to does not exist yet: report zeros.
			known, lerr := c.inspector.Queues()
			if lerr != nil || slices.Contains(known, q) {
				continue
			}
			info = &asynq.QueueInfo{}
		}
		for state, n := range map[string]int{"pending": info.Pending, "active": info.Active, "scheduled": info.Scheduled, "retry": info.Retry, "archived": info.Archived} {
			ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(n), q, state)
		}
	}
}
