package workers

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

	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/tenants"
)

// Job is a task a module wants run after its transaction commits.
type Job struct {
	// Type is the Asynq task type, such as "email:send".
	Type string
	// Payload is marshalled to JSON into the envelope's data.
	Payload any
	// Queue defaults to QueueDefault.
	Queue string
	// ProcessAt delays the task; zero means as soon as possible.
	ProcessAt time.Time
}

// Envelope is the payload of every task relayed from the outbox: the tenant it belongs to, the
// outbox row id (a natural idempotency key for handlers) and the module's own data.
type Envelope struct {
	TenantID  uuid.UUID       `json:"tenant_id"`
	MessageID uuid.UUID       `json:"message_id"`
	Data      json.RawMessage `json:"data"`
}

// Enqueue writes job to the outbox inside tx, which must be a tenants.Registry.Tx transaction:
// the row takes its tenant from the transaction's scope, and is relayed only if tx commits.
func Enqueue(tx *gorm.DB, job Job) (uuid.UUID, error) {
	queued, err := EnqueueAll(tx, job)
	if err != nil {
		return uuid.Nil, err
	}
	return queued[0], nil
}

// EnqueueAll writes jobs to the outbox inside tx in one statement (a checkout's emails), as
// Enqueue does one; it returns their ids in order.
func EnqueueAll(tx *gorm.DB, jobs ...Job) ([]uuid.UUID, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	tenantID, err := tenantOf(tx)
	if err != nil {
		return nil, err
	}
	rows, err := Rows(tenantID, jobs...)
	if err != nil {
		return nil, err
	}
	if err := tx.Create(&rows).Error; err != nil {
		return nil, fmt.Errorf("outbox: insert %s: %w", jobs[0].Type, err)
	}
	out := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}

// tenantOf is the marketplace tx is scoped to: from its context (tenants.Registry.Tx), else
// from the transaction's setting.
func tenantOf(tx *gorm.DB) (uuid.UUID, error) {
	if id := tenants.IDFromContext(tx.Statement.Context); id != uuid.Nil {
		return id, nil
	}
	var id *uuid.UUID
	if err := tx.Raw(`select nullif(current_setting('app.tenant_id', true), '')::uuid`).Scan(&id).Error; err != nil {
		return uuid.Nil, fmt.Errorf("outbox: read the transaction's marketplace: %w", err)
	}
	if id == nil {
		return uuid.Nil, errors.New("outbox: the transaction is scoped to no marketplace")
	}
	return *id, nil
}

// OutboxRow is a job as its outbox row, for a caller that inserts it in the same statement as
// its own rows (db.InsertAll: an order and its emails in one round trip). Every column is set,
// so nothing is read back.
type OutboxRow struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	TaskType  string
	Queue     string
	Payload   string // JSON, into a jsonb column
	ProcessAt *time.Time
	CreatedAt time.Time
	Attempts  int
}

// TableName is the outbox table.
func (OutboxRow) TableName() string { return "outbox" }

// Rows returns jobs as outbox rows of the marketplace tenantID (the transaction's: row-level
// security refuses any other), as EnqueueAll would write them.
func Rows(tenantID uuid.UUID, jobs ...Job) ([]OutboxRow, error) {
	rows := make([]OutboxRow, len(jobs))
	now := time.Now()
	for i, job := range jobs {
		data, err := json.Marshal(job.Payload)
		if err != nil {
			return nil, fmt.Errorf("outbox: marshal %s payload: %w", job.Type, err)
		}
		rows[i] = OutboxRow{TenantID: tenantID, ID: ids.New(), TaskType: job.Type, Queue: job.queue(), Payload: string(data),
			ProcessAt: job.processAt(), CreatedAt: now}
	}
	return rows, nil
}

func (job Job) queue() string {
	if job.Queue == "" {
		return QueueDefault
	}
	return job.Queue
}

func (job Job) processAt() *time.Time {
	if job.ProcessAt.IsZero() {
		return nil
	}
	return &job.ProcessAt
}

// DecodeEnvelope reads the envelope of a relayed task; a malformed one can never succeed, so
// it is marked to skip retries.
func DecodeEnvelope(t *asynq.Task) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(t.Payload(), &env); err != nil {
		return Envelope{}, fmt.Errorf("task %s: malformed envelope: %w: %w", t.Type(), err, asynq.SkipRetry)
	}
	if env.TenantID == uuid.Nil {
		return Envelope{}, fmt.Errorf("task %s: envelope without tenant: %w", t.Type(), asynq.SkipRetry)
	}
	return env, nil
}

// Retention keeps completed tasks' ids in Redis for a day, so a relay that re-sends a row it
// already enqueued (it crashed before marking it sent) is refused as a duplicate.
const Retention = 24 * time.Hour

// Relay moves committed outbox rows into Asynq.
type Relay struct {
	db     *gorm.DB
	client *asynq.Client
	batch  int
}

// NewRelay returns a relay reading db (the app role) and enqueueing through client.
func NewRelay(db *gorm.DB, client *asynq.Client) *Relay {
	return &Relay{db: db, client: client, batch: 100}
}

type outboxRow struct {
	TenantID  uuid.UUID
	ID        uuid.UUID
	TaskType  string
	Queue     string
	Payload   []byte
	ProcessAt *time.Time
}

// RunOnce relays up to one batch of unsent rows and returns how many it enqueued. Rows are
// claimed with FOR UPDATE SKIP LOCKED, so several relays may run at once. A row whose task id
// Asynq already holds counts as enqueued: that is the relay-ran-twice case.
func (r *Relay) RunOnce(ctx context.Context) (int, error) {
	sent := 0
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []outboxRow
		if err := tx.Raw("select tenant_id, id, task_type, queue, payload, process_at from outbox_claim(?)", r.batch).Scan(&rows).Error; err != nil {
			return fmt.Errorf("claim outbox rows: %w", err)
		}
		for _, row := range rows {
			env, err := json.Marshal(Envelope{TenantID: row.TenantID, MessageID: row.ID, Data: row.Payload})
			if err != nil {
				return err
			}
			opts := []asynq.Option{asynq.TaskID(row.ID.String()), asynq.Queue(row.Queue), asynq.Retention(Retention), asynq.MaxRetry(20)}
			if row.ProcessAt != nil {
				opts = append(opts, asynq.ProcessAt(*row.ProcessAt))
			}
			_, err = r.client.EnqueueContext(ctx, asynq.NewTask(row.TaskType, env), opts...)
			if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
				// Redis is likely down: record the attempt and leave the rest for the next run.
				if mErr := tx.Exec("select outbox_mark(?, ?, false, ?)", row.TenantID, row.ID, err.Error()).Error; mErr != nil {
					return mErr
				}
				return nil
			}
			if err := tx.Exec("select outbox_mark(?, ?, true, null)", row.TenantID, row.ID).Error; err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// Run relays until ctx ends, draining full batches at once and otherwise waiting interval.
func (r *Relay) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := r.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			slog.ErrorContext(ctx, "outbox relay", "error", err)
		}
		if n == r.batch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
