package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io"

	"github.com/google/uuid"

	"github.com/openmarket/marketplace/apps/cli/demo"
	"github.com/openmarket/marketplace/apps/internal/compose"
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

// demoSellerPassword is the password of the demo sellers seller1..5@demo.example.
const demoSellerPassword = "demo-seller-2026"

type demoVendor struct {
	email, name, slug, country, description, shipping, returns, skuPrefix string
	products                                                              []demoProduct
}

// demoProduct is one listing. kind and colour choose its picture; when the option is a colour
// (colourOptions), each variant gets a picture in its own colour.
type demoProduct struct {
	title, category, blurb string
	price                  int64
	tags                   []string
	attrs                  map[string]any
	option                 string
	values                 []string
	kind                   demo.Kind
	colour                 string
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
	{"home-office", "Home Office", ""},
	{"lighting", "Lighting", "home-office"},
	{"furniture", "Furniture", "home-office"},
	{"stationery", "Stationery", "home-office"},
	{"fashion", "Fashion", ""},
	{"shoes", "Shoes", "fashion"},
	{"watches", "Watches", "fashion"},
	{"tops", "T-Shirts & Tops", "fashion"},
	{"accessories", "Accessories", "fashion"},
}

// colourOptions are the option names whose values are colours the pictures can show.
var colourOptions = map[string]bool{"Colour": true, "Glaze": true, "Finish": true, "Strap": true, "Cover": true, "Upholstery": true}

var colours = []string{"Black", "Silver", "Navy"}
var sizes = []string{"S", "M", "L", "XL"}

var demoVendors = []demoVendor{
	{
		email: "seller1@demo.example", name: "Northwind Audio", slug: "northwind-audio", country: "DE", skuPrefix: "NWA",
		description: "Independent audio workshop from Hamburg: headphones and speakers tuned by ear, repaired for life.",
		shipping:    "Orders ship within 2 working days with tracking. Free shipping over $75.",
		returns:     "30-day returns on unused items in their original packaging.",
		products: []demoProduct{
			{"Wireless Headphones", "headphones", "Over-ear Bluetooth headphones with active noise cancelling, 30 hours of battery and memory-foam cushions.", 12900, []string{"bluetooth", "noise cancelling"}, map[string]any{"wireless": true, "battery_hours": 30, "brand": "Northwind"}, "Colour", colours, demo.Headphones, ""},
			{"Studio Monitor Headphones", "headphones", "Closed-back wired headphones with a flat response for mixing and tracking; detachable coiled cable.", 8900, []string{"studio", "wired"}, map[string]any{"wireless": false, "impedance_ohms": 80, "brand": "Northwind"}, "", nil, demo.Headphones, "Black"},
			{"Aurora Wireless Earbuds", "headphones", "True wireless earbuds with a pocket charging case, 8 hours per charge and IPX4 splash resistance.", 5900, []string{"bluetooth", "earbuds"}, map[string]any{"wireless": true, "battery_hours": 8, "brand": "Northwind"}, "Colour", []string{"White", "Black", "Sage"}, demo.Earbuds, ""},
			{"Kids Safe-Volume Headphones", "headphones", "Lightweight on-ear headphones limited to 85 dB for young ears, with a bendable headband.", 2900, []string{"kids", "wired"}, map[string]any{"wireless": false, "brand": "Northwind"}, "Colour", []string{"Red", "Blue"}, demo.Headphones, ""},
			{"Sport Wireless Earphones", "headphones", "Sweat-proof earbuds with wing tips that stay put on the run; 12 hours with the case.", 4900, []string{"sport", "bluetooth"}, map[string]any{"wireless": true, "battery_hours": 12, "brand": "Northwind"}, "", nil, demo.Earbuds, "Orange"},
			{"Open-Back Reference Headphones", "headphones", "Open-back design with a wide soundstage for critical listening at home; velour pads.", 19900, []string{"audiophile", "wired"}, map[string]any{"wireless": false, "impedance_ohms": 250, "brand": "Northwind"}, "", nil, demo.Headphones, "Walnut"},
			{"Bookshelf Speaker Pair", "speakers", "Two-way passive bookshelf speakers with a 5.25\" woofer and silk-dome tweeter, sold as a pair.", 24900, []string{"hifi", "passive"}, map[string]any{"wireless": false, "watts": 60, "brand": "Northwind"}, "Finish", []string{"Walnut", "Black Ash", "White"}, demo.Speaker, ""},
			{"Portable Bluetooth Speaker", "speakers", "Rugged waterproof speaker with 20 hours of playback and a carry strap.", 6900, []string{"bluetooth", "waterproof", "outdoor"}, map[string]any{"wireless": true, "battery_hours": 20, "watts": 20, "brand": "Northwind"}, "Colour", []string{"Black", "Teal", "Coral"}, demo.PortableSpeaker, ""},
			{"Smart Soundbar", "speakers", "Slim soundbar with dialogue enhancement, HDMI ARC and room calibration.", 29900, []string{"tv", "home cinema"}, map[string]any{"wireless": true, "watts": 120, "brand": "Northwind"}, "", nil, demo.PortableSpeaker, "Charcoal"},
			{"Desktop Powered Speakers", "speakers", "Compact active speakers with USB-C audio and a headphone output for your desk.", 14900, []string{"desktop", "usb-c"}, map[string]any{"wireless": false, "watts": 40, "brand": "Northwind"}, "Colour", []string{"Black", "White"}, demo.Speaker, ""},
			{"Floorstanding Tower Speaker", "speakers", "Three-way tower with twin woofers for full-range sound without a subwoofer.", 44900, []string{"hifi", "passive"}, map[string]any{"wireless": false, "watts": 150, "brand": "Northwind"}, "", nil, demo.Speaker, "Black Ash"},
			{"Headphone Stand", "audio-accessories", "Solid walnut headphone stand with a weighted base and a cable hook; headphones not included.", 3500, []string{"desk", "wood"}, map[string]any{"material": "walnut", "brand": "Northwind"}, "", nil, demo.Headphones, "Walnut"},
			{"Mini Travel Speaker", "speakers", "Palm-sized speaker that clips to your bag; 10 hours of playback.", 3900, []string{"travel", "bluetooth"}, map[string]any{"wireless": true, "battery_hours": 10, "watts": 5, "brand": "Northwind"}, "Colour", []string{"Sand", "Sage", "Slate"}, demo.PortableSpeaker, ""},
		},
	},
	{
		email: "seller2@demo.example", name: "Hearth & Clay", slug: "hearth-and-clay", country: "PT", skuPrefix: "HNC",
		description: "Small-batch ceramics and kitchen goods, thrown and glazed in Porto.",
		shipping:    "Every piece is packed by hand and ships within 4 working days.",
		returns:     "Returns within 14 days; breakage in transit is replaced free of charge.",
		products: []demoProduct{
			{"Stoneware Coffee Mug", "mugs-cups", "A generous 350 ml mug with a comfortable handle and a speckled glaze; every one a little different.", 2400, []string{"coffee", "handmade"}, map[string]any{"material": "stoneware", "capacity_ml": 350, "dishwasher_safe": true}, "Glaze", []string{"Oat", "Ocean", "Charcoal"}, demo.Mug, ""},
			{"Espresso Cup Set", "mugs-cups", "Four 80 ml espresso cups with a thick wall that holds the heat.", 3800, []string{"coffee", "set"}, map[string]any{"material": "porcelain", "capacity_ml": 80, "dishwasher_safe": true}, "", nil, demo.Mug, "White"},
			{"Tea Bowl", "mugs-cups", "Handleless bowl for loose-leaf tea, glazed inside and out.", 1800, []string{"tea", "handmade"}, map[string]any{"material": "stoneware", "capacity_ml": 200, "dishwasher_safe": false}, "Glaze", []string{"Celadon", "Tenmoku"}, demo.Bowl, ""},
			{"Travel Coffee Cup", "mugs-cups", "Ceramic-lined steel travel cup with a leak-proof lid; keeps coffee hot for 6 hours.", 2600, []string{"coffee", "travel"}, map[string]any{"material": "stainless steel", "capacity_ml": 400, "dishwasher_safe": true}, "Colour", []string{"White", "Black", "Sage"}, demo.Bottle, ""},
			{"Latte Mug Pair", "mugs-cups", "Wide 450 ml mugs for latte art, sold as a pair.", 3400, []string{"coffee", "set"}, map[string]any{"material": "stoneware", "capacity_ml": 450, "dishwasher_safe": true}, "", nil, demo.Mug, "Terracotta"},
			{"Pasta Bowls", "tableware", "Shallow 22 cm bowls for pasta and salads, set of four.", 6400, []string{"dinner", "set"}, map[string]any{"material": "stoneware", "pieces": 4, "dishwasher_safe": true}, "Glaze", []string{"Oat", "Ocean"}, demo.Bowl, ""},
			{"Breakfast Bowl Set", "tableware", "Four deep 15 cm bowls for cereal, yoghurt and soup.", 4800, []string{"breakfast", "set"}, map[string]any{"material": "stoneware", "pieces": 4, "dishwasher_safe": true}, "", nil, demo.Bowl, "Blush"},
			{"Ceramic Bud Vase", "home-decor", "Small vase for a single stem or dried flowers, 12 cm tall.", 1900, []string{"vase", "handmade"}, map[string]any{"material": "stoneware", "height_cm": 12}, "Glaze", []string{"Oat", "Charcoal", "Celadon"}, demo.Vase, ""},
			{"Large Floor Vase", "home-decor", "Statement vase for branches and pampas, 60 cm tall.", 12900, []string{"vase"}, map[string]any{"material": "terracotta", "height_cm": 60}, "", nil, demo.Vase, "Terracotta"},
			{"Soy Wax Candle", "home-decor", "Hand-poured candle in a reusable ceramic vessel, 45-hour burn.", 2200, []string{"candle", "gift"}, map[string]any{"material": "soy wax", "burn_hours": 45}, "Scent", []string{"Fig", "Cedar", "Sea Salt"}, demo.Candle, "Sage"},
			{"Terracotta Planter", "home-decor", "Unglazed planter with saucer and drainage hole; plant not included.", 2100, []string{"plants", "garden"}, map[string]any{"material": "terracotta", "height_cm": 15}, "Size", []string{"Small", "Medium", "Large"}, demo.PlantPot, "Terracotta"},
			{"Glazed Plant Pot", "home-decor", "Glossy indoor pot with a hidden reservoir for forgetful waterers.", 3200, []string{"plants"}, map[string]any{"material": "stoneware", "height_cm": 18}, "Glaze", []string{"Ocean", "Oat", "Mustard"}, demo.PlantPot, ""},
		},
	},
	{
		email: "seller3@demo.example", name: "Trailhead Outfitters", slug: "trailhead-outfitters", country: "US", skuPrefix: "THO",
		description: "Gear for long days outside, tested on the trails of the Pacific Northwest.",
		shipping:    "Free ground shipping on orders over $100; expedited available at checkout.",
		returns:     "Lifetime repair program and 60-day returns, even if used.",
		products: []demoProduct{
			{"Waterproof Rain Jacket", "outdoor-apparel", "Three-layer shell with taped seams, pit zips and a helmet-compatible hood.", 18900, []string{"rain", "jacket"}, map[string]any{"waterproof": true, "weight_g": 380, "material": "nylon"}, "Size", sizes, demo.Jacket, "Rust"},
			{"Merino Base Layer Tee", "outdoor-apparel", "Soft 150 gsm merino that stays fresh for days on the trail.", 7900, []string{"merino", "base layer"}, map[string]any{"waterproof": false, "weight_g": 140, "material": "merino wool"}, "Size", sizes, demo.TShirt, "Slate"},
			{"Insulated Down Jacket", "outdoor-apparel", "Packable 800-fill down jacket that stuffs into its own pocket.", 22900, []string{"down", "insulation"}, map[string]any{"waterproof": false, "weight_g": 360, "material": "down"}, "Size", sizes[:3], demo.Jacket, "Navy"},
			{"Fleece Pullover", "outdoor-apparel", "Grid fleece that breathes on the climb and warms at the summit.", 6900, []string{"fleece", "layering"}, map[string]any{"waterproof": false, "weight_g": 330, "material": "polyester"}, "Size", sizes, demo.Jacket, "Forest"},
			{"Sun Hoodie", "outdoor-apparel", "UPF 50 hoodie for desert and water days.", 5900, []string{"sun", "hoodie"}, map[string]any{"waterproof": false, "weight_g": 180, "material": "polyester"}, "Size", sizes, demo.Jacket, "Sand"},
			{"Two-Person Backpacking Tent", "camping-gear", "Freestanding tent at 1.6 kg with two doors and two vestibules.", 34900, []string{"tent", "backpacking"}, map[string]any{"waterproof": true, "weight_g": 1600, "capacity_people": 2}, "Colour", []string{"Orange", "Olive"}, demo.Tent, ""},
			{"Ultralight Solo Tent", "camping-gear", "Single-wall shelter that pitches with trekking poles; 780 g.", 27900, []string{"tent", "ultralight"}, map[string]any{"waterproof": true, "weight_g": 780, "capacity_people": 1}, "", nil, demo.Tent, "Sand"},
			{"Camp Chair", "camping-gear", "Folding chair that packs smaller than a litre bottle and holds 145 kg.", 8900, []string{"chair", "camp"}, map[string]any{"weight_g": 900, "capacity_people": 1}, "Colour", []string{"Black", "Forest"}, demo.Chair, ""},
			{"Insulated Water Bottle", "camping-gear", "Double-wall steel bottle: cold for 24 hours, hot for 12. 750 ml.", 3400, []string{"water", "bottle"}, map[string]any{"weight_g": 380, "material": "stainless steel"}, "Colour", []string{"Forest", "Slate", "Orange"}, demo.Bottle, ""},
			{"40L Hiking Backpack", "bags-packs", "Ventilated back panel, hip-belt pockets and a rain cover.", 15900, []string{"backpack", "hiking"}, map[string]any{"waterproof": false, "capacity_l": 40, "weight_g": 1300}, "Colour", []string{"Forest", "Slate"}, demo.Backpack, ""},
			{"Daypack 20L", "bags-packs", "Light everyday pack with a hydration sleeve and a padded laptop pocket.", 6900, []string{"backpack", "daypack"}, map[string]any{"waterproof": false, "capacity_l": 20, "weight_g": 520}, "Colour", []string{"Black", "Rust", "Forest"}, demo.Backpack, ""},
			{"Trail Running Shoes", "shoes", "Grippy 5 mm lugs, a rock plate and a roomy toe box for long days on rough ground.", 13900, []string{"running", "trail"}, map[string]any{"waterproof": false, "weight_g": 290}, "Size", []string{"US 8", "US 9", "US 10", "US 11"}, demo.Sneaker, "Teal"},
		},
	},
	{
		email: "seller4@demo.example", name: "Lumen & Grain", slug: "lumen-and-grain", country: "DK", skuPrefix: "LNG",
		description: "Lamps, chairs and paper goods for a calm place to work, designed and finished in Aarhus.",
		shipping:    "Lamps and paper ship in 2 days; furniture ships in 5–7 days by freight with a delivery slot.",
		returns:     "30-day returns; we collect furniture free of charge.",
		products: []demoProduct{
			{"Linen Table Lamp", "lighting", "Turned base with a linen drum shade and a warm 2700 K bulb included.", 8900, []string{"lamp", "linen"}, map[string]any{"material": "linen", "height_cm": 48, "bulb": "E27"}, "Colour", []string{"Oat", "Sage", "Charcoal"}, demo.Lamp, ""},
			{"Brass Reading Lamp", "lighting", "Slim brass-stemmed lamp with a dimmer in the cord.", 14900, []string{"lamp", "brass"}, map[string]any{"material": "brass", "height_cm": 55, "bulb": "E27"}, "", nil, demo.Lamp, "Forest"},
			{"Bedside Mini Lamp", "lighting", "Compact lamp with a touch dimmer and a USB-C port for your phone.", 5900, []string{"lamp", "usb-c"}, map[string]any{"material": "steel", "height_cm": 30, "bulb": "LED"}, "Colour", []string{"Mustard", "White", "Navy"}, demo.Lamp, ""},
			{"Oak Dining Chair", "furniture", "Solid oak frame with an upholstered seat and back; assembled.", 24900, []string{"chair", "oak"}, map[string]any{"material": "oak", "seat_height_cm": 46}, "Upholstery", []string{"Oat", "Forest", "Rust"}, demo.Chair, ""},
			{"Lounge Side Chair", "furniture", "A low, deep chair in bouclé for reading corners.", 39900, []string{"chair", "lounge"}, map[string]any{"material": "bouclé", "seat_height_cm": 40}, "", nil, demo.Chair, "Cream"},
			{"Desk Plant in Ceramic Pot", "home-office", "A hardy snake plant potted in our matte planter; thrives on neglect.", 3900, []string{"plants", "desk"}, map[string]any{"height_cm": 35}, "", nil, demo.PlantPot, "White"},
			{"Dot Grid Notebook A5", "stationery", "192 numbered pages of 100 gsm paper that takes fountain pens, lay-flat binding.", 2200, []string{"notebook", "a5"}, map[string]any{"pages": 192, "paper_gsm": 100}, "Cover", []string{"Navy", "Forest", "Rust", "Black"}, demo.Notebook, ""},
			{"Linen Sketchbook", "stationery", "Linen-bound sketchbook with 160 gsm cream paper for ink and wash.", 2800, []string{"sketchbook", "art"}, map[string]any{"pages": 96, "paper_gsm": 160}, "", nil, demo.Notebook, "Oat"},
			{"Weekly Planner 2027", "stationery", "Undated-start weekly planner with a monthly overview and a ribbon marker.", 2400, []string{"planner"}, map[string]any{"pages": 160, "paper_gsm": 90}, "Cover", []string{"Blush", "Slate"}, demo.Notebook, ""},
		},
	},
	{
		email: "seller5@demo.example", name: "Tempo Supply Co.", slug: "tempo-supply", country: "US", skuPrefix: "TMP",
		description: "Everyday sneakers, watches and organic-cotton basics from Portland, made to be worn daily.",
		shipping:    "Free shipping over $75 in the US; worldwide delivery in 5–10 days.",
		returns:     "Free returns and exchanges for 45 days.",
		products: []demoProduct{
			{"Everyday Canvas Sneaker", "shoes", "Vulcanised canvas low-top with a cushioned insole and a natural rubber sole.", 7900, []string{"sneakers", "canvas"}, map[string]any{"material": "organic cotton canvas", "weight_g": 340}, "Colour", []string{"White", "Navy", "Black"}, demo.Sneaker, ""},
			{"Knit Runner", "shoes", "Breathable one-piece knit upper on a light foam sole; machine washable.", 11900, []string{"sneakers", "running"}, map[string]any{"material": "recycled polyester knit", "weight_g": 250}, "Colour", []string{"Slate", "Coral", "Sage"}, demo.Sneaker, ""},
			{"Leather Court Shoe", "shoes", "Full-grain leather low-top with a stitched cupsole that ages well.", 14900, []string{"sneakers", "leather"}, map[string]any{"material": "leather", "weight_g": 420}, "Size", []string{"US 7", "US 8", "US 9", "US 10", "US 11"}, demo.Sneaker, "Brown"},
			{"Field Automatic Watch", "watches", "38 mm steel field watch with a self-winding movement and sapphire crystal; 100 m water resistant.", 34900, []string{"watch", "automatic"}, map[string]any{"case_mm": 38, "water_resistance_m": 100, "movement": "automatic"}, "Strap", []string{"Brown", "Black", "Olive"}, demo.Watch, ""},
			{"Minimal Quartz Watch", "watches", "Thin 36 mm quartz watch with a leather strap and a two-year battery.", 12900, []string{"watch", "quartz"}, map[string]any{"case_mm": 36, "water_resistance_m": 50, "movement": "quartz"}, "Strap", []string{"Black", "Sand", "Navy"}, demo.Watch, ""},
			{"Organic Cotton Tee", "tops", "Midweight 180 gsm organic cotton tee with a relaxed fit.", 3200, []string{"t-shirt", "organic"}, map[string]any{"material": "organic cotton", "weight_gsm": 180}, "Colour", []string{"White", "Black", "Sage", "Navy"}, demo.TShirt, ""},
			{"Heavyweight Pocket Tee", "tops", "Boxy 240 gsm tee with a chest pocket, garment-dyed.", 4200, []string{"t-shirt"}, map[string]any{"material": "cotton", "weight_gsm": 240}, "Size", sizes, demo.TShirt, "Mustard"},
			{"Coach Jacket", "tops", "Water-resistant snap-front jacket with a brushed lining.", 9900, []string{"jacket"}, map[string]any{"material": "nylon", "weight_gsm": 160}, "Size", sizes, demo.Jacket, "Black"},
			{"Steel Water Bottle 500 ml", "accessories", "Slim insulated bottle that fits a cup holder and a jacket pocket.", 2900, []string{"bottle"}, map[string]any{"material": "stainless steel", "capacity_ml": 500}, "Colour", []string{"Lilac", "Black", "Coral"}, demo.Bottle, ""},
			{"Canvas Roll-Top Backpack", "accessories", "Waxed canvas roll-top with a padded 15\" laptop sleeve.", 11900, []string{"backpack", "canvas"}, map[string]any{"material": "waxed canvas", "capacity_l": 22}, "Colour", []string{"Olive", "Sand", "Black"}, demo.Backpack, ""},
		},
	},
}

// seedCatalog fills the demo marketplace with five approved vendors (owners
// seller1..5@demo.example, password demoSellerPassword), a category tree and about fifty active
// products with options, variants, attributes, stock (some running low, some sold out) and
// rendered studio pictures (package demo), then a few orders of the demo buyer. Everything goes
// through the modules' services; what exists already (by email, vendor slug, category slug,
// product slug, the buyer's orders) is kept, so running it again changes nothing (a product that
// has any image gets no rendered one).
func seedCatalog(ctx context.Context, cfg configs.Config, out io.Writer) error {
	kit, err := newIdentityKit(ctx, cfg)
	if err != nil {
		return err
	}
	defer kit.close()
	tenant, err := findTenant(ctx, kit.registry, demoSlug)
	if err != nil {
		return err
	}
	tctx := tenants.WithTenant(ctx, tenant)
	images, err := media.NewServiceFromConfig(ctx, kit.registry, cfg)
	if err != nil {
		return err
	}
	mods := compose.NewCatalogModules(kit.registry, nil, kit.svc, audit.New(kit.registry), images, cfg)

	catIDs, err := seedCategories(tctx, mods.Catalog)
	if err != nil {
		return err
	}
	ship := shipping.NewService(kit.registry)
	if err := seedTax(tctx, tax.NewService(kit.registry, nil)); err != nil {
		return fmt.Errorf("seed tax rates: %w", err)
	}
	created, total := 0, 0
	var pictures []pictureJob
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
			jobs, err := productPictures(sctx, mods.Catalog, images, dp)
			if err != nil {
				return fmt.Errorf("seed pictures of %q: %w", dp.title, err)
			}
			pictures = append(pictures, jobs...)
		}
		report(out, newSeller, "seller of "+dv.name+" (storefront "+dv.slug+"."+demoSlug+"."+cfg.BaseDomain+")", dv.email, demoSellerPassword)
	}
	if err := importPictures(ctx, images, pictures); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo catalog: %d products created, %d already present; %d product pictures rendered\n", created, total-created, len(pictures))
	placed, err := seedOrders(tctx, kit, cfg, mods)
	if err != nil {
		return fmt.Errorf("seed demo orders: %w", err)
	}
	fmt.Fprintf(out, "demo orders: %d placed for %s\n", placed, demoBuyerEmail)
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

// demoSKU is the SKU of variant j of the product with slug: from the slug rather than the
// product's place in the list, so a demo seeded by an earlier version (whose SKUs were
// numbered by place) takes the new products without a clash.
func demoSKU(dv demoVendor, slug string, j int) string {
	h := fnv.New32a()
	h.Write([]byte(slug))
	return fmt.Sprintf("%s-%05X-%d", dv.skuPrefix, h.Sum32()&0xFFFFF, j+1)
}

// demoLowStock is the demo variants' low-stock threshold.
const demoLowStock = 3

// demoStock is the stock of variant j of a vendor's product i: deterministic and varied, so the
// demo shows every state. Every ninth product from the fifth is sold out in every variant,
// every seventh from the fourth runs low (1–2 units), a few single variants are sold out, and the
// rest have 6 to 40 units.
func demoStock(i, j int) int64 {
	switch {
	case i%9 == 4:
		return 0
	case i%7 == 3:
		return int64(1 + j%2)
	case j == 1 && i%5 == 2:
		return 0
	}
	return int64(6 + (i*7+j*11)%35)
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
		price := dp.price
		if !colourOptions[dp.option] {
			// Bigger sizes cost a little more (5% a step, in whole units); colours do not.
			price += int64(j) * dp.price / 20 / 100 * 100
		}
		nv := catalog.NewVariant{SKU: demoSKU(dv, slug, j), Price: price,
			WeightGrams: 200 + 50*j, Stock: demoStock(i, j), LowStockThreshold: demoLowStock}
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
