package plot

import (
	"math"

	"solvable/render"
)

// NewFrameEqual lays out a chart like NewFrame and then widens the x or the y range about
// its centre so that one data unit is as long on screen along x as along y: a circle in the
// data stays round and angles stay true, which pictures of geometry (a line touching a
// ball, a path in a plane) need. Both ranges keep everything they contained. Log axes are
// used as given, as by NewFrame.
func NewFrameEqual(c render.Canvas, outer render.Rect, title string, x, y Axis, st Style) *Frame {
	x, y = x.Sane(), y.Sane()
	f := NewFrame(c, outer, title, x, y, st)
	if x.Log || y.Log {
		return f
	}
	// Tick labels decide the plot's left edge and the ranges decide the labels, so settle
	// the two in a few rounds; each round starts from the caller's ranges so nothing drifts.
	for range 3 {
		ex, ey, ok := equalRanges(f.Plot, x, y)
		if !ok {
			return f
		}
		g := NewFrame(c, outer, title, ex, ey, st)
		same := math.Abs(g.Plot.W-f.Plot.W) < 0.5 && math.Abs(g.Plot.H-f.Plot.H) < 0.5
		f = g
		if same {
			break
		}
	}
	// The plot area is now fixed: make the scales equal exactly for it and retick.
	if ex, ey, ok := equalRanges(f.Plot, x, y); ok {
		f.X, f.Y = ex, ey
		f.x0, f.x1 = endsOf(f.X)
		f.y0, f.y1 = endsOf(f.Y)
		f.yTicks = f.Y.Ticks(max(2, int(f.Plot.H/(2.4*st.FontSize))+1))
		f.xTicks = fitXTicks(c, f.X, f.Plot.W, st.FontSize)
	}
	return f
}

// equalRanges widens x or y so that both have the same data units per pixel in p.
func equalRanges(p render.Rect, x, y Axis) (Axis, Axis, bool) {
	dx, dy := x.Max-x.Min, y.Max-y.Min
	if !(p.W > 0) || !(p.H > 0) || !(dx > 0) || !(dy > 0) || !render.Finite(dx) || !render.Finite(dy) {
		return x, y, false
	}
	// Units per pixel: the larger one wins and its axis stays as it is (exactly, so no
	// rounding can cut off data); the other widens to match.
	if ux, uy := dx/p.W, dy/p.H; ux >= uy {
		cy := (y.Min + y.Max) / 2
		y.Min, y.Max = math.Min(y.Min, cy-ux*p.H/2), math.Max(y.Max, cy+ux*p.H/2)
	} else {
		cx := (x.Min + x.Max) / 2
		x.Min, x.Max = math.Min(x.Min, cx-uy*p.W/2), math.Max(x.Max, cx+uy*p.W/2)
	}
	if !render.Finite(x.Min) || !render.Finite(x.Max) || !render.Finite(y.Min) || !render.Finite(y.Max) {
		return x, y, false
	}
	return x, y, true
}

// XLabelBaseline is the baseline of the x-axis label line under the plot, so a scene can
// put words of its own beside the label (for instance what each end of the axis means).
func (f *Frame) XLabelBaseline() float64 {
	st := f.Style
	return f.Plot.Bottom() + st.TickLen + st.FontSize*1.05 + render.LineHeight(st.FontSize)
}
