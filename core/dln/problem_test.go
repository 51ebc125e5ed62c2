package dln

import (
	"math"
	"strings"
	"testing"
)

// specA is Example A of spec §1.6: one equation x1 + 2 x2 + 3 x3 = 6.
func specA(t testing.TB) *Problem {
	t.Helper()
	p, err := NewProblem([][]float64{{1, 2, 3}}, []float64{6})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// specB is Example B of spec §1.6: two equations in five unknowns.
func specB(t testing.TB) *Problem {
	t.Helper()
	p, err := NewProblem([][]float64{{1, 0.5, -1, 2, 0.3}, {0, 1, 1, -0.5, 1}}, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// vecDist is max_i |a_i - b_i|.
func vecDist(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

func l1Norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Abs(v)
	}
	return s
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func TestNewProblemRejectsBadInput(t *testing.T) {
	cases := []struct {
		name  string
		X     [][]float64
		y     []float64
		words string
	}{
		{"ragged", [][]float64{{1, 2, 3}, {1, 2}}, []float64{1, 1}, "different lengths"},
		{"square", [][]float64{{1, 2}, {3, 4}}, []float64{1, 1}, "d > n"},
		{"tall", [][]float64{{1}, {2}}, []float64{1, 1}, "d > n"},
		{"nan", [][]float64{{1, math.NaN(), 3}}, []float64{1}, "non-finite"},
		{"inf y", [][]float64{{1, 2, 3}}, []float64{math.Inf(1)}, "non-finite"},
		{"dependent rows", [][]float64{{1, 2, 3}, {2, 4, 6}}, []float64{1, 2}, "singular"},
		{"zero row", [][]float64{{0, 0, 0}}, []float64{1}, "singular"},
		{"y length", [][]float64{{1, 2, 3}}, []float64{1, 2}, "one target per row"},
		{"no rows", nil, nil, "no rows"},
	}
	for _, tc := range cases {
		_, err := NewProblem(tc.X, tc.y)
		if err == nil || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.words)
		}
	}
}

func TestLossAndResidual(t *testing.T) {
	p := specA(t)
	// At beta = 0: residual |0 - 6| = 6, loss 6^2 / (2 n) = 18 (definitions of spec §1.1).
	if r, l := p.Residual(make([]float64, 3)), p.Loss(make([]float64, 3)); r != 6 || l != 18 {
		t.Errorf("at beta = 0: residual %g loss %g, want 6 and 18", r, l)
	}
	// beta = (1, 1, 1): X beta - y = 0 (closed form).
	if r := p.Residual([]float64{1, 1, 1}); r != 0 {
		t.Errorf("residual at an interpolator = %g", r)
	}
}

func TestSparseTeacher(t *testing.T) {
	p, err := SparseTeacher(20, 100, 3, 0, 7)
	if err != nil {
		t.Fatal(err)
	}
	if p.N != 20 || p.D != 100 || len(p.X) != 2000 || len(p.Teacher) != 100 {
		t.Fatalf("shape %d x %d", p.N, p.D)
	}
	nz := 0
	for _, v := range p.Teacher {
		if v != 0 {
			nz++
		}
	}
	if nz != 3 {
		t.Errorf("teacher has %d non-zeros, want k = 3", nz)
	}
	// Noise-free: y = X beta_teacher exactly (the generator's definition).
	if r := p.Residual(p.Teacher); r > 1e-13 {
		t.Errorf("noise-free teacher residual %g", r)
	}
	// Same seed, same problem; another seed, another problem.
	q, _ := SparseTeacher(20, 100, 3, 0, 7)
	if vecDist(p.X, q.X) != 0 || vecDist(p.Y, q.Y) != 0 {
		t.Error("same seed gave a different problem")
	}
	r, _ := SparseTeacher(20, 100, 3, 0, 8)
	if vecDist(p.X, r.X) == 0 {
		t.Error("another seed gave the same X")
	}
	// Noise moves y off X beta_teacher by about its standard deviation.
	s, _ := SparseTeacher(20, 100, 3, 0.5, 7)
	if res := s.Residual(s.Teacher); res < 0.05 || res > 5 {
		t.Errorf("noise 0.5 gave residual %g", res)
	}
	for _, bad := range []struct {
		n, d, k int
		noise   float64
		words   string
	}{
		{0, 5, 1, 0, "at least 1"}, {5, 5, 1, 0, "d > n"}, {2, 5, 6, 0, "k"}, {2, 5, 1, -1, "noise"}, {2, 5, 1, math.NaN(), "noise"},
	} {
		if _, err := SparseTeacher(bad.n, bad.d, bad.k, bad.noise, 1); err == nil || !strings.Contains(err.Error(), bad.words) {
			t.Errorf("SparseTeacher(%d, %d, %d, %g): got %v, want an error about %q", bad.n, bad.d, bad.k, bad.noise, err, bad.words)
		}
	}
}

func TestCholeskySolvesAndRefusesSingular(t *testing.T) {
	// A = [[4, 2], [2, 3]], b = (2, 1): x = (0.5, 0) (closed form).
	A := []float64{4, 2, 2, 3}
	if _, ok := cholFactor(A, 2, 0); !ok {
		t.Fatal("SPD matrix refused")
	}
	b := []float64{2, 1}
	cholSolve(A, 2, b)
	if math.Abs(b[0]-0.5) > 1e-15 || math.Abs(b[1]) > 1e-15 {
		t.Errorf("solution %v, want (0.5, 0)", b)
	}
	if _, ok := cholFactor([]float64{1, 2, 2, 4}, 2, 1e-12); ok {
		t.Error("singular matrix accepted")
	}
}
