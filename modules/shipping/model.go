package shipping

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// Rate kinds.
const (
	KindFlat     = "flat"
	KindWeight   = "weight"
	KindValue    = "value"
	KindDistance = "distance"
)

// ShippingBand is one step of a banded rate: the amount applies up to (and including) UpTo grams or
// kilometres for weight and distance rates, or from From minor units of order value for value
// rates.
type ShippingBand struct {
	UpTo   int64 `json:"up_to,omitempty" minimum:"0" maximum:"10000000" doc:"Grams (weight) or kilometres (distance): the band covers up to this value"`
	From   int64 `json:"from,omitempty" minimum:"0" maximum:"100000000000" doc:"Order value in minor units (value rates): the band applies from this subtotal"`
	Amount int64 `json:"amount" minimum:"0" maximum:"100000000000" doc:"Price in minor units"`
}

// ShippingRate is one way to ship within a zone.
type ShippingRate struct {
	ID       string         `json:"id" minLength:"1" maxLength:"40" pattern:"^[a-z0-9_-]+$" doc:"Stable id within the profile, such as standard or express"`
	Name     string         `json:"name" minLength:"1" maxLength:"100"`
	Kind     string         `json:"kind" enum:"flat,weight,value,distance"`
	Amount   int64          `json:"amount,omitempty" minimum:"0" maximum:"100000000000" doc:"Flat price in minor units"`
	Bands    []ShippingBand `json:"bands,omitempty" maxItems:"50"`
	FreeOver *int64         `json:"free_over,omitempty" minimum:"0" maximum:"100000000000" doc:"Free when the vendor subtotal reaches this value"`
	MinDays  int            `json:"min_days" minimum:"0" maximum:"365"`
	MaxDays  int            `json:"max_days" minimum:"0" maximum:"365"`
}

// ShippingZone is a set of destinations with its rates.
type ShippingZone struct {
	Name      string         `json:"name" minLength:"1" maxLength:"100"`
	Countries []string       `json:"countries" minItems:"1" maxItems:"300" doc:"ISO alpha-2 codes, or * for everywhere"`
	Regions   []string       `json:"regions,omitempty" maxItems:"300" doc:"Empty for the whole countries"`
	Postcodes []string       `json:"postcodes,omitempty" maxItems:"300" doc:"Glob patterns such as 75* or SW1?; empty for all"`
	Rates     []ShippingRate `json:"rates" minItems:"1" maxItems:"20"`
}

// ShippingProfile is a vendor's shipping settings.
type ShippingProfile struct {
	ID               uuid.UUID      `json:"id"`
	VendorID         uuid.UUID      `json:"vendor_id"`
	Name             string         `json:"name"`
	IsDefault        bool           `json:"is_default"`
	ShipFromCountry  string         `json:"ship_from_country"`
	ShipFromLat      *float64       `json:"ship_from_lat"`
	ShipFromLon      *float64       `json:"ship_from_lon"`
	ReturnWindowDays int            `json:"return_window_days"`
	Currency         string         `json:"currency"`
	Zones            []ShippingZone `json:"zones"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// ShippingProfileInput creates or replaces a profile.
type ShippingProfileInput struct {
	Name             string         `json:"name" minLength:"1" maxLength:"100"`
	IsDefault        bool           `json:"is_default,omitempty" doc:"The profile quoted for the vendor's products (the first profile is always default)"`
	ShipFromCountry  string         `json:"ship_from_country" pattern:"^[A-Z]{2}$"`
	ShipFromLat      *float64       `json:"ship_from_lat,omitempty" minimum:"-90" maximum:"90"`
	ShipFromLon      *float64       `json:"ship_from_lon,omitempty" minimum:"-180" maximum:"180"`
	ReturnWindowDays *int           `json:"return_window_days,omitempty" minimum:"0" maximum:"365"`
	Currency         string         `json:"currency" pattern:"^[A-Z]{3}$"`
	Zones            []ShippingZone `json:"zones" maxItems:"50"`
}

func (in ShippingProfileInput) validate() error {
	if (in.ShipFromLat == nil) != (in.ShipFromLon == nil) {
		return errs.Invalid("body.ship_from_lat", "latitude and longitude go together")
	}
	for zi, z := range in.Zones {
		seen := map[string]bool{}
		for _, p := range z.Postcodes {
			if _, err := path.Match(p, ""); err != nil {
				return errs.Invalid(fmt.Sprintf("body.zones[%d].postcodes", zi), "bad pattern "+p)
			}
		}
		for ri, r := range z.Rates {
			field := fmt.Sprintf("body.zones[%d].rates[%d]", zi, ri)
			if seen[r.ID] {
				return errs.Invalid(field+".id", "is used twice in the zone")
			}
			seen[r.ID] = true
			if r.MaxDays < r.MinDays {
				return errs.Invalid(field+".max_days", "must be at least min_days")
			}
			switch r.Kind {
			case KindWeight, KindDistance, KindValue:
				if len(r.Bands) == 0 {
					return errs.Invalid(field+".bands", "are required for "+r.Kind+" rates")
				}
			}
			if r.Kind == KindDistance && in.ShipFromLat == nil {
				return errs.Invalid(field+".kind", "distance rates need the ship-from coordinates")
			}
		}
	}
	return nil
}

// Destination is a delivery address as shipping needs it.
type Destination struct {
	Country    string
	Region     string
	PostalCode string
	Lat, Lon   *float64
}

// Parcel is what one vendor ships for one order.
type Parcel struct {
	WeightGrams int64
	Subtotal    int64
	Currency    string
}

// ShippingOption is one priced way to ship a parcel.
type ShippingOption struct {
	RateID   string `json:"rate_id" doc:"Pass it back as the vendor's shipping choice"`
	Name     string `json:"name"`
	Zone     string `json:"zone"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	MinDays  int    `json:"min_days"`
	MaxDays  int    `json:"max_days"`
}

// Matches reports whether the zone covers dest.
func (z ShippingZone) Matches(d Destination) bool {
	country := strings.ToUpper(d.Country)
	if !slices.Contains(z.Countries, "*") && !slices.ContainsFunc(z.Countries, func(c string) bool { return strings.EqualFold(c, country) }) {
		return false
	}
	if len(z.Regions) > 0 && !slices.ContainsFunc(z.Regions, func(r string) bool { return strings.EqualFold(r, d.Region) }) {
		return false
	}
	if len(z.Postcodes) > 0 {
		pc := strings.ToUpper(strings.ReplaceAll(d.PostalCode, " ", ""))
		return slices.ContainsFunc(z.Postcodes, func(p string) bool {
			ok, _ := path.Match(strings.ToUpper(strings.ReplaceAll(p, " ", "")), pc)
			return ok
		})
	}
	return true
}

// Price prices rate r for parcel p delivered distanceKm away (negative when unknown); ok is false
// when the rate does not apply (over the last band, or distance unknown).
func (r ShippingRate) Price(p Parcel, distanceKm float64) (int64, bool) {
	var amount int64
	switch r.Kind {
	case KindFlat:
		amount = r.Amount
	case KindWeight:
		b, ok := bandUpTo(r.Bands, float64(p.WeightGrams))
		if !ok {
			return 0, false
		}
		amount = b
	case KindDistance:
		if distanceKm < 0 {
			return 0, false
		}
		b, ok := bandUpTo(r.Bands, distanceKm)
		if !ok {
			return 0, false
		}
		amount = b
	case KindValue:
		found := false
		var best int64 = -1
		for _, b := range r.Bands {
			if p.Subtotal >= b.From && b.From > best {
				best, amount, found = b.From, b.Amount, true
			}
		}
		if !found {
			return 0, false
		}
	default:
		return 0, false
	}
	if r.FreeOver != nil && p.Subtotal >= *r.FreeOver {
		amount = 0
	}
	return amount, true
}

func bandUpTo(bands []ShippingBand, v float64) (int64, bool) {
	var best *ShippingBand
	for i := range bands {
		b := &bands[i]
		if v <= float64(b.UpTo) && (best == nil || b.UpTo < best.UpTo) {
			best = b
		}
	}
	if best == nil {
		return 0, false
	}
	return best.Amount, true
}

// DistanceKm is the great-circle (haversine) distance between two points, in kilometres.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthRadiusKm = 6371.0088
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}

// QuoteProfile lists the options of profile p for parcel at dest, cheapest first (the first
// matching zone wins, as in most commerce platforms).
func QuoteProfile(p ShippingProfile, parcel Parcel, dest Destination) []ShippingOption {
	dist := -1.0
	if p.ShipFromLat != nil && p.ShipFromLon != nil && dest.Lat != nil && dest.Lon != nil {
		dist = DistanceKm(*p.ShipFromLat, *p.ShipFromLon, *dest.Lat, *dest.Lon)
	}
	for _, z := range p.Zones {
		if !z.Matches(dest) {
			continue
		}
		var out []ShippingOption
		for _, r := range z.Rates {
			amount, ok := r.Price(parcel, dist)
			if !ok {
				continue
			}
			out = append(out, ShippingOption{RateID: r.ID, Name: r.Name, Zone: z.Name, Amount: amount, Currency: p.Currency, MinDays: r.MinDays, MaxDays: r.MaxDays})
		}
		if len(out) == 0 {
			continue
		}
		slices.SortStableFunc(out, func(a, b ShippingOption) int {
			if a.Amount != b.Amount {
				if a.Amount < b.Amount {
					return -1
				}
				return 1
			}
			return a.MaxDays - b.MaxDays
		})
		return out
	}
	return nil
}
