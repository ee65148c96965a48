package demo

import "math"

// Each painter draws its product in unit coordinates, resting on the floor near y = 0.78 (or
// floating just above it, with a softer shadow), lit from the upper left.

func headphones(c *canvas, col rgb) {
	c.shadow(0.5, 0.8, 0.3, 0.035, 0.35)
	dark := col.lit(-0.55)
	// Headband: an arch with a cushioned underside.
	c.fill(c.path().arc(0.5, 0.5, 0.255, 0.31, 180, 360, false).arc(0.5, 0.5, 0.215, 0.27, 360, 180, true).close(),
		cylinder(col, 0.245, 0.755, 0.6))
	c.fill(c.path().arc(0.5, 0.5, 0.22, 0.275, 200, 340, false).arc(0.5, 0.5, 0.2, 0.25, 340, 200, true).close(),
		vgrad(dark, 0.22, 0.4, 0.1, 0.2))
	for _, side := range []float64{-1, 1} {
		x := 0.5 + side*0.235
		// Slider and yoke in metal.
		c.fill(c.path().round(x-0.012, 0.46, x+0.012, 0.56, 0.008), cylinder(metal, x-0.012, x+0.012, 0.8))
		c.fill(c.path().arc(x, 0.58, 0.07, 0.07, 180, 360, false).arc(x, 0.58, 0.058, 0.058, 360, 180, true).close(),
			cylinder(metal.lit(-0.2), x-0.07, x+0.07, 0.5))
		// Ear cup and its cushion, the cushion towards the head.
		cx := x + side*0.015
		c.fill(c.path().round(cx-0.075, 0.52, cx+0.075, 0.76, 0.07), sphere(col, cx, 0.62, 0.14, 0.5))
		px := x - side*0.045
		c.fill(c.path().round(px-0.03, 0.53, px+0.03, 0.75, 0.03), cylinder(dark, px-0.03, px+0.03, 0.25))
		c.fill(c.path().ellipse(cx+side*0.01, 0.64, 0.035, 0.035), sphere(col.lit(-0.25), cx, 0.63, 0.05, 0.3))
	}
}

func earbuds(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.2, 0.03, 0.4)
	// Charging case with its lid seam and a status light.
	c.fill(c.path().round(0.34, 0.5, 0.66, 0.78, 0.1), sphere(col, 0.47, 0.6, 0.25, 0.55))
	c.fill(c.path().rect(0.34, 0.585, 0.66, 0.59), flat(col.lit(-0.35)))
	c.fill(c.path().ellipse(0.5, 0.69, 0.008, 0.008), flat(rgb{0.3, 0.85, 0.45}))
	for _, side := range []float64{-1, 1} {
		x := 0.5 + side*0.08
		c.fill(c.path().rotated(x, 0.42, side*10).round(x-0.018, 0.35, x+0.018, 0.5, 0.018), cylinder(col, x-0.02, x+0.02, 0.6))
		c.fill(c.path().ellipse(x, 0.34, 0.045, 0.045), sphere(col, x, 0.34, 0.05, 0.7))
		c.fill(c.path().ellipse(x+side*0.028, 0.335, 0.018, 0.022), flat(col.lit(-0.5)))
	}
	c.shadow(0.5, 0.505, 0.13, 0.012, 0.25)
}

func speaker(c *canvas, col rgb) {
	c.shadow(0.5, 0.785, 0.2, 0.03, 0.45)
	// Cabinet with a side face for depth.
	c.fill(c.path().poly(0.64, 0.2, 0.69, 0.23, 0.69, 0.79, 0.64, 0.78), vgrad(col.lit(-0.35), 0.2, 0.78, 0, 0.2))
	c.fill(c.path().round(0.32, 0.2, 0.645, 0.78, 0.015), diagonal(col, 0.32, 0.2, 0.645, 0.78, 0.35))
	baffle := rgb{0.13, 0.13, 0.14}
	c.fill(c.path().round(0.345, 0.225, 0.62, 0.755, 0.01), diagonal(baffle, 0.34, 0.22, 0.62, 0.76, 0.3))
	driver := func(cx, cy, r float64) {
		c.fill(c.path().ellipse(cx, cy, r, r), radial(rgb{0.25, 0.25, 0.27}, rgb{0.05, 0.05, 0.06}, cx-r*0.3, cy-r*0.3, r*1.4))
		c.fill(c.path().ellipse(cx, cy, r*0.82, r*0.82), radial(rgb{0.2, 0.2, 0.22}, rgb{0.09, 0.09, 0.1}, cx, cy, r))
		c.fill(c.path().ellipse(cx, cy, r*0.3, r*0.3), sphere(rgb{0.3, 0.3, 0.32}, cx, cy, r*0.3, 0.8))
		c.fill(c.path().ellipse(cx, cy, r*1.04, r*1.04).hole(cx, cy, r, r), flat(metal.lit(-0.3)))
	}
	driver(0.4825, 0.33, 0.045)
	driver(0.4825, 0.57, 0.115)
	c.fill(c.path().ellipse(0.4825, 0.72, 0.018, 0.009), flat(rgb{0.05, 0.05, 0.05}))
}

func portableSpeaker(c *canvas, col rgb) {
	c.shadow(0.5, 0.77, 0.3, 0.03, 0.45)
	// A lying cylinder: fabric body, rubber end caps, a strap and buttons on top.
	fabric := textured(vgrad(col, 0.46, 0.76, 0.22, 0.35), 0.006, 0.05)
	c.fill(c.path().round(0.2, 0.46, 0.8, 0.76, 0.15), func(x, y float64) rgb {
		t := (y - 0.46) / 0.3
		body := math.Sin(math.Pi * (0.1 + 0.85*t))
		band := (t - 0.25) / 0.08
		return fabric(x, y).lit(-0.4 * (1 - body)).lit(0.3 * math.Exp(-band*band))
	})
	capc := col.lit(-0.6)
	for _, x := range []float64{0.2, 0.745} {
		c.fill(c.path().round(x, 0.455, x+0.055, 0.765, 0.027), sphere(capc, x+0.027, 0.56, 0.2, 0.4))
	}
	c.fill(c.path().round(0.44, 0.47, 0.56, 0.49, 0.01), flat(capc.lit(0.15)))
	for i, x := range []float64{0.47, 0.5, 0.53} {
		c.fill(c.path().ellipse(x, 0.48, 0.007, 0.004), flat(rgb{0.9, 0.9, 0.9}.lit(-0.1*float64(i))))
	}
	c.fill(c.path().arc(0.8, 0.61, 0.06, 0.09, 270, 450, false).arc(0.8, 0.61, 0.045, 0.075, 450, 270, true).close(), flat(capc))
}

func mug(c *canvas, col rgb) {
	c.shadow(0.48, 0.775, 0.19, 0.028, 0.45)
	// Handle first, so the body overlaps its root.
	c.fill(c.path().ellipse(0.655, 0.545, 0.085, 0.1).hole(0.655, 0.545, 0.05, 0.065), sphere(col, 0.66, 0.53, 0.1, 0.4))
	body := c.path().move(0.32, 0.34).line(0.64, 0.34).line(0.64, 0.73).cube(0.64, 0.765, 0.6, 0.775, 0.48, 0.775).
		cube(0.36, 0.775, 0.32, 0.765, 0.32, 0.73).close()
	c.fill(body, textured(cylinder(col, 0.32, 0.64, 0.7), 0.011, 0.012))
	// Rim and the coffee inside.
	c.fill(c.path().ellipse(0.48, 0.34, 0.16, 0.035), flat(col.lit(0.15)))
	c.fill(c.path().ellipse(0.48, 0.343, 0.145, 0.027), vgrad(col.lit(-0.3), 0.315, 0.37, 0, 0.2))
	c.fill(c.path().ellipse(0.48, 0.35, 0.138, 0.021), radial(rgb{0.36, 0.22, 0.13}, rgb{0.18, 0.1, 0.05}, 0.45, 0.345, 0.15))
}

func bowl(c *canvas, col rgb) {
	c.shadow(0.5, 0.775, 0.26, 0.03, 0.4)
	// A stack of two shallow bowls.
	for i, y := range []float64{0.6, 0.5} {
		shade := col.lit(-0.08 * float64(1-i))
		c.fill(c.path().ellipse(0.5, y+0.165, 0.09, 0.02), flat(shade.lit(-0.3)))
		c.fill(c.path().arc(0.5, y, 0.27, 0.17, 0, 180, false).close(), cylinder(shade, 0.23, 0.77, 0.6))
		c.fill(c.path().ellipse(0.5, y, 0.27, 0.06), flat(shade.lit(0.2)))
		c.fill(c.path().ellipse(0.5, y+0.004, 0.255, 0.052), radial(shade.lit(0.1), shade.lit(-0.2), 0.45, y+0.02, 0.26))
	}
}

func vase(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.16, 0.028, 0.45)
	// Lathe profile: narrow neck, lip, full belly, foot.
	radius := func(t float64) float64 {
		belly := 0.15 * math.Pow(math.Sin(math.Pi*math.Pow(t, 0.75)), 1.2)
		return 0.045 + belly + 0.02*math.Exp(-t*t/0.002)
	}
	p := c.path()
	const top, bottom = 0.2, 0.78
	const steps = 60
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		x, y := 0.5-radius(t), top+(bottom-top)*t
		if i == 0 {
			p.move(x, y)
		} else {
			p.line(x, y)
		}
	}
	for i := steps; i >= 0; i-- {
		t := float64(i) / steps
		p.line(0.5+radius(t), top+(bottom-top)*t)
	}
	c.fill(p.close(), textured(cylinder(col, 0.31, 0.69, 0.55), 0.009, 0.015))
	c.fill(c.path().ellipse(0.5, top, radius(0), 0.012), flat(col.lit(-0.45)))
}

func candle(c *canvas, col rgb) {
	c.glow(0.5, 0.36, 0.22, rgb{1, 0.9, 0.7}, 0.35)
	c.shadow(0.5, 0.78, 0.17, 0.028, 0.45)
	body := c.path().move(0.37, 0.46).line(0.63, 0.46).line(0.63, 0.745).cube(0.63, 0.77, 0.6, 0.78, 0.5, 0.78).
		cube(0.4, 0.78, 0.37, 0.77, 0.37, 0.745).close()
	c.fill(body, cylinder(col, 0.37, 0.63, 0.6))
	c.fill(c.path().round(0.37, 0.57, 0.63, 0.67, 0.003), cylinder(rgb{0.95, 0.93, 0.88}, 0.37, 0.63, 0.2))
	c.fill(c.path().rect(0.44, 0.605, 0.56, 0.61), flat(rgb{0.35, 0.33, 0.3}))
	c.fill(c.path().rect(0.46, 0.62, 0.54, 0.624), flat(rgb{0.55, 0.52, 0.48}))
	c.fill(c.path().ellipse(0.5, 0.46, 0.13, 0.03), flat(col.lit(0.2)))
	c.fill(c.path().ellipse(0.5, 0.465, 0.115, 0.023), radial(rgb{0.98, 0.95, 0.86}, rgb{0.86, 0.8, 0.68}, 0.5, 0.46, 0.12))
	c.fill(c.path().rect(0.498, 0.425, 0.502, 0.46), flat(rgb{0.15, 0.12, 0.1}))
	flame := c.path().move(0.5, 0.34).cube(0.51, 0.37, 0.52, 0.39, 0.515, 0.41).cube(0.51, 0.435, 0.49, 0.435, 0.485, 0.41).
		cube(0.48, 0.39, 0.49, 0.37, 0.5, 0.34).close()
	c.fill(flame, radial(rgb{1, 0.98, 0.85}, rgb{1, 0.6, 0.15}, 0.5, 0.41, 0.07))
}

func plantPot(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.17, 0.028, 0.45)
	green := rgb{0.24, 0.48, 0.28}
	// Leaves fanning up from the soil, back ones darker.
	leaf := func(angle, length, width float64, shade float64) {
		bx, by := 0.5, 0.56
		p := c.path().rotated(bx, by, angle).move(bx, by).cube(bx-width, by-length*0.3, bx-width*0.8, by-length*0.8, bx, by-length).
			cube(bx+width*0.8, by-length*0.8, bx+width, by-length*0.3, bx, by).close()
		c.fill(p, vgrad(green.lit(shade), by-length, by, 0.15, 0.25))
		c.fill(c.path().rotated(bx, by, angle).rect(bx-0.0025, by-length*0.95, bx+0.0025, by), flat(green.lit(shade-0.25)))
	}
	for _, l := range []struct{ a, len, w, s float64 }{
		{-48, 0.3, 0.07, -0.25}, {44, 0.31, 0.07, -0.25}, {-24, 0.36, 0.075, -0.1}, {22, 0.37, 0.075, -0.1},
		{-6, 0.4, 0.07, 0.05}, {8, 0.34, 0.065, 0.12}, {-64, 0.22, 0.06, -0.05}, {64, 0.22, 0.06, 0},
	} {
		leaf(l.a, l.len, l.w, l.s)
	}
	// Tapered pot with a rim.
	pot := c.path().poly(0.365, 0.585, 0.635, 0.585, 0.605, 0.78, 0.395, 0.78)
	c.fill(pot, textured(cylinder(col, 0.365, 0.635, 0.35), 0.008, 0.02))
	c.fill(c.path().round(0.35, 0.545, 0.65, 0.6, 0.008), cylinder(col.lit(0.05), 0.35, 0.65, 0.45))
	c.fill(c.path().ellipse(0.5, 0.548, 0.14, 0.014), flat(rgb{0.22, 0.15, 0.1}))
}

func backpack(c *canvas, col rgb) {
	c.shadow(0.5, 0.785, 0.22, 0.03, 0.45)
	dark := col.lit(-0.35)
	// Shoulder straps peeking out behind the body.
	for _, x := range []float64{0.33, 0.67} {
		c.fill(c.path().round(x-0.025, 0.3, x+0.025, 0.72, 0.02), cylinder(dark.lit(-0.3), x-0.025, x+0.025, 0.2))
	}
	c.fill(c.path().arc(0.5, 0.24, 0.05, 0.04, 180, 360, false).arc(0.5, 0.24, 0.035, 0.028, 360, 180, true).close(), flat(dark.lit(-0.3)))
	body := textured(sphere(col, 0.47, 0.46, 0.42, 0.25), 0.007, 0.025)
	c.fill(c.path().round(0.34, 0.23, 0.66, 0.78, 0.1), body)
	// Lid, front pocket, its zip, compression straps with buckles.
	c.fill(c.path().move(0.34, 0.38).cube(0.34, 0.27, 0.4, 0.23, 0.5, 0.23).cube(0.6, 0.23, 0.66, 0.27, 0.66, 0.38).
		cube(0.6, 0.41, 0.4, 0.41, 0.34, 0.38).close(), sphere(col.lit(-0.08), 0.47, 0.3, 0.3, 0.35))
	c.fill(c.path().round(0.38, 0.52, 0.62, 0.75, 0.05), textured(sphere(col.lit(-0.05), 0.47, 0.6, 0.25, 0.3), 0.007, 0.025))
	c.fill(c.path().arc(0.5, 0.6, 0.11, 0.04, 180, 360, false).arc(0.5, 0.6, 0.11, 0.035, 360, 180, true).close(), flat(dark.lit(-0.4)))
	c.fill(c.path().round(0.485, 0.555, 0.5, 0.59, 0.004), flat(metal))
	for _, x := range []float64{0.43, 0.57} {
		c.fill(c.path().rect(x-0.012, 0.38, x+0.012, 0.58), flat(dark.lit(-0.35)))
		c.fill(c.path().round(x-0.018, 0.45, x+0.018, 0.49, 0.006), flat(rgb{0.12, 0.12, 0.12}))
	}
	c.fill(c.path().rect(0.34, 0.685, 0.66, 0.7), flat(dark.lit(-0.2)))
}

func sneaker(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.32, 0.03, 0.45)
	white := rgb{0.95, 0.94, 0.92}
	// Upper: heel to toe in one smooth outline.
	upper := c.path().move(0.2, 0.73).cube(0.18, 0.64, 0.19, 0.56, 0.22, 0.52).cube(0.26, 0.51, 0.3, 0.53, 0.34, 0.56).
		cube(0.38, 0.52, 0.44, 0.46, 0.5, 0.45).cube(0.55, 0.47, 0.6, 0.55, 0.67, 0.59).
		cube(0.76, 0.62, 0.83, 0.65, 0.83, 0.71).line(0.83, 0.73).close()
	c.fill(upper, textured(vgrad(col, 0.45, 0.73, 0.18, 0.2), 0.006, 0.03))
	// Toe cap and heel counter overlays, a side panel, laces.
	c.fill(c.path().move(0.68, 0.6).cube(0.76, 0.62, 0.83, 0.65, 0.83, 0.71).line(0.83, 0.73).line(0.66, 0.73).
		cube(0.67, 0.68, 0.66, 0.64, 0.68, 0.6).close(), vgrad(col.lit(-0.08), 0.6, 0.73, 0.1, 0.2))
	c.fill(c.path().move(0.2, 0.73).cube(0.18, 0.64, 0.19, 0.58, 0.22, 0.53).cube(0.26, 0.58, 0.28, 0.66, 0.3, 0.73).close(),
		vgrad(col.lit(-0.2), 0.53, 0.73, 0, 0.15))
	c.fill(c.path().move(0.36, 0.7).cube(0.45, 0.6, 0.55, 0.56, 0.66, 0.6).cube(0.58, 0.62, 0.5, 0.66, 0.43, 0.72).close(),
		flat(contrast(col).mix(col, 0.3)))
	c.fill(c.path().move(0.22, 0.52).cube(0.26, 0.51, 0.3, 0.53, 0.34, 0.56).line(0.335, 0.575).cube(0.3, 0.55, 0.26, 0.535, 0.22, 0.54).close(),
		flat(col.lit(-0.55)))
	// Laces read against the upper: white on colour, grey on a white shoe.
	lace := white.lit(-0.05)
	if col.luma() > 0.7 {
		lace = rgb{0.55, 0.55, 0.57}
	}
	for i := range 5 {
		x := 0.41 + float64(i)*0.04
		y := 0.5 + float64(i)*0.022
		c.fill(c.path().rotated(x, y, 30).round(x-0.025, y-0.006, x+0.025, y+0.006, 0.006), flat(lace))
	}
	// Sole: midsole and outsole.
	c.fill(c.path().move(0.19, 0.72).line(0.84, 0.72).cube(0.86, 0.72, 0.86, 0.78, 0.82, 0.78).line(0.22, 0.78).
		cube(0.18, 0.78, 0.18, 0.72, 0.19, 0.72).close(), vgrad(white, 0.72, 0.78, 0.05, 0.12))
	c.fill(c.path().rect(0.2, 0.77, 0.83, 0.78), flat(rgb{0.3, 0.29, 0.28}))
}

func lamp(c *canvas, col rgb) {
	warm := rgb{1, 0.92, 0.72}
	c.glow(0.5, 0.5, 0.3, warm, 0.4)
	c.shadow(0.5, 0.78, 0.14, 0.022, 0.45)
	// Base, stem, then the shade lit from inside.
	c.fill(c.path().ellipse(0.5, 0.765, 0.1, 0.022), cylinder(col.lit(-0.1), 0.4, 0.6, 0.6))
	c.fill(c.path().rect(0.4, 0.74, 0.6, 0.765), cylinder(col.lit(-0.1), 0.4, 0.6, 0.6))
	c.fill(c.path().ellipse(0.5, 0.74, 0.1, 0.02), flat(col.lit(0.1)))
	c.fill(c.path().rect(0.493, 0.42, 0.507, 0.74), cylinder(rgb{0.78, 0.64, 0.36}, 0.493, 0.507, 0.9))
	c.fill(c.path().ellipse(0.5, 0.46, 0.17, 0.035), radial(rgb{1, 0.97, 0.85}, warm.lit(-0.1), 0.5, 0.46, 0.17))
	shade := c.path().move(0.385, 0.2).line(0.615, 0.2).line(0.67, 0.46).cube(0.6, 0.485, 0.4, 0.485, 0.33, 0.46).close()
	c.fill(shade, func(x, y float64) rgb {
		return textured(cylinder(col, 0.33, 0.67, 0.2), 0.005, 0.02)(x, y).mix(warm, 0.25*smooth((y-0.25)/0.25))
	})
	c.fill(c.path().ellipse(0.5, 0.2, 0.115, 0.014), flat(col.lit(-0.3)))
}

func chair(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.26, 0.035, 0.45)
	leg := func(x0, y0, x1, y1 float64, shade float64) {
		c.fill(c.path().poly(x0-0.014, y0, x0+0.014, y0, x1+0.009, y1, x1-0.009, y1), cylinder(wood.lit(shade), math.Min(x0, x1)-0.014, math.Max(x0, x1)+0.014, 0.4))
	}
	// Back legs first, then the seat, backrest and front legs.
	leg(0.4, 0.56, 0.38, 0.73, -0.25)
	leg(0.6, 0.56, 0.62, 0.73, -0.25)
	c.fill(c.path().rotated(0.5, 0.47, 0).round(0.33, 0.2, 0.67, 0.47, 0.06), textured(sphere(col, 0.46, 0.3, 0.3, 0.2), 0.006, 0.03))
	c.fill(c.path().round(0.36, 0.23, 0.64, 0.45, 0.05), textured(sphere(col.lit(0.04), 0.46, 0.3, 0.28, 0.15), 0.006, 0.03))
	c.fill(c.path().move(0.34, 0.5).line(0.66, 0.5).line(0.71, 0.575).line(0.29, 0.575).close(), textured(vgrad(col, 0.5, 0.575, 0.15, 0.05), 0.006, 0.03))
	c.fill(c.path().round(0.285, 0.57, 0.715, 0.61, 0.015), textured(vgrad(col, 0.57, 0.61, -0.1, 0.3), 0.006, 0.03))
	leg(0.32, 0.6, 0.29, 0.78, 0)
	leg(0.68, 0.6, 0.71, 0.78, 0)
}

func watch(c *canvas, col rgb) {
	c.shadow(0.5, 0.8, 0.14, 0.02, 0.3)
	strap := func(y0, y1 float64) {
		c.fill(c.path().round(0.44, y0, 0.56, y1, 0.02), textured(cylinder(col, 0.44, 0.56, 0.3), 0.006, 0.025))
		for y := y0 + 0.02; y < y1-0.01; y += 0.018 {
			c.fill(c.path().rect(0.447, y, 0.451, y+0.008), flat(col.lit(0.3)))
			c.fill(c.path().rect(0.549, y, 0.553, y+0.008), flat(col.lit(0.3)))
		}
	}
	strap(0.14, 0.42)
	strap(0.58, 0.78)
	for i, y := range []float64{0.66, 0.7, 0.74} {
		c.fill(c.path().ellipse(0.5, y, 0.007, 0.007), flat(col.lit(-0.5+0.05*float64(i))))
	}
	// Case, bezel, crown, dial with indices and hands.
	c.fill(c.path().round(0.62, 0.48, 0.655, 0.52, 0.008), cylinder(metal, 0.62, 0.655, 0.8))
	c.fill(c.path().ellipse(0.5, 0.5, 0.135, 0.135), sphere(metal, 0.5, 0.5, 0.14, 0.9))
	c.fill(c.path().ellipse(0.5, 0.5, 0.118, 0.118), radial(metal.lit(-0.35), metal.lit(0.2), 0.48, 0.48, 0.13))
	dial := rgb{0.96, 0.95, 0.93}
	if col.luma() > 0.5 {
		dial = rgb{0.12, 0.14, 0.18}
	}
	c.fill(c.path().ellipse(0.5, 0.5, 0.105, 0.105), radial(dial.lit(0.05), dial.lit(-0.12), 0.47, 0.47, 0.12))
	ink := contrast(dial)
	for h := range 12 {
		l := 0.015
		if h%3 == 0 {
			l = 0.025
		}
		c.fill(c.path().rotated(0.5, 0.5, float64(h)*30).rect(0.4975, 0.405, 0.5025, 0.405+l), flat(ink))
	}
	c.fill(c.path().rotated(0.5, 0.5, -60).round(0.496, 0.44, 0.504, 0.505, 0.003), flat(ink))
	c.fill(c.path().rotated(0.5, 0.5, 50).round(0.497, 0.415, 0.503, 0.505, 0.003), flat(ink))
	c.fill(c.path().rotated(0.5, 0.5, 160).rect(0.4988, 0.41, 0.5012, 0.52), flat(rgb{0.85, 0.25, 0.2}))
	c.fill(c.path().ellipse(0.5, 0.5, 0.008, 0.008), flat(ink))
}

// garment shades a flat-lay garment: soft vertical fall-off plus a few fabric folds.
func garment(col rgb) paint {
	base := textured(vgrad(col, 0.2, 0.8, 0.1, 0.15), 0.005, 0.02)
	return func(x, y float64) rgb {
		fold := 0.035*math.Sin(x*19+math.Sin(y*6)*1.5) + 0.02*math.Sin(x*41-y*5)
		return base(x, y).lit(fold)
	}
}

func tshirt(c *canvas, col rgb) {
	c.shadow(0.5, 0.8, 0.24, 0.025, 0.3)
	body := c.path().move(0.43, 0.21).line(0.31, 0.25).line(0.17, 0.37).line(0.24, 0.47).line(0.32, 0.42).
		line(0.32, 0.8).line(0.68, 0.8).line(0.68, 0.42).line(0.76, 0.47).line(0.83, 0.37).line(0.69, 0.25).
		line(0.57, 0.21).cube(0.55, 0.26, 0.45, 0.26, 0.43, 0.21).close()
	c.fill(body, garment(col))
	c.fill(c.path().move(0.43, 0.21).cube(0.45, 0.26, 0.55, 0.26, 0.57, 0.21).line(0.585, 0.215).
		cube(0.56, 0.285, 0.44, 0.285, 0.415, 0.215).close(), flat(col.lit(-0.2)))
	c.fill(c.path().move(0.44, 0.22).cube(0.46, 0.235, 0.54, 0.235, 0.56, 0.22).cube(0.54, 0.25, 0.46, 0.25, 0.44, 0.22).close(), flat(col.lit(-0.4)))
	for _, s := range []float64{-1, 1} {
		x := 0.5 + s*0.18
		c.fill(c.path().rotated(x, 0.42, s*-6).rect(x-0.002, 0.26, x+0.002, 0.42), flat(col.lit(-0.12)))
	}
	c.fill(c.path().rect(0.32, 0.775, 0.68, 0.78), flat(col.lit(-0.15)))
}

func jacket(c *canvas, col rgb) {
	c.shadow(0.5, 0.8, 0.25, 0.025, 0.3)
	// Long sleeves hanging down, a stand-up collar and a centre zip.
	for _, s := range []float64{-1, 1} {
		sl := c.path().poly(0.5+s*0.19, 0.25, 0.5+s*0.29, 0.36, 0.5+s*0.31, 0.76, 0.5+s*0.24, 0.77, 0.5+s*0.2, 0.42)
		c.fill(sl, garment(col.lit(-0.06)))
		c.fill(c.path().poly(0.5+s*0.312, 0.72, 0.5+s*0.24, 0.73, 0.5+s*0.24, 0.77, 0.5+s*0.313, 0.765), flat(col.lit(-0.3)))
	}
	body := c.path().move(0.42, 0.2).line(0.31, 0.25).line(0.3, 0.8).line(0.7, 0.8).line(0.69, 0.25).line(0.58, 0.2).
		cube(0.55, 0.24, 0.45, 0.24, 0.42, 0.2).close()
	c.fill(body, garment(col))
	c.fill(c.path().move(0.42, 0.2).line(0.43, 0.15).cube(0.47, 0.17, 0.53, 0.17, 0.57, 0.15).line(0.58, 0.2).
		cube(0.55, 0.24, 0.45, 0.24, 0.42, 0.2).close(), vgrad(col.lit(-0.15), 0.15, 0.24, 0, 0.2))
	c.fill(c.path().rect(0.496, 0.225, 0.504, 0.8), flat(col.lit(-0.45)))
	c.fill(c.path().round(0.49, 0.3, 0.51, 0.34, 0.004), flat(metal))
	for _, s := range []float64{-1, 1} {
		c.fill(c.path().rotated(0.5+s*0.1, 0.58, s*-70).rect(0.5+s*0.1-0.045, 0.58, 0.5+s*0.1+0.045, 0.585), flat(col.lit(-0.35)))
	}
	c.fill(c.path().rect(0.3, 0.76, 0.7, 0.8), flat(col.lit(-0.18)))
}

func notebook(c *canvas, col rgb) {
	c.shadow(0.52, 0.79, 0.24, 0.03, 0.4)
	const tilt = -6
	// Pages, cover, elastic closure and ribbon, all tilted together.
	c.fill(c.path().rotated(0.5, 0.5, tilt).round(0.35, 0.2, 0.67, 0.78, 0.015), vgrad(rgb{0.93, 0.91, 0.85}, 0.2, 0.78, 0, 0.1))
	c.fill(c.path().rotated(0.5, 0.5, tilt).rect(0.505, 0.77, 0.53, 0.84), flat(rgb{0.7, 0.18, 0.16}))
	c.fill(c.path().rotated(0.5, 0.5, tilt).round(0.33, 0.19, 0.655, 0.77, 0.02), textured(diagonal(col, 0.33, 0.19, 0.655, 0.77, 0.4), 0.005, 0.02))
	c.fill(c.path().rotated(0.5, 0.5, tilt).rect(0.33, 0.19, 0.345, 0.77), flat(col.lit(-0.2)))
	c.fill(c.path().rotated(0.5, 0.5, tilt).rect(0.595, 0.185, 0.615, 0.775), cylinder(rgb{0.12, 0.12, 0.13}, 0.595, 0.615, 0.5))
	c.fill(c.path().rotated(0.5, 0.5, tilt).round(0.4, 0.33, 0.55, 0.4, 0.006), flat(col.lit(0.12)))
}

func bottle(c *canvas, col rgb) {
	c.shadow(0.5, 0.785, 0.12, 0.025, 0.45)
	// Insulated steel bottle: shoulder, neck, cap with a carry loop.
	c.fill(c.path().arc(0.5, 0.16, 0.035, 0.035, 180, 360, false).arc(0.5, 0.16, 0.022, 0.022, 360, 180, true).close(), flat(rgb{0.15, 0.15, 0.16}))
	body := c.path().move(0.44, 0.28).cube(0.44, 0.3, 0.41, 0.31, 0.41, 0.35).line(0.41, 0.75).cube(0.41, 0.78, 0.43, 0.785, 0.5, 0.785).
		cube(0.57, 0.785, 0.59, 0.78, 0.59, 0.75).line(0.59, 0.35).cube(0.59, 0.31, 0.56, 0.3, 0.56, 0.28).close()
	c.fill(body, cylinder(col, 0.41, 0.59, 0.75))
	c.fill(c.path().rect(0.44, 0.24, 0.56, 0.285), cylinder(metal, 0.44, 0.56, 0.8))
	c.fill(c.path().round(0.435, 0.16, 0.565, 0.25, 0.012), cylinder(rgb{0.15, 0.15, 0.16}, 0.435, 0.565, 0.4))
	c.fill(c.path().rect(0.41, 0.74, 0.59, 0.745), flat(col.lit(-0.25)))
}

func tent(c *canvas, col rgb) {
	c.shadow(0.5, 0.78, 0.36, 0.035, 0.4)
	// Guy lines, the dome fly, its vestibule door and poles.
	for _, g := range [][4]float64{{0.28, 0.5, 0.1, 0.8}, {0.72, 0.5, 0.9, 0.8}} {
		c.fill(c.path().poly(g[0], g[1], g[0]+0.002, g[1], g[2]+0.002, g[3], g[2], g[3]), flat(rgb{0.3, 0.3, 0.3}))
	}
	fly := c.path().move(0.15, 0.78).cube(0.2, 0.5, 0.32, 0.3, 0.5, 0.28).cube(0.68, 0.3, 0.8, 0.5, 0.85, 0.78).close()
	c.fill(fly, textured(diagonal(col, 0.15, 0.28, 0.85, 0.78, 0.5), 0.006, 0.02))
	// The far side of the dome, away from the light.
	c.fillAlpha(c.path().move(0.5, 0.28).cube(0.6, 0.4, 0.63, 0.6, 0.64, 0.78).line(0.85, 0.78).cube(0.8, 0.5, 0.68, 0.3, 0.5, 0.28).close(),
		flat(col.lit(-0.3)), 0.5)
	door := c.path().move(0.36, 0.78).cube(0.38, 0.6, 0.44, 0.46, 0.5, 0.44).cube(0.56, 0.46, 0.62, 0.6, 0.64, 0.78).close()
	c.fill(door, vgrad(col.lit(-0.5), 0.44, 0.78, 0, 0.3))
	c.fill(c.path().rect(0.498, 0.44, 0.502, 0.78), flat(col.lit(-0.7)))
	c.fill(c.path().move(0.15, 0.78).cube(0.2, 0.5, 0.32, 0.3, 0.5, 0.28).cube(0.68, 0.3, 0.8, 0.5, 0.85, 0.78).line(0.845, 0.78).
		cube(0.795, 0.505, 0.675, 0.31, 0.5, 0.29).cube(0.325, 0.31, 0.205, 0.505, 0.155, 0.78).close(), flat(col.lit(-0.35)))
	c.fill(c.path().rect(0.15, 0.775, 0.85, 0.78), flat(rgb{0.2, 0.2, 0.2}))
}
