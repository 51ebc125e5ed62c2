package sinkhornview

import (
	"image/color"
	"math"

	"solvable/render"
)

// Bar colours: the target weight is a light fill, the plan's current sum an outline on top
// of it, dark when it lands on the target and red when it misses by a pixel or more.
var (
	targetFill = render.Mix(render.Blue, render.White, 0.62)
	dragFill   = render.Mix(render.Orange, render.White, 0.25)
	sumInk     = render.Ink
	missInk    = render.Red
)

// thinBar is the band height below which bars are drawn edge to edge and the current sums
// become one stepped line: outlines need a few pixels to be seen.
const thinBar = 9.0

// drawBars draws p to the left of the heatmap and q above it, each with the plan's current
// sums, and washes the side the last projection fixed.
func drawBars(c render.Canvas, g Geometry, v View) {
	projected := v.Last
	if projected == ProjectionRows {
		wash(c, g.PBars.Inset(-2, -2, -1, -2))
	}
	if projected == ProjectionCols {
		wash(c, g.QBars.Inset(-2, -2, -2, -1))
	}
	drawPBars(c, g, v)
	drawQBars(c, g, v)
	drawSideNames(c, g, v)
}

func wash(c render.Canvas, r render.Rect) { c.FillRect(r.X, r.Y, r.W, r.H, render.Highlight) }

// drawPBars draws one horizontal bar per row, growing leftwards from the heatmap.
func drawPBars(c render.Canvas, g Geometry, v View) {
	base, full := g.PBars.Right(), g.pFull()
	band := g.CellH
	thick, inset := band, 0.0
	if band >= thinBar {
		thick = band * 0.74
		inset = (band - thick) / 2
	}
	// Axis line at the base, so zero-length bars still have a place.
	c.StrokeLine(base, g.PBars.Y, base, g.PBars.Bottom(), 1, render.Frame)
	for i := 0; i < g.N; i++ {
		y := g.Heat.Y + float64(i)*band + inset
		if l := g.barLen(at(v.P, i), full); l > 0 {
			fill := targetFill
			if v.DragSide == SideP && v.DragIndex == i {
				fill = dragFill
			}
			c.FillRect(base-l, y, l, thick, fill)
		}
	}
	sums := func(i int) (sum, target float64) { return at(v.RowSums, i), at(v.P, i) }
	if band >= thinBar {
		for i := 0; i < g.N; i++ {
			s, t := sums(i)
			if !render.Finite(s) {
				continue
			}
			l := g.barLen(s, full)
			y := g.Heat.Y + float64(i)*band + inset
			c.StrokeRect(base-l, y, l, thick, 1.5, sumColour(g, s, t, full))
			if s > g.BarScale {
				overflow(c, base-l, y+thick/2, -1, 0, thick)
			}
		}
		return
	}
	// Thin bars: the sums as a stepped profile, with misses overdrawn in red.
	xs, ys := make([]float64, 0, 2*g.N), make([]float64, 0, 2*g.N)
	for i := 0; i < g.N; i++ {
		s, _ := sums(i)
		if !render.Finite(s) {
			xs, ys = append(xs, math.NaN(), math.NaN()), append(ys, math.NaN(), math.NaN())
			continue
		}
		x := base - g.barLen(s, full)
		xs = append(xs, x, x)
		ys = append(ys, g.Heat.Y+float64(i)*band, g.Heat.Y+float64(i+1)*band)
	}
	c.Polyline(xs, ys, 1.25, sumInk)
	for i := 0; i < g.N; i++ {
		if s, t := sums(i); render.Finite(s) && sumColour(g, s, t, full) == missInk {
			c.StrokeLine(xs[2*i], ys[2*i], xs[2*i+1], ys[2*i+1], 1.5, missInk)
		}
	}
}

// drawQBars draws one vertical bar per column, growing upwards from the heatmap.
func drawQBars(c render.Canvas, g Geometry, v View) {
	base, full := g.QBars.Bottom(), g.qFull()
	band := g.CellW
	thick, inset := band, 0.0
	if band >= thinBar {
		thick = band * 0.74
		inset = (band - thick) / 2
	}
	c.StrokeLine(g.QBars.X, base, g.QBars.Right(), base, 1, render.Frame)
	for j := 0; j < g.M; j++ {
		x := g.Heat.X + float64(j)*band + inset
		if l := g.barLen(at(v.Q, j), full); l > 0 {
			fill := targetFill
			if v.DragSide == SideQ && v.DragIndex == j {
				fill = dragFill
			}
			c.FillRect(x, base-l, thick, l, fill)
		}
	}
	sums := func(j int) (sum, target float64) { return at(v.ColSums, j), at(v.Q, j) }
	if band >= thinBar {
		for j := 0; j < g.M; j++ {
			s, t := sums(j)
			if !render.Finite(s) {
				continue
			}
			l := g.barLen(s, full)
			x := g.Heat.X + float64(j)*band + inset
			c.StrokeRect(x, base-l, thick, l, 1.5, sumColour(g, s, t, full))
			if s > g.BarScale {
				overflow(c, x+thick/2, base-l, 0, -1, thick)
			}
		}
		return
	}
	xs, ys := make([]float64, 0, 2*g.M), make([]float64, 0, 2*g.M)
	for j := 0; j < g.M; j++ {
		s, _ := sums(j)
		if !render.Finite(s) {
			xs, ys = append(xs, math.NaN(), math.NaN()), append(ys, math.NaN(), math.NaN())
			continue
		}
		y := base - g.barLen(s, full)
		xs = append(xs, g.Heat.X+float64(j)*band, g.Heat.X+float64(j+1)*band)
		ys = append(ys, y, y)
	}
	c.Polyline(xs, ys, 1.25, sumInk)
	for j := 0; j < g.M; j++ {
		if s, t := sums(j); render.Finite(s) && sumColour(g, s, t, full) == missInk {
			c.StrokeLine(xs[2*j], ys[2*j], xs[2*j+1], ys[2*j+1], 1.5, missInk)
		}
	}
}

// overflow marks a sum longer than the bar can show: a small arrow head at (x, y) pointing
// along (dx, dy), sized to the bar's thickness.
func overflow(c render.Canvas, x, y, dx, dy, thick float64) {
	s := math.Min(thick*0.35, 6)
	// Two strokes forming a chevron: cheaper than a filled path and crisp at any size.
	px, py := -dy, dx // perpendicular
	tipX, tipY := x+dx*s, y+dy*s
	c.StrokeLine(x+px*s, y+py*s, tipX, tipY, 1.5, missInk)
	c.StrokeLine(x-px*s, y-py*s, tipX, tipY, 1.5, missInk)
}

// sumColour is dark when the drawn sum and target differ by less than a pixel (they look
// equal, and are, after the projection for that side), red otherwise.
func sumColour(g Geometry, sum, target, full float64) color.RGBA {
	if !render.Finite(target) {
		return missInk
	}
	if math.Abs(g.barLen(sum, full)-g.barLen(target, full)) < 1 {
		return sumInk
	}
	return missInk
}

// drawSideNames labels the two bar charts in the corner between them; the side the last
// projection fixed gets a note saying so next to its name.
func drawSideNames(c render.Canvas, g Geometry, v View) {
	fs := g.FS
	cr := g.Corner
	lh := render.LineHeight(fs)
	noteFS := fs * 0.9
	// q: at the top right of the corner, pointing right at the q bars.
	qy := cr.Y + fs*1.1
	c.Text(render.Ellipsize(c, "q: column targets →", fs, cr.W-2), cr.Right()-4, qy, fs, render.Ink, render.AlignRight)
	// p: at the bottom left of the corner, pointing down at the p bars.
	py := cr.Bottom() - fs*0.45
	// p's texts start over the p bars when they fit there, else at the corner's left edge
	// (over the row labels), ending before the q bars either way.
	pText := func(s string, y, size float64, col color.RGBA) {
		x := g.PBars.X
		if c.TextWidth(s, size) > cr.Right()-x-4 {
			x = cr.X
		}
		c.Text(render.Ellipsize(c, s, size, cr.Right()-x-4), x, y, size, col, render.AlignLeft)
	}
	pText("p: row targets ↓", py, fs, render.Ink)
	if cr.H < 3*lh {
		return // no room for a note; the header says it anyway
	}
	switch v.Last {
	case ProjectionRows:
		pText("just rescaled: sums = p", py-lh, noteFS, noteInk)
	case ProjectionCols:
		c.Text(render.Ellipsize(c, "just rescaled: sums = q", noteFS, cr.W-2), cr.Right()-4, qy+lh, noteFS, noteInk, render.AlignRight)
	}
}

// noteInk is the text colour of the "just rescaled" notes: the amber of the wash, dark
// enough to read.
var noteInk = render.Brown

// drawLegend explains fill and outline in one line under the plan, in shorter words when
// the long ones do not fit.
func drawLegend(c render.Canvas, g Geometry) {
	fs := g.FS * 0.9
	r := g.Legend
	marks := []func(x, y, w, h float64){
		func(x, y, w, h float64) { c.FillRect(x, y, w, h, targetFill) },
		func(x, y, w, h float64) { c.StrokeRect(x, y, w, h, 1.5, sumInk) },
		func(x, y, w, h float64) { c.StrokeRect(x, y, w, h, 1.5, missInk) },
	}
	sw := fs * 1.4
	var labels []string
	total := 0.0
	for _, ls := range [][]string{
		{"target weight", "current sum of P", "sum off target"},
		{"target", "current sum", "off target"},
	} {
		labels, total = ls, 0
		for _, l := range ls {
			total += sw + fs*0.4 + c.TextWidth(l, fs) + fs
		}
		if total <= r.W {
			break
		}
	}
	x := r.X + math.Max((r.W-total)/2, 0)
	cy := r.CenterY()
	for k, l := range labels {
		marks[k](x, cy-fs*0.4, sw, fs*0.8)
		x += sw + fs*0.4
		c.Text(l, x, render.Baseline(cy, fs), fs, render.Muted, render.AlignLeft)
		x += c.TextWidth(l, fs) + fs
	}
}

// at is s[i], or NaN when s is too short: a View whose slices disagree with N and M draws
// what it has instead of panicking.
func at(s []float64, i int) float64 {
	if i < 0 || i >= len(s) {
		return math.NaN()
	}
	return s[i]
}
