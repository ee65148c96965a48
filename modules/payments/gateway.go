package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// gateway is every Stripe call this module makes, with the answers reduced to what it uses.
// Creating calls always carry an idempotency key.
type gateway struct {
	api *client.API
}

type intent struct {
	ID             string
	ClientSecret   string
	Status         string
	Amount         int64
	AmountReceived int64
	Currency       string
	ChargeID       string
	Metadata       map[string]string
	Livemode       bool
}

type charge struct {
	ID             string
	PaymentIntent  string
	Amount         int64
	AmountRefunded int64
	Fee            int64
	Currency       string
}

type transfer struct {
	ID             string
	Amount         int64
	AmountReversed int64
	Destination    string
	Currency       string
}

type connectedAccount struct {
	ID               string
	ChargesEnabled   bool
	PayoutsEnabled   bool
	DetailsSubmitted bool
	CurrentlyDue     []string
	DisabledReason   string
	Livemode         bool
}

type dispute struct {
	ID            string
	Amount        int64
	Currency      string
	Status        string
	Reason        string
	ChargeID      string
	PaymentIntent string
}

// wrapStripe maps Stripe's answers to error kinds: refusals of our request are invalid or
// conflicts; everything else (network, 5xx, rate limits) is unavailable, so tasks retry.
func wrapStripe(op string, err error) error {
	var se *stripe.Error
	if errors.As(err, &se) {
		switch {
		case se.HTTPStatusCode == 404:
			return fmt.Errorf("stripe %s: %s: %w", op, se.Msg, errs.ErrNotFound)
		case se.Code == stripe.ErrorCodeBalanceInsufficient || se.Code == "insufficient_funds":
			return fmt.Errorf("stripe %s: %s: %w", op, se.Msg, errInsufficient)
		case se.Type == stripe.ErrorTypeIdempotency:
			return fmt.Errorf("stripe %s: %s: %w", op, se.Msg, errs.ErrConflict)
		case se.HTTPStatusCode == 400 || se.HTTPStatusCode == 402:
			return fmt.Errorf("stripe %s: %s: %w", op, se.Msg, errs.ErrInvalid)
		}
	}
	return fmt.Errorf("stripe %s: %w: %w", op, err, errs.ErrUnavailable)
}

// errInsufficient is a connected account without the balance a reversal needs.
var errInsufficient = fmt.Errorf("insufficient balance: %w", errs.ErrConflict)

func cur(c string) string { return strings.ToLower(c) }

func (g gateway) createAccount(ctx context.Context, email, country string, meta map[string]string, key string) (connectedAccount, error) {
	p := &stripe.AccountParams{
		Type: stripe.String(string(stripe.AccountTypeExpress)),
		Capabilities: &stripe.AccountCapabilitiesParams{
			CardPayments: &stripe.AccountCapabilitiesCardPaymentsParams{Requested: stripe.Bool(true)},
			Transfers:    &stripe.AccountCapabilitiesTransfersParams{Requested: stripe.Bool(true)},
		},
	}
	if email != "" {
		p.Email = stripe.String(email)
	}
	if country != "" {
		p.Country = stripe.String(country)
	}
	p.Context = ctx
	for k, v := range meta {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(key)
	a, err := g.api.Accounts.New(p)
	if err != nil {
		return connectedAccount{}, wrapStripe("create account", err)
	}
	return toAccount(a), nil
}

func toAccount(a *stripe.Account) connectedAccount {
	out := connectedAccount{ID: a.ID, ChargesEnabled: a.ChargesEnabled, PayoutsEnabled: a.PayoutsEnabled, DetailsSubmitted: a.DetailsSubmitted, CurrentlyDue: []string{}}
	if a.Requirements != nil {
		out.CurrentlyDue = append(out.CurrentlyDue, a.Requirements.CurrentlyDue...)
		out.DisabledReason = string(a.Requirements.DisabledReason)
	}
	return out
}

func (g gateway) getAccount(ctx context.Context, id string) (connectedAccount, error) {
	p := &stripe.AccountParams{}
	p.Context = ctx
	a, err := g.api.Accounts.GetByID(id, p)
	if err != nil {
		return connectedAccount{}, wrapStripe("retrieve account", err)
	}
	return toAccount(a), nil
}

func (g gateway) accountLink(ctx context.Context, account, refreshURL, returnURL string) (string, error) {
	p := &stripe.AccountLinkParams{Account: stripe.String(account), RefreshURL: stripe.String(refreshURL),
		ReturnURL: stripe.String(returnURL), Type: stripe.String("account_onboarding")}
	p.Context = ctx
	l, err := g.api.AccountLinks.New(p)
	if err != nil {
		return "", wrapStripe("create account link", err)
	}
	return l.URL, nil
}

func toIntent(pi *stripe.PaymentIntent) intent {
	out := intent{ID: pi.ID, ClientSecret: pi.ClientSecret, Status: string(pi.Status), Amount: pi.Amount, AmountReceived: pi.AmountReceived,
		Currency: strings.ToUpper(string(pi.Currency)), Metadata: pi.Metadata, Livemode: pi.Livemode}
	if pi.LatestCharge != nil {
		out.ChargeID = pi.LatestCharge.ID
	}
	return out
}

func (g gateway) createIntent(ctx context.Context, amount int64, currency, transferGroup string, meta map[string]string, key string) (intent, error) {
	p := &stripe.PaymentIntentParams{
		Amount: stripe.Int64(amount), Currency: stripe.String(cur(currency)), TransferGroup: stripe.String(transferGroup),
		AutomaticPaymentMethods: &stripe.PaymentIntentAutomaticPaymentMethodsParams{Enabled: stripe.Bool(true)},
	}
	p.Context = ctx
	for k, v := range meta {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(key)
	pi, err := g.api.PaymentIntents.New(p)
	if err != nil {
		return intent{}, wrapStripe("create payment intent", err)
	}
	return toIntent(pi), nil
}

func (g gateway) getIntent(ctx context.Context, id string) (intent, error) {
	p := &stripe.PaymentIntentParams{}
	p.Context = ctx
	pi, err := g.api.PaymentIntents.Get(id, p)
	if err != nil {
		return intent{}, wrapStripe("retrieve payment intent", err)
	}
	return toIntent(pi), nil
}

func (g gateway) getCharge(ctx context.Context, id string) (charge, error) {
	p := &stripe.ChargeParams{}
	p.Context = ctx
	p.AddExpand("balance_transaction")
	c, err := g.api.Charges.Get(id, p)
	if err != nil {
		return charge{}, wrapStripe("retrieve charge", err)
	}
	out := charge{ID: c.ID, Amount: c.Amount, AmountRefunded: c.AmountRefunded, Currency: strings.ToUpper(string(c.Currency))}
	if c.PaymentIntent != nil {
		out.PaymentIntent = c.PaymentIntent.ID
	}
	if c.BalanceTransaction != nil {
		out.Fee = c.BalanceTransaction.Fee
	}
	return out, nil
}

func (g gateway) createTransfer(ctx context.Context, amount int64, currency, destination, sourceCharge, group string, meta map[string]string, key string) (transfer, error) {
	p := &stripe.TransferParams{Amount: stripe.Int64(amount), Currency: stripe.String(cur(currency)), Destination: stripe.String(destination),
		TransferGroup: stripe.String(group)}
	if sourceCharge != "" {
		p.SourceTransaction = stripe.String(sourceCharge)
	}
	p.Context = ctx
	for k, v := range meta {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(key)
	t, err := g.api.Transfers.New(p)
	if err != nil {
		return transfer{}, wrapStripe("create transfer", err)
	}
	return toTransfer(t), nil
}

func toTransfer(t *stripe.Transfer) transfer {
	out := transfer{ID: t.ID, Amount: t.Amount, AmountReversed: t.AmountReversed, Currency: strings.ToUpper(string(t.Currency))}
	if t.Destination != nil {
		out.Destination = t.Destination.ID
	}
	return out
}

func (g gateway) getTransfer(ctx context.Context, id string) (transfer, error) {
	p := &stripe.TransferParams{}
	p.Context = ctx
	t, err := g.api.Transfers.Get(id, p)
	if err != nil {
		return transfer{}, wrapStripe("retrieve transfer", err)
	}
	return toTransfer(t), nil
}

func (g gateway) reverseTransfer(ctx context.Context, transferID string, amount int64, meta map[string]string, key string) (string, error) {
	p := &stripe.TransferReversalParams{ID: stripe.String(transferID), Amount: stripe.Int64(amount)}
	p.Context = ctx
	for k, v := range meta {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(key)
	r, err := g.api.TransferReversals.New(p)
	if err != nil {
		return "", wrapStripe("reverse transfer", err)
	}
	return r.ID, nil
}

func (g gateway) refund(ctx context.Context, paymentIntent string, amount int64, meta map[string]string, key string) (string, error) {
	p := &stripe.RefundParams{PaymentIntent: stripe.String(paymentIntent), Amount: stripe.Int64(amount)}
	p.Context = ctx
	for k, v := range meta {
		p.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(key)
	r, err := g.api.Refunds.New(p)
	if err != nil {
		return "", wrapStripe("create refund", err)
	}
	return r.ID, nil
}

// availableBalance is a connected account's available balance in currency.
func (g gateway) availableBalance(ctx context.Context, account, currency string) (int64, error) {
	p := &stripe.BalanceParams{}
	p.Context = ctx
	p.SetStripeAccount(account)
	b, err := g.api.Balance.Get(p)
	if err != nil {
		return 0, wrapStripe("retrieve balance", err)
	}
	var n int64
	for _, a := range b.Available {
		if strings.EqualFold(string(a.Currency), currency) {
			n += a.Amount
		}
	}
	return n, nil
}

func (g gateway) getDispute(ctx context.Context, id string) (dispute, error) {
	p := &stripe.DisputeParams{}
	p.Context = ctx
	d, err := g.api.Disputes.Get(id, p)
	if err != nil {
		return dispute{}, wrapStripe("retrieve dispute", err)
	}
	out := dispute{ID: d.ID, Amount: d.Amount, Currency: strings.ToUpper(string(d.Currency)), Status: string(d.Status), Reason: string(d.Reason)}
	if d.Charge != nil {
		out.ChargeID = d.Charge.ID
	}
	if d.PaymentIntent != nil {
		out.PaymentIntent = d.PaymentIntent.ID
	}
	return out, nil
}
