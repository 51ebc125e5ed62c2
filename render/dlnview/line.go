package dlnview

import (
	"image/color"
	"math"

	"solvable/render"
	"solvable/render/plot"
)

// Colours of the plane picture: each object keeps its colour in the legend, the marks and
// the labels.
var (
	l2Ink    = render.Blue   // the L2 ball and the min-L2 point
	l1Ink    = render.Orange // the L1 ball and the min-L1 point
	traceInk = render.Purple // the limits argmin Q_α and β* at this α
	pathInk  = render.Green  // the path of β(t) and β now
	lineInk  = render.Ink    // the line of solutions
)

// Text in the L1 and L2 colours: the orange is too light for small letters on white, so
// labels use a darker mix (contrast above 4.5:1).
var (
	l1Text = render.Mix(render.Orange, render.Ink, 0.35)
	l2Text = l2Ink
)

// traceWash is the wide translucent band the trace of limits is drawn with, so the line of
// solutions stays visible through it.
var traceWash = render.WithAlpha(traceInk, 0.32)

// lineLegend lists what the plane shows; entries for missing data are left out.
func lineLegend(v View) []plot.LegendEntry {
	e := []plot.LegendEntry{{Label: "solutions of Xβ = y", Color: lineInk, Mark: plot.MarkLine}}
	if len(v.MinL2) >= 2 {
		e = append(e, plot.LegendEntry{Label: "smallest L2 ball (circle), min-L2 point", Color: l2Ink, Mark: plot.MarkLine})
	}
	if len(v.MinL1) >= 2 {
		e = append(e, plot.LegendEntry{Label: "smallest L1 ball (diamond), min-L1 point", Color: l1Ink, Mark: plot.MarkLine})
	}
	if len(v.TraceX) > 0 {
		e = append(e, plot.LegendEntry{Label: "limits argmin " + qName(v) + " for all α", Color: traceWash, Mark: plot.MarkFill})
	}
	if len(v.Oracle) >= 2 {
		e = append(e, plot.LegendEntry{Label: "β*: the limit at this α", Color: traceInk, Mark: plot.MarkRing})
	}
	return append(e,
		plot.LegendEntry{Label: "path of β(t) from β = 0", Color: pathInk, Mark: plot.MarkLine},
		plot.LegendEntry{Label: "β now", Color: pathInk, Mark: plot.MarkDot})
}

// drawLegend draws entries in r, shrinking the text until the widest fits.
func drawLegend(c render.Canvas, r render.Rect, entries []plot.LegendEntry, fs float64) {
	if len(entries) == 0 || r.W < 40 || r.H <= 0 {
		return
	}
	st := plot.DefaultStyle(legendSize(fs))
	for st.FontSize > 8 {
		if w, _ := plot.LegendSize(c, entries, st); w <= r.W {
			break
		}
		st.FontSize -= 0.5
	}
	plot.Legend(c, r.X, r.Y, entries, st)
}

// planeBox is the part of the plane to show: the origin, the min-L2 and min-L1 points,
// the trace of limits, the path and β now, with a margin. Only the quadrant where the run
// happens is shown, so the path and the sliding limit get the room; the balls show as the
// arcs and edges that touch the line. A run that wandered far (more than a few balls' sizes)
// is cut off rather than shrinking the picture to a dot.
func planeBox(v View) (x, y plot.Axis) {
	x, y = plot.Linear("β₁").Include(0), plot.Linear("β₂").Include(0)
	ball := math.Max(l1(v.MinL1[:min(len(v.MinL1), 2)]), math.Hypot(at(v.MinL2, 0), at(v.MinL2, 1)))
	limit := math.Inf(1)
	if positive(ball) {
		limit = 3 * ball
	}
	add := func(px, py float64) {
		if render.Finite(px) && render.Finite(py) && math.Abs(px) <= limit && math.Abs(py) <= limit {
			x, y = x.Include(px), y.Include(py)
		}
	}
	add(at(v.MinL2, 0), at(v.MinL2, 1))
	add(at(v.MinL1, 0), at(v.MinL1, 1))
	for i := range min(len(v.PathX), len(v.PathY)) {
		add(v.PathX[i], v.PathY[i])
	}
	for i := range min(len(v.TraceX), len(v.TraceY)) {
		add(v.TraceX[i], v.TraceY[i])
	}
	add(at(v.Beta, 0), at(v.Beta, 1))
	add(at(v.Oracle, 0), at(v.Oracle, 1))
	span := math.Max(x.Max-x.Min, y.Max-y.Min)
	if !positive(span) || span > 1e150 {
		span = 1
		x, y = x.Include(-0.5, 0.5), y.Include(-0.5, 0.5)
	}
	pad := 0.2 * span
	x.Min, x.Max = x.Min-pad, x.Max+pad
	y.Min, y.Max = y.Min-pad, y.Max+pad
	return x, y
}

// drawLine draws the (β₁, β₂) plane.
func drawLine(c render.Canvas, g Geometry, v View) {
	r := g.Plane
	if r.W < 60 || r.H < 60 {
		return
	}
	fs := g.FS * 0.9
	st := plot.DefaultStyle(fs)
	xa, ya := planeBox(v)
	f := plot.NewFrameEqual(c, r, "the plane of (β₁, β₂), equal scales", xa, ya, st)
	f.Draw(c)
	p := f.Plot
	// The coordinate axes through the origin: the min-L1 point usually sits on one of them.
	axisInk := render.Mix(render.Frame, render.White, 0.2)
	if x := f.PX(0); x > p.X && x < p.Right() {
		c.StrokeLine(x, p.Y, x, p.Bottom(), 1, axisInk)
	}
	if y := f.PY(0); y > p.Y && y < p.Bottom() {
		c.StrokeLine(p.X, y, p.Right(), y, 1, axisInk)
	}
	drawBalls(c, f, v)
	drawSolutions(c, f, v, fs)
	drawTrace(c, f, v, fs)
	// The path from the origin and where the iterate is now.
	f.Line(c, v.PathX, v.PathY, 2, pathInk)
	ox, oy := f.PX(0), f.PY(0)
	if p.Contains(ox, oy) {
		ring(c, ox, oy, 4, 1.75, pathInk)
	}
	drawPointLabels(c, f, v, fs)
	bx, by := at(v.Beta, 0), at(v.Beta, 1)
	if !render.Finite(bx) || !render.Finite(by) {
		if k := min(len(v.PathX), len(v.PathY)); k > 0 {
			bx, by = v.PathX[k-1], v.PathY[k-1]
		}
	}
	if x, y := f.PX(bx), f.PY(by); p.Contains(x, y) {
		dot(c, x, y, 4.5, pathInk)
	}
}

// drawBalls draws the smallest L2 ball (a circle of radius |min-L2|₂) and L1 ball (a
// diamond of radius |min-L1|₁) around the origin, with the points where they touch the line.
func drawBalls(c render.Canvas, f *plot.Frame, v View) {
	if r := math.Hypot(at(v.MinL2, 0), at(v.MinL2, 1)); positive(r) {
		const n = 160
		xs, ys := make([]float64, n+1), make([]float64, n+1)
		for k := range xs {
			a := 2 * math.Pi * float64(k) / n
			xs[k], ys[k] = r*math.Cos(a), r*math.Sin(a)
		}
		f.Line(c, xs, ys, 1.75, l2Ink)
	}
	if r := math.Abs(at(v.MinL1, 0)) + math.Abs(at(v.MinL1, 1)); positive(r) {
		f.Line(c, []float64{r, 0, -r, 0, r}, []float64{0, r, 0, -r, 0}, 1.75, l1Ink)
	}
}

// solutionEnds returns two far-apart data points on the line Row·β = Y0 spanning the
// frame, or ok = false when the row is zero or not finite.
func solutionEnds(f *plot.Frame, v View) (x0, y0, x1, y1 float64, ok bool) {
	a, b, y := v.Row[0], v.Row[1], v.Y0
	if !render.Finite(a) || !render.Finite(b) || !render.Finite(y) || (a == 0 && b == 0) {
		return 0, 0, 0, 0, false
	}
	// Solve for the coordinate with the larger coefficient (the better-conditioned one) at
	// the other coordinate's ends, taken far beyond the frame so the clipped line crosses it.
	span := 2 * math.Max(f.X.Max-f.X.Min, f.Y.Max-f.Y.Min)
	if math.Abs(b) >= math.Abs(a) {
		x0, x1 = f.X.Min-span, f.X.Max+span
		return x0, (y - a*x0) / b, x1, (y - a*x1) / b, true
	}
	y0, y1 = f.Y.Min-span, f.Y.Max+span
	return (y - b*y0) / a, y0, (y - b*y1) / a, y1, true
}

// drawSolutions draws the line of solutions and writes its equation near its upper end.
func drawSolutions(c render.Canvas, f *plot.Frame, v View, fs float64) {
	x0, y0, x1, y1, ok := solutionEnds(f, v)
	if !ok {
		return
	}
	f.Line(c, []float64{x0, x1}, []float64{y0, y1}, 2, lineInk)
	ax, ay, bx, by, in := plot.ClipSegment(f.PX(x0), f.PY(y0), f.PX(x1), f.PY(y1), f.Plot)
	if !in {
		return
	}
	if by < ay { // (ax, ay) is the upper end
		ax, ay, bx, by = bx, by, ax, ay
	}
	label := equation(v)
	// A little way down the line from its upper end, on the side away from the origin.
	l := math.Hypot(bx-ax, by-ay)
	if l < 1 {
		return
	}
	ux, uy := (bx-ax)/l, (by-ay)/l
	nx, ny := awayFromOrigin(f, ax, ay, ux, uy)
	px, py := ax+ux*fs*3+nx*fs*0.8, ay+uy*fs*3+ny*fs*0.8
	align := render.AlignLeft
	if nx < 0 {
		align = render.AlignRight
	}
	w := c.TextWidth(label, fs)
	if align == render.AlignLeft && px+w > f.Plot.Right()-2 {
		px = f.Plot.Right() - 2 - w
	}
	if align == render.AlignRight && px-w < f.Plot.X+2 {
		px = f.Plot.X + 2 + w
	}
	backedText(c, label, px, render.Baseline(py, fs)+fs*0.4, fs, lineInk, align)
}

// equation writes the line of solutions with its numbers, e.g. "β₁ + 2β₂ = 2".
func equation(v View) string {
	term := func(a float64, name string, first bool) string {
		sign := ""
		switch {
		case a < 0 && first:
			sign = "−"
		case a < 0:
			sign = " − "
		case !first:
			sign = " + "
		}
		m := math.Abs(a)
		if m == 1 {
			return sign + name
		}
		return sign + render.Num(m, 3) + name
	}
	a, b := v.Row[0], v.Row[1]
	var s string
	switch {
	case a == 0:
		s = term(b, "β₂", true)
	case b == 0:
		s = term(a, "β₁", true)
	default:
		s = term(a, "β₁", true) + term(b, "β₂", false)
	}
	return "Xβ = y:  " + s + " = " + render.Num(v.Y0, 4)
}

// awayFromOrigin is the unit normal to direction (ux, uy) at canvas point (x, y) that
// points away from the origin's canvas position.
func awayFromOrigin(f *plot.Frame, x, y, ux, uy float64) (nx, ny float64) {
	nx, ny = -uy, ux
	if ox, oy := f.PX(0), f.PY(0); (x-ox)*nx+(y-oy)*ny < 0 {
		nx, ny = -nx, -ny
	}
	return nx, ny
}

// alphaTick is a decade of α marked on the trace, in canvas coordinates.
type alphaTick struct {
	x, y  float64
	alpha float64
}

// drawTrace draws the limits argmin Q_α for all α as a wide band along the line, with a tick
// at each decade of α and a label on those that have room.
func drawTrace(c render.Canvas, f *plot.Frame, v View, fs float64) {
	n := min(len(v.TraceX), len(v.TraceY))
	if n == 0 {
		return
	}
	f.Line(c, v.TraceX[:n], v.TraceY[:n], 8, traceWash)
	var ticks []alphaTick
	la := func(k int) float64 {
		if a := at(v.TraceAlpha, k); positive(a) {
			return math.Log10(a)
		}
		return math.NaN()
	}
	for k := 0; k+1 < n && len(ticks) < 40; k++ {
		l0, l1 := la(k), la(k+1)
		if math.IsNaN(l0) || math.IsNaN(l1) || l0 == l1 {
			continue
		}
		lo, hi := math.Min(l0, l1), math.Max(l0, l1)
		// Decades in [lo, hi), so a grid point on a decade is counted once.
		for e := math.Ceil(lo); e < hi && len(ticks) < 40; e++ {
			t := (e - l0) / (l1 - l0)
			x := v.TraceX[k] + t*(v.TraceX[k+1]-v.TraceX[k])
			y := v.TraceY[k] + t*(v.TraceY[k+1]-v.TraceY[k])
			px, py := f.PX(x), f.PY(y)
			if f.Plot.Contains(px, py) {
				ticks = append(ticks, alphaTick{px, py, math.Pow(10, e)})
			}
		}
	}
	// Tick direction: across the trace.
	ux, uy := 1.0, 0.0
	if x0, y0, x1, y1, ok := solutionEnds(f, v); ok {
		dx, dy := f.PX(x1)-f.PX(x0), f.PY(y1)-f.PY(y0)
		if l := math.Hypot(dx, dy); l > 0 && render.Finite(l) {
			ux, uy = dx/l, dy/l
		}
	}
	var placed [][2]float64
	for _, t := range ticks {
		nx, ny := awayFromOrigin(f, t.x, t.y, ux, uy)
		c.StrokeLine(t.x-nx*5, t.y-ny*5, t.x+nx*6, t.y+ny*6, 1.5, traceInk)
		label := "α = " + render.Num(t.alpha, 1)
		w := c.TextWidth(label, fs)
		lx, ly := t.x+nx*(fs*0.9), t.y+ny*(fs*0.9)
		// Keep labels apart: skip one whose anchor is too close to a label already placed.
		crowded := false
		for _, q := range placed {
			if math.Abs(q[0]-lx) < w+fs*0.5 && math.Abs(q[1]-ly) < fs*1.3 {
				crowded = true
				break
			}
		}
		if crowded {
			continue
		}
		align := render.AlignCenter
		switch {
		case nx > 0.35:
			align = render.AlignLeft
		case nx < -0.35:
			align = render.AlignRight
		}
		x0 := render.AlignedStart(lx, w, align)
		if x0 < f.Plot.X || x0+w > f.Plot.Right() || ly-fs < f.Plot.Y || ly+fs*0.4 > f.Plot.Bottom() {
			continue
		}
		placed = append(placed, [2]float64{render.AlignedStart(lx, w, align) + w/2, ly})
		backedText(c, label, lx, render.Baseline(ly, fs), fs, traceInk, align)
	}
}

// drawPointLabels marks the min-L2 and min-L1 points and β* at this α, with labels placed
// along the line beyond the ends of the trace (min points) or on the origin's side (β*).
func drawPointLabels(c render.Canvas, f *plot.Frame, v View, fs float64) {
	p := f.Plot
	l2x, l2y := f.PX(at(v.MinL2, 0)), f.PY(at(v.MinL2, 1))
	l1x, l1y := f.PX(at(v.MinL1, 0)), f.PY(at(v.MinL1, 1))
	// Direction along the line from the min-L2 towards the min-L1 point (or the line's own
	// direction when one of them is missing or they coincide).
	ux, uy := l1x-l2x, l1y-l2y
	if l := math.Hypot(ux, uy); l > 1 && render.Finite(l) {
		ux, uy = ux/l, uy/l
	} else if x0, y0, x1, y1, ok := solutionEnds(f, v); ok {
		dx, dy := f.PX(x1)-f.PX(x0), f.PY(y1)-f.PY(y0)
		l := math.Hypot(dx, dy)
		ux, uy = dx/l, dy/l
	} else {
		ux, uy = 1, 0
	}
	if !render.Finite(ux) || !render.Finite(uy) {
		ux, uy = 1, 0
	}
	place := func(x, y, dx, dy float64, s string, ink color.RGBA) {
		if !p.Contains(x, y) {
			return
		}
		nx, ny := awayFromOrigin(f, x, y, dx, dy)
		// Beyond the point along the line, nudged to the origin's side.
		lx, ly := x+dx*fs*1.2-nx*fs*0.9, y+dy*fs*1.2-ny*fs*0.9
		align := render.AlignLeft
		if dx < -0.2 {
			align = render.AlignRight
		} else if math.Abs(dx) <= 0.2 {
			align = render.AlignCenter
		}
		w := c.TextWidth(s, fs)
		x0 := render.AlignedStart(lx, w, align)
		lx += math.Max(p.X+2-x0, 0) - math.Max(x0+w-(p.Right()-2), 0)
		ly = render.Clamp(ly, p.Y+fs, p.Bottom()-fs*0.5)
		backedText(c, s, lx, render.Baseline(ly, fs), fs, ink, align)
	}
	if len(v.Oracle) >= 2 {
		ox, oy := f.PX(v.Oracle[0]), f.PY(v.Oracle[1])
		if p.Contains(ox, oy) {
			ring(c, ox, oy, 6.5, 2.5, traceInk)
			nx, ny := awayFromOrigin(f, ox, oy, ux, uy)
			s := "β* at α = " + render.Num(v.Alpha, 3)
			lx, ly := ox-nx*fs*1.5, oy-ny*fs*1.5
			align := render.AlignRight
			if nx < 0 {
				align = render.AlignLeft
			}
			w := c.TextWidth(s, fs)
			x0 := render.AlignedStart(lx, w, align)
			lx += math.Max(p.X+2-x0, 0) - math.Max(x0+w-(p.Right()-2), 0)
			backedText(c, s, lx, render.Baseline(ly, fs), fs, traceInk, align)
		}
	}
	if p.Contains(l2x, l2y) {
		dot(c, l2x, l2y, 4, l2Ink)
		place(l2x, l2y, -ux, -uy, "min-L2", l2Text)
	}
	if p.Contains(l1x, l1y) {
		dot(c, l1x, l1y, 4, l1Ink)
		place(l1x, l1y, ux, uy, "min-L1", l1Text)
	}
}
