package demo

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// rgb is a linear-ish colour with channels in 0..1, the working space of the painter.
type rgb [3]float64

func (c rgb) mix(o rgb, t float64) rgb {
	return rgb{c[0] + (o[0]-c[0])*t, c[1] + (o[1]-c[1])*t, c[2] + (o[2]-c[2])*t}
}

// lit brightens (k > 0, towards white) or darkens (k < 0, towards black) the colour.
func (c rgb) lit(k float64) rgb {
	if k >= 0 {
		return c.mix(rgb{1, 1, 1}, math.Min(k, 1))
	}
	return c.mix(rgb{}, math.Min(-k, 1))
}

// luma is the perceived brightness, used to keep highlights visible on dark products.
func (c rgb) luma() float64 { return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2] }

// paint gives the colour of a shape at a point in unit coordinates (0..1 across the picture).
type paint func(x, y float64) rgb

// canvas is a square picture being painted: a float colour buffer and one vector rasterizer
// reused for every shape.
type canvas struct {
	size int
	px   []rgb
	r    *vector.Rasterizer
}

func newCanvas(size int) *canvas {
	return &canvas{size: size, px: make([]rgb, size*size), r: vector.NewRasterizer(size, size)}
}

// backdrop fills the picture with a studio sweep: a wall that lightens towards the top, a floor
// from horizon down, blended over a soft band, and a faint vignette.
func (c *canvas) backdrop(wall, floor rgb, horizon float64) {
	n := float64(c.size)
	for y := range c.size {
		fy := (float64(y) + 0.5) / n
		t := smooth((fy - horizon + 0.12) / 0.24)
		base := wall.lit(0.18*(1-fy)).mix(floor, t)
		for x := range c.size {
			fx := (float64(x) + 0.5) / n
			d := (fx-0.5)*(fx-0.5) + (fy-0.45)*(fy-0.45)*0.8
			c.px[y*c.size+x] = base.lit(-0.22 * smooth(d/0.45))
		}
	}
}

// shadow darkens the floor under an object: an elliptical contact shadow centred at (cx, cy)
// with radii rx, ry (unit coordinates) and a wider, fainter penumbra.
func (c *canvas) shadow(cx, cy, rx, ry, strength float64) {
	n := float64(c.size)
	x0, x1 := int((cx-rx*2)*n), int((cx+rx*2)*n)+1
	y0, y1 := int((cy-ry*3)*n), int((cy+ry*3)*n)+1
	for y := max(y0, 0); y < min(y1, c.size); y++ {
		for x := max(x0, 0); x < min(x1, c.size); x++ {
			dx, dy := ((float64(x)+0.5)/n-cx)/rx, ((float64(y)+0.5)/n-cy)/ry
			d := dx*dx + dy*dy
			k := strength * (0.75*math.Exp(-d*2.2) + 0.25*math.Exp(-d*0.5))
			i := y*c.size + x
			c.px[i] = c.px[i].lit(-k)
		}
	}
}

// glow lightens the picture around (cx, cy) with colour col, as a lamp or flame does.
func (c *canvas) glow(cx, cy, r float64, col rgb, strength float64) {
	n := float64(c.size)
	for y := max(int((cy-r)*n), 0); y < min(int((cy+r)*n)+1, c.size); y++ {
		for x := max(int((cx-r)*n), 0); x < min(int((cx+r)*n)+1, c.size); x++ {
			dx, dy := ((float64(x)+0.5)/n-cx)/r, ((float64(y)+0.5)/n-cy)/r
			k := strength * math.Max(0, 1-math.Sqrt(dx*dx+dy*dy))
			i := y*c.size + x
			c.px[i] = c.px[i].mix(col, k*k)
		}
	}
}

// fill paints the path's area with p, anti-aliased by the rasterizer's coverage.
func (c *canvas) fill(pt *path, p paint) { c.fillAlpha(pt, p, 1) }

func (c *canvas) fillAlpha(pt *path, p paint, alpha float64) {
	if pt.empty {
		return
	}
	n := float64(c.size)
	bx0, by0 := max(int(pt.minX)-1, 0), max(int(pt.minY)-1, 0)
	bx1, by1 := min(int(pt.maxX)+2, c.size), min(int(pt.maxY)+2, c.size)
	if bx0 >= bx1 || by0 >= by1 {
		return
	}
	// A rasterizer and mask the size of the shape's box: the rasterizer's cost is its area,
	// and most shapes cover a small part of the picture.
	w, h := bx1-bx0, by1-by0
	c.r.Reset(w, h)
	c.r.DrawOp = draw.Src
	ox, oy := float32(bx0), float32(by0)
	for _, o := range pt.ops {
		switch o.kind {
		case opMove:
			c.r.MoveTo(o.p[0]-ox, o.p[1]-oy)
		case opLine:
			c.r.LineTo(o.p[0]-ox, o.p[1]-oy)
		case opCube:
			c.r.CubeTo(o.p[0]-ox, o.p[1]-oy, o.p[2]-ox, o.p[3]-oy, o.p[4]-ox, o.p[5]-oy)
		case opClose:
			c.r.ClosePath()
		}
	}
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	c.r.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	for y := range h {
		row := mask.Pix[y*mask.Stride:]
		for x := range w {
			a := float64(row[x]) / 255 * alpha
			if a == 0 {
				continue
			}
			i := (y+by0)*c.size + x + bx0
			c.px[i] = c.px[i].mix(p((float64(x+bx0)+0.5)/n, (float64(y+by0)+0.5)/n), a)
		}
	}
}

// image converts the buffer to 8-bit RGBA, with a little ordered dither so gradients do not band.
func (c *canvas) image() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, c.size, c.size))
	bayer := [4][4]float64{{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}}
	for y := range c.size {
		for x := range c.size {
			d := (bayer[y&3][x&3]/16 - 0.5) / 255
			p := c.px[y*c.size+x]
			o := img.PixOffset(x, y)
			img.Pix[o] = to8(p[0] + d)
			img.Pix[o+1] = to8(p[1] + d)
			img.Pix[o+2] = to8(p[2] + d)
			img.Pix[o+3] = 255
		}
	}
	return img
}

func to8(v float64) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 1:
		return 255
	}
	return uint8(v*255 + 0.5)
}

func smooth(t float64) float64 {
	t = math.Min(math.Max(t, 0), 1)
	return t * t * (3 - 2*t)
}

// path is one shape being outlined in unit coordinates, optionally rotated about a point; it
// records its outline in pixels and its bounds, so fill rasterizes only the box it covers.
type path struct {
	c                      *canvas
	ops                    []op
	empty                  bool
	minX, minY, maxX, maxY float32
	rot                    bool
	ox, oy, cos, sin       float64
}

type opKind uint8

const (
	opMove opKind = iota
	opLine
	opCube
	opClose
)

type op struct {
	kind opKind
	p    [6]float32
}

func (c *canvas) path() *path { return &path{c: c, empty: true} }

// rotated turns everything outlined after it (call it first) by deg degrees (clockwise on
// screen) about (ox, oy).
func (p *path) rotated(ox, oy, deg float64) *path {
	a := deg * math.Pi / 180
	p.rot, p.ox, p.oy, p.cos, p.sin = true, ox, oy, math.Cos(a), math.Sin(a)
	return p
}

func (p *path) pt(x, y float64) (float32, float32) {
	if p.rot {
		dx, dy := x-p.ox, y-p.oy
		x, y = p.ox+dx*p.cos-dy*p.sin, p.oy+dx*p.sin+dy*p.cos
	}
	n := float64(p.c.size)
	fx, fy := float32(x*n), float32(y*n)
	if p.empty {
		p.minX, p.maxX, p.minY, p.maxY, p.empty = fx, fx, fy, fy, false
	} else {
		p.minX, p.maxX = min(p.minX, fx), max(p.maxX, fx)
		p.minY, p.maxY = min(p.minY, fy), max(p.maxY, fy)
	}
	return fx, fy
}

func (p *path) move(x, y float64) *path {
	ax, ay := p.pt(x, y)
	p.ops = append(p.ops, op{kind: opMove, p: [6]float32{ax, ay}})
	return p
}

func (p *path) line(x, y float64) *path {
	ax, ay := p.pt(x, y)
	p.ops = append(p.ops, op{kind: opLine, p: [6]float32{ax, ay}})
	return p
}

func (p *path) close() *path { p.ops = append(p.ops, op{kind: opClose}); return p }

func (p *path) cube(x1, y1, x2, y2, x3, y3 float64) *path {
	ax, ay := p.pt(x1, y1)
	bx, by := p.pt(x2, y2)
	cx, cy := p.pt(x3, y3)
	p.ops = append(p.ops, op{kind: opCube, p: [6]float32{ax, ay, bx, by, cx, cy}})
	return p
}

// poly outlines a closed polygon through xy pairs.
func (p *path) poly(xy ...float64) *path {
	p.move(xy[0], xy[1])
	for i := 2; i+1 < len(xy); i += 2 {
		p.line(xy[i], xy[i+1])
	}
	return p.close()
}

func (p *path) rect(x0, y0, x1, y1 float64) *path { return p.poly(x0, y0, x1, y0, x1, y1, x0, y1) }

// round outlines a rectangle with corner radius r (clockwise).
func (p *path) round(x0, y0, x1, y1, r float64) *path {
	r = math.Min(r, math.Min(x1-x0, y1-y0)/2)
	const k = 0.5523
	p.move(x0+r, y0).line(x1-r, y0).cube(x1-r+r*k, y0, x1, y0+r-r*k, x1, y0+r)
	p.line(x1, y1-r).cube(x1, y1-r+r*k, x1-r+r*k, y1, x1-r, y1)
	p.line(x0+r, y1).cube(x0+r-r*k, y1, x0, y1-r+r*k, x0, y1-r)
	p.line(x0, y0+r).cube(x0, y0+r-r*k, x0+r-r*k, y0, x0+r, y0)
	return p.close()
}

// ellipse outlines an ellipse; hole runs it the other way, to cut a hole in a shape outlined
// before it in the same path.
func (p *path) ellipse(cx, cy, rx, ry float64) *path {
	return p.arc(cx, cy, rx, ry, 0, 360, false).close()
}

func (p *path) hole(cx, cy, rx, ry float64) *path {
	return p.arc(cx, cy, rx, ry, 360, 0, false).close()
}

// arc outlines the elliptical arc from a0 to a1 degrees (0 = right, 90 = down): it starts a new
// outline, or with cont goes on from the current point. It leaves the outline open.
func (p *path) arc(cx, cy, rx, ry, a0, a1 float64, cont bool) *path {
	steps := int(math.Max(8, math.Abs(a1-a0)/6))
	for i := 0; i <= steps; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(steps)) * math.Pi / 180
		x, y := cx+rx*math.Cos(a), cy+ry*math.Sin(a)
		if i == 0 && !cont {
			p.move(x, y)
		} else {
			p.line(x, y)
		}
	}
	return p
}

// Paints.

func flat(c rgb) paint { return func(float64, float64) rgb { return c } }

// vgrad runs from c lightened by top at y0 to c darkened by bottom at y1.
func vgrad(c rgb, y0, y1, top, bottom float64) paint {
	return func(_, y float64) rgb {
		t := math.Min(math.Max((y-y0)/(y1-y0), 0), 1)
		return c.lit(top + (-bottom-top)*t)
	}
}

// cylinder shades a vertical cylinder spanning x0..x1 lit from the upper left: a soft core
// light, darker edges and a narrow specular band (gloss 0..1).
func cylinder(c rgb, x0, x1, gloss float64) paint {
	return func(x, _ float64) rgb {
		t := math.Min(math.Max((x-x0)/(x1-x0), 0), 1)
		body := math.Sin(math.Pi * (0.15 + 0.85*t))
		col := c.lit(-0.45 * (1 - body)).lit(0.12 * math.Max(0, 1-t*2))
		st := (t - 0.28) / 0.055
		spec := gloss * math.Exp(-st*st)
		return col.lit(spec * (0.55 + 0.3*(1-c.luma())))
	}
}

// sphere shades a rounded body centred at (cx, cy) with radius r, lit from the upper left.
func sphere(c rgb, cx, cy, r, gloss float64) paint {
	return func(x, y float64) rgb {
		dx, dy := (x-cx)/r, (y-cy)/r
		d := math.Min(math.Sqrt(dx*dx+dy*dy), 1)
		light := -0.38*d*d + 0.18*math.Max(0, -(dx+dy)/1.4)
		col := c.lit(light)
		hx, hy := dx+0.4, dy+0.45
		spec := gloss * math.Exp(-(hx*hx+hy*hy)/0.035)
		return col.lit(spec * 0.7)
	}
}

// diagonal shades a flat face lit from the upper left across the box x0,y0..x1,y1.
func diagonal(c rgb, x0, y0, x1, y1, amount float64) paint {
	return func(x, y float64) rgb {
		t := ((x-x0)/(x1-x0) + (y-y0)/(y1-y0)) / 2
		return c.lit(amount * (0.5 - t) * 2 * 0.5)
	}
}

// radial runs from inner at the centre to outer at radius r.
func radial(inner, outer rgb, cx, cy, r float64) paint {
	return func(x, y float64) rgb {
		return inner.mix(outer, math.Min(math.Hypot(x-cx, y-cy)/r, 1))
	}
}

// textured overlays a fine pattern (fabric, mesh, knit) on p: strength of brightness change
// following a periodic function of the pixel position.
func textured(p paint, period, strength float64) paint {
	return func(x, y float64) rgb {
		s := math.Sin(x*math.Pi*2/period) * math.Sin(y*math.Pi*2/period)
		return p(x, y).lit(strength * s)
	}
}
