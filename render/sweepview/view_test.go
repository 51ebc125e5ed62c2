package sweepview

import (
	"math"
	"testing"

	"solvable/render/recorder"
)

func TestXMapIndex(t *testing.T) {
	m := XMap{Left: 100, Right: 500, Top: 10, Bottom: 300, LogMin: -3, LogMax: 2, OK: true}
	lambdas := []float64{100, 10, 1, 0.1, 0.01, 0.001}
	for _, tc := range []struct {
		x, y float64
		want int
	}{
		{100, 50, 5}, {500, 50, 0}, {100 + 400*3.0/5, 50, 2}, {100 + 400*2.9/5, 50, 2},
		{50, 50, -1}, {300, 400, -1}, {math.NaN(), 50, -1},
	} {
		if got := m.Index(tc.x, tc.y, lambdas); got != tc.want {
			t.Errorf("Index(%g, %g) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
	if (XMap{}).Index(200, 50, lambdas) != -1 {
		t.Error("an empty map picks a lambda")
	}
}

// The scene says what it shows in words: the state of the sweep, the limits, the marked λ,
// and why a KL asymptote is missing.
func TestSceneWords(t *testing.T) {
	v := fixture(t, "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1", 1e-3, 100, 11, -1, -1)
	rec := recorder.New(1000, 640)
	xm := Draw(rec, v)
	if !xm.OK {
		t.Fatal("no x map")
	}
	for _, s := range []string{"Sweep complete", "W (λ → 0) = 0.18", "KL(p||q) = 0.6758 (λ → ∞)", "Sinkhorn page λ = 0.1", "λ (Sinkhorn page)"} {
		if !rec.HasText(s) {
			t.Errorf("the scene does not say %q", s)
		}
	}
	if err := rec.CheckFinite(); err != nil {
		t.Error(err)
	}
	holes := fixture(t, "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0,0.1,0.1,0.15,0.25,0.4&lambda=0.1", 1e-3, 100, 5, -1, -1)
	rec = recorder.New(1000, 640)
	Draw(rec, holes)
	if !rec.HasText("infinite") || rec.HasText("KL(p||q) = ") {
		t.Error("the holes case should explain the missing asymptote and draw none")
	}
}
