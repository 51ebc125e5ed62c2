package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestFrameMapsAxesToPlot(t *testing.T) {
	r := recorder.New(400, 300)
	f := NewFrame(r, render.Rect{X: 0, Y: 0, W: 400, H: 300}, "title", Linear("x", []float64{0, 10}), Log("y", []float64{1e-6, 1}), DefaultStyle(11))
	p := f.Plot
	if !p.Valid() || p.W < 300 || p.H < 200 {
		t.Fatalf("plot area %v is too small for a 400x300 frame", p)
	}
	if f.PX(0) != p.X || f.PX(10) != p.Right() || f.PY(1e-6) != p.Bottom() || math.Abs(f.PY(1)-p.Y) > 1e-9 {
		t.Errorf("ends map to (%v, %v, %v, %v), plot is %v", f.PX(0), f.PX(10), f.PY(1e-6), f.PY(1), p)
	}
	if got := f.PY(1e-3); math.Abs(got-(p.Y+p.H/2)) > 1e-9 { // 1e-3 is half way up, in decades
		t.Errorf("PY(1e-3) = %v, want %v", got, p.Y+p.H/2)
	}
	f.Draw(r)
	if err := r.CheckFinite(); err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Texts() {
		if s == "" {
			t.Error("an empty label was drawn")
		}
	}
}

// TestFrameDegenerate draws frames from axes with no usable data, in boxes from roomy to
// absurd, and requires every drawn number to be finite.
func TestFrameDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	axes := []Axis{Linear("x"), Log("y"), Linear("x", []float64{nan, inf}), Log("y", []float64{0, -1}),
		Linear("x", []float64{1, 1}), Log("y", []float64{1e-300, 1e300}), {Min: nan, Max: nan}, {Log: true, Min: 5, Max: -5}}
	boxes := []render.Rect{{X: 0, Y: 0, W: 300, H: 200}, {X: 0, Y: 0, W: 20, H: 10}, {X: 5, Y: 5, W: 0, H: 0}}
	for _, b := range boxes {
		for _, x := range axes {
			for _, y := range axes {
				r := recorder.New(300, 200)
				f := NewFrame(r, b, "t", x, y, DefaultStyle(10))
				f.Draw(r)
				f.Line(r, []float64{0, 1, 2}, []float64{1, nan, 3}, 1, render.Blue)
				f.HLine(r, 1e-9, 1, render.Green, true)
				if err := r.CheckFinite(); err != nil {
					t.Fatalf("box %v, x %v, y %v: %v", b, x, y, err)
				}
			}
		}
	}
}

func TestLineBreaksAtNaN(t *testing.T) {
	r := recorder.New(200, 200)
	f := &Frame{Plot: render.Rect{X: 0, Y: 0, W: 100, H: 100}, X: Axis{Min: 0, Max: 10}, Y: Axis{Min: 0, Max: 10}}
	f.x0, f.x1, f.y0, f.y1 = 0, 10, 0, 10
	f.Line(r, []float64{1, 2, 3, 4, 5}, []float64{1, 2, math.NaN(), 4, 5}, 1, render.Blue)
	if r.Count(recorder.Polyline) != 1 {
		t.Fatalf("ops %v", r.Ops)
	}
	xs := r.Ops[0].Xs
	// (1,1)-(2,2), a break, (4,4)-(5,5): five entries with a NaN in the middle.
	if len(xs) != 5 || !math.IsNaN(xs[2]) || xs[0] != 10 || xs[4] != 50 {
		t.Errorf("xs = %v", xs)
	}
}

func TestLineIsolatedPointIsADot(t *testing.T) {
	r := recorder.New(200, 200)
	f := &Frame{Plot: render.Rect{X: 0, Y: 0, W: 100, H: 100}, X: Axis{Min: 0, Max: 10}, Y: Axis{Log: true, Min: 1e-3, Max: 1}}
	f.x0, f.x1, f.y0, f.y1 = 0, 10, -3, 0
	f.Line(r, []float64{1, 2, 3}, []float64{0, 0.1, 0}, 1, render.Blue) // zeros cannot go on a log axis
	if r.Count(recorder.FillCircle) != 1 || r.Count(recorder.Polyline) != 0 {
		t.Errorf("want one dot and no line, got %v", r.Ops)
	}
}

func TestClipSegment(t *testing.T) {
	box := render.Rect{X: 0, Y: 0, W: 10, H: 10}
	// Horizontal segment from -5 to 15 at y = 5 is cut to 0..10.
	x0, y0, x1, y1, ok := clipSegment(-5, 5, 15, 5, box)
	if !ok || x0 != 0 || x1 != 10 || y0 != 5 || y1 != 5 {
		t.Errorf("got %v %v %v %v %v", x0, y0, x1, y1, ok)
	}
	// Diagonal (-10,-10)-(20,20) enters at (0,0), leaves at (10,10).
	x0, y0, x1, y1, ok = clipSegment(-10, -10, 20, 20, box)
	if !ok || x0 != 0 || y0 != 0 || x1 != 10 || y1 != 10 {
		t.Errorf("got %v %v %v %v %v", x0, y0, x1, y1, ok)
	}
	if _, _, _, _, ok := clipSegment(-5, -5, -1, 20, box); ok {
		t.Error("a segment entirely left of the box must be dropped")
	}
}

// TestLineDecimates draws a million-point noisy series into a 200 px plot: the polyline
// must stay proportional to the width and keep the extremes of the data.
func TestLineDecimates(t *testing.T) {
	const n = 1_000_000
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
		ys[i] = math.Sin(float64(i) * 0.37) // fast wiggle: every pixel column spans [-1, 1]
	}
	r := recorder.New(300, 200)
	f := NewFrame(r, render.Rect{X: 0, Y: 0, W: 260, H: 200}, "", Linear("i", xs), Linear("y", []float64{-1, 1}), DefaultStyle(10))
	f.Line(r, xs, ys, 1, render.Blue)
	if r.Count(recorder.Polyline) != 1 {
		t.Fatalf("ops %v", r.Count(recorder.Polyline))
	}
	pl := r.Ops[len(r.Ops)-1]
	if len(pl.Xs) > 4*int(f.Plot.W)+16 {
		t.Errorf("%d points for a %v px wide plot", len(pl.Xs), f.Plot.W)
	}
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, y := range pl.Ys {
		top, bottom = math.Min(top, y), math.Max(bottom, y)
	}
	if top > f.PY(0.999) || bottom < f.PY(-0.999) {
		t.Errorf("decimation lost the extremes: y spans %v..%v, plot %v..%v", top, bottom, f.Plot.Y, f.Plot.Bottom())
	}
}
