package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestBandCostsOneRectPerColumn(t *testing.T) {
	r := recorder.New(300, 200)
	f := &Frame{Plot: render.Rect{X: 10, Y: 10, W: 200, H: 100}, X: Axis{Min: 0, Max: 1}, Y: Axis{Min: -1, Max: 1}}
	f.x0, f.x1, f.y0, f.y1 = 0, 1, -1, 1
	n := 5000
	f.Band(r, n, func(i int) (float64, float64, float64) {
		x := float64(i) / float64(n-1)
		return x, -0.5 * x, math.Sin(8 * x)
	}, render.Grey)
	if err := r.CheckFinite(); err != nil {
		t.Fatal(err)
	}
	k := r.Count(recorder.FillRect)
	if k == 0 || k > 200 {
		t.Errorf("%d rectangles for a 200 px wide band", k)
	}
	for _, o := range r.Ops {
		x, y, w, h := o.Args[0], o.Args[1], o.Args[2], o.Args[3]
		if x < f.Plot.X-1e-9 || x+w > f.Plot.Right()+1e-9 || y < f.Plot.Y-1e-9 || y+h > f.Plot.Bottom()+1e-9 {
			t.Fatalf("rectangle %v outside the plot %v", o.Args, f.Plot)
		}
	}
	// A flat band (all curves at 0) still shows as one merged, one-pixel-high rectangle.
	r2 := recorder.New(300, 200)
	f.Band(r2, 3, func(i int) (float64, float64, float64) { return float64(i) / 2, 0, 0 }, render.Grey)
	if r2.Count(recorder.FillRect) != 1 || r2.Ops[0].Args[3] != 1 {
		t.Errorf("flat band drawn as %v", r2.Ops)
	}
	// NaN breaks the band; nothing but NaN draws nothing; no points draw nothing.
	r3 := recorder.New(300, 200)
	f.Band(r3, 4, func(i int) (float64, float64, float64) { return math.NaN(), 0, 1 }, render.Grey)
	f.Band(r3, 0, nil, render.Grey)
	if len(r3.Ops) != 0 {
		t.Errorf("non-finite band drew %v", r3.Ops)
	}
}
