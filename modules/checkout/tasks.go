package checkout

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/workers"
)

// TaskPurgeRequests deletes idempotency records older than RequestRetention.
const TaskPurgeRequests = "checkout:purge-requests"

// RequestRetention is how long an Idempotency-Key is remembered.
const RequestRetention = 7 * 24 * time.Hour

// Periodic is the schedule of this module: the daily purge of old idempotency records.
// apps/worker appends it to workers.DefaultPeriodic().
func Periodic() []workers.Periodic {
	return []workers.Periodic{{Cron: "41 3 * * *", Task: asynq.NewTask(TaskPurgeRequests, nil),
		Opts: []asynq.Option{asynq.Queue(workers.QueueLow), asynq.Unique(time.Hour)}}}
}

// RegisterTasks returns the registrar of this module's task handlers; db is the app-role pool.
func RegisterTasks(db *gorm.DB) workers.TaskRegistrar {
	return func(mux *asynq.ServeMux) {
		mux.HandleFunc(TaskPurgeRequests, func(ctx context.Context, _ *asynq.Task) error {
			_, err := PurgeRequests(ctx, db, RequestRetention)
			return err
		})
	}
}

// PurgeRequests deletes, in every marketplace, idempotency records older than age.
func PurgeRequests(ctx context.Context, db *gorm.DB, age time.Duration) (int64, error) {
	var n int64
	if err := db.WithContext(ctx).Raw("select checkout_requests_purge(make_interval(secs => ?))", age.Seconds()).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("purge checkout requests: %w", err)
	}
	return n, nil
}
