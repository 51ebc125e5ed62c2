package plot

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)) }

func TestAxisSane(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		a      Axis
		lo, hi float64
	}{
		{"empty linear", Linear("x"), 0, 1},
		{"empty log", Log("y"), 0.1, 10},
		{"non-finite only", Linear("x", []float64{nan, inf, -inf}), 0, 1},
		{"single value", Linear("x", []float64{5}), 4.5, 5.5}, // +-10%
		{"single zero", Linear("x", []float64{0, 0}), 0, 1},
		{"log single", Log("y", []float64{1e-5}), 1e-6, 1e-4}, // a decade each side
		{"log skips zero and negative", Log("y", []float64{0, -1, 1e-3, 1e-1}), 1e-3, 1e-1},
		{"log all zero", Log("y", []float64{0, 0}), 0.1, 10},
		{"data with holes", Linear("x", []float64{nan, 2, inf, -3}), -3, 2},
	}
	for _, c := range cases {
		s := c.a.Sane()
		if !near(s.Min, c.lo) || !near(s.Max, c.hi) {
			t.Errorf("%s: [%v, %v], want [%v, %v]", c.name, s.Min, s.Max, c.lo, c.hi)
		}
	}
}

func TestAxisNice(t *testing.T) {
	// [0.13, 0.87] with 5 ticks: step NiceStep(0.74/4 = 0.185) = 0.2, so [0, 1].
	a := Linear("x", []float64{0.13, 0.87}).Nice(5)
	if !near(a.Min, 0) || !near(a.Max, 1) {
		t.Errorf("linear nice = [%v, %v], want [0, 1]", a.Min, a.Max)
	}
	// Whole decades outwards.
	l := Log("y", []float64{3e-5, 0.2}).Nice(5)
	if !near(l.Min, 1e-5) || !near(l.Max, 1) {
		t.Errorf("log nice = [%v, %v], want [1e-5, 1]", l.Min, l.Max)
	}
	// Already on decades: unchanged.
	l = Log("y", []float64{1e-9, 1}).Nice(5)
	if !near(l.Min, 1e-9) || !near(l.Max, 1) {
		t.Errorf("log nice = [%v, %v], want [1e-9, 1]", l.Min, l.Max)
	}
}

func TestAxisFrac(t *testing.T) {
	a := Axis{Min: 0, Max: 10}
	if a.Frac(2.5) != 0.25 || a.Frac(-10) != -1 {
		t.Error("linear Frac")
	}
	l := Axis{Log: true, Min: 1e-9, Max: 1}
	if got := l.Frac(1e-3); !near(got, 6.0/9) { // six of nine decades up
		t.Errorf("log Frac(1e-3) = %v", got)
	}
	if !math.IsNaN(l.Frac(0)) || !math.IsNaN(l.Frac(-1)) || !math.IsNaN(a.Frac(math.NaN())) {
		t.Error("unplaceable values must give NaN")
	}
}
