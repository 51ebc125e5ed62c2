package plot

import (
	"math"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestHeatmapColours(t *testing.T) {
	r := recorder.New(100, 100)
	vals := []float64{0, 0.5, 1, math.NaN(), 2, -1} // 2 rows x 3 columns
	Heatmap(r, render.Rect{X: 0, Y: 0, W: 30, H: 20}, 2, 3, vals, Norm{Lo: 0, Hi: 1}, render.Sequential)
	if r.Count(recorder.Image) != 1 {
		t.Fatalf("ops %v", r.Ops)
	}
	op := r.Ops[0]
	if op.PW != 3 || op.PH != 2 {
		t.Fatalf("image %dx%d, want 3 columns x 2 rows", op.PW, op.PH)
	}
	cm := render.Sequential
	want := []float64{0, 0.5, 1, math.NaN(), 1, 0} // clamped to [0, 1]
	for k, f := range want {
		c := cm.At(f)
		if got := op.Pix[4*k : 4*k+4]; got[0] != c.R || got[1] != c.G || got[2] != c.B || got[3] != c.A {
			t.Errorf("cell %d has %v, want %v", k, got, c)
		}
	}
}

func TestHeatmapShortData(t *testing.T) {
	r := recorder.New(100, 100)
	Heatmap(r, render.Rect{X: 0, Y: 0, W: 30, H: 20}, 4, 4, []float64{1}, LinearNorm(nil), render.Sequential)
	if r.Count(recorder.Image) != 1 || r.CheckFinite() != nil {
		t.Fatalf("ops %v, %v", r.Ops, r.CheckFinite())
	}
	Heatmap(r, render.Rect{X: 0, Y: 0, W: 30, H: 20}, 0, 4, nil, LinearNorm(nil), render.Sequential)
	if r.Count(recorder.Image) != 1 {
		t.Error("zero rows should draw nothing")
	}
}

func TestNorms(t *testing.T) {
	n := LinearNorm([]float64{0.1, 0.4, math.NaN()})
	if n.Lo != 0 || n.Hi != 0.4 || n.Frac(0.2) != 0.5 {
		t.Errorf("linear norm %+v", n)
	}
	if n := LinearNorm([]float64{0, 0}); n.Lo != 0 || n.Hi != 1 {
		t.Errorf("all-zero norm %+v, want [0, 1]", n)
	}
	l := LogNorm([]float64{1e-20, 1e-3, 1}, 6)
	if l.Lo != 1e-6 || l.Hi != 1 || l.Frac(1e-3) != 0.5 || l.Frac(0) != 0 {
		t.Errorf("log norm %+v", l)
	}
}

func TestColorBarFinite(t *testing.T) {
	for _, n := range []Norm{{Lo: 0, Hi: 0.02}, {Lo: 0, Hi: 0}, {Lo: math.NaN(), Hi: 1}, {Log: true, Lo: 1e-9, Hi: 1}, {Log: true}} {
		r := recorder.New(100, 300)
		ColorBar(r, render.Rect{X: 10, Y: 10, W: 12, H: 250}, n, render.Sequential, DefaultStyle(10))
		ColorBar(r, render.Rect{X: 10, Y: 10, W: 250, H: 12}, n, render.Sequential, DefaultStyle(10))
		if err := r.CheckFinite(); err != nil {
			t.Errorf("norm %+v: %v", n, err)
		}
		if len(r.Texts()) < 4 {
			t.Errorf("norm %+v: only labels %q", n, r.Texts())
		}
	}
}
