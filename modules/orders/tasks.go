package orders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// TaskReleaseUnpaid cancels unpaid orders past their pay-by time and releases their stock.
const TaskReleaseUnpaid = "orders:release-unpaid"

// Periodic is the schedule of this module: the release of unpaid orders every five minutes.
// apps/worker appends it to workers.DefaultPeriodic().
func Periodic() []workers.Periodic {
	return []workers.Periodic{{Cron: "*/5 * * * *", Task: asynq.NewTask(TaskReleaseUnpaid, nil),
		Opts: []asynq.Option{asynq.Queue(workers.QueueLow), asynq.Unique(4 * time.Minute)}}}
}

// RegisterTasks registers this module's task handlers.
func (s *Service) RegisterTasks(mux *asynq.ServeMux) {
	mux.HandleFunc(TaskReleaseUnpaid, func(ctx context.Context, _ *asynq.Task) error {
		_, err := s.ReleaseUnpaid(ctx, time.Now())
		return err
	})
	mux.HandleFunc(TaskCreatePayment, s.handleCreatePayment)
}

// ReleaseUnpaid cancels, in every marketplace, the orders still waiting for payment after their
// pay-by time (as of now), releasing their stock. It is idempotent: a cancelled order is no
// longer pending, and rows another worker holds are skipped.
func (s *Service) ReleaseUnpaid(ctx context.Context, now time.Time) (int, error) {
	var tenantIDs []uuid.UUID
	if err := s.d.DB.WithContext(ctx).Raw("select tenant_id from tenants_with_overdue_orders(?)", now).Scan(&tenantIDs).Error; err != nil {
		return 0, fmt.Errorf("find overdue orders: %w", err)
	}
	total := 0
	for _, tid := range tenantIDs {
		n, err := s.releaseTenant(tenants.WithTenantID(ctx, tid), now)
		total += n
		if err != nil {
			slog.ErrorContext(ctx, "release unpaid orders", "tenant_id", tid, "error", err)
		}
	}
	return total, nil
}

func (s *Service) releaseTenant(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for {
		done := 0
		err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
			var rows []orderRow
			if err := tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).
				Where("status = ? AND pay_by < ?", StatusPendingPayment, now).Order("pay_by").Limit(50).Find(&rows).Error; err != nil {
				return err
			}
			for i := range rows {
				if err := s.cancelOrder(ctx, tx, &rows[i], Actor{Kind: ActorSystem}, "not paid in time"); err != nil {
					return err
				}
			}
			done = len(rows)
			return nil
		})
		n += done
		if err != nil || done < 50 {
			return n, err
		}
	}
}
