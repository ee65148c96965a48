package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// TaskCreatePayment creates the payment of an order placed with a RemotePaymentProvider when
// checkout could not (relayed from the outbox, written with the order).
const TaskCreatePayment = "orders:create-payment"

// createPaymentDelay is how long the task waits before it runs: in the normal case checkout has
// created the payment by then, and the task finds it recorded and asks the provider nothing.
const createPaymentDelay = time.Minute

type createPaymentPayload struct {
	OrderID uuid.UUID `json:"order_id"`
}

func createPaymentJob(orderID uuid.UUID, now time.Time) workers.Job {
	return workers.Job{Type: TaskCreatePayment, Payload: createPaymentPayload{OrderID: orderID}, ProcessAt: now.Add(createPaymentDelay)}
}

// CompletePayment creates, with no transaction open, the payment of a pending order placed with a
// RemotePaymentProvider, and records it in one short transaction, with record (when not nil)
// writing the caller's own rows in it. It is idempotent: a payment already created is found
// again (the provider keys it on the order id), so checkout, its replays and TaskCreatePayment
// may all call it. It returns the zero result, and calls nothing, when the provider creates
// payments inside the checkout transaction or the order no longer waits for payment.
func (s *Service) CompletePayment(ctx context.Context, orderID uuid.UUID, record func(tx *gorm.DB, res PaymentResult) error) (PaymentResult, error) {
	remote, ok := s.d.Provider.(RemotePaymentProvider)
	if !ok {
		return PaymentResult{}, nil
	}
	var or orderRow
	var pay paymentRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", orderID).Take(&or).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrOrderNotFound
			}
			return err
		}
		return tx.Where("order_id = ?", orderID).Take(&pay).Error
	})
	if err != nil {
		return PaymentResult{}, fmt.Errorf("load order %s: %w", orderID, err)
	}
	if or.Status != StatusPendingPayment || pay.Status != "pending" || pay.Provider != remote.Name() {
		return PaymentResult{}, nil
	}
	view := or.order()
	res, err := remote.StartPayment(ctx, view, pay.ExternalRef)
	if err != nil {
		return PaymentResult{}, fmt.Errorf("create payment: %w", err)
	}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&paymentRow{}).Where("id = ? AND external_ref = ''", pay.ID).
			Updates(map[string]any{"external_ref": res.ExternalRef, "updated_at": time.Now().UTC()}).Error; err != nil {
			return fmt.Errorf("record payment reference: %w", err)
		}
		if err := remote.RecordPayment(ctx, tx, view, res); err != nil {
			return err
		}
		if record != nil {
			return record(tx, res)
		}
		return nil
	})
	if err != nil {
		return PaymentResult{}, err
	}
	return res, nil
}

func (s *Service) handleCreatePayment(ctx context.Context, t *asynq.Task) error {
	env, err := workers.DecodeEnvelope(t)
	if err != nil {
		return err
	}
	var p createPaymentPayload
	if err := json.Unmarshal(env.Data, &p); err != nil || p.OrderID == uuid.Nil {
		return fmt.Errorf("%s: bad payload: %w", TaskCreatePayment, asynq.SkipRetry)
	}
	_, err = s.CompletePayment(tenants.WithTenantID(ctx, env.TenantID), p.OrderID, nil)
	if errors.Is(err, ErrOrderNotFound) {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}
