package shipping

import (
	"math"
	"testing"
)

func f(v float64) *float64 { return &v }
func i(v int64) *int64     { return &v }

func TestDistanceKm_Haversine(t *testing.T) {
	// Paris → London is about 344 km.
	if d := DistanceKm(48.8566, 2.3522, 51.5074, -0.1278); math.Abs(d-343.5) > 2 {
		t.Fatalf("Paris–London %.1f km", d)
	}
	if d := DistanceKm(10, 10, 10, 10); d != 0 {
		t.Fatalf("same point %.3f", d)
	}
}

func TestZone_Matches(t *testing.T) {
	z := ShippingZone{Countries: []string{"FR"}, Regions: []string{"IDF"}, Postcodes: []string{"75*", "92 1??"}}
	cases := map[Destination]bool{
		{Country: "FR", Region: "IDF", PostalCode: "75001"}: true,
		{Country: "fr", Region: "idf", PostalCode: "92100"}: true,
		{Country: "FR", Region: "IDF", PostalCode: "69001"}: false,
		{Country: "FR", Region: "ARA", PostalCode: "75001"}: false,
		{Country: "DE", Region: "IDF", PostalCode: "75001"}: false,
	}
	for d, want := range cases {
		if got := z.Matches(d); got != want {
			t.Errorf("%+v: %v, want %v", d, got, want)
		}
	}
	if !(ShippingZone{Countries: []string{"*"}}).Matches(Destination{Country: "JP"}) {
		t.Error("* matches everywhere")
	}
}

func TestQuoteProfile_AllRateKinds(t *testing.T) {
	p := ShippingProfile{Currency: "EUR", ShipFromLat: f(48.8566), ShipFromLon: f(2.3522), Zones: []ShippingZone{
		{Name: "Nowhere", Countries: []string{"US"}, Rates: []ShippingRate{{ID: "x", Kind: KindFlat, Amount: 1}}},
		{Name: "Europe", Countries: []string{"FR", "GB"}, Rates: []ShippingRate{
			{ID: "flat", Kind: KindFlat, Amount: 900, MinDays: 2, MaxDays: 3},
			{ID: "weight", Kind: KindWeight, Bands: []ShippingBand{{UpTo: 1000, Amount: 500}, {UpTo: 5000, Amount: 1200}}},
			{ID: "value", Kind: KindValue, Bands: []ShippingBand{{From: 0, Amount: 800}, {From: 5000, Amount: 300}}, FreeOver: i(10000)},
			{ID: "distance", Kind: KindDistance, Bands: []ShippingBand{{UpTo: 50, Amount: 200}, {UpTo: 500, Amount: 700}}},
		}},
	}}
	london := Destination{Country: "GB", Lat: f(51.5074), Lon: f(-0.1278)}
	byID := func(opts []ShippingOption) map[string]int64 {
		m := map[string]int64{}
		for _, o := range opts {
			m[o.RateID] = o.Amount
		}
		return m
	}
	got := byID(QuoteProfile(p, Parcel{WeightGrams: 800, Subtotal: 2000}, london))
	want := map[string]int64{"flat": 900, "weight": 500, "value": 800, "distance": 700}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (all %v)", k, got[k], v, got)
		}
	}
	opts := QuoteProfile(p, Parcel{WeightGrams: 9000, Subtotal: 12000}, Destination{Country: "FR"})
	got = byID(opts)
	if _, ok := got["weight"]; ok {
		t.Error("weight rate beyond its last band offered")
	}
	if _, ok := got["distance"]; ok {
		t.Error("distance rate offered without coordinates")
	}
	if got["value"] != 0 || opts[0].RateID != "value" {
		t.Errorf("free over 100.00 not cheapest first: %+v", opts)
	}
	if QuoteProfile(p, Parcel{}, Destination{Country: "JP"}) != nil {
		t.Error("options outside every zone")
	}
}
