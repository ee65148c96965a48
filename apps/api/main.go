// Command api is the marketplace HTTP server: every marketplace, storefront and the platform
// itself are served by this one binary, told apart by the request's host.
//
//	api           serve on MARKETPLACE_HTTP_ADDR
//	api openapi   print the OpenAPI 3.1 document and exit
package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/platform/runtime"
)

func main() {
	cfg, err := configs.Load()
	if err != nil {
		runtime.Fatal("invalid configuration", err)
	}
	logger := runtime.Logger(cfg)
	slog.SetDefault(logger)

	if len(os.Args) > 1 && os.Args[1] == "openapi" {
		app, err := server.New(server.Infra{Config: cfg, Logger: logger})
		if err != nil {
			runtime.Fatal("build api", err)
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(app.API.OpenAPI()); err != nil {
			runtime.Fatal("print openapi", err)
		}
		return
	}

	ctx, stop := runtime.SignalContext()
	defer stop()
	gdb, rdb, err := runtime.Connect(ctx, cfg)
	if err != nil {
		runtime.Fatal("start api", err)
	}
	app, err := server.New(server.Infra{Config: cfg, DB: gdb, Redis: rdb, Logger: logger})
	if err != nil {
		runtime.Fatal("build api", err)
	}
	app.Listen(ctx)
	if cfg.PprofAddr != "" {
		go servePprof(cfg.PprofAddr, logger)
	}

	errc := make(chan error, 1)
	go func() { errc <- app.Fiber.Listen(cfg.HTTPAddr) }()
	logger.Info("api listening", "addr", cfg.HTTPAddr, "public_url", cfg.PublicURL, "config", cfg.Redacted())
	select {
	case err := <-errc:
		runtime.Fatal("listen", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	if err := app.Fiber.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		logger.Error("shutdown", "error", err)
	}
	if sqlDB, err := gdb.DB(); err == nil {
		_ = sqlDB.Close()
	}
	_ = rdb.Close()
}

// servePprof serves Go's profiler on a loopback address (configs checks), for the measurements
// in docs/performance.md; off unless MARKETPLACE_PPROF_ADDR is set.
func servePprof(addr string, logger *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	logger.Info("profiler listening", "addr", addr)
	if err := srv.ListenAndServe(); err != nil {
		logger.Error("profiler", "error", err)
	}
}
