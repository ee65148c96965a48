// Package vendors owns the sellers of a marketplace: applications to sell, the operator's
// decisions on them (approve, reject with a reason, suspend, reinstate), storefront settings
// (name, description, shipping and returns policies, accent colour, logo and banner media), staff
// invitations, custom storefront domains verified by a DNS TXT record, and the resolution of a
// storefront host ({slug}.{tenant}.{base}) to its vendor.
//
// Membership (owner or staff, which gives the seller role) is kept by module identity; this
// module decides who becomes a member (the applicant on approval, invited staff on acceptance)
// and asks identity to record it. Modules built on vendors (catalog, inventory) subscribe to
// status changes with OnStatusChange, inside the same transaction, so a suspended vendor's
// products leave listings atomically.
//
// A logo or banner must be the shop's own ready storefront image (kind storefront_logo or
// storefront_banner of that vendor, in this marketplace), checked through the StorefrontImages
// port the api wires to module media; public views carry links to them (logo_url, banner_url)
// and the accent colour (#rrggbb, migrations/00053).
//
// Tables owned: vendors, vendor_invitations, vendor_domains. Routes: /api/v1/vendors...,
// /api/v1/storefront, /api/v1/seller/vendors..., /api/v1/admin/vendors... Task types: none
// (emails go through module notifications: vendor_approved, vendor_rejected, vendor_suspended,
// vendor_invite).
package vendors
