package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

// TestFrameEqualKeepsCirclesRound: in wide, tall and square boxes, one data unit has the
// same length along both axes, and the widened ranges still contain the asked-for ones.
func TestFrameEqualKeepsCirclesRound(t *testing.T) {
	for _, b := range []render.Rect{{X: 0, Y: 0, W: 600, H: 300}, {X: 10, Y: 20, W: 250, H: 500}, {X: 0, Y: 0, W: 400, H: 400}} {
		r := recorder.New(700, 600)
		x, y := Linear("b1", []float64{-1, 1}), Linear("b2", []float64{-0.5, 2})
		f := NewFrameEqual(r, b, "plane", x, y, DefaultStyle(11))
		sx := f.Plot.W / (f.X.Max - f.X.Min)
		sy := f.Plot.H / (f.Y.Max - f.Y.Min)
		if math.Abs(sx-sy) > 1e-9*sx {
			t.Errorf("box %v: %v px per unit along x, %v along y", b, sx, sy)
		}
		if f.X.Min > -1 || f.X.Max < 1 || f.Y.Min > -0.5 || f.Y.Max < 2 {
			t.Errorf("box %v: ranges %v %v lost data", b, f.X, f.Y)
		}
		// PX and PY agree with the ranges after the final adjustment.
		if math.Abs(f.PX(f.X.Max)-f.Plot.Right()) > 1e-9 || math.Abs(f.PY(f.Y.Min)-f.Plot.Bottom()) > 1e-9 {
			t.Errorf("box %v: mapping does not match the ranges", b)
		}
		f.Draw(r)
		if err := r.CheckFinite(); err != nil {
			t.Error(err)
		}
		if f.X.Label != "b1" || f.XLabelBaseline() <= f.Plot.Bottom() {
			t.Errorf("box %v: x label or its baseline is wrong", b)
		}
	}
	// Degenerate input falls back to NewFrame's sane ranges without non-finite numbers.
	r := recorder.New(100, 100)
	f := NewFrameEqual(r, render.Rect{W: 0, H: 0}, "", Linear(""), Linear("", []float64{math.NaN()}), DefaultStyle(10))
	f.Draw(r)
	if err := r.CheckFinite(); err != nil {
		t.Error(err)
	}
}
