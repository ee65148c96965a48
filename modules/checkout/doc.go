// Package checkout turns a cart into an order: POST /api/v1/checkout/quote prices shipping (the
// cheapest rate per vendor unless the buyer chose another) and tax for an address, and
// POST /api/v1/checkout places the order.
//
// Placing an order is one database transaction: it records the Idempotency-Key, locks the cart
// and checks it did not change since it was priced, reserves stock through the StockReserver
// port with conditional updates, creates the order and its vendor orders with the pending
// payment (module orders, through its PaymentProvider), queues the emails through the outbox,
// and empties the cart. It makes no network call: with a provider that calls out (Stripe, an
// orders.RemotePaymentProvider), the order commits pending with an orders:create-payment task
// in the outbox, then the PaymentIntent is created with no transaction open and recorded, with
// its client secret in the stored answer, in a short second transaction
// (orders.Service.CompletePayment). If that call fails, checkout answers the provider's error
// (503 when Stripe is unreachable) and the order stays placed: a retry with the same
// Idempotency-Key replays it and tries the payment again, and the task creates it meanwhile.
// Replays answer the stored client secret. Before it, every vendor of the cart must be able to take orders, as the
// cart's seller gate (payments) said when it priced the cart: with Stripe, a vendor whose payout
// account is not ready makes quote and checkout fail with 422 naming the shop, and nothing is
// written.
//
// Idempotency (table checkout_requests): the key's row is the first write of the transaction. A
// concurrent request with the same key blocks on the row's unique key until the first commits
// (then it replays the stored response: same body) or rolls back (then it runs itself, so
// failures are never cached). The same key with a different request (body, buyer or cart) is
// refused with 422.
//
// Routes: /api/v1/checkout, /api/v1/checkout/quote. Task types: checkout:purge-requests
// (daily; records are kept RequestRetention). The release of unpaid orders is module orders'.
package checkout
