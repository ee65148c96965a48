package workers_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type outboxState struct {
	Sent      bool
	Attempts  int
	LastError *string
}

func outboxRows(t *testing.T, tenant tenants.Tenant) []outboxState {
	t.Helper()
	var rows []outboxState
	testkit.OwnerDB(t).Raw(`select sent_at is not null as sent, attempts, last_error from outbox where tenant_id = ? order by created_at`, tenant.ID).Scan(&rows)
	return rows
}

func TestOutbox_EmailDeliveredOnceOnlyIfCommitted(t *testing.T) {
	ctx := context.Background()
	reg := testkit.Registry(t)
	tenant := testkit.NewTenant(t, reg, "outbox")
	capture := testkit.SMTP(t)
	mailer, err := notifications.NewMailer(capture.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	notify, err := notifications.NewService(reg, mailer, "Marketplace <no-reply@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	tctx := tenants.WithTenant(ctx, tenant)
	send := func(to string) func(tx *gorm.DB) error {
		return func(tx *gorm.DB) error {
			return notify.Send(tx, notifications.Email{To: to, Template: "notice", Data: map[string]string{"subject": "Hello " + to, "message": "Order shipped"}})
		}
	}

	// 1. Written in a transaction that rolls back: never sent.
	rollback := errors.New("rollback")
	if err := reg.Tx(tctx, func(tx *gorm.DB) error {
		if err := send("rolled-back@example.com")(tx); err != nil {
			return err
		}
		return rollback
	}); !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	// 2. Committed while Redis is unreachable: the relay fails, the row waits.
	if err := reg.Tx(tctx, send("buyer@example.com")); err != nil {
		t.Fatal(err)
	}
	down := asynq.NewClient(asynq.RedisClientOpt{Addr: "127.0.0.1:1", DialTimeout: 200 * time.Millisecond})
	defer down.Close()
	if n, err := workers.NewRelay(testkit.DB(t), down).RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("relay with Redis down: n=%d err=%v, want 0 and no error", n, err)
	}
	rows := outboxRows(t, tenant)
	if len(rows) != 1 || rows[0].Sent || rows[0].Attempts != 1 || rows[0].LastError == nil {
		t.Fatalf("after a failed relay the outbox is %+v, want one unsent row with the error recorded", rows)
	}

	// 3. Redis back: relayed once; a second run finds nothing.
	redisOpt := asynq.RedisClientOpt{Addr: testkit.RedisAddr(), DB: testkit.RedisDB(t)}
	client := asynq.NewClient(redisOpt)
	defer client.Close()
	relay := workers.NewRelay(testkit.DB(t), client)
	if n, err := relay.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("relay: n=%d err=%v, want 1", n, err)
	}
	if n, err := relay.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("second relay: n=%d err=%v, want 0", n, err)
	}
	// 4. A relay that crashed after enqueueing but before marking the row: it runs again, and
	// Asynq refuses the duplicate task id.
	testkit.OwnerDB(t).Exec(`update outbox set sent_at = null where tenant_id = ?`, tenant.ID)
	if n, err := relay.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("relay after crash: n=%d err=%v, want the row counted as relayed", n, err)
	}
	inspector := asynq.NewInspector(redisOpt)
	defer inspector.Close()
	info, err := inspector.GetQueueInfo(workers.QueueDefault)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 1 {
		t.Fatalf("default queue holds %d tasks, want exactly 1", info.Size)
	}

	// 5. The worker delivers it.
	mux := workers.NewMux(notify.RegisterTasks)
	srv := asynq.NewServer(redisOpt, asynq.Config{Concurrency: 2, Queues: workers.Queues(), LogLevel: asynq.ErrorLevel})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	msgs := capture.WaitFor(t, 1, 10*time.Second)
	srv.Shutdown()
	if len(msgs) != 1 || msgs[0].To[0] != "buyer@example.com" || msgs[0].Subject != "Hello buyer@example.com" {
		t.Fatalf("captured %+v, want one mail to buyer@example.com", msgs)
	}
	if !strings.Contains(msgs[0].Raw, "Order shipped") || !strings.Contains(msgs[0].Raw, "text/html") {
		t.Fatalf("mail lacks its text or HTML part:\n%s", msgs[0].Raw)
	}

	// 6. The same task delivered again (at-least-once delivery) sends nothing.
	var payload string
	testkit.OwnerDB(t).Raw(`select json_build_object('tenant_id', tenant_id, 'message_id', id, 'data', payload)::text from outbox where tenant_id = ?`, tenant.ID).Scan(&payload)
	if err := mux.ProcessTask(ctx, asynq.NewTask(notifications.TaskSendEmail, []byte(payload))); err != nil {
		t.Fatal(err)
	}
	if got := len(capture.Messages()); got != 1 {
		t.Fatalf("redelivered task sent again: %d messages", got)
	}
}

func TestOutbox_EnqueueRequiresTenantScope(t *testing.T) {
	err := testkit.DB(t).Transaction(func(tx *gorm.DB) error {
		_, err := workers.Enqueue(tx, workers.Job{Type: "test:x", Payload: map[string]int{"a": 1}})
		return err
	})
	if err == nil {
		t.Fatal("an outbox row was written outside any tenant scope")
	}
}

func TestEnvelope_MalformedPayloadSkipsRetry(t *testing.T) {
	_, err := workers.DecodeEnvelope(asynq.NewTask("x", []byte("{")))
	if !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("err = %v, want SkipRetry", err)
	}
	_, err = workers.DecodeEnvelope(asynq.NewTask("x", []byte(`{"data":{}}`)))
	if !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("envelope without tenant: err = %v, want SkipRetry", err)
	}
}

func TestOutbox_EnqueueAllWritesEveryJobInOrder(t *testing.T) {
	reg := testkit.Registry(t)
	tenant := testkit.NewTenant(t, reg, "outboxall")
	var got []uuid.UUID
	err := reg.Tx(tenants.WithTenant(context.Background(), tenant), func(tx *gorm.DB) error {
		var err error
		got, err = workers.EnqueueAll(tx, threeJobs()...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantThreeJobs(t, tenant.ID, got)
}

// Rows are the rows EnqueueAll writes, for a caller that inserts them with its own
// (db.InsertAll): the relay reads both alike.
func TestOutbox_RowsInsertedWithOtherRowsAreWhatEnqueueAllWrites(t *testing.T) {
	reg := testkit.Registry(t)
	tenant := testkit.NewTenant(t, reg, "outboxrows")
	rows, err := workers.Rows(tenant.ID, threeJobs()...)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Tx(tenants.WithTenant(context.Background(), tenant), func(tx *gorm.DB) error {
		return db.InsertAll(tx, &rows)
	}); err != nil {
		t.Fatal(err)
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	wantThreeJobs(t, tenant.ID, ids)
}

// threeJobs are a job on the default queue, one on the critical queue and a delayed one.
func threeJobs() []workers.Job {
	return []workers.Job{
		{Type: "test:a", Payload: map[string]int{"n": 1}},
		{Type: "test:b", Payload: map[string]int{"n": 2}, Queue: workers.QueueCritical},
		{Type: "test:c", Payload: map[string]int{"n": 3}, ProcessAt: time.Now().Add(time.Hour)},
	}
}

// wantThreeJobs checks that the outbox of tenantID holds threeJobs, with ids in order, pending.
func wantThreeJobs(t *testing.T, tenantID uuid.UUID, ids []uuid.UUID) {
	t.Helper()
	type row struct {
		ID       uuid.UUID
		TaskType string
		Queue    string
		Payload  string
		Delayed  bool
		Pending  bool
	}
	var got []row
	testkit.OwnerDB(t).Raw(`select id, task_type, queue, payload::text, process_at is not null as delayed, sent_at is null and attempts = 0 as pending
		from outbox where tenant_id = ? order by task_type`, tenantID).Scan(&got)
	if len(got) != 3 || len(ids) != 3 {
		t.Fatalf("rows = %+v, ids = %v; want three", got, ids)
	}
	for i, want := range []row{{ids[0], "test:a", workers.QueueDefault, `{"n": 1}`, false, true}, {ids[1], "test:b", workers.QueueCritical, `{"n": 2}`, false, true},
		{ids[2], "test:c", workers.QueueDefault, `{"n": 3}`, true, true}} {
		if got[i] != want {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want)
		}
	}
}
