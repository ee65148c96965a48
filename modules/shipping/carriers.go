package shipping

import (
	"net/url"
	"slices"
	"strings"
)

// ShippingCarrier is a shipping company with the template of its tracking page ({tracking} is replaced
// by the escaped tracking number).
type ShippingCarrier struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	URLTemplate string `json:"url_template"`
}

// Carriers are the carriers the marketplace knows; "other" has no tracking page.
var carriers = []ShippingCarrier{
	{Code: "ups", Name: "UPS", URLTemplate: "https://www.ups.com/track?tracknum={tracking}"},
	{Code: "usps", Name: "USPS", URLTemplate: "https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking}"},
	{Code: "fedex", Name: "FedEx", URLTemplate: "https://www.fedex.com/fedextrack/?trknbr={tracking}"},
	{Code: "dhl", Name: "DHL", URLTemplate: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={tracking}"},
	{Code: "royal-mail", Name: "Royal Mail", URLTemplate: "https://www.royalmail.com/track-your-item#/tracking-results/{tracking}"},
	{Code: "la-poste", Name: "La Poste / Colissimo", URLTemplate: "https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}"},
	{Code: "dpd", Name: "DPD", URLTemplate: "https://tracking.dpd.de/status/en_US/parcel/{tracking}"},
	{Code: "gls", Name: "GLS", URLTemplate: "https://gls-group.com/track/{tracking}"},
	{Code: "postnl", Name: "PostNL", URLTemplate: "https://jouw.postnl.nl/track-and-trace/{tracking}"},
	{Code: "canada-post", Name: "Canada Post", URLTemplate: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={tracking}"},
	{Code: "australia-post", Name: "Australia Post", URLTemplate: "https://auspost.com.au/mypost/track/#/details/{tracking}"},
	{Code: "other", Name: "Other"},
}

// Carriers lists the known carriers.
func Carriers() []ShippingCarrier { return slices.Clone(carriers) }

// TrackingURL returns the tracking page of number at carrier, or "" (unknown carrier, or none).
func TrackingURL(carrier, number string) string {
	for _, c := range carriers {
		if c.Code == carrier && c.URLTemplate != "" {
			return strings.ReplaceAll(c.URLTemplate, "{tracking}", url.QueryEscape(number))
		}
	}
	return ""
}

// KnownCarrier reports whether code is a carrier code.
func KnownCarrier(code string) bool {
	return slices.ContainsFunc(carriers, func(c ShippingCarrier) bool { return c.Code == code })
}
