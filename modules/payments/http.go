package payments

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

type webhookInput struct {
	Signature string `header:"Stripe-Signature" doc:"Stripe's signature of the raw body"`
	RawBody   []byte
}

type payWebhookOutput struct {
	Body struct {
		Received bool   `json:"received"`
		Outcome  string `json:"outcome" enum:"stored,duplicate,ignored"`
	}
}

type payConfigOutput struct {
	Body struct {
		Provider       string `json:"provider" enum:"stripe,manual"`
		PublishableKey string `json:"publishable_key,omitempty"`
	}
}

type vendorInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
}

type payAccountOutput struct{ Body PayoutAccount }

type payOnboardingOutput struct{ Body PayoutOnboarding }

type payBalanceOutput struct {
	Body struct {
		Balances []SellerBalance `json:"balances"`
	}
}

type transfersInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
	Status   string    `query:"status" enum:"upcoming,past,all" default:"all"`
	Limit    int       `query:"limit" minimum:"1" maximum:"500" default:"50"`
	Offset   int       `query:"offset" minimum:"0" maximum:"100000" default:"0"`
}

type paySplitsOutput struct {
	Body struct {
		VendorOrders []PayoutSplit `json:"vendor_orders"`
	}
}

type splitInput struct {
	VendorID      uuid.UUID `path:"vendor_id" format:"uuid"`
	VendorOrderID uuid.UUID `path:"vendor_order_id" format:"uuid"`
}

type paySplitOutput struct{ Body PayoutSplit }

type statementInput struct {
	VendorID uuid.UUID `path:"vendor_id" format:"uuid"`
	From     string    `query:"from" doc:"First day (YYYY-MM-DD), default 30 days ago"`
	To       string    `query:"to" doc:"Day after the last (YYYY-MM-DD), default tomorrow"`
}

type payCsvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type paySettingsIO struct{ Body PaymentSettings }

type payRulesOutput struct {
	Body struct {
		Rules []CommissionRule `json:"rules"`
	}
}

type ruleInput struct{ Body CommissionRuleInput }

type payRuleOutput struct{ Body CommissionRule }

type ruleIDInput struct {
	RuleID uuid.UUID `path:"rule_id" format:"uuid"`
}

type payAccountsOutput struct {
	Body struct {
		Accounts []PayoutAccount `json:"accounts"`
	}
}

type paySummaryOutput struct {
	Body struct {
		Currencies []MoneySummary `json:"currencies"`
	}
}

type payReconciliationOutput struct{ Body ReconciliationStatus }

// Routes registers the webhook, seller and operator endpoints.
func Routes(api huma.API, svc *Service, vendors VendorAccess) {
	hooks, seller, admin, public := []string{"Stripe webhooks"}, []string{"Seller payouts"}, []string{"Operator payments"}, []string{"Payments"}
	sec := access.Security()
	webhookDoc := "Stripe calls this on the platform host. The raw body is verified against Stripe-Signature (tolerance 300 s; the endpoint must be created with API version " +
		APIVersion + "); the event is stored once by id and processed by a worker. Bad or stale signatures answer 400 and change nothing."
	for _, ep := range []struct {
		id, path, summary string
		connect           bool
	}{
		{"stripe-webhook", "/api/v1/platform/webhooks/stripe", "Receive a Stripe event (platform account)", false},
		{"stripe-connect-webhook", "/api/v1/platform/webhooks/stripe/connect", "Receive a Stripe event (connected accounts)", true},
	} {
		connect := ep.connect
		huma.Register(api, huma.Operation{OperationID: ep.id, Method: http.MethodPost, Path: ep.path, Summary: ep.summary, Description: webhookDoc, Tags: hooks,
			MaxBodyBytes: 512 << 10},
			func(ctx context.Context, in *webhookInput) (*payWebhookOutput, error) {
				outcome, err := svc.ReceiveWebhook(ctx, connect, in.RawBody, in.Signature)
				if err != nil {
					return nil, err
				}
				out := &payWebhookOutput{}
				out.Body.Received, out.Body.Outcome = true, outcome
				return out, nil
			})
	}

	huma.Register(api, huma.Operation{OperationID: "get-payments-config", Method: http.MethodGet, Path: "/api/v1/payments/config",
		Summary: "Payment configuration", Description: "Which provider takes payments and, for Stripe, the publishable key for the Payment Element.", Tags: public},
		func(ctx context.Context, _ *struct{}) (*payConfigOutput, error) {
			out := &payConfigOutput{}
			out.Body.Provider = ProviderManual
			if svc.StripeEnabled() {
				out.Body.Provider, out.Body.PublishableKey = ProviderStripe, svc.PublishableKey()
			}
			return out, nil
		})

	check := func(ctx context.Context, vendorID uuid.UUID) error { return vendors.CheckVendor(ctx, vendorID) }
	huma.Register(api, huma.Operation{OperationID: "get-payout-account", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/account",
		Summary: "Get the payout account", Description: "The vendor's Stripe account as Stripe last reported it; ready means the vendor can sell.", Tags: seller, Security: sec},
		func(ctx context.Context, in *vendorInput) (*payAccountOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			st, err := svc.AccountStatus(ctx, in.VendorID)
			return &payAccountOutput{Body: st}, err
		})
	huma.Register(api, huma.Operation{OperationID: "start-payout-onboarding", Method: http.MethodPost, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/onboarding",
		Summary: "Set up payouts", Description: "Creates the vendor's Stripe Express account on first use and returns a fresh onboarding link (call again when a link expired).",
		Tags: seller, Security: sec},
		func(ctx context.Context, in *vendorInput) (*payOnboardingOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			ob, err := svc.StartOnboarding(ctx, in.VendorID)
			return &payOnboardingOutput{Body: ob}, err
		})
	huma.Register(api, huma.Operation{OperationID: "get-payout-balance", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/balance",
		Summary: "Get the seller balance", Description: "Per currency: owed and not yet transferred, debt netted from the next transfers, transferred so far.", Tags: seller, Security: sec},
		func(ctx context.Context, in *vendorInput) (*payBalanceOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			b, err := svc.SellerBalances(ctx, in.VendorID)
			out := &payBalanceOutput{}
			out.Body.Balances = b
			return out, err
		})
	huma.Register(api, huma.Operation{OperationID: "list-payout-transfers", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/transfers",
		Summary: "List transfers", Description: "The vendor's paid vendor orders with gross, commission, fees, net and transfer state; upcoming = not transferred yet.", Tags: seller, Security: sec},
		func(ctx context.Context, in *transfersInput) (*paySplitsOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			list, err := svc.SellerSplits(ctx, in.VendorID, in.Status, in.Limit, in.Offset)
			out := &paySplitsOutput{}
			out.Body.VendorOrders = list
			return out, err
		})
	huma.Register(api, huma.Operation{OperationID: "get-payout-breakdown", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/orders/{vendor_order_id}",
		Summary: "Get an order's breakdown", Description: "Gross, commission (with the rule used), fees and net of one vendor order.", Tags: seller, Security: sec},
		func(ctx context.Context, in *splitInput) (*paySplitOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			sp, err := svc.SellerSplit(ctx, in.VendorID, in.VendorOrderID)
			return &paySplitOutput{Body: sp}, err
		})
	huma.Register(api, huma.Operation{OperationID: "export-payout-statement", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/payouts/statement",
		Summary: "Export the statement as CSV", Description: "Every ledger line of the vendor's accounts in the period, amounts in minor units.", Tags: seller, Security: sec,
		Responses: map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}}}}},
		func(ctx context.Context, in *statementInput) (*payCsvOutput, error) {
			if err := check(ctx, in.VendorID); err != nil {
				return nil, err
			}
			now := time.Now().UTC()
			from, to := now.AddDate(0, 0, -30).Truncate(24*time.Hour), now.AddDate(0, 0, 1).Truncate(24*time.Hour)
			var err error
			if in.From != "" {
				if from, err = time.Parse(time.DateOnly, in.From); err != nil {
					return nil, errs.Invalid("query.from", "must be YYYY-MM-DD")
				}
			}
			if in.To != "" {
				if to, err = time.Parse(time.DateOnly, in.To); err != nil {
					return nil, errs.Invalid("query.to", "must be YYYY-MM-DD")
				}
			}
			if !to.After(from) || to.Sub(from) > 400*24*time.Hour {
				return nil, errs.Invalid("query.to", "must be after from, at most 400 days later")
			}
			lines, err := svc.Statement(ctx, in.VendorID, from, to)
			if err != nil {
				return nil, err
			}
			return &payCsvOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="statement.csv"`, Body: statementCSV(lines)}, nil
		})

	huma.Register(api, huma.Operation{OperationID: "get-payment-settings", Method: http.MethodGet, Path: "/api/v1/admin/payments/settings",
		Summary: "Get payout policy", Description: "When sellers are paid and who bears refunded commission.", Tags: admin, Security: sec},
		func(ctx context.Context, _ *struct{}) (*paySettingsIO, error) {
			st, err := svc.Settings(ctx)
			return &paySettingsIO{Body: st}, err
		})
	huma.Register(api, huma.Operation{OperationID: "update-payment-settings", Method: http.MethodPut, Path: "/api/v1/admin/payments/settings",
		Summary: "Set payout policy", Description: "Applies to orders paid from now on.", Tags: admin, Security: sec},
		func(ctx context.Context, in *paySettingsIO) (*paySettingsIO, error) {
			st, err := svc.UpdateSettings(ctx, in.Body)
			return &paySettingsIO{Body: st}, err
		})
	huma.Register(api, huma.Operation{OperationID: "list-commission-rules", Method: http.MethodGet, Path: "/api/v1/admin/payments/commission-rules",
		Summary: "List commission rules", Description: "The marketplace rule and its category and vendor overrides.", Tags: admin, Security: sec},
		func(ctx context.Context, _ *struct{}) (*payRulesOutput, error) {
			list, err := svc.CommissionRules(ctx)
			out := &payRulesOutput{}
			out.Body.Rules = list
			return out, err
		})
	huma.Register(api, huma.Operation{OperationID: "set-commission-rule", Method: http.MethodPut, Path: "/api/v1/admin/payments/commission-rules",
		Summary: "Set a commission rule", Description: "Creates or replaces the rule of a scope (marketplace, a category or a vendor). Paid orders keep their snapshotted rule.",
		Tags: admin, Security: sec},
		func(ctx context.Context, in *ruleInput) (*payRuleOutput, error) {
			r, err := svc.SetCommissionRule(ctx, in.Body)
			return &payRuleOutput{Body: r}, err
		})
	huma.Register(api, huma.Operation{OperationID: "delete-commission-rule", Method: http.MethodDelete, Path: "/api/v1/admin/payments/commission-rules/{rule_id}",
		Summary: "Delete a commission rule", Description: "Orders paid later fall back to the next broader rule.", Tags: admin, Security: sec, DefaultStatus: http.StatusNoContent},
		func(ctx context.Context, in *ruleIDInput) (*struct{}, error) {
			return nil, svc.DeleteCommissionRule(ctx, in.RuleID)
		})
	huma.Register(api, huma.Operation{OperationID: "list-payout-accounts", Method: http.MethodGet, Path: "/api/v1/admin/payments/accounts",
		Summary: "List sellers' payout accounts", Description: "Every seller's Stripe account state: ready, restricted (currently due, disabled reason) or disconnected.",
		Tags: admin, Security: sec},
		func(ctx context.Context, _ *struct{}) (*payAccountsOutput, error) {
			list, err := svc.Accounts(ctx)
			out := &payAccountsOutput{}
			out.Body.Accounts = list
			return out, err
		})
	huma.Register(api, huma.Operation{OperationID: "get-payments-summary", Method: http.MethodGet, Path: "/api/v1/admin/payments/summary",
		Summary: "Get the money summary", Description: "Per currency, from the ledger: cash, commission revenue, seller payables and debt, Stripe fees.", Tags: admin, Security: sec},
		func(ctx context.Context, _ *struct{}) (*paySummaryOutput, error) {
			list, err := svc.Summary(ctx)
			out := &paySummaryOutput{}
			out.Body.Currencies = list
			return out, err
		})
	huma.Register(api, huma.Operation{OperationID: "get-reconciliation", Method: http.MethodGet, Path: "/api/v1/admin/payments/reconciliation",
		Summary: "Get reconciliation status", Description: "The last comparison of the ledger with Stripe and the mismatches found.", Tags: admin, Security: sec},
		func(ctx context.Context, _ *struct{}) (*payReconciliationOutput, error) {
			st, err := svc.ReconciliationStatus(ctx)
			return &payReconciliationOutput{Body: st}, err
		})
}

func statementCSV(lines []ledger.EntryLine) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"date", "entry", "kind", "order_id", "vendor_order_id", "account", "currency", "debit", "credit", "memo"})
	for _, l := range lines {
		_ = w.Write([]string{l.At.UTC().Format(time.RFC3339), l.EntryKey, l.Kind, l.OrderID.String(), l.VendorOrderID.String(), l.Account, l.Currency,
			strconv.FormatInt(l.Debit, 10), strconv.FormatInt(l.Credit, 10), csvSafe(l.Memo)})
	}
	w.Flush()
	return b.Bytes()
}

// csvSafe keeps spreadsheet programs from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
