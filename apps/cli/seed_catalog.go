package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/configs"
	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/media"
	"github.com/openmarket/marketplace/modules/shipping"
	"github.com/openmarket/marketplace/modules/tax"
	"github.com/openmarket/marketplace/modules/vendors"
	"github.com/openmarket/marketplace/tenants"
)

// demoSellerPassword is the password of the demo sellers seller1..3@demo.example.
const demoSellerPassword = "demo-seller-2026"

type demoVendor struct {
	email, name, slug, country, description, shipping, returns, skuPrefix string
	products                                                              []demoProduct
}

type demoProduct struct {
	title, category, blurb string
	price                  int64
	tags                   []string
	attrs                  map[string]any
	option                 string
	values                 []string
}

type demoCategory struct{ slug, name, parent string }

var demoCategories = []demoCategory{
	{"electronics", "Electronics", ""},
	{"headphones", "Headphones", "electronics"},
	{"speakers", "Speakers", "electronics"},
	{"audio-accessories", "Audio Accessories", "electronics"},
	{"home-kitchen", "Home & Kitchen", ""},
	{"mugs-cups", "Mugs & Cups", "home-kitchen"},
	{"tableware", "Tableware", "home-kitchen"},
	{"home-decor", "Decor", "home-kitchen"},
	{"outdoor", "Outdoor", ""},
	{"outdoor-apparel", "Apparel", "outdoor"},
	{"camping-gear", "Camping Gear", "outdoor"},
	{"bags-packs", "Bags & Packs", "outdoor"},
}

var colours = []string{"Black", "Silver", "Navy"}
var sizes = []string{"S", "M", "L", "XL"}

var demoVendors = []demoVendor{
	{
		email: "seller1@demo.example", name: "Northwind Audio", slug: "northwind-audio", country: "DE", skuPrefix: "NWA",
		description: "Independent audio workshop from Hamburg: headphones, speakers and the cables to connect them, tuned by ear.",
		shipping:    "Orders ship within 2 working days with tracking. Free shipping over $75.",
		returns:     "30-day returns on unused items in their original packaging.",
		products: []demoProduct{
			{"Wireless Headphones", "headphones", "Over-ear Bluetooth headphones with active noise cancelling and 30 hours of battery.", 12900, []string{"bluetooth", "noise cancelling"}, map[string]any{"wireless": true, "battery_hours": 30, "brand": "Northwind"}, "Colour", colours},
			{"Studio Monitor Headphones", "headphones", "Closed-back wired headphones with a flat response for mixing and tracking.", 8900, []string{"studio", "wired"}, map[string]any{"wireless": false, "impedance_ohms": 80, "brand": "Northwind"}, "", nil},
			{"Aurora Wireless Earbuds", "headphones", "True wireless earbuds with a pocket charging case and IPX4 splash resistance.", 5900, []string{"bluetooth", "earbuds", "headphones"}, map[string]any{"wireless": true, "battery_hours": 8, "brand": "Northwind"}, "Colour", colours[:2]},
			{"Kids Safe-Volume Headphones", "headphones", "Lightweight on-ear headphones limited to 85 dB for young ears.", 2900, []string{"kids", "wired"}, map[string]any{"wireless": false, "brand": "Northwind"}, "Colour", []string{"Red", "Blue"}},
			{"Sport Neckband Earphones", "headphones", "Sweat-proof wireless earphones that stay put on the run.", 4900, []string{"sport", "bluetooth"}, map[string]any{"wireless": true, "battery_hours": 12, "brand": "Northwind"}, "", nil},
			{"Open-Back Reference Headphones", "headphones", "Open-back design with a wide soundstage for critical listening at home.", 19900, []string{"audiophile", "wired"}, map[string]any{"wireless": false, "impedance_ohms": 250, "brand": "Northwind"}, "", nil},
			{"Bookshelf Speaker Pair", "speakers", "Two-way passive bookshelf speakers in walnut veneer.", 24900, []string{"hifi", "passive"}, map[string]any{"wireless": false, "watts": 60, "brand": "Northwind"}, "Finish", []string{"Walnut", "Black Ash"}},
			{"Portable Bluetooth Speaker", "speakers", "Rugged waterproof speaker with 20 hours of playback and a carry strap.", 6900, []string{"bluetooth", "waterproof", "outdoor"}, map[string]any{"wireless": true, "battery_hours": 20, "watts": 20, "brand": "Northwind"}, "Colour", colours},
			{"Smart Soundbar", "speakers", "Slim soundbar with dialogue enhancement and HDMI ARC.", 29900, []string{"tv", "home cinema"}, map[string]any{"wireless": true, "watts": 120, "brand": "Northwind"}, "", nil},
			{"Desktop Powered Speakers", "speakers", "Compact active speakers with USB-C audio for your desk.", 14900, []string{"desktop", "usb-c"}, map[string]any{"wireless": false, "watts": 40, "brand": "Northwind"}, "Colour", colours[:2]},
			{"Outdoor Party Speaker", "speakers", "Big sound with built-in lights and a 12-hour battery.", 17900, []string{"party", "bluetooth"}, map[string]any{"wireless": true, "battery_hours": 12, "watts": 100, "brand": "Northwind"}, "", nil},
			{"Mini Travel Speaker", "speakers", "Palm-sized speaker that clips to your bag.", 3900, []string{"travel", "bluetooth"}, map[string]any{"wireless": true, "battery_hours": 10, "watts": 5, "brand": "Northwind"}, "Colour", []string{"Sand", "Sage", "Slate"}},
			{"Braided Audio Cable", "audio-accessories", "Oxygen-free copper 3.5 mm cable with braided jacket.", 1500, []string{"cable", "3.5mm"}, map[string]any{"length_m": 1.5, "brand": "Northwind"}, "Length", []string{"1 m", "2 m", "3 m"}},
			{"Headphone Stand", "audio-accessories", "Solid oak headphone stand with a weighted base.", 3500, []string{"desk", "wood"}, map[string]any{"material": "oak", "brand": "Northwind"}, "", nil},
			{"Protein Leather Ear Pads", "audio-accessories", "Replacement memory-foam ear pads for over-ear headphones.", 2200, []string{"spare parts"}, map[string]any{"material": "protein leather", "brand": "Northwind"}, "", nil},
			{"USB-C DAC Dongle", "audio-accessories", "Hi-res 32-bit digital-to-analogue converter for phones and laptops.", 4500, []string{"usb-c", "dac", "audiophile"}, map[string]any{"brand": "Northwind"}, "", nil},
			{"Hard Shell Headphone Case", "audio-accessories", "Zippered travel case that fits most folding headphones.", 1900, []string{"travel", "case"}, map[string]any{"brand": "Northwind"}, "Colour", colours[:1]},
			{"Bluetooth Audio Receiver", "audio-accessories", "Adds Bluetooth streaming to any stereo with an AUX input.", 2900, []string{"bluetooth", "adapter"}, map[string]any{"wireless": true, "brand": "Northwind"}, "", nil},
			{"Speaker Wall Brackets", "audio-accessories", "Tilt-and-swivel wall mounts for bookshelf speakers, pair.", 3200, []string{"mounting"}, map[string]any{"brand": "Northwind"}, "", nil},
			{"Vinyl Cleaning Kit", "audio-accessories", "Carbon fibre brush, stylus cleaner and fluid for your records.", 2400, []string{"vinyl", "care"}, map[string]any{"brand": "Northwind"}, "", nil},
		},
	},
	{
		email: "seller2@demo.example", name: "Hearth & Clay", slug: "hearth-and-clay", country: "PT", skuPrefix: "HNC",
		description: "Small-batch ceramics and kitchen goods, thrown and glazed in Porto.",
		shipping:    "Every piece is packed by hand and ships within 4 working days.",
		returns:     "Returns within 14 days; breakage in transit is replaced free of charge.",
		products: []demoProduct{
			{"Stoneware Coffee Mug", "mugs-cups", "A generous 350 ml mug with a comfortable handle and speckled glaze.", 2400, []string{"coffee", "handmade"}, map[string]any{"material": "stoneware", "capacity_ml": 350, "dishwasher_safe": true}, "Glaze", []string{"Oat", "Ocean", "Charcoal"}},
			{"Espresso Cup Set", "mugs-cups", "Four 80 ml espresso cups with saucers.", 3800, []string{"coffee", "set"}, map[string]any{"material": "porcelain", "capacity_ml": 80, "dishwasher_safe": true}, "", nil},
			{"Double-Walled Glass Tumbler", "mugs-cups", "Keeps drinks hot or cold without sweating, set of two.", 2900, []string{"glass", "set"}, map[string]any{"material": "borosilicate glass", "capacity_ml": 300, "dishwasher_safe": true}, "", nil},
			{"Tea Bowl", "mugs-cups", "Handleless bowl for loose-leaf tea, glazed inside and out.", 1800, []string{"tea", "handmade"}, map[string]any{"material": "stoneware", "capacity_ml": 200, "dishwasher_safe": false}, "Glaze", []string{"Celadon", "Tenmoku"}},
			{"Travel Coffee Cup", "mugs-cups", "Ceramic-lined travel cup with a leak-proof lid.", 2600, []string{"coffee", "travel"}, map[string]any{"material": "stainless steel", "capacity_ml": 400, "dishwasher_safe": true}, "Colour", []string{"White", "Black"}},
			{"Latte Mug Pair", "mugs-cups", "Wide 450 ml mugs for latte art, sold as a pair.", 3400, []string{"coffee", "set"}, map[string]any{"material": "stoneware", "capacity_ml": 450, "dishwasher_safe": true}, "", nil},
			{"Dinner Plate Set", "tableware", "Four 27 cm dinner plates with a satin glaze.", 8900, []string{"dinner", "set"}, map[string]any{"material": "stoneware", "pieces": 4, "dishwasher_safe": true}, "Glaze", []string{"Oat", "Ocean"}},
			{"Pasta Bowls", "tableware", "Shallow bowls for pasta and salads, set of four.", 6400, []string{"dinner", "set"}, map[string]any{"material": "stoneware", "pieces": 4, "dishwasher_safe": true}, "", nil},
			{"Serving Platter", "tableware", "Oval platter for sharing dishes, 40 cm.", 5200, []string{"serving", "handmade"}, map[string]any{"material": "stoneware", "pieces": 1, "dishwasher_safe": true}, "", nil},
			{"Olive Wood Salad Servers", "tableware", "Hand-carved olive wood servers, each grain unique.", 2800, []string{"wood", "serving"}, map[string]any{"material": "olive wood", "pieces": 2, "dishwasher_safe": false}, "", nil},
			{"Linen Napkins", "tableware", "Stonewashed linen napkins, set of four.", 3200, []string{"linen", "set"}, map[string]any{"material": "linen", "pieces": 4, "dishwasher_safe": false}, "Colour", []string{"Natural", "Sage", "Terracotta"}},
			{"Butter Dish", "tableware", "Covered butter dish that keeps a standard block fresh.", 2700, []string{"breakfast"}, map[string]any{"material": "stoneware", "pieces": 2, "dishwasher_safe": true}, "", nil},
			{"Ceramic Bud Vase", "home-decor", "Small vase for a single stem or dried flowers.", 1900, []string{"vase", "handmade"}, map[string]any{"material": "stoneware", "height_cm": 12}, "Glaze", []string{"Oat", "Charcoal"}},
			{"Large Floor Vase", "home-decor", "Statement vase for branches and pampas, 60 cm tall.", 12900, []string{"vase"}, map[string]any{"material": "terracotta", "height_cm": 60}, "", nil},
			{"Soy Wax Candle", "home-decor", "Hand-poured candle in a reusable ceramic vessel, 45-hour burn.", 2200, []string{"candle", "gift"}, map[string]any{"material": "soy wax", "burn_hours": 45}, "Scent", []string{"Fig", "Cedar", "Sea Salt"}},
			{"Macramé Wall Hanging", "home-decor", "Knotted cotton wall hanging on a driftwood rod.", 4500, []string{"wall", "handmade"}, map[string]any{"material": "cotton", "height_cm": 80}, "", nil},
			{"Terracotta Planter", "home-decor", "Unglazed planter with saucer and drainage hole.", 2100, []string{"plants", "garden"}, map[string]any{"material": "terracotta", "height_cm": 15}, "Size", []string{"Small", "Medium", "Large"}},
			{"Incense Holder", "home-decor", "Minimal ceramic holder that catches the ash.", 1200, []string{"gift"}, map[string]any{"material": "stoneware", "height_cm": 3}, "", nil},
			{"Woven Storage Basket", "home-decor", "Seagrass basket with handles for blankets and toys.", 3900, []string{"storage"}, map[string]any{"material": "seagrass", "height_cm": 35}, "", nil},
			{"Marble Coasters", "home-decor", "Set of four marble coasters with cork backing.", 2500, []string{"gift", "set"}, map[string]any{"material": "marble", "height_cm": 1}, "", nil},
		},
	},
	{
		email: "seller3@demo.example", name: "Trailhead Outfitters", slug: "trailhead-outfitters", country: "US", skuPrefix: "THO",
		description: "Gear for long days outside, tested on the trails of the Pacific Northwest.",
		shipping:    "Free ground shipping on orders over $100; expedited available at checkout.",
		returns:     "Lifetime repair program and 60-day returns, even if used.",
		products: []demoProduct{
			{"Waterproof Rain Jacket", "outdoor-apparel", "Three-layer shell with taped seams and pit zips.", 18900, []string{"rain", "jacket"}, map[string]any{"waterproof": true, "weight_g": 380, "material": "nylon"}, "Size", sizes},
			{"Merino Base Layer Top", "outdoor-apparel", "Soft 200 gsm merino that stays fresh for days.", 7900, []string{"merino", "base layer"}, map[string]any{"waterproof": false, "weight_g": 210, "material": "merino wool"}, "Size", sizes},
			{"Insulated Down Vest", "outdoor-apparel", "Packable 800-fill down vest for cold mornings.", 12900, []string{"down", "insulation"}, map[string]any{"waterproof": false, "weight_g": 260, "material": "down"}, "Size", sizes[:3]},
			{"Trail Running Shorts", "outdoor-apparel", "Lightweight shorts with a phone pocket and liner.", 4500, []string{"running"}, map[string]any{"waterproof": false, "weight_g": 110, "material": "polyester"}, "Size", sizes},
			{"Fleece Pullover", "outdoor-apparel", "Grid fleece that breathes on the climb and warms at the summit.", 6900, []string{"fleece", "layering"}, map[string]any{"waterproof": false, "weight_g": 330, "material": "polyester"}, "Size", sizes},
			{"Wool Hiking Socks", "outdoor-apparel", "Cushioned merino socks, two pairs.", 2400, []string{"merino", "socks"}, map[string]any{"waterproof": false, "weight_g": 90, "material": "merino wool"}, "Size", []string{"S", "M", "L"}},
			{"Sun Hoodie", "outdoor-apparel", "UPF 50 hoodie for desert and water days.", 5900, []string{"sun", "hoodie"}, map[string]any{"waterproof": false, "weight_g": 180, "material": "polyester"}, "Size", sizes},
			{"Two-Person Backpacking Tent", "camping-gear", "Freestanding tent at 1.6 kg with two doors and two vestibules.", 34900, []string{"tent", "backpacking"}, map[string]any{"waterproof": true, "weight_g": 1600, "capacity_people": 2}, "", nil},
			{"Down Sleeping Bag", "camping-gear", "Rated to -7 °C with a water-resistant shell.", 27900, []string{"sleeping bag", "down"}, map[string]any{"waterproof": false, "weight_g": 1100, "temperature_c": -7}, "Length", []string{"Regular", "Long"}},
			{"Inflatable Sleeping Pad", "camping-gear", "R-value 4.2 insulated pad that packs to a water bottle.", 13900, []string{"sleeping pad"}, map[string]any{"waterproof": true, "weight_g": 480, "r_value": 4.2}, "", nil},
			{"Titanium Cook Pot", "camping-gear", "750 ml titanium pot with lid that nests a fuel canister.", 4900, []string{"cooking", "ultralight"}, map[string]any{"weight_g": 105, "material": "titanium"}, "", nil},
			{"Canister Stove", "camping-gear", "Boils a litre in under four minutes; piezo igniter.", 5900, []string{"cooking", "stove"}, map[string]any{"weight_g": 85}, "", nil},
			{"LED Headlamp", "camping-gear", "400-lumen rechargeable headlamp with red night mode.", 3900, []string{"lighting", "usb-c"}, map[string]any{"waterproof": true, "weight_g": 75, "lumens": 400}, "Colour", []string{"Black", "Orange"}},
			{"Water Filter", "camping-gear", "Squeeze filter that removes 99.9999% of bacteria.", 3500, []string{"water", "ultralight"}, map[string]any{"weight_g": 85}, "", nil},
			{"Camp Chair", "camping-gear", "Folding chair that packs smaller than a litre bottle.", 8900, []string{"chair", "camp"}, map[string]any{"weight_g": 900, "capacity_people": 1}, "Colour", []string{"Black", "Forest"}},
			{"Trekking Poles", "camping-gear", "Carbon poles with cork grips and flick locks, pair.", 11900, []string{"hiking", "carbon"}, map[string]any{"weight_g": 420, "material": "carbon"}, "", nil},
			{"40L Hiking Backpack", "bags-packs", "Ventilated back panel, hip-belt pockets and a rain cover.", 15900, []string{"backpack", "hiking"}, map[string]any{"waterproof": false, "capacity_l": 40, "weight_g": 1300}, "Colour", []string{"Forest", "Slate"}},
			{"Daypack 20L", "bags-packs", "Light everyday pack with a hydration sleeve.", 6900, []string{"backpack", "daypack"}, map[string]any{"waterproof": false, "capacity_l": 20, "weight_g": 520}, "Colour", []string{"Black", "Rust", "Forest"}},
			{"Dry Bag Set", "bags-packs", "Three roll-top dry bags: 5, 10 and 20 litres.", 3900, []string{"waterproof", "paddling"}, map[string]any{"waterproof": true, "capacity_l": 35, "weight_g": 240}, "", nil},
			{"Hip Pack", "bags-packs", "Two-litre hip pack for trail snacks and a phone.", 3400, []string{"running", "hiking"}, map[string]any{"waterproof": false, "capacity_l": 2, "weight_g": 140}, "Colour", []string{"Black", "Sand"}},
		},
	},
}

// seedCatalog fills the demo marketplace with three approved vendors (owners
// seller1..3@demo.example, password demoSellerPassword), a category tree and about sixty active
// products with options, variants, attributes, stock and a generated cover image each. Everything goes through the modules'
// services; what exists already (by email, vendor slug, category slug, product slug) is kept,
// so running it again changes nothing (a product that has any image gets no generated one).
func seedCatalog(ctx context.Context, cfg configs.Config, out io.Writer) error {
	kit, err := newIdentityKit(ctx, cfg)
	if err != nil {
		return err
	}
	defer kit.close()
	demo, err := findTenant(ctx, kit.registry, demoSlug)
	if err != nil {
		return err
	}
	tctx := tenants.WithTenant(ctx, demo)
	mods := server.NewCatalogModules(kit.registry, nil, kit.svc, audit.New(kit.registry), cfg)
	images, err := media.NewServiceFromConfig(ctx, kit.registry, cfg)
	if err != nil {
		return err
	}

	catIDs, err := seedCategories(tctx, mods.Catalog)
	if err != nil {
		return err
	}
	ship := shipping.NewService(kit.registry)
	if err := seedTax(tctx, tax.NewService(kit.registry, nil)); err != nil {
		return fmt.Errorf("seed tax rates: %w", err)
	}
	created, total, pictured := 0, 0, 0
	for _, dv := range demoVendors {
		total += len(dv.products)
		acc, newSeller, err := kit.svc.EnsureAccount(tctx, dv.email, demoSellerPassword, dv.name+" Owner")
		if err != nil {
			return fmt.Errorf("seed seller %s: %w", dv.email, err)
		}
		sctx := access.WithPrincipal(tctx, access.Principal{AccountID: acc.ID, Email: acc.Email,
			Roles: []string{access.RoleAnonymous, access.RoleBuyer, access.RoleSeller}})
		v, err := seedVendor(sctx, mods.Vendors, dv)
		if err != nil {
			return err
		}
		if err := seedShipping(tctx, ship, v, dv); err != nil {
			return fmt.Errorf("seed shipping of %s: %w", dv.name, err)
		}
		for i, dp := range dv.products {
			n, err := seedProduct(sctx, mods.Catalog, v, dv, dp, i, catIDs)
			if err != nil {
				return fmt.Errorf("seed product %q: %w", dp.title, err)
			}
			created += n
			n, err = seedProductImage(sctx, mods.Catalog, images, dp, i)
			if err != nil {
				return fmt.Errorf("seed image of %q: %w", dp.title, err)
			}
			pictured += n
		}
		report(out, newSeller, "seller of "+dv.name+" (storefront "+dv.slug+"."+demoSlug+"."+cfg.BaseDomain+")", dv.email, demoSellerPassword)
	}
	fmt.Fprintf(out, "demo catalog: %d products created, %d already present; %d product images generated\n", created, total-created, pictured)
	return nil
}

// seedShipping gives a vendor without shipping profiles one that ships worldwide: standard and
// express flat rates, free standard shipping over $75, so demo buyers can check out anywhere.
func seedShipping(ctx context.Context, ship *shipping.Service, v vendors.Vendor, dv demoVendor) error {
	existing, err := ship.Profiles(ctx, v.ID)
	if err != nil || len(existing) > 0 {
		return err
	}
	freeOver := int64(7500)
	_, err = ship.SaveProfile(ctx, v.ID, uuid.Nil, shipping.ShippingProfileInput{
		Name: "Worldwide", IsDefault: true, ShipFromCountry: dv.country, Currency: "USD",
		Zones: []shipping.ShippingZone{{Name: "Everywhere", Countries: []string{"*"}, Rates: []shipping.ShippingRate{
			{ID: "standard", Name: "Standard", Kind: "flat", Amount: 599, FreeOver: &freeOver, MinDays: 3, MaxDays: 7},
			{ID: "express", Name: "Express", Kind: "flat", Amount: 1999, MinDays: 1, MaxDays: 2},
		}}},
	})
	return err
}

// seedTax adds a US sales tax and an EU-style inclusive VAT for Germany when the marketplace has
// no rates yet.
func seedTax(ctx context.Context, taxes *tax.Service) error {
	rates, err := taxes.Rates(ctx)
	if err != nil || len(rates) > 0 {
		return err
	}
	for _, in := range []tax.TaxRateInput{
		{Country: "US", Name: "Sales tax", RateBP: 725},
		{Country: "DE", Name: "MwSt", RateBP: 1900, Inclusive: true},
	} {
		if _, err := taxes.SaveRate(ctx, uuid.Nil, in); err != nil {
			return err
		}
	}
	return nil
}

func seedCategories(ctx context.Context, cat *catalog.Service) (map[string]string, error) {
	tree, err := cat.Categories(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	var walk func([]*catalog.Category)
	walk = func(cs []*catalog.Category) {
		for _, c := range cs {
			ids[c.Slug] = c.ID.String()
			walk(c.Children)
		}
	}
	walk(tree)
	for i, dc := range demoCategories {
		if _, ok := ids[dc.slug]; ok {
			continue
		}
		slug, name, pos := dc.slug, dc.name, i
		ch := catalog.CategoryChange{Slug: &slug, Name: &name, Position: &pos}
		if dc.parent != "" {
			pid, err := uuid.Parse(ids[dc.parent])
			if err != nil {
				return nil, err
			}
			ch.ParentID = &pid
		}
		c, err := cat.CreateCategory(ctx, ch)
		if err != nil {
			return nil, fmt.Errorf("seed category %s: %w", dc.slug, err)
		}
		ids[dc.slug] = c.ID.String()
	}
	return ids, nil
}

// seedVendor finds the seller's vendor, or applies and approves it.
func seedVendor(ctx context.Context, vend *vendors.Service, dv demoVendor) (vendors.Vendor, error) {
	mine, err := vend.Mine(ctx)
	if err != nil {
		return vendors.Vendor{}, err
	}
	var v vendors.Vendor
	for _, m := range mine {
		if m.Vendor.Slug == dv.slug {
			v = m.Vendor
		}
	}
	if v.ID == uuid.Nil {
		v, err = vend.Apply(ctx, vendors.Application{Name: dv.name, Slug: dv.slug, Description: dv.description,
			ContactEmail: dv.email, Country: dv.country})
		if err != nil {
			return vendors.Vendor{}, fmt.Errorf("seed vendor %s: %w", dv.slug, err)
		}
	}
	if v.Status == vendors.StatusPending {
		if v, err = vend.Approve(ctx, v.ID); err != nil {
			return vendors.Vendor{}, fmt.Errorf("approve vendor %s: %w", dv.slug, err)
		}
	}
	_, err = vend.UpdateSettings(ctx, v.ID, vendors.SettingsChange{ShippingPolicy: &dv.shipping, ReturnsPolicy: &dv.returns})
	return v, err
}

// seedProduct creates dp unless a product with its slug exists; it returns how many it made.
func seedProduct(ctx context.Context, cat *catalog.Service, v vendors.Vendor, dv demoVendor, dp demoProduct, i int, catIDs map[string]string) (int, error) {
	slug := catalog.Slugify(dp.title, 100)
	if _, err := cat.Product(ctx, slug); err == nil {
		return 0, nil
	} else if !errors.Is(err, catalog.ErrProductNotFound) {
		return 0, err
	}
	catID, err := uuid.Parse(catIDs[dp.category])
	if err != nil {
		return 0, err
	}
	desc := fmt.Sprintf("<p>%s</p><ul><li>Sold and shipped by %s</li><li>%s</li></ul>",
		html.EscapeString(dp.blurb), html.EscapeString(dv.name), html.EscapeString(dv.returns))
	np := catalog.NewProduct{Title: dp.title, Slug: slug, DescriptionHTML: desc, Status: catalog.StatusActive, CategoryID: &catID,
		Tags: dp.tags, Attributes: dp.attrs, SEOTitle: dp.title + " | " + dv.name, SEODescription: dp.blurb}
	values := dp.values
	if dp.option != "" {
		np.Options = []catalog.ProductOption{{Name: dp.option, Values: dp.values}}
	} else {
		values = []string{""}
	}
	for j, val := range values {
		// Deterministic, varied stock: a few variants sold out, a few running low.
		stock := int64((i*7+j*5)%23) + 1
		if (i+j)%11 == 0 {
			stock = 0
		}
		nv := catalog.NewVariant{SKU: fmt.Sprintf("%s-%03d-%d", dv.skuPrefix, i+1, j+1), Price: dp.price + int64(j)*dp.price/20/100*100,
			WeightGrams: 200 + 50*j, Stock: stock, LowStockThreshold: 2}
		if val != "" {
			nv.OptionValues = map[string]string{dp.option: val}
		}
		if i%4 == 1 {
			cmp := dp.price * 5 / 4
			nv.CompareAtPrice = &cmp
		}
		np.Variants = append(np.Variants, nv)
	}
	if _, err := cat.CreateProduct(ctx, v.ID, np); err != nil {
		return 0, err
	}
	return 1, nil
}

// seedProductImage gives the product seeded from dp a generated cover image unless it has
// images already; it returns how many it added. The worker makes the thumbnails later.
func seedProductImage(ctx context.Context, cat *catalog.Service, images *media.Service, dp demoProduct, i int) (int, error) {
	p, err := cat.Product(ctx, catalog.Slugify(dp.title, 100))
	if err != nil {
		return 0, err
	}
	owner := media.Owner{Kind: media.OwnerProduct, ID: p.ID, VendorID: p.VendorID}
	existing, err := images.List(ctx, owner)
	if err != nil || len(existing) > 0 {
		return 0, err
	}
	data, err := demoImagePNG(categoryHue(dp.category), i)
	if err != nil {
		return 0, err
	}
	if _, err := images.Import(ctx, owner, p.Slug+".png", data, dp.title); err != nil {
		return 0, err
	}
	return 1, nil
}

// Base hues (degrees) of the top-level demo categories; subcategories shift them a little.
var demoCategoryHues = map[string]float64{"electronics": 215, "home-kitchen": 18, "outdoor": 140}

// categoryHue derives a hue from slug's place in demoCategories: its top-level category's base
// hue, turned by 22° per sibling so each subcategory has its own shade.
func categoryHue(slug string) float64 {
	var parent string
	for _, c := range demoCategories {
		if c.slug == slug {
			parent = c.parent
		}
	}
	if parent == "" {
		return demoCategoryHues[slug]
	}
	sibling := 0
	for _, c := range demoCategories {
		if c.parent != parent {
			continue
		}
		if c.slug == slug {
			break
		}
		sibling++
	}
	return demoCategoryHues[parent] + float64(sibling-1)*22
}

// demoImageSize is the side of the generated square product images, in pixels.
const demoImageSize = 800

// demoImagePNG draws a square product placeholder: a soft diagonal gradient in hue with a
// centred motif (overlapping circles, rounded bars or rings, chosen by variant) in
// translucent white and a deeper shade of the hue, anti-aliased, encoded as PNG.
func demoImagePNG(hue float64, variant int) ([]byte, error) {
	const n = demoImageSize
	light, dark := hsl(hue-12, 0.55, 0.86), hsl(hue+18, 0.45, 0.62)
	deep := hsl(hue, 0.42, 0.34)
	shapes := demoMotif(variant % 3)
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			// Diagonal gradient, eased so the middle stays soft.
			t := float64(x+y) / float64(2*(n-1))
			t = t * t * (3 - 2*t)
			c := mix(light, dark, t)
			px, py := float64(x)+0.5, float64(y)+0.5
			for _, sh := range shapes {
				if a := coverage(sh.dist(px, py)) * sh.alpha; a > 0 {
					paint := [3]float64{1, 1, 1}
					if sh.deep {
						paint = deep
					}
					c = mix(c, paint, a)
				}
			}
			img.SetNRGBA(x, y, color.NRGBA{R: to8(c[0]), G: to8(c[1]), B: to8(c[2]), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// motifShape is one shape of a motif: a signed distance in pixels (negative inside), painted
// white or in the deep shade with alpha.
type motifShape struct {
	dist  func(x, y float64) float64
	alpha float64
	deep  bool
}

func demoMotif(kind int) []motifShape {
	const c = demoImageSize / 2
	circle := func(cx, cy, r float64) func(x, y float64) float64 {
		return func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r }
	}
	ring := func(cx, cy, r, w float64) func(x, y float64) float64 {
		return func(x, y float64) float64 { return math.Abs(math.Hypot(x-cx, y-cy)-r) - w/2 }
	}
	bar := func(cx, cy, w, h, r float64) func(x, y float64) float64 {
		return func(x, y float64) float64 {
			qx, qy := math.Abs(x-cx)-w/2+r, math.Abs(y-cy)-h/2+r
			return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - r
		}
	}
	switch kind {
	case 0: // three overlapping circles
		return []motifShape{
			{dist: circle(c-70, c+40, 120), alpha: 0.55},
			{dist: circle(c+70, c+40, 120), alpha: 0.55},
			{dist: circle(c, c-80, 120), alpha: 0.75, deep: true},
		}
	case 1: // rounded bars of rising height, on a common baseline
		const base, w = c + 150, 70.0
		var out []motifShape
		for k, h := range []float64{180, 260, 340} {
			cx := float64(c) + float64(k-1)*110
			out = append(out, motifShape{dist: bar(cx, base-h/2, w, h, w/2), alpha: 0.7, deep: k == 2})
		}
		return out
	default: // a ring around a dot
		return []motifShape{
			{dist: ring(c, c, 190, 44), alpha: 0.7},
			{dist: circle(c, c, 80), alpha: 0.8, deep: true},
		}
	}
}

// coverage turns a signed distance into anti-aliased pixel coverage.
func coverage(d float64) float64 { return math.Min(math.Max(0.5-d, 0), 1) }

func mix(a, b [3]float64, t float64) [3]float64 {
	return [3]float64{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t, a[2] + (b[2]-a[2])*t}
}

func to8(v float64) uint8 { return uint8(math.Round(math.Min(math.Max(v, 0), 1) * 255)) }

// hsl converts hue (degrees), saturation and lightness (0..1) to RGB (0..1).
func hsl(h, s, l float64) [3]float64 {
	h = math.Mod(math.Mod(h, 360)+360, 360) / 60
	ch := (1 - math.Abs(2*l-1)) * s
	x := ch * (1 - math.Abs(math.Mod(h, 2)-1))
	var r, g, b float64
	switch int(h) {
	case 0:
		r, g = ch, x
	case 1:
		r, g = x, ch
	case 2:
		g, b = ch, x
	case 3:
		g, b = x, ch
	case 4:
		r, b = x, ch
	default:
		r, b = ch, x
	}
	m := l - ch/2
	return [3]float64{r + m, g + m, b + m}
}
