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
//   - Checkout: StripeProvider is an orders.RemotePaymentProvider: the order commits pending
//     first, then StartPayment creates one PaymentIntent per order on the platform account
//     (amount = order total, transfer_group = order id, metadata tenant_id + order_id,
//     idempotency key "pi:"+order id) with no transaction open, and RecordPayment stores it in a
//     short second one; its client secret goes to the Payment Element. If that call fails, the
//     orders:create-payment task queued with the order creates it.
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
//     idempotency key "tr:"+vendor order id, minus the seller's debt; decided in one short
//     transaction, sent with none open, booked in a second (a failure leaves it pending for the
//     sweep).
//   - Refunds (StripeProvider.Refund, called by module orders in its refund transaction, so
//     still the Stripe calls made with a transaction open):
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
