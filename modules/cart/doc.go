// Package cart owns shopping carts (tables carts, cart_lines): guest carts, found by an opaque
// token (cookie mk_cart, or header X-Cart-Token for API clients; only its SHA-256 is stored),
// and account carts. A guest cart merges into the account cart when its holder signs in
// (MergeGuestCart; also done lazily on the first cart request of a signed-in user that still
// carries a guest token).
//
// The client sends only variant ids and quantities (1..999). Prices, currency and totals are
// always recomputed from the catalog through the VariantCatalog port, lines are grouped by
// vendor with per-vendor and overall totals, and notices say when a price changed since the
// buyer last saw it or when stock runs short. With a SellerGate (payments, when Stripe is
// configured) items of vendors that cannot take orders yet are refused on add and flagged
// unavailable ("<shop> cannot accept orders yet.") when already in the cart.
//
// Routes: /api/v1/carts/current[...]. Task types: none.
package cart
