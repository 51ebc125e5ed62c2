package plot

import (
	"image/color"
	"math"

	"solvable/render"
)

// Line draws the series (xs[i], ys[i]) as a polyline clipped to the plot area. Points that
// cannot be placed (NaN, infinite, or not positive on a log axis) break the line; a point
// with no drawable neighbour is drawn as a dot so that it does not vanish. Series much
// longer than the plot is wide are thinned to the first, lowest, highest and last point of
// each pixel column, which draws the same picture at a cost bounded by the width.
func (f *Frame) Line(c render.Canvas, xs, ys []float64, width float64, col color.RGBA) {
	f.LineFunc(c, min(len(xs), len(ys)), func(i int) (float64, float64) { return xs[i], ys[i] }, width, col)
}

// LineFunc is Line for a series given as a function of the index, so a long series such as
// "error after step i" needs no slice of x values.
func (f *Frame) LineFunc(c render.Canvas, n int, at func(i int) (x, y float64), width float64, col color.RGBA) {
	if n <= 0 {
		return
	}
	pix := func(i int) (float64, float64, bool) {
		x, y := at(i)
		px, py := f.PX(x), f.PY(y)
		return px, py, !math.IsNaN(px) && !math.IsNaN(py)
	}
	// One pass: thin in pixel space while mapping (so a long series never needs a
	// full-length copy), and remember a point that follows a gap until the next point shows
	// whether it is isolated.
	d := thinner{on: n > 4*int(f.Plot.W)+16}
	prevOK, pending := false, false
	var dotX, dotY float64
	dot := func() {
		if pending && f.Plot.Contains(dotX, dotY) {
			c.FillCircle(dotX, dotY, math.Max(width, 1.5), col)
		}
		pending = false
	}
	for i := range n {
		x, y, ok := pix(i)
		if !ok {
			dot()
			d.gap()
		} else {
			pending = false
			if !prevOK {
				pending, dotX, dotY = true, x, y
			}
			d.add(x, y)
		}
		prevOK = ok
	}
	dot()
	d.flush()
	ox, oy := clipPolyline(d.xs, d.ys, f.Plot)
	if len(ox) >= 2 {
		c.Polyline(ox, oy, width, col)
	}
}

// Points draws a dot of radius r at each placeable point inside the plot area.
func (f *Frame) Points(c render.Canvas, xs, ys []float64, r float64, col color.RGBA) {
	for i := range min(len(xs), len(ys)) {
		x, y := f.PX(xs[i]), f.PY(ys[i])
		if !math.IsNaN(x) && !math.IsNaN(y) && f.Plot.Contains(x, y) {
			c.FillCircle(x, y, r, col)
		}
	}
}

// HLine draws a horizontal reference line at data y across the plot, dashed if asked. It
// reports whether the line was inside the plot and drawn.
func (f *Frame) HLine(c render.Canvas, y, width float64, col color.RGBA, dashed bool) bool {
	py := f.PY(y)
	if math.IsNaN(py) || !inside(py, f.Plot.Y, f.Plot.Bottom()) {
		return false
	}
	if dashed {
		render.DashedLine(c, f.Plot.X, py, f.Plot.Right(), py, width, 5, 4, col)
	} else {
		c.StrokeLine(f.Plot.X, py, f.Plot.Right(), py, width, col)
	}
	return true
}

// VLine draws a vertical reference line at data x, like HLine.
func (f *Frame) VLine(c render.Canvas, x, width float64, col color.RGBA, dashed bool) bool {
	px := f.PX(x)
	if math.IsNaN(px) || !inside(px, f.Plot.X, f.Plot.Right()) {
		return false
	}
	if dashed {
		render.DashedLine(c, px, f.Plot.Y, px, f.Plot.Bottom(), width, 5, 4, col)
	} else {
		c.StrokeLine(px, f.Plot.Y, px, f.Plot.Bottom(), width, col)
	}
	return true
}

// clipPolyline clips a path (NaN = break) to r, returning a path with NaN breaks where it
// leaves and re-enters r.
func clipPolyline(xs, ys []float64, r render.Rect) (ox, oy []float64) {
	down := false // the pen is at (ox[last], oy[last]) and the path continues from there
	for i := 0; i+1 < len(xs); i++ {
		if math.IsNaN(xs[i]) || math.IsNaN(xs[i+1]) {
			down = false
			continue
		}
		ax, ay, bx, by, ok := clipSegment(xs[i], ys[i], xs[i+1], ys[i+1], r)
		if !ok {
			down = false
			continue
		}
		if !down || ax != ox[len(ox)-1] || ay != oy[len(oy)-1] {
			if len(ox) > 0 {
				ox, oy = append(ox, math.NaN()), append(oy, math.NaN())
			}
			ox, oy = append(ox, ax), append(oy, ay)
		}
		ox, oy = append(ox, bx), append(oy, by)
		down = bx == xs[i+1] && by == ys[i+1]
	}
	return ox, oy
}

// ClipSegment clips the segment a-b to the rectangle r (canvas coordinates), for a scene
// that needs to know where a line leaves a plot, for instance to label it there. ok is false
// when no part of the segment is inside.
func ClipSegment(ax, ay, bx, by float64, r render.Rect) (x0, y0, x1, y1 float64, ok bool) {
	if !render.Finite(ax) || !render.Finite(ay) || !render.Finite(bx) || !render.Finite(by) {
		return 0, 0, 0, 0, false
	}
	return clipSegment(ax, ay, bx, by, r)
}

// clipSegment is Liang-Barsky clipping of the segment a-b to r.
func clipSegment(ax, ay, bx, by float64, r render.Rect) (x0, y0, x1, y1 float64, ok bool) {
	dx, dy := bx-ax, by-ay
	t0, t1 := 0.0, 1.0
	edge := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return false
			}
			t1 = math.Min(t1, t)
		}
		return true
	}
	if !edge(-dx, ax-r.X) || !edge(dx, r.Right()-ax) || !edge(-dy, ay-r.Y) || !edge(dy, r.Bottom()-ay) {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = ax, ay, bx, by
	if t0 > 0 {
		x0, y0 = ax+t0*dx, ay+t0*dy
	}
	if t1 < 1 {
		x1, y1 = ax+t1*dx, ay+t1*dy
	}
	return x0, y0, x1, y1, true
}

// thinner collects a mapped path, keeping (when on) for each run of consecutive points in
// the same pixel column only the first, lowest, highest and last, in their original order.
// Gaps are kept as single NaN points.
type thinner struct {
	on     bool
	xs, ys []float64
	// the open run
	n                   int
	col                 float64
	first, lo, hi, last [2]float64
	loAt, hiAt          int
}

func (t *thinner) add(x, y float64) {
	if !t.on {
		t.xs, t.ys = append(t.xs, x), append(t.ys, y)
		return
	}
	if t.n > 0 && math.Floor(x) != t.col {
		t.flush()
	}
	p := [2]float64{x, y}
	if t.n == 0 {
		t.col, t.first, t.lo, t.hi, t.loAt, t.hiAt = math.Floor(x), p, p, p, 0, 0
	}
	if y < t.lo[1] {
		t.lo, t.loAt = p, t.n
	}
	if y > t.hi[1] {
		t.hi, t.hiAt = p, t.n
	}
	t.last = p
	t.n++
}

func (t *thinner) gap() {
	t.flush()
	if k := len(t.xs); k > 0 && !math.IsNaN(t.xs[k-1]) {
		t.xs, t.ys = append(t.xs, math.NaN()), append(t.ys, math.NaN())
	}
}

func (t *thinner) flush() {
	if t.n == 0 {
		return
	}
	pts := [][2]float64{t.first, t.lo, t.hi, t.last}
	at := []int{0, t.loAt, t.hiAt, t.n - 1}
	if t.loAt > t.hiAt {
		pts[1], pts[2], at[1], at[2] = t.hi, t.lo, t.hiAt, t.loAt
	}
	prev := -1
	for k, p := range pts {
		if at[k] != prev {
			t.xs, t.ys = append(t.xs, p[0]), append(t.ys, p[1])
			prev = at[k]
		}
	}
	t.n = 0
}
