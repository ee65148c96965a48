package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Task types of this module.
const (
	// TaskStripeEvent processes one stored Stripe event (relayed from the outbox).
	TaskStripeEvent = "payments:stripe-event"
	// TaskTransfer transfers a vendor order's share to its seller (relayed from the outbox).
	TaskTransfer = "payments:transfer"
	// TaskSweep (periodic) retries pending transfers and unprocessed events of every marketplace.
	TaskSweep = "payments:sweep"
	// TaskReconcile (periodic) compares every marketplace's ledger with Stripe.
	TaskReconcile = "payments:reconcile"
)

type eventPayload struct {
	EventID string `json:"event_id"`
}

type transferPayload struct {
	VendorOrderID uuid.UUID `json:"vendor_order_id"`
}

// RegisterTasks registers the handlers of this module (apps/worker).
func (s *Service) RegisterTasks(mux *asynq.ServeMux) {
	mux.HandleFunc(TaskStripeEvent, func(ctx context.Context, t *asynq.Task) error {
		env, err := workers.DecodeEnvelope(t)
		if err != nil {
			return err
		}
		var p eventPayload
		if err := json.Unmarshal(env.Data, &p); err != nil || p.EventID == "" {
			return fmt.Errorf("%s: bad payload: %w", TaskStripeEvent, asynq.SkipRetry)
		}
		return permanent(s.ProcessEvent(tenants.WithTenantID(ctx, env.TenantID), p.EventID))
	})
	mux.HandleFunc(TaskTransfer, func(ctx context.Context, t *asynq.Task) error {
		env, err := workers.DecodeEnvelope(t)
		if err != nil {
			return err
		}
		var p transferPayload
		if err := json.Unmarshal(env.Data, &p); err != nil || p.VendorOrderID == uuid.Nil {
			return fmt.Errorf("%s: bad payload: %w", TaskTransfer, asynq.SkipRetry)
		}
		return permanent(s.TransferToSeller(tenants.WithTenantID(ctx, env.TenantID), p.VendorOrderID))
	})
	mux.HandleFunc(TaskSweep, func(ctx context.Context, _ *asynq.Task) error { return s.Sweep(ctx) })
	mux.HandleFunc(TaskReconcile, func(ctx context.Context, _ *asynq.Task) error {
		list, err := s.d.Tenants.List(ctx)
		if err != nil {
			return err
		}
		for _, t := range list {
			if _, err := s.Reconcile(tenants.WithTenantID(ctx, t.ID)); err != nil {
				slog.ErrorContext(ctx, "reconcile", "tenant_id", t.ID, "error", err)
			}
		}
		return nil
	})
}

// permanent marks errors that retrying cannot fix.
func permanent(err error) error {
	if err == nil || errors.Is(err, errs.ErrUnavailable) {
		return err
	}
	if errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrInvalid) {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

// Periodic is this module's schedule for the one scheduler (apps/worker appends it).
func Periodic() []workers.Periodic {
	return []workers.Periodic{
		{Cron: "*/10 * * * *", Task: asynq.NewTask(TaskSweep, nil), Opts: []asynq.Option{asynq.Queue(workers.QueueLow), asynq.Unique(9 * time.Minute)}},
		{Cron: "41 4 * * *", Task: asynq.NewTask(TaskReconcile, nil), Opts: []asynq.Option{asynq.Queue(workers.QueueLow), asynq.Unique(time.Hour)}},
	}
}

// Sweep retries, in every marketplace, transfers still pending (a seller finished onboarding
// later, Stripe was down) and events not processed after five minutes.
func (s *Service) Sweep(ctx context.Context) error {
	if !s.StripeEnabled() {
		return nil
	}
	list, err := s.d.Tenants.List(ctx)
	if err != nil {
		return err
	}
	for _, t := range list {
		tctx := tenants.WithTenantID(ctx, t.ID)
		var pending []uuid.UUID
		var events []string
		var held []splitRow
		err := s.d.Tenants.Tx(tctx, func(tx *gorm.DB) error {
			if err := tx.Where("transfer_status = 'held'").Order("created_at").Limit(500).Find(&held).Error; err != nil {
				return err
			}
			if err := tx.Model(&splitRow{}).Where("transfer_status = 'pending'").Limit(500).Pluck("vendor_order_id", &pending).Error; err != nil {
				return err
			}
			return tx.Model(&eventRow{}).Where("processed_at IS NULL AND received_at < ?", s.now().Add(-5*time.Minute)).Order("created").Limit(500).Pluck("id", &events).Error
		})
		if err != nil {
			return err
		}
		released, err := s.releaseDelivered(tctx, held)
		if err != nil {
			slog.WarnContext(ctx, "sweep held transfers", "tenant_id", t.ID, "error", err)
		}
		pending = append(pending, released...)
		for _, id := range events {
			if err := s.ProcessEvent(tctx, id); err != nil {
				slog.WarnContext(ctx, "sweep stripe event", "tenant_id", t.ID, "event", id, "error", err)
			}
		}
		for _, id := range pending {
			if err := s.TransferToSeller(tctx, id); err != nil {
				slog.WarnContext(ctx, "sweep transfer", "tenant_id", t.ID, "vendor_order_id", id, "error", err)
			}
		}
	}
	return nil
}

// deliveredStatuses are the vendor order statuses after which an on_delivery marketplace pays
// the seller.
var deliveredStatuses = map[string]bool{"delivered": true, "completed": true}

// releaseDelivered makes held transfers of delivered vendor orders due, for module orders
// versions that do not call ReleaseTransfer themselves. It returns the released ids.
func (s *Service) releaseDelivered(ctx context.Context, held []splitRow) ([]uuid.UUID, error) {
	var out []uuid.UUID
	seen := map[uuid.UUID]PaymentOrder{}
	for _, sp := range held {
		o, ok := seen[sp.OrderID]
		if !ok {
			var err error
			if o, err = s.d.Orders.PaymentOrder(ctx, sp.OrderID); err != nil {
				return out, err
			}
			seen[sp.OrderID] = o
		}
		for _, vo := range o.VendorOrders {
			if vo.ID != sp.VendorOrderID || !deliveredStatuses[vo.Status] {
				continue
			}
			err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
				return tx.Model(&splitRow{}).Where("vendor_order_id = ? AND transfer_status = 'held'", vo.ID).
					Updates(map[string]any{"transfer_status": "pending", "updated_at": s.now()}).Error
			})
			if err != nil {
				return out, err
			}
			out = append(out, vo.ID)
		}
	}
	return out, nil
}
