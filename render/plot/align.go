package plot

import "solvable/render"

// AlignPlots lines up the left edges of the plot areas of two frames stacked one above the
// other, so that one x is the same data value in both. Tick labels of different widths put
// the plot areas at different x; the frame whose plot area starts further left is laid out
// again with its outer rectangle narrowed on the left by the difference, keeping its Outer
// (so its title and axis labels stay where they were). Differences under half a pixel are
// left alone.
func AlignPlots(c render.Canvas, a, b *Frame) (*Frame, *Frame) {
	if d := a.Plot.X - b.Plot.X; d > 0.5 {
		b = b.narrowed(c, d)
	} else if d < -0.5 {
		a = a.narrowed(c, -d)
	}
	return a, b
}

// narrowed is f laid out again in its outer rectangle less d on the left, with Outer kept.
func (f *Frame) narrowed(c render.Canvas, d float64) *Frame {
	r := f.Outer
	r.X, r.W = r.X+d, r.W-d
	g := NewFrame(c, r, f.Title, f.X, f.Y, f.Style)
	g.Outer = f.Outer
	return g
}
