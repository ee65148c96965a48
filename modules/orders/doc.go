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
// Routes: /api/v1/me/orders/... (buyer), /api/v1/orders/guest/{order_id} (guest with the order
// token), /api/v1/seller/vendors/{vendor_id}/orders/... (seller), /api/v1/admin/orders/...
// (operator). Task types: orders:release-unpaid.
package orders
