package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

// Two stacked frames whose y tick labels differ in width get plot areas with the same left
// edge, whichever of them is the wider, and keep the outer rectangles they were given.
func TestAlignPlots(t *testing.T) {
	r := recorder.New(400, 400)
	top := render.Rect{X: 0, Y: 0, W: 400, H: 200}
	bottom := render.Rect{X: 0, Y: 200, W: 400, H: 200}
	x := Linear("x", []float64{0, 10})
	narrow, wide := Linear("", []float64{0, 1}), Linear("", []float64{-123456, 987654})
	for _, tc := range []struct{ a, b Axis }{{narrow, wide}, {wide, narrow}, {narrow, narrow}} {
		a := NewFrame(r, top, "a", x, tc.a, DefaultStyle(11))
		b := NewFrame(r, bottom, "b", x, tc.b, DefaultStyle(11))
		a, b = AlignPlots(r, a, b)
		if math.Abs(a.Plot.X-b.Plot.X) > 0.5 {
			t.Errorf("plot areas start at %v and %v", a.Plot.X, b.Plot.X)
		}
		if a.Outer != top || b.Outer != bottom {
			t.Errorf("outer rectangles %v, %v; want %v, %v", a.Outer, b.Outer, top, bottom)
		}
		if a.Title != "a" || b.Title != "b" {
			t.Errorf("titles %q, %q", a.Title, b.Title)
		}
	}
}
