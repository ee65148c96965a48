// Package ids makes identifiers. Every row id is a UUIDv7: time-ordered, so B-tree inserts stay
// local, and unguessable enough that ids leak nothing about other tenants.
package ids

import "github.com/google/uuid"

// New returns a fresh UUIDv7. It panics only if the system's random source fails, which the
// process cannot recover from anyway.
func New() uuid.UUID { return uuid.Must(uuid.NewV7()) }
