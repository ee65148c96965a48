// Package web embeds the built single-page app (apps/web/dist) and serves it
// from the API's Fiber app. Build it with `go tool task web:build`
// (npm ci && npm run build in apps/web) before `go build`.
package web

import "embed"

// dist holds the Vite build output. dist/.gitkeep is committed so that the
// pattern matches in a fresh clone that has not been built yet.
//
//go:embed all:dist
var dist embed.FS
