// Package notifytest delivers a marketplace's queued emails in tests, as the worker would, into
// an in-process SMTP capture.
package notifytest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/tenants"
	"github.com/openmarket/marketplace/workers"
)

// Deliver marks the tenant's unsent email outbox rows sent, runs each through the real
// email:send handler as the relay would enqueue it, and returns what the SMTP capture received.
func Deliver(t testing.TB, reg *tenants.Registry, from string, tenantID uuid.UUID) []testkit.CapturedMail {
	t.Helper()
	capture := testkit.SMTP(t)
	mailer, err := notifications.NewMailer(capture.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	notify, err := notifications.NewService(reg, mailer, from)
	if err != nil {
		t.Fatal(err)
	}
	mux := asynq.NewServeMux()
	notify.RegisterTasks(mux)
	type row struct {
		TenantID uuid.UUID
		ID       uuid.UUID
		TaskType string
		Payload  []byte
	}
	var rows []row
	err = testkit.OwnerDB(t).Raw(`update outbox set sent_at = now() where tenant_id = ? and sent_at is null and task_type = ?
		returning tenant_id, id, task_type, payload`, tenantID, notifications.TaskSendEmail).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		b, _ := json.Marshal(workers.Envelope{TenantID: r.TenantID, MessageID: r.ID, Data: r.Payload})
		if err := mux.ProcessTask(context.Background(), asynq.NewTask(r.TaskType, b)); err != nil {
			t.Fatalf("deliver %s: %v", r.TaskType, err)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return capture.WaitFor(t, len(rows), 10*time.Second)
}
