package krsim

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"solvable/core/linalg"
)

// Statistical tests: every simulation below runs a fixed number of seeds from a fixed Seed, so
// each is deterministic; "within z standard errors" is stated per case. The test set has 150
// fresh points per seed. Its size trades time for the spread of the per-seed test average,
// which adds to the seed-to-seed spread of E_g itself (measured: 100 seeds at N = 100, D = 3
// give SE 0.0021 with 100 test points, 0.0013 with 300, 0.0014 with 1000: past a few hundred
// the teacher draw dominates). The cost is the teacher's Cholesky on training + test points,
// (N + T)^3 / 3: with T = 150 instead of 200 the suite takes a third less time (it also runs
// as wasm under Node), and the standard errors grow by a few percent. The benchmarks use the
// page's 200.
const testPoints = 150

func mustNTK(t testing.TB, depth int) Kernel {
	t.Helper()
	k, err := ReLUNTK(depth)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func run(t testing.TB, c Config) Result {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Run()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// within reports whether |s.Mean - want| <= z s.StdErr, logging the comparison.
func within(t *testing.T, name string, s Stat, want, z float64) {
	t.Helper()
	dev := (s.Mean - want) / s.StdErr
	ratio := ""
	if math.Abs(want) > 1e-12 {
		ratio = fmt.Sprintf(", ratio %.4f", s.Mean/want)
	}
	t.Logf("%s: simulation %.6g ± %.2g (%d seeds), theory %.10g%s, %+.2f SE", name, s.Mean, s.StdErr, s.N, want, ratio, dev)
	if !(math.Abs(dev) <= z) {
		t.Errorf("%s: %.6g ± %.2g is %.2f standard errors from %.10g (allowed %g)", name, s.Mean, s.StdErr, dev, want, z)
	}
}

// withinPaired checks a paired difference of two errors (E_A->B - E_B, E_2 - E_1). Its
// standard error is far smaller than that of either error (at D = 10, N = 100: 0.02 against
// 0.05 for errors of about 2), so it also sees the finite-N bias of the errors themselves,
// about 1% at N = 100 (spec §3.7.5), which the theory, an N -> infinity limit, leaves out. The
// allowance is therefore 3 standard errors plus 1% of the error scale (the single-task E).
// Measured where this matters, two tasks with label noise sigma^2 = 0.5 on S^9, rho = 1/2,
// 300 seeds: 0.019 ± 0.011 against the theory's 0.042.
func withinPaired(t *testing.T, name string, s Stat, want, scale float64) {
	t.Helper()
	slack := 0.01 * scale
	t.Logf("%s: simulation %.6g ± %.2g (%d seeds), theory %.10g, allowed 3 SE + %.3g", name, s.Mean, s.StdErr, s.N, want, slack)
	if !(math.Abs(s.Mean-want) <= 3*s.StdErr+slack) {
		t.Errorf("%s: %.6g ± %.2g is farther than 3 SE + %.3g from %.10g", name, s.Mean, s.StdErr, slack, want)
	}
}

func TestReLUNTK(t *testing.T) {
	// Spec §1.5 (||x||^2 = n_0, x.x'/n_0 = 0.5, sigma_w^2 = 2, sigma_b = 0): Theta(0.5) for
	// L = 1..4 weight layers, and Theta(1) = 2L (spec §1.2). Tolerance 1e-12: the same closed
	// forms, only the order of operations differs.
	for _, c := range []struct {
		L         int
		half, at1 float64
	}{{1, 1, 2}, {2, 1.884662228755, 4}, {3, 2.702959122247, 6}, {4, 3.475689358431, 8}} {
		k := mustNTK(t, c.L)
		if got := k(0.5); math.Abs(got-c.half) > 1e-12 {
			t.Errorf("L = %d: Theta(0.5) = %.15g, spec %.12g", c.L, got, c.half)
		}
		if got := k(1); math.Abs(got-c.at1) > 1e-12 {
			t.Errorf("L = %d: Theta(1) = %.15g, want %g", c.L, got, c.at1)
		}
	}
	// L = 2 closed form of spec §1.2, Theta(t) = (2/pi)(2t(pi - arccos t) + sqrt(1-t^2)), at
	// the ends and inside; 1e-13.
	k := mustNTK(t, 2)
	for _, x := range []float64{-1, -0.99, -0.3, 0, 0.1, 0.77, 0.999999, 1} {
		want := 2 / math.Pi * (2*x*(math.Pi-math.Acos(x)) + math.Sqrt(1-x*x))
		if got := k(x); math.Abs(got-want) > 1e-13 {
			t.Errorf("L = 2: Theta(%g) = %.15g, closed form %.15g", x, got, want)
		}
	}
	if _, err := ReLUNTK(0); err == nil {
		t.Error("depth 0 accepted")
	}
}

func TestSpherePoints(t *testing.T) {
	// Unit norm to 1e-15, and the moments of the uniform law on S^{D-1}: E x = 0 and
	// E x x^T = I/D. With n = 20000 points the entries' sampling sd is below sqrt(1/n) = 0.007
	// (mean) and 0.007 (second moments), so 0.03 is more than four of them.
	rng := rand.New(rand.NewPCG(1, 1))
	for _, D := range []int{2, 3, 10} {
		const n = 20000
		X := SpherePoints(rng, n, D)
		mean := make([]float64, D)
		mom := make([]float64, D*D)
		for i := range n {
			x := X[i*D : (i+1)*D]
			r := 0.0
			for a, v := range x {
				r += v * v
				mean[a] += v / n
				for b, w := range x {
					mom[a*D+b] += v * w / n
				}
			}
			if math.Abs(r-1) > 1e-15 {
				t.Fatalf("D = %d: ||x||^2 = %v", D, r)
			}
		}
		for a := range D {
			if math.Abs(mean[a]) > 0.03 {
				t.Errorf("D = %d: mean[%d] = %.4f", D, a, mean[a])
			}
			for b := range D {
				want := 0.0
				if a == b {
					want = 1 / float64(D)
				}
				if math.Abs(mom[a*D+b]-want) > 0.03 {
					t.Errorf("D = %d: E x_%d x_%d = %.4f, want %.4f", D, a, b, mom[a*D+b], want)
				}
			}
		}
	}
}

func TestTeacherCorrelation(t *testing.T) {
	// The teachers of the two-task experiment: f_A and g independent GP samples with covariance
	// k_s, f_B = rho f_A + sqrt(1-rho^2) g, so E[f_A(x) f_B(x')] = rho k_s(x.x') and
	// E[f_B(x) f_B(x')] = k_s(x.x'): every spherical-harmonic coefficient then has
	// E v_A v_B = rho s_k and E v_B^2 = s_k (spec §3.1), since the coefficients are linear in the
	// function. Checked on 4 points per draw, 20000 draws: the per-draw products minus their
	// expectations average to 0 within 4 standard errors (8 checks, so 4 rather than 3).
	k := mustNTK(t, 2)
	c := Config{Kind: Transfer, D: 3, Kernel: k, Sizes: []int{2, 1}, Rhos: []float64{0.7}, Test: 1, Seeds: 1}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	rho := 0.7
	cc := math.Sqrt(1 - rho*rho)
	var cross, self [4]acc // pairs (0,0), (0,1), (1,2), (2,3)
	pairs := [4][2]int{{0, 0}, {0, 1}, {1, 2}, {2, 3}}
	for seed := range 20000 {
		d := drawFor(t, s, rand.New(rand.NewPCG(9, uint64(seed))))
		for p, ij := range pairs {
			i, j := ij[0], ij[1]
			kij := d.K[i*d.n+j]
			fBi := rho*d.f[i] + cc*d.g[i]
			fBj := rho*d.f[j] + cc*d.g[j]
			cross[p].add(d.f[i]*fBj - rho*kij)
			self[p].add(fBi*fBj - kij)
		}
	}
	for p := range pairs {
		for _, x := range []struct {
			name string
			a    acc
		}{{"E f_A f_B - rho k", cross[p]}, {"E f_B f_B - k", self[p]}} {
			st := x.a.stat()
			if math.Abs(st.Mean) > 4*st.StdErr {
				t.Errorf("pair %v: %s = %.4g ± %.2g", pairs[p], x.name, st.Mean, st.StdErr)
			}
		}
	}
}

func TestSingleTaskExactOracle(t *testing.T) {
	// The simulation against an exact finite-N oracle, no replica theory involved. With the
	// teacher a GP with the student's own kernel, ridge 0 and no noise, the minimum-norm
	// interpolant is the GP posterior mean, so given the points the expected squared error at a
	// test point x is the posterior variance k(1) - k(x,X) K^{-1} k(X,x). On each seed's own
	// points (redrawn from the same PCG stream) the simulated test error minus that average has
	// mean 0; this pairs the Monte Carlo over teachers against the exact value, seed by seed.
	// D = 3, L = 2, N = 100, 40 seeds, 3 standard errors.
	k := mustNTK(t, 2)
	c := Config{Kind: Sequence, D: 3, Kernel: k, Sizes: []int{100}, Test: testPoints, Seeds: 40, Seed: 11}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	var diff, pvAcc acc
	for seed := range c.Seeds {
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
		d := drawFor(t, s, rand.New(rand.NewPCG(c.Seed, uint64(seed))))
		pv := posteriorVariance(d, 100)
		diff.add(s.Last()[0] - pv)
		pvAcc.add(pv)
	}
	st := diff.stat()
	t.Logf("simulated E_g minus exact posterior variance: %.3g ± %.2g; posterior variance %.5f ± %.2g", st.Mean, st.StdErr, pvAcc.stat().Mean, pvAcc.stat().StdErr)
	if math.Abs(st.Mean) > 3*st.StdErr {
		t.Errorf("the simulated error differs from the exact posterior variance by %.3g ± %.2g", st.Mean, st.StdErr)
	}
}

// posteriorVariance is the mean over the test points of d of k(1) - k(x,X) K^{-1} k(X,x),
// with X the first N points.
func posteriorVariance(d *draw, N int) float64 {
	L := make([]float64, N*N)
	for i := range N {
		copy(L[i*N:(i+1)*N], d.K[i*d.n:i*d.n+N])
	}
	if !linalg.Cholesky(L, N, cholTol) {
		panic("posteriorVariance: singular")
	}
	s := 0.0
	w := make([]float64, N)
	for i := N; i < d.n; i++ {
		v := d.K[i*d.n : i*d.n+N]
		copy(w, v)
		linalg.CholSolve(L, N, w)
		q := 0.0
		for j := range v {
			q += v[j] * w[j]
		}
		s += d.K[i*d.n+i] - q
	}
	return s / float64(d.n-N)
}

func TestTheoryHelper(t *testing.T) {
	// The test-local theory against the spec's sphere numbers (D = 3, L = 2, s = eta, N = 100:
	// spec §2.3B and §3.5), 1e-9.
	sp := sphereSpectrum(mustNTK(t, 2), 3)
	eA, _, f9, b9 := sp.transfer(100, 100, 0.9, 0)
	_, _, f1, b1 := sp.transfer(100, 100, 1, 0)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"kappa(10)", sp.at(10).kappa, 0.7045311715},
		{"gamma(10)", sp.at(10).gamma, 0.5877361107},
		{"E_A", eA, 0.0923034830},
		{"gamma(100)", sp.at(100).gamma, 0.3699892435},
		{"E_A->B(0.9)", f9, 0.0799496640},
		{"E_back(0.9)", b9, 0.8546587083},
		{"E_A->B(1)", f1, 0.0768612094},
		{"E_back(1)", b1, 0.0768612094},
		{"E_g = kappa", sp.single(100, 0, 0), 0.0923034830},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %.12g, spec %.10g", c.name, c.got, c.want)
		}
	}
	if got := sphereSpectrum(mustNTK(t, 3), 3).at(100).kappa; math.Abs(got-0.3857591970) > 1e-9 {
		t.Errorf("L = 3: kappa(100) = %.12g, spec 0.3857591970", got)
	}
}

func TestSphereD3AgainstSpec(t *testing.T) {
	// The check at N = 100 on S^2 with the L = 2 NTK and s ∝ eta, against the spec's
	// numbers (§2.3B, §3.5): E_A = 0.0923034830; rho = 0.9: E_A->B = 0.0799496640,
	// E_back = 0.8546587083; rho = 1: E_A->B = E_back = 0.0768612094; and E_1..E_3 of the same
	// target three times from the test-local recursion (spec §3.4). 40 seeds, seed 1, within 3
	// standard errors.
	//
	// The finite-N gap is larger here than the spec's "about 1%" (which is for Gaussian
	// features, §2.3A): on S^2 the exact posterior variance averages 0.0968 ± 0.0003 at N = 100
	// (200 seeds, TestSingleTaskExactOracle's estimator), 4.9% above the replica value, and the
	// gap stays at 5-6% at N = 200, 400 and 1000 (0.0660 vs 0.0625, 0.0458 vs 0.0432,
	// 0.0283 ± 0.0002 vs 0.0270), so it is not a 1/N effect that has died out by N = 100. It
	// shrinks with a ridge (200 seeds, N = 100: ratio 1.063 at ridge 0, 1.041 at 0.1, 1.014 at
	// 1) and with the dimension (D = 5, L = 3: 2.5% at N = 100, 0.9% at N = 400), as the
	// replica prediction is known to fail for low-dimensional data without a ridge (Tomasini,
	// Sclocchi & Wyart, ICML 2022, arXiv:2202.03348, for the Laplace kernel). With 200 seeds
	// the simulation sits 4 standard errors above E_A and 6 above E_A->B(rho = 0). At 40 seeds
	// the standard error (about 3%) still covers it, as the 3-SE criterion of the issue asks;
	// TestSphereD10 is the check with room.
	k := mustNTK(t, 2)
	sp := sphereSpectrum(k, 3)
	r := run(t, Config{Kind: Transfer, D: 3, Kernel: k, Sizes: []int{100, 100}, Rhos: []float64{0.5, 0.9, 1}, Test: testPoints, Seeds: 40, Seed: 1})
	within(t, "E_A", r.EA, 0.0923034830, 3)
	within(t, "E_A->B(0.9)", r.Forward[1], 0.0799496640, 3)
	within(t, "E_back(0.9)", r.Backward[1], 0.8546587083, 3)
	within(t, "E_back(0.9), control variate", r.BackwardCV[1], 0.8546587083, 3)
	within(t, "E_A->B(1)", r.Forward[2], 0.0768612094, 3)
	within(t, "E_back(1)", r.Backward[2], 0.0768612094, 3)
	// The critical similarity rho = 1/2 (spec §3.3): E_A->B = E_B, paired seed by seed. This
	// one holds at every finite N, not only in the limit, so it gets no finite-N allowance:
	// with R_B = I - P_B the residual map of stage B, E_A->B - E_B = E||R_B f^_A||^2 -
	// 2 rho E<R_B f_A, R_B f^_A> (g drops out, being independent); when the teacher's prior is
	// the student's kernel and the labels are clean, f^_A is the posterior mean, f_A - f^_A is
	// independent of it, and the difference is (1 - 2 rho) E||R_B f^_A||^2 exactly.
	within(t, "E_A->B(1/2) - E_B", r.Gain[0], 0, 3)
	if !reflect.DeepEqual(r.Forward[2], r.Backward[2]) {
		t.Errorf("at rho = 1 forward and backward must coincide: %+v, %+v", r.Forward[2], r.Backward[2])
	}
	seq := run(t, Config{Kind: Sequence, D: 3, Kernel: k, Sizes: []int{100, 100, 100}, Test: testPoints, Seeds: 40, Seed: 1})
	th := sp.sequence([]int{100, 100, 100})
	for j, want := range th {
		within(t, fmt.Sprintf("E_%d", j+1), seq.Tasks[j], want, 3)
	}
}

func TestSphereD10(t *testing.T) {
	// The same checks on S^9 with the L = 3 NTK (the talk's network) and s ∝ eta, where the
	// replica theory is within about 1% at N = 100 (measured: 200 seeds give ratios 1.008 for
	// E_A and 1.003-1.027 for forward and backward errors), so 3 standard errors at 60 seeds
	// is a real test. Theory from the test-local spectrum (spec §2.2, §3.2, §3.4).
	//
	// The plain backward error is heavy-tailed (its bulk, the test average of (f_A - f_B)^2,
	// is a weighted chi-square led by the constant mode, eta_0 = 1.50 of k(1) = 6), and with
	// few seeds its sample standard error is too small: with 200 test points, the first 40
	// seeds of seed 2 put it 3.3 SE below the theory at rho = 0. BackwardCV does not have
	// the problem (200 seeds of seed 2: plain 8.78 ± 0.29, control variate 9.18 ± 0.08, theory
	// 9.21).
	k := mustNTK(t, 3)
	sp := sphereSpectrum(k, 10)
	rhos := []float64{0, 0.5, 0.9, 1}
	r := run(t, Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: rhos, Test: testPoints, Seeds: 60, Seed: 2})
	eA, _, _, _ := sp.transfer(100, 100, 1, 0)
	within(t, "E_A", r.EA, eA, 3)
	for i, rho := range rhos {
		_, eB, f, b := sp.transfer(100, 100, rho, 0)
		within(t, "E_B", r.EB[i], eB, 3)
		within(t, "E_A->B", r.Forward[i], f, 3)
		within(t, "E_back", r.Backward[i], b, 3)
		within(t, "E_back, control variate", r.BackwardCV[i], b, 3)
		withinPaired(t, "E_A->B - E_B", r.Gain[i], f-eB, eB)
	}
	// Transfer turns positive above rho = 1/2: the paired difference is clearly positive at
	// rho = 0 and clearly negative at rho = 0.9.
	if g := r.Gain[0]; !(g.Mean > 3*g.StdErr) {
		t.Errorf("rho = 0: E_A->B - E_B = %.4g ± %.2g, want clearly positive", g.Mean, g.StdErr)
	}
	if g := r.Gain[2]; !(g.Mean < -3*g.StdErr) {
		t.Errorf("rho = 0.9: E_A->B - E_B = %.4g ± %.2g, want clearly negative", g.Mean, g.StdErr)
	}
	// Equal sizes three times (self-knowledge transfer) and a large task then a small one
	// (self-knowledge forgetting, spec §3.4: E_2 > E_1 for N_1 >> N_2).
	for _, sizes := range [][]int{{100, 100, 100}, {200, 20}} {
		s, err := New(Config{Kind: Sequence, D: 10, Kernel: k, Sizes: sizes, Test: testPoints, Seeds: 30, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var step acc // E_2 - E_1, seed by seed
		for !s.Done() {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
			e := s.Last()
			step.add(e[1] - e[0])
		}
		seq := s.Result()
		th := sp.sequence(sizes)
		for j, want := range th {
			within(t, fmt.Sprintf("%v: E_%d", sizes, j+1), seq.Tasks[j], want, 3)
		}
		withinPaired(t, fmt.Sprintf("%v: E_2 - E_1", sizes), step.stat(), th[1]-th[0], th[0])
		// Transfer for equal sizes, forgetting for a large task then a small one.
		if st := step.stat(); (sizes[1] < sizes[0]) != (st.Mean > 3*st.StdErr) || (sizes[1] == sizes[0]) != (st.Mean < -3*st.StdErr) {
			t.Errorf("%v: E_2 - E_1 = %.4g ± %.2g has the wrong sign or is not clear", sizes, st.Mean, st.StdErr)
		}
	}
}

func TestNoiseAndRidge(t *testing.T) {
	// Single task on S^9, L = 3, N = 100 with label noise sigma^2 = 0.5 (ridgeless), and with
	// ridge 1 (no noise), against E_g of spec §2.1 from the test-local spectrum; 40 seeds, 3 SE.
	// (Ridge and noise together: TestFeaturesLeastSquares.)
	k := mustNTK(t, 3)
	sp := sphereSpectrum(k, 10)
	for _, c := range []struct{ ridge, noise float64 }{{0, 0.5}, {1, 0}} {
		r := run(t, Config{Kind: Sequence, D: 10, Kernel: k, Sizes: []int{100}, Ridge: c.ridge, Noise: c.noise, Test: testPoints, Seeds: 40, Seed: 4})
		within(t, "E_g", r.Tasks[0], sp.single(100, c.ridge, c.noise), 3)
	}
	// Two tasks with label noise sigma^2 = 0.5 (ridgeless): the noise of task A is carried into
	// B's residual as (E_A + sigma^2) and breaks rho* = 1/2 (spec §3.7.3); 40 seeds, 3 SE.
	rhos := []float64{0.5, 0.9}
	r := run(t, Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: rhos, Noise: 0.5, Test: testPoints, Seeds: 40, Seed: 5})
	for i, rho := range rhos {
		eA, eB, f, b := sp.transfer(100, 100, rho, 0.5)
		if i == 0 {
			within(t, "noisy E_A", r.EA, eA, 3)
		}
		within(t, fmt.Sprintf("noisy E_B(%g)", rho), r.EB[i], eB, 3)
		within(t, fmt.Sprintf("noisy E_A->B(%g)", rho), r.Forward[i], f, 3)
		within(t, fmt.Sprintf("noisy E_back(%g)", rho), r.Backward[i], b, 3)
		within(t, fmt.Sprintf("noisy E_back(%g), control variate", rho), r.BackwardCV[i], b, 3)
		withinPaired(t, fmt.Sprintf("noisy E_A->B - E_B (%g)", rho), r.Gain[i], f-eB, eB)
	}
}

func TestStepper(t *testing.T) {
	k := mustNTK(t, 2)
	c := Config{Kind: Transfer, D: 4, Kernel: k, Sizes: []int{20, 10}, Rhos: []float64{0.2, 1}, Test: 30, Seeds: 5, Seed: 8}
	// Step by step equals Run; Result is a copy that the next Step does not touch.
	s1, _ := New(c)
	var early Result
	for i := 0; !s1.Done(); i++ {
		if err := s1.Step(); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			early = s1.Result()
		}
	}
	snapshot := early.Forward[0]
	r1 := s1.Result()
	if early.Forward[0] != snapshot || early.Seeds != 2 {
		t.Errorf("an earlier Result changed under later steps: %+v", early)
	}
	r2 := run(t, c)
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("stepping and Run differ:\n%+v\n%+v", r1, r2)
	}
	if r1.Seeds != 5 || r1.EA.N != 5 || s1.Step() != nil {
		t.Errorf("after Done: %d seeds, %d in E_A", r1.Seeds, r1.EA.N)
	}
	if got := len(s1.Last()); got != 1+4*len(c.Rhos) {
		t.Errorf("Last has %d values, want %d", got, 1+4*len(c.Rhos))
	}
	// Common random numbers: a rho measured alone gives exactly the numbers it gets in a list.
	c3 := c
	c3.Rhos = []float64{1}
	r3 := run(t, c3)
	if r3.Forward[0] != r1.Forward[1] || r3.EA != r1.EA {
		t.Errorf("rho = 1 alone %+v, in a list %+v", r3.Forward[0], r1.Forward[1])
	}
	// The teacher equal to the kernel, given explicitly, is the default.
	c4 := c
	c4.Teacher = k
	if r4 := run(t, c4); !reflect.DeepEqual(r4, r1) {
		t.Error("Teacher = Kernel differs from Teacher = nil")
	}
	// One seed: N = 1 and standard error 0 (undefined), never NaN.
	c5 := c
	c5.Seeds = 1
	if r5 := run(t, c5); r5.EA.N != 1 || r5.EA.StdErr != 0 || math.IsNaN(r5.EA.Mean) {
		t.Errorf("one seed: %+v", r5.EA)
	}
}

func TestConfigErrors(t *testing.T) {
	k := mustNTK(t, 2)
	good := Config{Kind: Transfer, D: 3, Kernel: k, Sizes: []int{10, 10}, Rhos: []float64{0.5}, Test: 10, Seeds: 2}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	nan := func(float64) float64 { return math.NaN() }
	for _, c := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Sizes = []int{10} }, "two training set sizes"},
		{func(c *Config) { c.Rhos = nil }, "at least one target similarity"},
		{func(c *Config) { c.Rhos = []float64{1.5} }, "[-1, 1]"},
		{func(c *Config) { c.Rhos = []float64{math.NaN()} }, "[-1, 1]"},
		{func(c *Config) { c.D = 1 }, "dimension D"},
		{func(c *Config) { c.Kernel = nil }, "no kernel"},
		{func(c *Config) { c.Kernel = nan }, "not a finite number"},
		{func(c *Config) { c.Teacher = func(float64) float64 { return -1 } }, "positive at t = 1"},
		{func(c *Config) { c.Sizes = []int{0, 10} }, "at least one point"},
		{func(c *Config) { c.Test = 0 }, "test set"},
		{func(c *Config) { c.Test = MaxPoints }, "at most"},
		{func(c *Config) { c.Seeds = 0 }, "number of seeds"},
		{func(c *Config) { c.Ridge = -1 }, "ridge"},
		{func(c *Config) { c.Noise = math.Inf(1) }, "label-noise"},
		{func(c *Config) { c.Kind = Sequence; c.Sizes = nil }, "between 1 and"},
		{func(c *Config) { c.Kind = Kind(7) }, "unknown experiment"},
	} {
		bad := good
		c.mod(&bad)
		_, err := New(bad)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error with %q, got %v", c.want, err)
		}
	}
	// A teacher whose covariance is singular on the points: a constant kernel (rank one).
	bad := good
	bad.Teacher = func(float64) float64 { return 1 }
	s, err := New(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Step(); err == nil || !strings.Contains(err.Error(), "singular") || !s.Done() {
		t.Errorf("a rank-one teacher: %v", err)
	}
	// A kernel or teacher that is finite where Check looks but not everywhere.
	holey := func(t float64) float64 {
		if t > 0.5 && t < 1 {
			return math.NaN()
		}
		return 1 + t
	}
	for _, mod := range []func(*Config){func(c *Config) { c.Kernel = holey }, func(c *Config) { c.Teacher = holey }} {
		bad = good
		mod(&bad)
		s, err := New(bad)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Step(); err == nil || !strings.Contains(err.Error(), "not a finite number") {
			t.Errorf("a kernel with NaN inside: %v", err)
		}
	}
	// A rank-deficient student kernel makes the ridgeless system singular: D = 2 with the L = 1
	// (linear) kernel has rank 2, so 10 points cannot be interpolated.
	lin := mustNTK(t, 1)
	bad = good
	bad.D, bad.Kernel, bad.Teacher = 2, lin, k
	s, _ = New(bad)
	if err := s.Step(); err == nil || !strings.Contains(err.Error(), "minimum-norm interpolant") {
		t.Errorf("a rank-2 kernel on 10 points: %v", err)
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// drawFor runs a seed of s from rng up to its teacher samples and returns the draw.
func drawFor(t testing.TB, s *Sim, rng *rand.Rand) *draw {
	t.Helper()
	sd := s.newSeed(rng)
	for sd.phase != phaseTaskChol {
		if _, err := sd.advance(s); err != nil {
			t.Fatal(err)
		}
	}
	return sd.d
}

func TestChunks(t *testing.T) {
	// A seed of 400 points is spread over many chunks (Gram rows, Cholesky rows, fits), none
	// of which adds to the averages before the seed is complete; Step and StepChunk give the
	// same numbers as Run.
	k := mustNTK(t, 3)
	c := Config{Kind: Transfer, D: 10, Kernel: k, Sizes: []int{100, 100}, Rhos: []float64{0.5}, Test: testPoints, Seeds: 2, Seed: 1}
	s, _ := New(c)
	chunks := 0
	for !s.StepChunk() {
		chunks++
		if r := s.Result(); r.Seeds != 0 || r.EA.N != 0 {
			t.Fatalf("chunk %d: a partial seed shows in the result: %+v", chunks, r)
		}
	}
	if chunks < 5 {
		t.Errorf("a 400-point seed took only %d chunks before its last", chunks)
	}
	if err := s.Step(); err != nil || !s.Done() {
		t.Fatalf("Step after one seed: %v, done %v", err, s.Done())
	}
	if r, r2 := s.Result(), run(t, c); !reflect.DeepEqual(r, r2) {
		t.Errorf("chunked %+v, Run %+v", r, r2)
	}
	t.Logf("%d chunks to the last one of a seed", chunks)
	// Gaussian features: 300 points of 1000 modes (feature rows, kernel rows, Cholesky rows).
	fs, err := New(Config{Kind: Sequence, Modes: powerLaw(), Sizes: []int{300}, Seeds: 1})
	if err != nil {
		t.Fatal(err)
	}
	fchunks := 1
	for !fs.StepChunk() {
		fchunks++
		if fs.Err() != nil {
			t.Fatal(fs.Err())
		}
	}
	if fchunks < 10 {
		t.Errorf("a 300 x 1000 features seed took only %d chunks", fchunks)
	}
	t.Logf("features: %d chunks a seed", fchunks)
}

func TestResultJSON(t *testing.T) {
	// state() material: the names the issue asks for (mean, stderr), no NaN (encoding/json
	// refuses NaN, so a successful Marshal is the check), the experiment by name.
	k := mustNTK(t, 2)
	for _, c := range []Config{
		{Kind: Transfer, D: 3, Kernel: k, Sizes: []int{10, 10}, Rhos: []float64{0.5}, Test: 10, Seeds: 1},
		{Kind: Sequence, D: 3, Kernel: k, Sizes: []int{10, 5}, Test: 10, Seeds: 2},
	} {
		s, _ := New(c)
		before, err := json.Marshal(s.Result())
		if err != nil {
			t.Fatal(err)
		}
		r, _ := s.Run()
		after, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\n%s", before, after)
		for _, want := range []string{`"kind":"` + c.Kind.String() + `"`, `"mean":`, `"stderr":`} {
			if !strings.Contains(string(after), want) {
				t.Errorf("%s lacks %s", after, want)
			}
		}
	}
}

func TestSmootherTeacher(t *testing.T) {
	// A teacher that is not the student's prior: on S^9 with the L = 3 NTK, target power
	// s_k = eta_k^1.5 on the degrees k <= 30 (the teacher's covariance rebuilt from it, as the
	// page's "target spectrum exponent" does), N_A = N_B = 100. Theory: spec §3.2 with general
	// s, where the forward critical similarity is no longer 1/2 (§3.3). 40 seeds, 3 SE (paired
	// differences: withinPaired).
	k := mustNTK(t, 3)
	sp := sphereSpectrum(k, 10)
	teach, s := sp.teacher(10, 1.5, 30)
	rhos := []float64{0, 0.5, 0.9}
	r := run(t, Config{Kind: Transfer, D: 10, Kernel: k, Teacher: teach, Sizes: []int{100, 100}, Rhos: rhos, Test: testPoints, Seeds: 40, Seed: 7})
	for i, rho := range rhos {
		eA, eB, f, b := sp.transferS(s, 100, 100, rho)
		if i == 0 {
			within(t, "E_A", r.EA, eA, 3)
		}
		within(t, fmt.Sprintf("E_B(%g)", rho), r.EB[i], eB, 3)
		within(t, fmt.Sprintf("E_A->B(%g)", rho), r.Forward[i], f, 3)
		within(t, fmt.Sprintf("E_back(%g), control variate", rho), r.BackwardCV[i], b, 3)
		withinPaired(t, fmt.Sprintf("E_A->B - E_B (%g)", rho), r.Gain[i], f-eB, eB)
	}
}
