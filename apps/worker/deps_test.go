package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestWorkerLinksNoWebStack checks that the worker is built from the composition root
// (apps/internal/compose), not from the api: no web bundle, no api server.
//
// Fiber itself is still linked, through plumbing that mixes Fiber middleware with what every
// module uses: modules/platform/httpx (RequestID, AccessLog, Recover, SecurityHeaders,
// ErrorHandler, Metrics.Middleware, RefuseControlCharacters), tenants/middleware.go and
// identity's Authenticate (humafiber.Unwrap for the client IP). Once those Fiber parts move to
// packages only apps/api imports, add "github.com/gofiber/fiber" to forbidden.
func TestWorkerLinksNoWebStack(t *testing.T) {
	out, err := exec.CommandContext(context.Background(), "go", "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/openmarket/marketplace/apps/web",
		"github.com/openmarket/marketplace/apps/api",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("the worker links %s", dep)
			}
		}
	}
}
