// Package orders owns what a checkout becomes and everything after: the buyer's order and one
// vendor order per seller with snapshotted lines (orders, vendor_orders, order_lines), the log
// of every status transition with actor and time (order_events), payments and refunds through
// a PaymentProvider (payments, refunds; the manual provider records them), shipments with
// carrier and tracking (shipments), return requests (return_requests) and post-sale messages
// between buyer and seller (order_messages).
//
// State machines: each vendor order moves only along VendorTransitions; the buyer's order status
// is derived from its vendor orders after every change and moves only along OrderTransitions.
// Every transition is recorded in order_events and the buyer is emailed where it matters
// (paid, shipped with tracking, delivered, cancelled, refunded, return decisions).
//
// Unpaid orders of a provider that waits for payment (manual) carry a pay-by time; the periodic
// task orders:release-unpaid cancels them after it and releases their stock.
//
// A RemotePaymentProvider (Stripe) is never called inside a transaction: Create writes the order
// pending with an orders:create-payment task in the outbox, and CompletePayment (called by
// checkout once the order has committed, or by the task a minute later) creates the payment and
// records it in a short transaction. Refunds still call the provider inside the refund's
// transaction.
//
// Routes: /api/v1/me/orders/... (buyer), /api/v1/orders/guest/{order_id} (guest with the order
// token), /api/v1/seller/vendors/{vendor_id}/orders/... (seller), /api/v1/admin/orders/...
// (operator). Task types: orders:release-unpaid, orders:create-payment.
package orders
