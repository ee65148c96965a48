// Package workers is the Asynq plumbing: the transactional outbox every module writes jobs to,
// the relay that moves outbox rows into Asynq, the task envelope that carries the tenant, the
// server mux assembled from each module's RegisterTasks, and queue metrics.
//
// Queues: critical (money, checkout follow-ups), default (email), low (reports, cleanup).
package workers

// Queue names, by priority.
const (
	QueueCritical = "critical"
	QueueDefault  = "default"
	QueueLow      = "low"
)

// Queues is the Asynq server's weighted queue configuration (a fresh map each call, so no caller
// can change another's).
func Queues() map[string]int { return map[string]int{QueueCritical: 6, QueueDefault: 3, QueueLow: 1} }
