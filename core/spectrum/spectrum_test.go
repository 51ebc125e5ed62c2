package spectrum

import (
	"math"
	"testing"
)

func relu(t *testing.T, L int) func(float64) float64 {
	t.Helper()
	k, err := ReLUNTK(L)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestReLUNTKFunction: the two-layer closed form of spec §1.2, k(t) = (2/pi)(2t(pi - arccos t) +
// sqrt(1-t^2)), and k(1) = 2L (spec §1.2's two checks), and the spec §1.5 table at t = 1/2
// (Theta = 1, 1.884662228755, 2.702959122247, 3.475689358431 for L = 1..4; 12 digits).
func TestReLUNTKFunction(t *testing.T) {
	k2 := relu(t, 2)
	for _, x := range []float64{-1, -0.99, -0.5, 0, 0.25, 0.5, 0.999, 1} {
		want := 2 / math.Pi * (2*x*(math.Pi-math.Acos(x)) + math.Sqrt(1-x*x))
		if d := math.Abs(k2(x) - want); d > 4e-15 { // a few roundings of a value near 4
			t.Errorf("L = 2: k(%g) = %.17g, want %.17g", x, k2(x), want)
		}
	}
	for L := 1; L <= 5; L++ {
		if got := relu(t, L)(1); got != float64(2*L) {
			t.Errorf("L = %d: k(1) = %.17g, want %d", L, got, 2*L)
		}
	}
	for i, want := range []float64{1, 1.884662228755, 2.702959122247, 3.475689358431} {
		if d := math.Abs(relu(t, i+1)(0.5) - want); d > 1e-12 {
			t.Errorf("L = %d: k(1/2) off by %g", i+1, d)
		}
	}
}

func TestDegeneracy(t *testing.T) {
	// N(3,k) = 2k+1; N(2,k) = 2; N(4,k) = (k+1)^2; N(D,1) = D; N(10,2) = 54 = D(D+1)/2 - 1.
	for _, c := range []struct {
		D, k int
		want float64
	}{
		{3, 0, 1}, {3, 1, 3}, {3, 7, 15}, {2, 0, 1}, {2, 5, 2}, {4, 3, 16}, {10, 1, 10}, {10, 2, 54}, {5, 2, 14},
	} {
		if got := Degeneracy(c.D, c.k); got != c.want {
			t.Errorf("N(%d,%d) = %g, want %g", c.D, c.k, got, c.want)
		}
	}
	for _, D := range []int{2, 3, 4, 10, 37} {
		d := Degeneracies(D, 300)
		for k, v := range d {
			if w := Degeneracy(D, k); math.Abs(v-w) > 1e-14*w {
				t.Fatalf("Degeneracies(%d)[%d] = %g, Degeneracy = %g", D, k, v, w)
			}
		}
	}
}

func TestGaussLegendre(t *testing.T) {
	// The rule with n nodes integrates x^(2n-2) exactly: 2/(2n-1). Weights sum to 2.
	for _, n := range []int{1, 2, 3, 10, 101, 1000, 4064} {
		x, w := GaussLegendre(n)
		sw, m := 0.0, 0.0
		for i := range x {
			sw += w[i]
			m += w[i] * math.Pow(x[i], float64(2*min(n, 20)-2))
		}
		if math.Abs(sw-2) > 1e-13 {
			t.Errorf("n = %d: weights sum to %.17g", n, sw)
		}
		if want := 2 / float64(2*min(n, 20)-1); math.Abs(m-want) > 1e-14 {
			t.Errorf("n = %d: moment %.17g, want %.17g", n, m, want)
		}
	}
}

// TestReLUNTKSpectrum checks spec §2.3B: the two-layer (L = 2) bias-free ReLU NTK on S^2 has
// the exact rational eigenvalues below (the spec's values, "exact rationals to about 1e-15");
// the odd degrees >= 3 vanish and are clamped; eta_50 and eta_100 are quoted to 7 digits; L = 3
// and D = 10 to 12 or 13 digits.
func TestReLUNTKSpectrum(t *testing.T) {
	s, err := Compute(relu(t, 2), 3, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		k         int
		want, tol float64
	}{
		{0, 1, 1e-15}, {1, 2.0 / 3, 1e-15}, {2, 5.0 / 32, 1e-15}, {3, 0, 0}, {4, 1.0 / 96, 1e-15},
		{5, 0, 0}, {6, 23.0 / 8192, 1e-15}, {7, 0, 0}, {8, 19.0 / 16384, 1e-15},
		{50, 4.958947e-6, 5e-13}, {100, 6.276699e-7, 5e-14},
	} {
		if d := math.Abs(s.Eta[c.k] - c.want); !(d <= c.tol) {
			t.Errorf("D = 3, L = 2: eta_%d = %.17g, want %.17g (tolerance %g)", c.k, s.Eta[c.k], c.want, c.tol)
		}
	}
	// Every odd degree from 3 on is roundoff, clamped and counted: 499 of them up to k = 1000.
	if s.Clamped != 499 || !(s.MaxClamped > 0 && s.MaxClamped <= ClampRel*s.Trace) {
		t.Errorf("clamped %d values, largest %g; want the 499 odd degrees 3..999", s.Clamped, s.MaxClamped)
	}
	if s.Trace != 4 {
		t.Errorf("k(1) = %g, want 2L = 4", s.Trace)
	}
	for _, c := range []struct {
		D, L int
		want []float64 // eta_0, eta_1, ... (NaN: not quoted)
		tol  float64
	}{
		{3, 3, []float64{1.860503863285, 0.741566375059, 0.214735142561, 0.037288154426}, 1e-12},
		{10, 2, []float64{0.736125331348, 0.2, 1.714491755958e-2, 0, 1.930807665614e-4}, 1e-12},
	} {
		s, err := Compute(relu(t, c.L), c.D, 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		for k, w := range c.want {
			if d := math.Abs(s.Eta[k] - w); !(d <= c.tol) {
				t.Errorf("D = %d, L = %d: eta_%d = %.15g, want %.15g", c.D, c.L, k, s.Eta[k], w)
			}
		}
	}
}

// TestKnownSpectra: kernels whose eigenvalues are known in closed form. On the circle (D = 2),
// exp(t) has eta_k = I_k(1) (modified Bessel functions; I_0(1) = 1.2660658777520082,
// I_1(1) = 0.5651591039924851, I_2(1) = 0.1357476697670383, Abramowitz & Stegun table 9.8); on
// S^2, exp(t) has eta_k = i_k(1), the modified spherical Bessel functions: sinh 1, cosh 1 - sinh 1
// = 1/e, and i_2(1) = 3 cosh... written out below. The linear kernel t has eta_1 = 1/D and no
// tail.
func TestKnownSpectra(t *testing.T) {
	s, err := Compute(math.Exp, 2, 40, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float64{1.2660658777520082, 0.5651591039924851, 0.1357476697670383} {
		if d := math.Abs(s.Eta[k] - want); d > 2e-16*10 {
			t.Errorf("circle, exp: eta_%d = %.17g, want %.17g", k, s.Eta[k], want)
		}
	}
	s, err = Compute(math.Exp, 3, 40, 0)
	if err != nil {
		t.Fatal(err)
	}
	sh, ch := math.Sinh(1), math.Cosh(1)
	// i_2(x) = (3/x^2 + 1/x) sinh x - (3/x) cosh x at x = 1: 4 sinh 1 - 3 cosh 1.
	for k, want := range []float64{sh, ch - sh, 4*sh - 3*ch} {
		if d := math.Abs(s.Eta[k] - want); d > 2e-15 {
			t.Errorf("sphere, exp: eta_%d = %.17g, want %.17g", k, s.Eta[k], want)
		}
	}
	if s.Tail != 0 {
		t.Errorf("exp on S^2 to degree 40: tail %g, want 0 (the degrees beyond 40 carry < 1e-50)", s.Tail)
	}
	for _, D := range []int{2, 3, 7, 10, 50} {
		s, err := Compute(func(t float64) float64 { return 1 + t }, D, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s.Eta[0]-1) > 1e-15 || math.Abs(s.Eta[1]-1/float64(D)) > 1e-15 || s.Tail != 0 || s.Clamped != 9 {
			t.Errorf("D = %d, 1 + t: eta %v, tail %g, clamped %d", D, s.Eta[:3], s.Tail, s.Clamped)
		}
	}
}

// TestReconstruction: the kernel equals sum_k N(D,k) eta_k P_k(t) plus the lumped remainder, and
// the remainder is Tail at t = 1 and small elsewhere (the high degrees oscillate away).
func TestReconstruction(t *testing.T) {
	for _, c := range []struct{ D, L int }{{3, 2}, {3, 3}, {10, 3}} {
		k := relu(t, c.L)
		s, err := Compute(k, c.D, 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		sum := Sum(c.D, s.Eta)
		rem := s.Remainder()
		if d := math.Abs(rem(1) - s.Tail); d > 1e-12 {
			t.Errorf("D = %d, L = %d: remainder at 1 is %g, tail %g", c.D, c.L, rem(1), s.Tail)
		}
		// At t = ±1 the truncation error is the tail itself (P_k(±1) = (±1)^k); inside it averages out.
		for _, x := range []float64{-0.9, -0.7, -0.1, 0, 0.3, 0.9} {
			if d := math.Abs(k(x) - sum(x)); d > 1e-4 {
				t.Errorf("D = %d, L = %d: k(%g) = %.12g, sum %.12g", c.D, c.L, x, k(x), sum(x))
			}
		}
		if !(s.Tail >= 0 && s.Tail < 0.1) {
			t.Errorf("D = %d, L = %d: tail %g", c.D, c.L, s.Tail)
		}
	}
}

// TestOrthogonality: c_D ∫ P_j P_k (1-t^2)^{(D-3)/2} dt = delta_jk / N(D,k).
func TestOrthogonality(t *testing.T) {
	for _, D := range []int{2, 3, 10} {
		for _, j := range []int{0, 3, 17} {
			s, err := Compute(func(t float64) float64 {
				p := make([]float64, j+1)
				Gegenbauer(D, t, p)
				return 2 + p[j] // shift to keep k(1) > 0 for the check of the trace
			}, D, 30, 0)
			if err != nil {
				t.Fatal(err)
			}
			for k := 0; k <= 30; k++ {
				want := 0.0
				if k == j {
					want = 1 / Degeneracy(D, k)
				}
				if k == 0 {
					want += 2
				}
				if math.Abs(s.Eta[k]-want) > 1e-14 {
					t.Errorf("D = %d: <P_%d, P_%d> gives %g, want %g", D, j, k, s.Eta[k], want)
				}
			}
		}
	}
}

func TestComputeErrors(t *testing.T) {
	k := relu(t, 2)
	for _, c := range []struct {
		name    string
		f       func(float64) float64
		D, kmax int
		nq      int
	}{
		{"D = 1", k, 1, 10, 0}, {"D too large", k, 101, 10, 0}, {"kmax < 0", k, 3, -1, 0},
		{"too few nodes", k, 3, 100, 50}, {"negative trace", func(float64) float64 { return -1 }, 3, 5, 0},
		{"not positive definite", func(t float64) float64 { return 1 - t }, 3, 5, 0},
		{"NaN", func(t float64) float64 { return math.Sqrt(t) }, 3, 5, 0},
	} {
		if _, err := Compute(c.f, c.D, c.kmax, c.nq); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	if _, err := ReLUNTK(0); err == nil {
		t.Error("depth 0 accepted")
	}
}

// TestTabulate: the interpolated ReLU NTK (L = 3) and a kernel rebuilt from 1000 degrees agree
// with the direct evaluation; the error is measured on 10^4 points and bounded here.
func TestTabulate(t *testing.T) {
	k := relu(t, 3)
	s, err := Compute(k, 3, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	rough := Sum(3, s.Eta) // all 1000 degrees: the hardest case for the table
	for _, c := range []struct {
		name string
		f    func(float64) float64
		n    int
		tol  float64
	}{
		{"relu NTK, 4096 angles", k, 4096, 3e-13},             // measured 6.8e-14
		{"1000-degree sum, 4096 angles", rough, 4096, 1e-7},   // measured 2.4e-8
		{"1000-degree sum, 16384 angles", rough, 16384, 1e-9}, // measured 2.5e-10
	} {
		tab := Tabulate(c.f, c.n)
		worst := 0.0
		for i := 0; i <= 10000; i++ {
			x := -1 + 2*float64(i)/10000
			worst = math.Max(worst, math.Abs(tab(x)-c.f(x)))
		}
		t.Logf("%s: largest error %.2g (k(1) = %g)", c.name, worst, c.f(1))
		if worst > c.tol {
			t.Errorf("%s: largest error %.3g above %g", c.name, worst, c.tol)
		}
	}
}
