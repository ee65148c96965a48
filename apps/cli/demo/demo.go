// Package demo renders the demo marketplace's product pictures: studio-style shots (a soft
// sweep backdrop, a floor shadow, a shaded product silhouette) drawn with
// golang.org/x/image/vector, so the seeded store looks credible without shipping photographs.
// A picture depends only on its Kind, colour and size: the same product always looks the same.
package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
)

// Kind is what a picture shows.
type Kind string

// The kinds of product the renderer can draw.
const (
	Headphones      Kind = "headphones"
	Earbuds         Kind = "earbuds"
	Speaker         Kind = "speaker"
	PortableSpeaker Kind = "portable-speaker"
	Mug             Kind = "mug"
	Bowl            Kind = "bowl"
	Vase            Kind = "vase"
	Candle          Kind = "candle"
	PlantPot        Kind = "plant-pot"
	Backpack        Kind = "backpack"
	Sneaker         Kind = "sneaker"
	Lamp            Kind = "lamp"
	Chair           Kind = "chair"
	Watch           Kind = "watch"
	TShirt          Kind = "t-shirt"
	Jacket          Kind = "jacket"
	Notebook        Kind = "notebook"
	Bottle          Kind = "bottle"
	Tent            Kind = "tent"
)

// Kinds lists every kind, in a stable order.
var Kinds = []Kind{Headphones, Earbuds, Speaker, PortableSpeaker, Mug, Bowl, Vase, Candle, PlantPot,
	Backpack, Sneaker, Lamp, Chair, Watch, TShirt, Jacket, Notebook, Bottle, Tent}

var painters = map[Kind]func(*canvas, rgb){
	Headphones: headphones, Earbuds: earbuds, Speaker: speaker, PortableSpeaker: portableSpeaker,
	Mug: mug, Bowl: bowl, Vase: vase, Candle: candle, PlantPot: plantPot, Backpack: backpack,
	Sneaker: sneaker, Lamp: lamp, Chair: chair, Watch: watch, TShirt: tshirt, Jacket: jacket,
	Notebook: notebook, Bottle: bottle, Tent: tent,
}

// Render draws a size×size picture of a kind product in colour.
func Render(kind Kind, colour color.Color, size int) (*image.RGBA, error) {
	draw, ok := painters[kind]
	if !ok {
		return nil, fmt.Errorf("demo picture: unknown kind %q", kind)
	}
	if size < 16 {
		return nil, fmt.Errorf("demo picture: size %d is too small", size)
	}
	r, g, b, _ := colour.RGBA()
	body := rgb{float64(r) / 0xffff, float64(g) / 0xffff, float64(b) / 0xffff}
	c := newCanvas(size)
	wall, floor := backdropFor(body)
	c.backdrop(wall, floor, 0.74)
	draw(c, body)
	return c.image(), nil
}

// JPEG renders the picture and encodes it as a JPEG, the compact format for photo-like images.
func JPEG(kind Kind, colour color.Color, size int) ([]byte, error) {
	img, err := Render(kind, colour, size)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 88}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// backdropFor picks a pale studio sweep that sets off the product: a warm grey for saturated
// or dark products, a cooler one for pale products so they do not vanish into it.
func backdropFor(c rgb) (wall, floor rgb) {
	if c.luma() > 0.72 {
		return rgb{0.80, 0.82, 0.85}, rgb{0.70, 0.72, 0.76}
	}
	tint := rgb{0.93, 0.92, 0.90}.mix(c, 0.08)
	return tint, tint.lit(-0.1)
}

// Colour is the colour a demo variant's name stands for (a glaze, finish or fabric), or a
// neutral grey for names it does not know.
func Colour(name string) color.NRGBA {
	if c, ok := namedColours[strings.ToLower(strings.TrimSpace(name))]; ok {
		return c
	}
	return color.NRGBA{R: 0x6e, G: 0x72, B: 0x78, A: 0xff}
}

var namedColours = map[string]color.NRGBA{
	"black":      {0x26, 0x27, 0x2b, 0xff},
	"silver":     {0xb9, 0xbd, 0xc2, 0xff},
	"navy":       {0x22, 0x33, 0x5c, 0xff},
	"red":        {0xc2, 0x2f, 0x2f, 0xff},
	"blue":       {0x2f, 0x6f, 0xc2, 0xff},
	"sand":       {0xd6, 0xc3, 0x9f, 0xff},
	"sage":       {0x9a, 0xad, 0x8f, 0xff},
	"slate":      {0x5a, 0x65, 0x72, 0xff},
	"walnut":     {0x6b, 0x47, 0x2e, 0xff},
	"black ash":  {0x33, 0x2f, 0x2c, 0xff},
	"oat":        {0xe4, 0xd8, 0xc2, 0xff},
	"ocean":      {0x2f, 0x5f, 0x7a, 0xff},
	"charcoal":   {0x3c, 0x3e, 0x42, 0xff},
	"celadon":    {0xa8, 0xc6, 0xae, 0xff},
	"tenmoku":    {0x4a, 0x2c, 0x1e, 0xff},
	"white":      {0xf2, 0xf1, 0xee, 0xff},
	"natural":    {0xe0, 0xd3, 0xbd, 0xff},
	"terracotta": {0xc0, 0x6a, 0x45, 0xff},
	"forest":     {0x2f, 0x55, 0x3d, 0xff},
	"rust":       {0xa8, 0x4a, 0x2a, 0xff},
	"orange":     {0xe8, 0x74, 0x2a, 0xff},
	"olive":      {0x6b, 0x6b, 0x3a, 0xff},
	"cream":      {0xf0, 0xe6, 0xd0, 0xff},
	"mustard":    {0xd1, 0x9a, 0x2a, 0xff},
	"oak":        {0xc8, 0xa2, 0x72, 0xff},
	"teal":       {0x1f, 0x7a, 0x78, 0xff},
	"grey":       {0x8a, 0x8d, 0x91, 0xff},
	"brass":      {0xc9, 0xa2, 0x4d, 0xff},
	"blush":      {0xe3, 0xb5, 0xa8, 0xff},
	"brown":      {0x6e, 0x4a, 0x32, 0xff},
	"green":      {0x3f, 0x8a, 0x4f, 0xff},
	"yellow":     {0xe9, 0xc2, 0x3b, 0xff},
	"coral":      {0xe8, 0x6f, 0x5c, 0xff},
	"lilac":      {0xb4, 0xa3, 0xcf, 0xff},
}

// metal is the brushed steel of fittings, buckles and watch cases.
var metal = rgb{0.72, 0.74, 0.77}

// wood is the light oak of legs and stands.
var wood = rgb{0.74, 0.58, 0.40}

// contrast returns a trim colour that reads against c: near-black on pale products, off-white
// on dark ones.
func contrast(c rgb) rgb {
	if c.luma() > 0.55 {
		return rgb{0.16, 0.16, 0.18}
	}
	return rgb{0.93, 0.92, 0.9}
}

// KnownColour says whether Colour knows name (rather than falling back to grey).
func KnownColour(name string) bool {
	_, ok := namedColours[strings.ToLower(strings.TrimSpace(name))]
	return ok
}
