#!/usr/bin/env bash
# Fails when the web app's checked-in OpenAPI document or generated client differs from what
# the server describes now. Fix with: go tool task openapi
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -u MARKETPLACE_PUBLIC_URL -u MARKETPLACE_BASE_DOMAIN go run ./apps/api openapi > "$tmp/openapi.json"
if ! diff -u apps/web/src/api/openapi.json "$tmp/openapi.json" > "$tmp/diff"; then
  head -40 "$tmp/diff"
  echo "apps/web/src/api/openapi.json is stale: run go tool task openapi" >&2
  exit 1
fi
(cd apps/web && npx --no-install openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null)
if ! diff -q apps/web/src/api/schema.d.ts "$tmp/schema.d.ts" >/dev/null; then
  echo "apps/web/src/api/schema.d.ts is stale: run go tool task openapi" >&2
  exit 1
fi
echo "OpenAPI document and web client are up to date"
