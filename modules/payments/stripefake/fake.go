// Package stripefake is an in-process fake of the part of the Stripe API module payments uses,
// keeping state: idempotency keys, PaymentIntents and charges, connected accounts with their
// balances, transfers and reversals, refunds, disputes, and failures injected on demand. It
// also signs webhook events. For tests only.
package stripefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/openmarket/marketplace/modules/platform/tokens"
)

// Fake is the server and its state. Read state through the methods; they lock.
type Fake struct {
	URL string

	mu        sync.Mutex
	seq       int
	instance  string
	idem      map[string]stored
	created   map[string]int
	intents   map[string]*Intent
	charges   map[string]*Charge
	accounts  map[string]*Account
	transfers map[string]*Transfer
	refunds   map[string]*Refund
	disputes  map[string]*Dispute
	fail      map[string]int
	lose      map[string]int
	// FeeBps and FeeFixed make the processing fee of a charge.
	FeeBps, FeeFixed int64
}

type stored struct {
	status int
	body   []byte
}

// Intent is a PaymentIntent.
type Intent struct {
	ID, Currency, Status, ChargeID, TransferGroup string
	Amount, AmountReceived                        int64
	Metadata                                      map[string]string
}

// Charge is a charge of a succeeded intent.
type Charge struct {
	ID, IntentID, Currency string
	Amount, Refunded, Fee  int64
	TransferredFrom        int64
}

// Account is a connected account.
type Account struct {
	ID                                               string
	ChargesEnabled, PayoutsEnabled, DetailsSubmitted bool
	CurrentlyDue                                     []string
	Balance                                          map[string]int64
	Metadata                                         map[string]string
}

// Transfer is a transfer to a connected account.
type Transfer struct {
	ID, Destination, Currency, SourceTransaction, TransferGroup string
	Amount, Reversed                                            int64
	Metadata                                                    map[string]string
}

// Refund is a refund of a charge.
type Refund struct {
	ID, IntentID string
	Amount       int64
}

// Dispute is a dispute of a charge.
type Dispute struct {
	ID, ChargeID, IntentID, Currency, Status, Reason string
	Amount                                           int64
}

// New starts a fake, stopped when t ends.
func New(t testing.TB) *Fake {
	f := &Fake{idem: map[string]stored{}, created: map[string]int{}, intents: map[string]*Intent{}, charges: map[string]*Charge{},
		accounts: map[string]*Account{}, transfers: map[string]*Transfer{}, refunds: map[string]*Refund{}, disputes: map[string]*Dispute{},
		fail: map[string]int{}, lose: map[string]int{}, FeeBps: 290, FeeFixed: 30, instance: randomHex()}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// Created is how many objects an operation created, such as "payment_intents", "transfers",
// "transfer_reversals", "refunds", "accounts".
func (f *Fake) Created(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.created[op]
}

// FailNext makes the next n calls of op ("transfers", ...) fail with a 500 before doing anything.
func (f *Fake) FailNext(op string, n int) {
	f.mu.Lock()
	f.fail[op] += n
	f.mu.Unlock()
}

// LoseNextResponse makes the next n creating calls of op succeed at "Stripe" but answer 500,
// as if the connection broke after the work was done.
func (f *Fake) LoseNextResponse(op string, n int) {
	f.mu.Lock()
	f.lose[op] += n
	f.mu.Unlock()
}

// SucceedIntent confirms a PaymentIntent as the Payment Element would: a charge is created
// with its processing fee. It returns the charge id.
func (f *Fake) SucceedIntent(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	pi := f.intents[id]
	if pi.ChargeID != "" {
		return pi.ChargeID
	}
	ch := &Charge{ID: f.id("ch"), IntentID: id, Currency: pi.Currency, Amount: pi.Amount, Fee: (pi.Amount*f.FeeBps+5000)/10000 + f.FeeFixed}
	f.charges[ch.ID] = ch
	pi.ChargeID, pi.Status, pi.AmountReceived = ch.ID, "succeeded", pi.Amount
	return ch.ID
}

// SetAccountReady finishes a connected account's onboarding.
func (f *Fake) SetAccountReady(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.accounts[id]
	a.ChargesEnabled, a.PayoutsEnabled, a.DetailsSubmitted, a.CurrentlyDue = true, true, true, nil
}

// SetBalance sets a connected account's available balance (a payout to its bank lowers it).
func (f *Fake) SetBalance(account, currency string, amount int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.accounts[account].Balance[strings.ToLower(currency)] = amount
}

// Balance is a connected account's available balance.
func (f *Fake) Balance(account, currency string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accounts[account].Balance[strings.ToLower(currency)]
}

// Transfers returns a copy of every transfer.
func (f *Fake) Transfers() []Transfer {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Transfer, 0, len(f.transfers))
	for _, t := range f.transfers {
		out = append(out, *t)
	}
	return out
}

// Charge returns a copy of a charge.
func (f *Fake) Charge(id string) Charge {
	f.mu.Lock()
	defer f.mu.Unlock()
	return *f.charges[id]
}

// OpenDispute disputes amount of a charge and returns the dispute id.
func (f *Fake) OpenDispute(chargeID string, amount int64) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.charges[chargeID]
	d := &Dispute{ID: f.id("dp"), ChargeID: chargeID, IntentID: ch.IntentID, Currency: ch.Currency, Status: "needs_response", Reason: "fraudulent", Amount: amount}
	f.disputes[d.ID] = d
	return d.ID
}

// CloseDispute decides a dispute ("won" or "lost").
func (f *Fake) CloseDispute(id, status string) {
	f.mu.Lock()
	f.disputes[id].Status = status
	f.mu.Unlock()
}

func (f *Fake) id(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s_%s%06d", prefix, f.instance, f.seq)
}

// randomHex keeps ids of fakes in parallel tests apart (they share one database).
func randomHex() string { return tokens.Hex(6) }

func writeJSON(w http.ResponseWriter, status int, v any) []byte {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return b
}

func apiError(code, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"type": "invalid_request_error", "code": code, "message": msg}}
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk_") {
		writeJSON(w, 401, map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "no key"}})
		return
	}
	_ = r.ParseForm()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "v1" {
		writeJSON(w, 404, apiError("resource_missing", "unknown path"))
		return
	}
	parts = parts[1:]
	op := parts[0]
	if len(parts) == 3 && parts[2] == "reversals" {
		op = "transfer_reversals"
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[op] > 0 {
		f.fail[op]--
		writeJSON(w, 500, map[string]any{"error": map[string]any{"type": "api_error", "message": "injected failure"}})
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if r.Method == http.MethodPost && key != "" {
		k := r.Header.Get("Stripe-Account") + "|" + key
		if s, ok := f.idem[k]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(s.status)
			_, _ = w.Write(s.body)
			return
		}
		rec := httptest.NewRecorder()
		f.route(rec, r, parts)
		if rec.Code < 500 {
			f.idem[k] = stored{status: rec.Code, body: rec.Body.Bytes()}
		}
		if rec.Code < 300 && f.lose[op] > 0 {
			f.lose[op]--
			writeJSON(w, 500, map[string]any{"error": map[string]any{"type": "api_error", "message": "connection lost"}})
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	f.route(w, r, parts)
}

func form(r *http.Request, k string) string { return r.PostForm.Get(k) }

func formInt(r *http.Request, k string) (int64, bool) {
	v := r.PostForm.Get(k)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

func metadata(r *http.Request) map[string]string {
	m := map[string]string{}
	for k, v := range r.PostForm {
		if strings.HasPrefix(k, "metadata[") && strings.HasSuffix(k, "]") {
			m[k[len("metadata["):len(k)-1]] = v[0]
		}
	}
	return m
}

func (f *Fake) route(w http.ResponseWriter, r *http.Request, p []string) {
	post := r.Method == http.MethodPost
	switch {
	case p[0] == "accounts" && len(p) == 1 && post:
		if form(r, "type") != "express" || form(r, "capabilities[card_payments][requested]") != "true" || form(r, "capabilities[transfers][requested]") != "true" {
			writeJSON(w, 400, apiError("parameter_missing", "express account with card_payments and transfers expected"))
			return
		}
		a := &Account{ID: f.id("acct"), CurrentlyDue: []string{"external_account", "tos_acceptance.date"}, Balance: map[string]int64{}, Metadata: metadata(r)}
		f.accounts[a.ID] = a
		f.created["accounts"]++
		writeJSON(w, 200, f.accountJSON(a))
	case p[0] == "accounts" && len(p) == 2 && !post:
		a, ok := f.accounts[p[1]]
		if !ok {
			writeJSON(w, 404, apiError("resource_missing", "no such account"))
			return
		}
		writeJSON(w, 200, f.accountJSON(a))
	case p[0] == "account_links" && post:
		if _, ok := f.accounts[form(r, "account")]; !ok || form(r, "refresh_url") == "" || form(r, "return_url") == "" || form(r, "type") != "account_onboarding" {
			writeJSON(w, 400, apiError("parameter_invalid", "bad account link"))
			return
		}
		f.created["account_links"]++
		writeJSON(w, 200, map[string]any{"object": "account_link", "url": "https://connect.stripe.test/setup/" + f.id("link"), "expires_at": time.Now().Add(5 * time.Minute).Unix()})
	case p[0] == "payment_intents" && len(p) == 1 && post:
		amount, ok := formInt(r, "amount")
		if !ok || amount <= 0 || form(r, "currency") == "" {
			writeJSON(w, 400, apiError("parameter_invalid_integer", "amount and currency required"))
			return
		}
		pi := &Intent{ID: f.id("pi"), Amount: amount, Currency: form(r, "currency"), Status: "requires_payment_method", TransferGroup: form(r, "transfer_group"), Metadata: metadata(r)}
		f.intents[pi.ID] = pi
		f.created["payment_intents"]++
		writeJSON(w, 200, f.intentJSON(pi))
	case p[0] == "payment_intents" && len(p) == 2 && !post:
		pi, ok := f.intents[p[1]]
		if !ok {
			writeJSON(w, 404, apiError("resource_missing", "no such payment_intent"))
			return
		}
		writeJSON(w, 200, f.intentJSON(pi))
	case p[0] == "charges" && len(p) == 2 && !post:
		ch, ok := f.charges[p[1]]
		if !ok {
			writeJSON(w, 404, apiError("resource_missing", "no such charge"))
			return
		}
		writeJSON(w, 200, map[string]any{"id": ch.ID, "object": "charge", "amount": ch.Amount, "amount_refunded": ch.Refunded, "currency": ch.Currency,
			"payment_intent": ch.IntentID, "balance_transaction": map[string]any{"id": "txn_" + ch.ID, "object": "balance_transaction", "fee": ch.Fee}})
	case p[0] == "transfers" && len(p) == 1 && post:
		amount, ok := formInt(r, "amount")
		dest := f.accounts[form(r, "destination")]
		ch := f.charges[form(r, "source_transaction")]
		switch {
		case !ok || amount <= 0 || dest == nil:
			writeJSON(w, 400, apiError("parameter_invalid", "amount and destination required"))
			return
		case form(r, "source_transaction") != "" && ch == nil:
			writeJSON(w, 400, apiError("resource_missing", "no such charge"))
			return
		case ch != nil && ch.TransferredFrom+amount > ch.Amount:
			writeJSON(w, 400, apiError("balance_insufficient", "transfers exceed the source charge"))
			return
		case !dest.PayoutsEnabled:
			writeJSON(w, 400, apiError("account_invalid", "destination cannot receive transfers"))
			return
		}
		if ch != nil {
			ch.TransferredFrom += amount
		}
		tr := &Transfer{ID: f.id("tr"), Destination: dest.ID, Currency: form(r, "currency"), SourceTransaction: form(r, "source_transaction"),
			TransferGroup: form(r, "transfer_group"), Amount: amount, Metadata: metadata(r)}
		f.transfers[tr.ID] = tr
		dest.Balance[tr.Currency] += amount
		f.created["transfers"]++
		writeJSON(w, 200, transferJSON(tr))
	case p[0] == "transfers" && len(p) == 2 && !post:
		tr, ok := f.transfers[p[1]]
		if !ok {
			writeJSON(w, 404, apiError("resource_missing", "no such transfer"))
			return
		}
		writeJSON(w, 200, transferJSON(tr))
	case p[0] == "transfers" && len(p) == 3 && p[2] == "reversals" && post:
		tr, ok := f.transfers[p[1]]
		amount, okA := formInt(r, "amount")
		if !ok || !okA || amount <= 0 || amount > tr.Amount-tr.Reversed {
			writeJSON(w, 400, apiError("parameter_invalid", "bad reversal"))
			return
		}
		dest := f.accounts[tr.Destination]
		if dest.Balance[tr.Currency] < amount {
			writeJSON(w, 400, apiError("balance_insufficient", "insufficient funds in the connected account"))
			return
		}
		dest.Balance[tr.Currency] -= amount
		tr.Reversed += amount
		f.created["transfer_reversals"]++
		writeJSON(w, 200, map[string]any{"id": f.id("trr"), "object": "transfer_reversal", "amount": amount, "currency": tr.Currency, "transfer": tr.ID})
	case p[0] == "refunds" && post:
		pi := f.intents[form(r, "payment_intent")]
		amount, ok := formInt(r, "amount")
		if pi == nil || pi.ChargeID == "" || !ok || amount <= 0 {
			writeJSON(w, 400, apiError("parameter_invalid", "bad refund"))
			return
		}
		ch := f.charges[pi.ChargeID]
		if ch.Refunded+amount > ch.Amount {
			writeJSON(w, 400, apiError("charge_already_refunded", "refund exceeds the charge"))
			return
		}
		ch.Refunded += amount
		re := &Refund{ID: f.id("re"), IntentID: pi.ID, Amount: amount}
		f.refunds[re.ID] = re
		f.created["refunds"]++
		writeJSON(w, 200, map[string]any{"id": re.ID, "object": "refund", "amount": amount, "currency": ch.Currency, "charge": ch.ID, "payment_intent": pi.ID, "status": "succeeded"})
	case p[0] == "balance" && !post:
		acct := f.accounts[r.Header.Get("Stripe-Account")]
		var avail []map[string]any
		if acct != nil {
			for c, n := range acct.Balance {
				avail = append(avail, map[string]any{"amount": n, "currency": c})
			}
		}
		writeJSON(w, 200, map[string]any{"object": "balance", "available": avail, "pending": []any{}, "livemode": false})
	case p[0] == "disputes" && len(p) == 2 && !post:
		d, ok := f.disputes[p[1]]
		if !ok {
			writeJSON(w, 404, apiError("resource_missing", "no such dispute"))
			return
		}
		writeJSON(w, 200, map[string]any{"id": d.ID, "object": "dispute", "amount": d.Amount, "currency": d.Currency, "status": d.Status, "reason": d.Reason,
			"charge": d.ChargeID, "payment_intent": d.IntentID})
	default:
		writeJSON(w, 404, apiError("resource_missing", "the fake does not serve "+r.Method+" "+r.URL.Path))
	}
}

func (f *Fake) accountJSON(a *Account) map[string]any {
	due := a.CurrentlyDue
	if due == nil {
		due = []string{}
	}
	return map[string]any{"id": a.ID, "object": "account", "type": "express", "charges_enabled": a.ChargesEnabled, "payouts_enabled": a.PayoutsEnabled,
		"details_submitted": a.DetailsSubmitted, "metadata": a.Metadata, "requirements": map[string]any{"currently_due": due}}
}

func (f *Fake) intentJSON(pi *Intent) map[string]any {
	m := map[string]any{"id": pi.ID, "object": "payment_intent", "amount": pi.Amount, "amount_received": pi.AmountReceived, "currency": pi.Currency,
		"status": pi.Status, "client_secret": pi.ID + "_secret_fake", "transfer_group": pi.TransferGroup, "metadata": pi.Metadata, "livemode": false}
	if pi.ChargeID != "" {
		m["latest_charge"] = pi.ChargeID
	}
	return m
}

func transferJSON(tr *Transfer) map[string]any {
	return map[string]any{"id": tr.ID, "object": "transfer", "amount": tr.Amount, "amount_reversed": tr.Reversed, "currency": tr.Currency,
		"destination": tr.Destination, "source_transaction": tr.SourceTransaction, "transfer_group": tr.TransferGroup, "metadata": tr.Metadata}
}

// Event builds a webhook event body (API version of stripe-go) for object, as Stripe would
// send it; account is set for Connect events.
func Event(id, typ string, object map[string]any, account string) []byte {
	ev := map[string]any{"id": id, "object": "event", "api_version": stripe.APIVersion, "type": typ, "livemode": false, "created": time.Now().Unix(),
		"data": map[string]any{"object": object}, "pending_webhooks": 1}
	if account != "" {
		ev["account"] = account
	}
	b, _ := json.Marshal(ev)
	return b
}

// Sign returns the Stripe-Signature header of payload signed with secret at ts.
func Sign(payload []byte, secret string, ts time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: ts}).Header
}
