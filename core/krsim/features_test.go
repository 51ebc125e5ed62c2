package krsim

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"solvable/core/learncurve"
	"solvable/core/linalg"
)

// powerLaw is the spec's worked spectrum (§2.3A, §3.5): eta_k = k^-2, k = 1..1000.
func powerLaw() []float64 { return learncurve.PowerLaw(2, 1000, 2).Eta }

func TestFeaturesLeastSquares(t *testing.T) {
	// More samples than modes, ridgeless, noisy labels: the fit is least squares, whose exact
	// finite-N error for Gaussian design is sigma^2 M / (N - M - 1) (the mean of the inverse
	// Wishart matrix, E (Z^T Z)^{-1} = I / (N - M - 1); Anderson, An Introduction to
	// Multivariate Statistical Analysis, 3rd ed., §7.7). M = 20 modes eta_k = 1/k, sigma^2 =
	// 0.5, N = 40: 0.5 * 20 / 19 = 0.526316. Also through the equal-sizes sequence: the second
	// task's least-squares fit of the residual leaves the same error law, sigma^2 M/(N-M-1)
	// again. 300 seeds, 3 SE.
	eta := make([]float64, 20)
	for k := range eta {
		eta[k] = 1 / float64(k+1)
	}
	want := 0.5 * 20 / 19
	r := run(t, Config{Kind: Sequence, Modes: eta, Sizes: []int{40, 40}, Noise: 0.5, Seeds: 300, Seed: 4})
	within(t, "least squares E_1", r.Tasks[0], want, 3)
	within(t, "least squares E_2", r.Tasks[1], want, 3)
	// With ridge 0.5 and noise 0.5, one size below M = 20 (the dual system) and one above (the
	// primal system with diag(ridge/eta)), against E_g of spec §2.1 on this finite spectrum
	// (core/learncurve, eta_k = s_k = 1/k, no tail); 300 seeds, 3 SE.
	m := learncurve.PowerLaw(1, 20, 1)
	for _, N := range []int{15, 40} {
		r := run(t, Config{Kind: Sequence, Modes: eta, Sizes: []int{N}, Ridge: 0.5, Noise: 0.5, Seeds: 300, Seed: 5})
		within(t, fmt.Sprintf("ridge 0.5, N = %d", N), r.Tasks[0], theoryEg(t, m, N, 0.5, 0.5), 3)
	}
}

func TestFeaturesPrimalEqualsDual(t *testing.T) {
	// With a ridge the primal (N > modes) and dual systems are the same predictor; check on one
	// draw by solving one task both ways.
	eta := []float64{1, 0.5, 0.25, 0.125, 0, 0.0625}
	c := Config{Kind: Sequence, Modes: eta, Sizes: []int{9}, Ridge: 0.3, Seeds: 1, Seed: 6}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	sd := s.newFeatureSeed(newRand(6))
	for sd.phase == fDraw {
		if _, err := sd.advance(s); err != nil {
			t.Fatal(err)
		}
	}
	var u [2][]float64
	for p, primal := range []bool{true, false} {
		sv := &fsolver{lo: 0, hi: 9, primal: primal}
		if primal {
			sv = sd.newSolver(0)
			if !sv.primal {
				t.Fatal("9 samples for 5 positive modes should be primal")
			}
		} else {
			sv.m = 9
			sv.L = make([]float64, 81)
		}
		for i := range sv.m {
			sd.gramRow(sv, i, c.Ridge)
		}
		if !linalgCholesky(sv.L, sv.m) {
			t.Fatal("refused")
		}
		u[p] = sd.fit(sv, sd.eval(0, sd.v, 0))
	}
	for k := range u[0] {
		if math.Abs(u[0][k]-u[1][k]) > 1e-12 {
			t.Errorf("mode %d: primal %v, dual %v", k, u[0][k], u[1][k])
		}
	}
	if u[0][4] != 0 || u[1][4] != 0 {
		t.Errorf("a mode with eta = 0 moved: %v, %v", u[0][4], u[1][4])
	}
}

func TestFeaturesErrors(t *testing.T) {
	good := Config{Kind: Sequence, Modes: []float64{1, 0.5}, Sizes: []int{1}, Seeds: 1}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Kernel = func(float64) float64 { return 1 } }, "not both"},
		{func(c *Config) { c.Modes = []float64{0, 0} }, "at least one mode"},
		{func(c *Config) { c.Modes = []float64{1, -1} }, "mode 2"},
		{func(c *Config) { c.Modes = []float64{} }, "between 1 and"},
		{func(c *Config) { c.Power = []float64{1} }, "one value per mode"},
		{func(c *Config) { c.Power = []float64{1, math.NaN()} }, "mode 2"},
		{func(c *Config) { c.Modes = make([]float64, MaxModes); c.Modes[0] = 1; c.Sizes = []int{300} }, "feature values"},
	} {
		bad := good
		c.mod(&bad)
		if err := bad.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error with %q, got %v", c.want, err)
		}
	}
}

func linalgCholesky(a []float64, n int) bool { return linalg.Cholesky(a, n, cholTol) }

// theoryEg is learncurve's E_g at N samples with the given ridge and noise.
func theoryEg(t *testing.T, m *learncurve.Modes, N int, ridge, noise float64) float64 {
	t.Helper()
	p, err := m.Solve(float64(N), ridge, noise)
	if err != nil {
		t.Fatal(err)
	}
	return p.Eg
}
