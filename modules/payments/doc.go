// Package payments takes buyers' money with Stripe Connect (separate charges and transfers),
// pays sellers their share minus commission, and books every movement in module ledger.
//
// Tables: payment_settings (payout policy), commission_rules (marketplace, per category, per
// vendor), stripe_accounts (sellers' Express accounts and their last reported state),
// stripe_payment_intents (one per order), payment_splits (per vendor order: commission with the
// rule snapshotted, net, transfer), payment_refunds, payment_disputes, stripe_events (webhook
// inbox, tenant-scoped), reconciliation_runs and reconciliation_issues.
//
// Money flow:
//   - Checkout: StripeProvider.CreatePayment creates one PaymentIntent per order on the platform
//     account (amount = order total, transfer_group = order id, metadata tenant_id + order_id,
//     idempotency key "pi:"+order id) and returns its client secret for the Payment Element.
//   - Webhooks (/api/v1/platform/webhooks/stripe and .../stripe/connect, on the platform host):
//     the raw body is verified (tolerance 300 s, API version 2023-10-16), the marketplace found
//     through the SECURITY DEFINER function stripe_event_tenant (PaymentIntent, transfer or
//     connected account id), the event stored once by id and processed by the
//     payments:stripe-event task, which fetches the object again from Stripe before acting.
//   - payment_intent.succeeded marks the order paid (port OrderBook) and books it
//     (RecordOrderPaid): splits, one balanced entry, the Stripe fee, and a payments:transfer
//     task per vendor order (at_payment) or a held transfer released by ReleaseTransfer
//     (on_delivery).
//   - TransferToSeller: one Transfer per vendor order, source_transaction = the charge,
//     idempotency key "tr:"+vendor order id, minus the seller's debt.
//   - Refunds (StripeProvider.Refund, called by module orders in its refund transaction):
//     refund the charge, give back commission per policy, reverse the seller's part as far as
//     its Stripe balance allows; the shortfall becomes seller debt.
//   - Disputes charge the sellers of the order as debt (won disputes give it back) and email
//     sellers and operators.
//   - Reconciliation (payments:reconcile, daily) compares PaymentIntents, charges' refunds and
//     transfers at Stripe with the books.
//
// With no Stripe key the manual provider stays in charge (Provider wraps it so refunds are
// booked) and RecordOrderPaid books operator-marked payments.
//
// Task types: payments:stripe-event, payments:transfer, payments:sweep (periodic),
// payments:reconcile (periodic).
package payments
