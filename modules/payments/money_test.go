package payments_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/ledger"
	"github.com/openmarket/marketplace/modules/orders"
	"github.com/openmarket/marketplace/modules/payments"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

func setRules(t *testing.T, e *env, ctx context.Context, rules ...payments.CommissionRuleInput) {
	t.Helper()
	for _, r := range rules {
		if _, err := e.svc.SetCommissionRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStripe_ThreeSellersTransfersAndCommissionEqualTheCharge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	a, _ := e.onboard(t, ctx)
	b, _ := e.onboard(t, ctx)
	c, _ := e.onboard(t, ctx)
	maxC := int64(400)
	setRules(t, e, ctx,
		payments.CommissionRuleInput{Scope: "marketplace", PercentBps: 1000, Fixed: 30},
		payments.CommissionRuleInput{Scope: "vendor", ScopeID: &c, PercentBps: 550, Min: 100, Max: &maxC})
	o, pi := e.place(t, ctx, part{a, 10000, 500, 0}, part{b, 2599, 0, 0}, part{c, 12345, 1000, 333})
	charge := e.pay(t, ctx, o, pi)

	if n := e.fake.Created("transfers"); n != 3 {
		t.Fatalf("transfers = %d, want 3", n)
	}
	var transferred, commission int64
	for _, vo := range o.VendorOrders {
		sp := e.split(t, ctx, vo)
		commission += sp.Commission
		if sp.TransferStatus != "transferred" || sp.Transferred != sp.Net || sp.Net != vo.Total-sp.Commission {
			t.Errorf("split %+v", sp)
		}
	}
	for _, tr := range e.fake.Transfers() {
		transferred += tr.Amount
		if tr.SourceTransaction != charge || tr.TransferGroup != o.ID.String() {
			t.Errorf("transfer %+v: want source %s and group %s", tr, charge, o.ID)
		}
	}
	if got := e.fake.Charge(charge).Amount; transferred+commission != got {
		t.Fatalf("transfers %d + commission %d = %d, charge %d", transferred, commission, transferred+commission, got)
	}
	// 10% + 0.30 of 100.00 = 10.30; of 25.99 = 2.90 (rounded) for B; C: 5.5% of 123.45 = 6.79, capped at 4.00.
	if want := int64(1030 + 290 + 400); commission != want {
		t.Errorf("commission = %d, want %d", commission, want)
	}
	if got := -e.balance(t, ctx, ledger.CommissionRevenue, uuid.Nil); got != commission {
		t.Errorf("commission revenue in the ledger = %d, want %d", got, commission)
	}
	for _, v := range []uuid.UUID{a, b, c} {
		if p := e.balance(t, ctx, ledger.SellerPayable, v); p != 0 {
			t.Errorf("seller %s payable after transfer = %d", v, p)
		}
	}
	e.assertBalanced(t, ctx)

	// Retries: the same event again, another event for the same intent, the transfer tasks
	// again: nothing new at Stripe or in the books.
	e.deliver(t, false, intentEvent("evt_again_"+ids.New().String(), pi, ctx, o.ID))
	e.mustDrain(t, ctx)
	for _, vo := range o.VendorOrders {
		if err := e.svc.TransferToSeller(ctx, vo.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if pis, trs := e.fake.Created("payment_intents"), e.fake.Created("transfers"); pis != 1 || trs != 3 {
		t.Fatalf("after retries: %d payment intents, %d transfers; want 1 and 3", pis, trs)
	}
	if n := e.orders.markedPaid(o.ID); n != 1 {
		t.Errorf("order marked paid %d times", n)
	}
	e.assertBalanced(t, ctx)

	st, err := e.svc.Reconcile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mismatches != 0 || st.Checked != 4 {
		t.Errorf("reconciliation %+v", st)
	}
}

func TestStripe_TransferWhoseAnswerWasLostIsNotSentTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{v, 5000, 0, 0})
	e.fake.SucceedIntent(pi)
	e.fake.LoseNextResponse("transfers", 1)
	e.deliver(t, false, intentEvent("evt_"+ids.New().String(), pi, ctx, o.ID))
	if errs := e.drain(t, ctx); len(errs) != 1 {
		t.Fatalf("want the transfer task to fail once, got %v", errs)
	}
	if sp := e.split(t, ctx, o.VendorOrders[0]); sp.TransferStatus != "pending" {
		t.Fatalf("after a lost answer the split is %s", sp.TransferStatus)
	}
	e.mustDrain(t, ctx) // the retry
	if n := e.fake.Created("transfers"); n != 1 {
		t.Fatalf("transfers = %d, want 1", n)
	}
	if sp := e.split(t, ctx, o.VendorOrders[0]); sp.TransferStatus != "transferred" || sp.TransferID == "" {
		t.Fatalf("split after retry: %+v", sp)
	}
	e.assertBalanced(t, ctx)
}

func TestStripe_PartialRefundReversesOnlyThatSellersShare(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	a, acctA := e.onboard(t, ctx)
	b, acctB := e.onboard(t, ctx)
	setRules(t, e, ctx, payments.CommissionRuleInput{Scope: "marketplace", PercentBps: 1000})
	o, pi := e.place(t, ctx, part{a, 4000, 0, 0}, part{b, 6000, 0, 0})
	e.pay(t, ctx, o, pi)
	balA, balB := e.fake.Balance(acctA, "eur"), e.fake.Balance(acctB, "eur")

	e.refund(t, ctx, o, o.VendorOrders[1], 1000)

	// 10% commission goes back with the refund: the seller bears 900.
	if got := e.fake.Balance(acctB, "eur"); got != balB-900 {
		t.Errorf("seller B balance %d, want %d", got, balB-900)
	}
	if got := e.fake.Balance(acctA, "eur"); got != balA {
		t.Errorf("seller A balance changed: %d → %d", balA, got)
	}
	if sp := e.split(t, ctx, o.VendorOrders[1]); sp.Reversed != 900 || sp.Refunded != 1000 || sp.CommissionRefunded != 100 {
		t.Errorf("split B %+v", sp)
	}
	if sp := e.split(t, ctx, o.VendorOrders[0]); sp.Reversed != 0 || sp.Refunded != 0 {
		t.Errorf("split A touched: %+v", sp)
	}
	if n := e.fake.Created("refunds"); n != 1 {
		t.Errorf("refunds = %d", n)
	}
	for _, v := range []uuid.UUID{a, b} {
		if p, d := e.balance(t, ctx, ledger.SellerPayable, v), e.balance(t, ctx, ledger.SellerDebt, v); p != 0 || d != 0 {
			t.Errorf("seller %s: payable %d debt %d", v, p, d)
		}
	}
	e.assertBalanced(t, ctx)
}

func TestStripe_ReversalBeyondSellerBalanceBecomesDebtNettedNextTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, acct := e.onboard(t, ctx)
	if _, err := e.svc.UpdateSettings(ctx, payments.PaymentSettings{TransferPolicy: payments.TransferAtPayment, RefundCommission: false}); err != nil {
		t.Fatal(err)
	}
	o, pi := e.place(t, ctx, part{v, 8000, 0, 0})
	e.pay(t, ctx, o, pi)
	e.fake.SetBalance(acct, "eur", 100) // the seller was paid out to its bank

	e.refund(t, ctx, o, o.VendorOrders[0], 5000)

	if sp := e.split(t, ctx, o.VendorOrders[0]); sp.Reversed != 100 {
		t.Fatalf("reversed %d, want 100", sp.Reversed)
	}
	if d := e.balance(t, ctx, ledger.SellerDebt, v); d != 4900 {
		t.Fatalf("seller debt = %d, want 4900", d)
	}
	bal, err := e.svc.SellerBalances(ctx, v)
	if err != nil || len(bal) != 1 || bal[0].Debt != 4900 {
		t.Fatalf("seller balance %+v %v", bal, err)
	}
	e.assertBalanced(t, ctx)

	// The next order's transfer pays the seller its share minus the debt.
	o2, pi2 := e.place(t, ctx, part{v, 10000, 0, 0})
	e.pay(t, ctx, o2, pi2)
	sp := e.split(t, ctx, o2.VendorOrders[0])
	if sp.DebtNetted != 4900 || sp.Transferred != sp.Net-4900 {
		t.Fatalf("second transfer %+v", sp)
	}
	if d := e.balance(t, ctx, ledger.SellerDebt, v); d != 0 {
		t.Errorf("debt after netting = %d", d)
	}
	e.assertBalanced(t, ctx)
}

func TestStripe_DisputeChargesTheSellersAndWinGivesItBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	a, _ := e.onboard(t, ctx)
	b, _ := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{a, 3000, 0, 0}, part{b, 1000, 0, 0})
	charge := e.pay(t, ctx, o, pi)
	dp := e.fake.OpenDispute(charge, 4000)
	obj := map[string]any{"id": dp, "object": "dispute", "charge": charge, "payment_intent": pi}
	e.deliver(t, false, stripefakeEvent("charge.dispute.created", obj))
	e.mustDrain(t, ctx)
	if da, db := e.balance(t, ctx, ledger.SellerDebt, a), e.balance(t, ctx, ledger.SellerDebt, b); da != 3000 || db != 1000 {
		t.Fatalf("dispute debts %d/%d, want 3000/1000", da, db)
	}
	if n := e.mail.count("payment_dispute"); n != 2 {
		t.Errorf("dispute emails = %d, want 2 (one per seller)", n)
	}
	e.fake.CloseDispute(dp, "won")
	e.deliver(t, false, stripefakeEvent("charge.dispute.closed", obj))
	e.mustDrain(t, ctx)
	if da, db := e.balance(t, ctx, ledger.SellerDebt, a), e.balance(t, ctx, ledger.SellerDebt, b); da != 0 || db != 0 {
		t.Fatalf("debts after a won dispute %d/%d", da, db)
	}
	e.assertBalanced(t, ctx)
}

func TestCheckout_RolledBackCheckoutRetriedMakesOnePaymentIntent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	order := orders.Order{ID: ids.New(), Number: "CRASH-1", Currency: "EUR", Total: 2500}
	provider := e.svc.Provider(orders.ManualProvider{})
	crash := errors.New("api killed before commit")
	var first, second orders.PaymentResult
	err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if first, err = provider.CreatePayment(ctx, tx, order); err != nil {
			return err
		}
		return crash
	})
	if !errors.Is(err, crash) {
		t.Fatal(err)
	}
	err = e.reg.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		second, err = provider.CreatePayment(ctx, tx, order)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Created("payment_intents"); n != 1 {
		t.Fatalf("payment intents = %d, want 1", n)
	}
	if first.ExternalRef != second.ExternalRef || first.ClientSecret != second.ClientSecret {
		t.Fatalf("retry got another intent: %s vs %s", first.ExternalRef, second.ExternalRef)
	}
	var rows int64
	if err := e.reg.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Table("stripe_payment_intents").Where("order_id = ?", order.ID).Count(&rows).Error
	}); err != nil || rows != 1 {
		t.Fatalf("intent rows = %d (%v)", rows, err)
	}
	_ = v
}

func TestManual_MarkPaidAndRefundPostTheSameEntries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	ctx := e.tenant(t)
	v := ids.New()
	setRules(t, e, ctx, payments.CommissionRuleInput{Scope: "marketplace", PercentBps: 1500})
	o := payments.PaymentOrder{ID: ids.New(), Number: "M-1", Currency: "EUR", Total: 2000,
		VendorOrders: []payments.PaymentVendorOrder{{ID: ids.New(), VendorID: v, Subtotal: 2000, Total: 2000}}}
	for range 2 { // the hook may run twice: booked once
		if err := e.reg.Tx(ctx, func(tx *gorm.DB) error { return e.svc.RecordOrderPaid(ctx, tx, o, payments.ProviderManual) }); err != nil {
			t.Fatal(err)
		}
	}
	if cash, comm, pay := e.balance(t, ctx, ledger.PlatformCash, uuid.Nil), e.balance(t, ctx, ledger.CommissionRevenue, uuid.Nil), e.balance(t, ctx, ledger.SellerPayable, v); cash != 2000 || comm != -300 || pay != -1700 {
		t.Fatalf("after manual payment: cash %d commission %d payable %d", cash, comm, pay)
	}
	e.refund(t, ctx, o, o.VendorOrders[0], 2000)
	if cash, comm, pay := e.balance(t, ctx, ledger.PlatformCash, uuid.Nil), e.balance(t, ctx, ledger.CommissionRevenue, uuid.Nil), e.balance(t, ctx, ledger.SellerPayable, v); cash != 0 || comm != 0 || pay != 0 {
		t.Fatalf("after manual refund: cash %d commission %d payable %d", cash, comm, pay)
	}
	e.assertBalanced(t, ctx)
}

func TestStripe_OnDeliveryPolicyHoldsTransfersUntilDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	a, _ := e.onboard(t, ctx)
	b, _ := e.onboard(t, ctx)
	if _, err := e.svc.UpdateSettings(ctx, payments.PaymentSettings{TransferPolicy: payments.TransferOnDelivery, RefundCommission: true}); err != nil {
		t.Fatal(err)
	}
	o, pi := e.place(t, ctx, part{a, 3000, 0, 0}, part{b, 2000, 0, 0})
	e.pay(t, ctx, o, pi)
	if n := e.fake.Created("transfers"); n != 0 {
		t.Fatalf("transferred %d before delivery", n)
	}
	if sp := e.split(t, ctx, o.VendorOrders[0]); sp.TransferStatus != "held" {
		t.Fatalf("split %s, want held", sp.TransferStatus)
	}
	e.orders.setStatus(o.ID, o.VendorOrders[0].ID, "delivered")
	if err := e.svc.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.Created("transfers"); n != 1 {
		t.Fatalf("transfers after one delivery = %d, want 1", n)
	}
	if sp := e.split(t, ctx, o.VendorOrders[1]); sp.TransferStatus != "held" {
		t.Errorf("undelivered part is %s", sp.TransferStatus)
	}
	// Module orders may also release it itself, in its own transaction.
	if err := e.reg.Tx(ctx, func(tx *gorm.DB) error { return e.svc.ReleaseTransfer(ctx, tx, o.VendorOrders[1].ID) }); err != nil {
		t.Fatal(err)
	}
	e.mustDrain(t, ctx)
	if n := e.fake.Created("transfers"); n != 2 {
		t.Fatalf("transfers = %d, want 2", n)
	}
	e.assertBalanced(t, ctx)
}

func TestStripe_PaymentAfterCancellationIsRefundedNotBooked(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := e.tenant(t)
	v, _ := e.onboard(t, ctx)
	o, pi := e.place(t, ctx, part{v, 2200, 0, 0})
	o.PaymentStatus = "cancelled" // released unpaid before the buyer confirmed
	e.orders.add(e.orders.tenantOf[o.ID], o)
	e.pay(t, ctx, o, pi)
	if n := e.orders.markedPaid(o.ID); n != 0 {
		t.Fatalf("a cancelled order was marked paid")
	}
	if r, tr := e.fake.Created("refunds"), e.fake.Created("transfers"); r != 1 || tr != 0 {
		t.Fatalf("refunds %d transfers %d, want 1 and 0", r, tr)
	}
	if cash := e.balance(t, ctx, ledger.PlatformCash, uuid.Nil); cash >= 0 {
		t.Errorf("cash %d: only the processing fee should remain spent", cash)
	}
	e.assertBalanced(t, ctx)
}
