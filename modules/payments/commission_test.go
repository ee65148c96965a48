package payments_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/tenants"
)

// Setting the rule of a scope a second time replaces it (issue 14, item 12): the upsert kept the
// stored row's id and the re-read looked for the new one, answering 500 "record not found".
func TestCommissionRule_SecondPutForTheSameScopeReplacesIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	const path = "/api/v1/admin/payments/commission-rules"
	if status, body := serveBody(t, ctx, e, nil, http.MethodPut, path, `{"scope":"marketplace","percent_bps":1000,"fixed":30}`); status != 200 {
		t.Fatalf("first PUT: %d %s", status, body)
	}
	status, body := serveBody(t, ctx, e, nil, http.MethodPut, path, `{"scope":"marketplace","percent_bps":1500,"fixed":50,"min":10}`)
	if status != 200 || !strings.Contains(body, `"percent_bps":1500`) || !strings.Contains(body, `"fixed":50`) || !strings.Contains(body, `"min":10`) {
		t.Fatalf("second PUT: %d %s; want 200 with the new values", status, body)
	}
	var rows []struct {
		PercentBps int
		Fixed      int64
		MinAmount  int64
	}
	if err := e.owner.Raw(`select percent_bps, fixed, min_amount from commission_rules where tenant_id = ? and scope = 'marketplace'`,
		tenants.IDFromContext(ctx)).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].PercentBps != 1500 || rows[0].Fixed != 50 || rows[0].MinAmount != 10 {
		t.Errorf("stored marketplace rules = %+v; want exactly one with 1500 bps, fixed 50, min 10", rows)
	}
}
