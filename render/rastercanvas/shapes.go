package rastercanvas

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"solvable/render"
)

// pt is a point in device pixels.
type pt struct{ x, y float64 }

// fill rasterises the union of the polygons (each one closed, oriented consistently here)
// and composites col over the image with anti-aliased coverage.
//
// The rasteriser adds up signed coverage and clamps its magnitude, so overlapping pieces of
// one shape (the segments and joins of a stroke) merge, provided they wind the same way:
// fill reverses any clockwise polygon before adding it.
func (c *Canvas) fill(polys [][]pt, col color.RGBA) {
	if col.A == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range polys {
		for _, q := range p {
			if !render.Finite(q.x) || !render.Finite(q.y) {
				return // one bad point would smear the whole shape: draw nothing instead
			}
			minX, minY = math.Min(minX, q.x), math.Min(minY, q.y)
			maxX, maxY = math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY))).
		Intersect(c.img.Bounds())
	if box.Empty() {
		return
	}
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	c.ras.Reset(box.Dx(), box.Dy())
	c.ras.DrawOp = draw.Over
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		if signedArea(p) < 0 {
			c.addReversed(p, ox, oy)
		} else {
			c.add(p, ox, oy)
		}
	}
	c.ras.Draw(c.img, box, image.NewUniform(col), image.Point{})
}

func (c *Canvas) add(p []pt, ox, oy float64) {
	c.ras.MoveTo(float32(p[0].x-ox), float32(p[0].y-oy))
	for _, q := range p[1:] {
		c.ras.LineTo(float32(q.x-ox), float32(q.y-oy))
	}
	c.ras.ClosePath()
}

func (c *Canvas) addReversed(p []pt, ox, oy float64) {
	n := len(p)
	c.ras.MoveTo(float32(p[n-1].x-ox), float32(p[n-1].y-oy))
	for i := n - 2; i >= 0; i-- {
		c.ras.LineTo(float32(p[i].x-ox), float32(p[i].y-oy))
	}
	c.ras.ClosePath()
}

// signedArea is twice the polygon's signed (shoelace) area. Its sign is the winding
// direction; fill only needs every polygon to share one.
func signedArea(p []pt) float64 {
	a := 0.0
	for i := range p {
		j := (i + 1) % len(p)
		a += p[i].x*p[j].y - p[j].x*p[i].y
	}
	return a
}

// rectPoly is the polygon of a device-pixel rectangle.
func rectPoly(x0, y0, x1, y1 float64) []pt {
	return []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

// circlePoly approximates a circle by a regular polygon fine enough that the facets are
// under a tenth of a pixel off.
func circlePoly(cx, cy, r float64) []pt {
	n := int(render.Clamp(math.Ceil(math.Pi/math.Acos(math.Max(1-0.1/math.Max(r, 0.1), -1))), 8, 256))
	p := make([]pt, n)
	for i := range p {
		a := 2 * math.Pi * float64(i) / float64(n)
		p[i] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return p
}

// segmentPoly is the rectangle of a stroke of width w along a-b (butt ends).
func segmentPoly(a, b pt, w float64) []pt {
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return nil
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}
}

// snap maps a CSS coordinate to the nearest device-pixel boundary.
func (c *Canvas) snap(v float64) float64 { return math.Round(v * c.scale) }

// FillRect implements render.Canvas. Edges are snapped to device pixels so that adjacent
// rectangles (bars, heatmap cells) tile without seams; a rectangle thinner than a pixel keeps
// its true size and is drawn with partial coverage instead of vanishing.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	if !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() {
		return
	}
	x0, x1 := c.snap(x), c.snap(x+w)
	y0, y1 := c.snap(y), c.snap(y+h)
	if x1 == x0 {
		x0, x1 = x*c.scale, (x+w)*c.scale
	}
	if y1 == y0 {
		y0, y1 = y*c.scale, (y+h)*c.scale
	}
	c.fill([][]pt{rectPoly(x0, y0, x1, y1)}, col)
}

// lineWidth is a stroke width in device pixels, at least one pixel so hairlines show.
func (c *Canvas) lineWidth(w float64) float64 {
	return math.Max(w*c.scale, 1)
}

// crisp returns the device coordinate at which a horizontal or vertical line of device
// width wd, meant to be centred on CSS coordinate v, has both edges on pixel boundaries.
func (c *Canvas) crisp(v, wd float64) float64 {
	wr := math.Max(math.Round(wd), 1)
	return math.Round(v*c.scale-wr/2) + wr/2
}

// StrokeRect implements render.Canvas: the stroke is centred on the rectangle's edges.
func (c *Canvas) StrokeRect(x, y, w, h, width float64, col color.RGBA) {
	if !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() || !render.Finite(width) || width <= 0 {
		return
	}
	wd := math.Max(math.Round(c.lineWidth(width)), 1)
	x0, x1 := c.crisp(x, wd), c.crisp(x+w, wd)
	y0, y1 := c.crisp(y, wd), c.crisp(y+h, wd)
	hw := wd / 2
	c.fill([][]pt{
		rectPoly(x0-hw, y0-hw, x1+hw, y0+hw), // top
		rectPoly(x0-hw, y1-hw, x1+hw, y1+hw), // bottom
		rectPoly(x0-hw, y0+hw, x0+hw, y1-hw), // left
		rectPoly(x1-hw, y0+hw, x1+hw, y1-hw), // right
	}, col)
}

// StrokeLine implements render.Canvas. Horizontal and vertical lines are placed on whole
// device pixels so a 1 px rule is one sharp row rather than two grey ones.
func (c *Canvas) StrokeLine(x0, y0, x1, y1, width float64, col color.RGBA) {
	if !render.Finite(x0) || !render.Finite(y0) || !render.Finite(x1) || !render.Finite(y1) || !(width > 0) {
		return
	}
	wd := c.lineWidth(width)
	a, b := pt{x0 * c.scale, y0 * c.scale}, pt{x1 * c.scale, y1 * c.scale}
	switch {
	case y0 == y1:
		wd = math.Max(math.Round(wd), 1)
		a.y = c.crisp(y0, wd)
		b.y = a.y
	case x0 == x1:
		wd = math.Max(math.Round(wd), 1)
		a.x = c.crisp(x0, wd)
		b.x = a.x
	}
	if p := segmentPoly(a, b, wd); p != nil {
		c.fill([][]pt{p}, col)
	}
}

// Polyline implements render.Canvas: butt ends, round joins, NaN points as gaps.
func (c *Canvas) Polyline(xs, ys []float64, width float64, col color.RGBA) {
	if !render.Finite(width) || width <= 0 {
		return
	}
	wd := c.lineWidth(width)
	var polys [][]pt
	n := min(len(xs), len(ys))
	ok := func(i int) bool { return i >= 0 && i < n && render.Finite(xs[i]) && render.Finite(ys[i]) }
	for i := 0; i+1 < n; i++ {
		if !ok(i) || !ok(i+1) {
			continue
		}
		a, b := pt{xs[i] * c.scale, ys[i] * c.scale}, pt{xs[i+1] * c.scale, ys[i+1] * c.scale}
		if p := segmentPoly(a, b, wd); p != nil {
			polys = append(polys, p)
		}
		if ok(i + 2) { // a join at b
			polys = append(polys, circlePoly(b.x, b.y, wd/2))
		}
	}
	c.fill(polys, col)
}

// FillCircle implements render.Canvas.
// FillPolygon implements render.Canvas.
func (c *Canvas) FillPolygon(xs, ys []float64, col color.RGBA) {
	n := min(len(xs), len(ys))
	if n < 3 {
		return
	}
	poly := make([]pt, n)
	for i := range poly {
		poly[i] = pt{xs[i] * c.scale, ys[i] * c.scale}
	}
	c.fill([][]pt{poly}, col) // fill refuses non-finite points
}

func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if !render.Finite(cx) || !render.Finite(cy) || !render.Finite(r) || r <= 0 {
		return
	}
	c.fill([][]pt{circlePoly(cx*c.scale, cy*c.scale, r*c.scale)}, col)
}
