// Package migrations holds the goose SQL migrations (schema, roles, row-level security) and
// embeds them so `marketctl migrate` needs nothing beside its binary. They run as the owner
// role, never at api start-up.
package migrations

import "embed"

// FS is every migration, in goose's NNNNN_name.sql order.
//
//go:embed *.sql
var FS embed.FS

// AppRole is the DML-only role the api and worker connect as: not superuser, not BYPASSRLS,
// owner of nothing.
const AppRole = "marketplace_app"

// RegistryRole is a NOLOGIN role that owns the SECURITY DEFINER lookups which must read across
// tenants (host to tenant, the outbox relay). Nobody can log in as it or SET ROLE to it.
const RegistryRole = "marketplace_registry"
