// Package shipping owns vendors' shipping profiles (table shipping_profiles): where a vendor
// ships from, its return window, and zones (countries, regions, postcode patterns) each with
// rates. A rate is flat, by weight bands, by order value bands, or by great-circle distance bands
// from the ship-from coordinates to the delivery address; any rate may be free over an order
// value, and each carries a delivery-time estimate.
//
// Quote lists every rate that applies to a vendor's parcel at a destination, cheapest first;
// carts and checkout pick the cheapest unless the buyer chose another. Money is int64 minor
// units; float64 is used only for the distance.
//
// Also: the carriers the marketplace knows, with tracking URL templates.
//
// Routes: /api/v1/seller/vendors/{vendor_id}/shipping-profiles/... (seller), /api/v1/carriers.
// Task types: none.
package shipping
