// Package inventory owns stock: a vendor's stock locations (warehouses; a default one is made
// when the vendor is approved), on-hand and reserved quantities per variant per location,
// seller adjustments with a reason, the append-only movement history, low-stock alerts (one
// email to the vendor per crossing of its threshold, not per sale) and the reservation
// primitive checkout uses: Reserve, Release and Commit run inside the caller's transaction
// and change stock only through conditional updates, so concurrent buyers can never take more
// than there is. Stock cannot go below zero, nor can more be reserved than is on hand: both are
// CHECK constraints.
//
// The catalog registers variants with Track and learns every change of a variant's available
// quantity through OnAvailabilityChange, in the same transaction.
//
// Tables owned: stock_locations, inventory_items, stock_levels, stock_reservations,
// stock_movements. Routes: /api/v1/seller/vendors/{vendor_id}/locations...,
// /api/v1/seller/vendors/{vendor_id}/inventory... Task types: none (the low_stock email goes
// through module notifications).
package inventory
