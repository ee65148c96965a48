package identity

import (
	"errors"
	"testing"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

func TestValidateAddress_CountryRules(t *testing.T) {
	t.Parallel()
	base := func() addressRow {
		return addressRow{Kind: AddressShipping, Name: "Ada", Line1: "1 Main St", City: "Town"}
	}
	cases := []struct {
		name                    string
		country, postal, region string
		field                   string // "" means valid
	}{
		{"US ZIP", "US", "94105", "CA", ""},
		{"US ZIP+4", "US", "94105-1234", "NY", ""},
		{"US bad ZIP", "US", "9410", "CA", "body.postal_code"},
		{"US missing state", "US", "94105", "", "body.region"},
		{"US unknown state", "US", "94105", "XX", "body.region"},
		{"CA", "CA", "K1A 0B1", "ON", ""},
		{"CA bad", "CA", "12345", "ON", "body.postal_code"},
		{"GB", "GB", "SW1A 1AA", "", ""},
		{"GB bad", "GB", "12345", "", "body.postal_code"},
		{"DE", "DE", "10115", "", ""},
		{"DE bad", "DE", "1011", "", "body.postal_code"},
		{"FR", "FR", "75001", "", ""},
		{"NL", "NL", "1012 AB", "", ""},
		{"AU needs state", "AU", "2000", "", "body.region"},
		{"AU", "AU", "2000", "NSW", ""},
		{"no postcodes", "AE", "", "", ""},
		{"postcode required", "SG", "", "", "body.postal_code"},
		{"loose postcode", "SG", "018956", "", ""},
		{"unknown country", "ZZ", "1", "", "body.country"},
	}
	for _, c := range cases {
		r := base()
		r.Country, r.PostalCode, r.Region = c.country, c.postal, c.region
		err := validateAddress(&r)
		var fe *errs.FieldError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field):
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}
