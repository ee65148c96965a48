package identity

import (
	"time"

	"github.com/google/uuid"
)

// Account is a person's account in one marketplace.
type Account struct {
	ID            uuid.UUID
	Email         string
	Name          string
	EmailVerified bool
	CreatedAt     time.Time
}

// Vendor membership roles.
const (
	MemberOwner = "owner"
	MemberStaff = "staff"
)

// VendorMembership makes an account a member (owner or staff) of a vendor, which gives it the
// seller role.
type VendorMembership struct {
	VendorID uuid.UUID
	Role     string
}

// User is an account with what it may do in its marketplace.
type User struct {
	Account
	// Roles are buyer (every account), seller (any vendor membership), operator (granted).
	Roles             []string
	VendorMemberships []VendorMembership
}

// Session is one signed-in device of an account.
type Session struct {
	ID         uuid.UUID
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	UserAgent  string
	IP         string
	// Current is the session of the request that listed it.
	Current bool
}

// Issued is a new session: the token is shown once, to the client that signed in.
type Issued struct {
	Token     string
	ExpiresAt time.Time
}

// Address kinds.
const (
	AddressShipping = "shipping"
	AddressBilling  = "billing"
)

// Address is one entry of an account's address book.
type Address struct {
	ID         uuid.UUID
	Kind       string
	IsDefault  bool
	Name       string
	Company    string
	Line1      string
	Line2      string
	City       string
	Region     string
	PostalCode string
	Country    string
	Phone      string
	Latitude   *float64
	Longitude  *float64
	CreatedAt  time.Time
}

// AddressChange creates (all required fields set) or partially updates (nil = unchanged) an
// address.
type AddressChange struct {
	Kind       *string
	IsDefault  *bool
	Name       *string
	Company    *string
	Line1      *string
	Line2      *string
	City       *string
	Region     *string
	PostalCode *string
	Country    *string
	Phone      *string
	Latitude   *float64
	Longitude  *float64
}

// Invitation asks someone to become an operator of the marketplace.
type Invitation struct {
	ID        uuid.UUID
	Email     string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// PlatformAdmin runs the SaaS.
type PlatformAdmin struct {
	ID        uuid.UUID
	Email     string
	Name      string
	CreatedAt time.Time
}
