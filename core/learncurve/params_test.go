package learncurve

import (
	"errors"
	"math"
	"strings"
	"testing"

	"solvable/core/param"
)

func TestParamsDefaultsAndRoundTrip(t *testing.T) {
	c, err := ParseCurves(param.LookupQuery(""))
	if err != nil || c.Encode() != "spectrum=relu-ntk" {
		t.Errorf("curves default: %q %v", c.Encode(), err)
	}
	k, err := ParseContinual(param.LookupQuery(""))
	if err != nil || k.Encode() != "view=transfer" {
		t.Errorf("continual default: %q %v", k.Encode(), err)
	}
	for _, q := range []string{
		"spectrum=powerlaw&alpha=1.5&modes=300&sexp=0.75&noise=0.1&ridge=0.01&nmin=2&nmax=5000&points=40&seed=9",
		"spectrum=relu-ntk&d=3&l=2&sexp=2&nmax=20000",
	} {
		a, err := ParseCurves(param.LookupQuery(q))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b, err := ParseCurves(param.LookupQuery(a.Encode()))
		if err != nil || a != b {
			t.Errorf("%s: %+v then %+v (%v)", q, a, b, err)
		}
	}
	for _, q := range []string{"view=multi&rho=0.3&na=400&nb=20&tasks=7&d=5&l=4&sexp=1.5&noise=0.2&seed=3", "view=self&na=50"} {
		a, err := ParseContinual(param.LookupQuery(q))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b, err := ParseContinual(param.LookupQuery(a.Encode()))
		if err != nil || a != b {
			t.Errorf("%s: %+v then %+v (%v)", q, a, b, err)
		}
	}
}

func TestParamsErrorsNameTheParameter(t *testing.T) {
	for q, want := range map[string]string{
		"spectrum=gauss": "spectrum", "alpha=0": "alpha", "alpha=11": "alpha", "modes=0": "modes", "modes=10001": "modes",
		"d=1": "d", "d=2": "d", "d=51": "d", "l=0": "l", "l=11": "l", "sexp=0.9": "sexp", "spectrum=powerlaw&sexp=0.4": "sexp",
		"noise=-1": "noise", "noise=nan": "noise", "ridge=x": "ridge", "nmin=0": "nmin", "nmax=1e6": "nmax",
		"nmin=100&nmax=10": "nmax", "points=1": "points", "seed=-1": "seed", "preset=nope": "preset",
	} {
		_, err := ParseCurves(param.LookupQuery(q))
		checkParamError(t, "curves "+q, err, want)
	}
	for q, want := range map[string]string{
		"view=both": "view", "rho=1.1": "rho", "rho=-0.1": "rho", "na=0": "na", "na=401": "na", "nb=1000": "nb",
		"tasks=0": "tasks", "tasks=21": "tasks", "d=0": "d", "l=12": "l", "sexp=0.75": "sexp", "noise=1e9": "noise",
		"seed=x": "seed", "preset=x": "preset",
	} {
		_, err := ParseContinual(param.LookupQuery(q))
		checkParamError(t, "continual "+q, err, want)
	}
	_, err := ParseContinual(param.LookupQuery("sexp=0.75"))
	if err == nil || !strings.Contains(err.Error(), "beyond the 1000") {
		t.Errorf("a rough target on the sphere should say why: %v", err)
	}
}

func checkParamError(t *testing.T, q string, err error, want string) {
	t.Helper()
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Param != want {
		t.Errorf("%s: %v, want an error about %s", q, err, want)
		return
	}
	if !strings.HasSuffix(pe.Msg, ".") || !strings.Contains(pe.Msg, want) {
		t.Errorf("%s: %q is not a sentence naming %s", q, pe.Msg, want)
	}
}

// TestPresetsSayWhatTheyShow: every preset parses, its theory computes, and the claim its blurb
// makes holds in the numbers.
func TestPresetsSayWhatTheyShow(t *testing.T) {
	cont := map[string]*ContinualTheory{}
	for _, p := range ContinualPresets {
		pr, err := ParseContinual(param.LookupQuery("preset=" + p.Name))
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		th, err := pr.Theory()
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		cont[p.Name] = th
	}
	talk := cont["talk"].Transfer
	near(t, "talk rho*_F", talk.CriticalForward, 0.5, 1e-12)
	if !(talk.AtRho[0] < talk.EB && talk.AtRho[1] > talk.EA && talk.CriticalBackward > 0.9 && talk.CriticalBackward < 1) {
		t.Errorf("talk: forward %g (E_B %g), backward %g (E_A %g), rho*_B %g", talk.AtRho[0], talk.EB, talk.AtRho[1], talk.EA, talk.CriticalBackward)
	}
	near(t, "critical: E_{A->B}(1/2)/E_B - 1", cont["critical"].Transfer.AtRho[0]/cont["critical"].Transfer.EB-1, 0, 1e-14)
	if f := cont["forgetting"].Transfer; !(f.AtRho[1] > f.EA) {
		t.Errorf("forgetting at rho = 0.95: backward %g against E_A %g", f.AtRho[1], f.EA)
	}
	if u := cont["unbalanced"].Transfer; !(u.CriticalBackward > 1 && u.AtRho[1] > u.EA) {
		t.Errorf("unbalanced: rho*_B %g, backward at 1 %g against E_A %g", u.CriticalBackward, u.AtRho[1], u.EA)
	}
	s := cont["self"].Self
	for i, n := range s.NB {
		if n > 60 && n < 400 && !(s.E2[i] < s.EA) {
			t.Errorf("self: N_B = %g: E_2 = %g is not below E_A = %g", n, s.E2[i], s.EA)
		}
		if n < 20 && !(s.E2[i] > s.EA) {
			t.Errorf("self: N_B = %g: E_2 = %g is not above E_A = %g", n, s.E2[i], s.EA)
		}
	}
	for i, st := range cont["multi"].Multi.Split[1:] {
		prev := cont["multi"].Multi.Split[i]
		if !(st.E < prev.E && st.Bias < prev.Bias) {
			t.Errorf("multi: task %d does not lower E and the bias", i+2)
		}
	}
	mu := cont["multi-unbalanced"].Multi.Split
	if !(mu[1].E > mu[0].E && mu[4].E > mu[1].E && mu[4].Variance > mu[1].Variance && mu[4].Bias < mu[1].Bias) {
		t.Errorf("multi-unbalanced: %+v", mu)
	}
	if f := cont["smooth"].Transfer.CriticalForward; math.Abs(f-0.5) < 0.05 {
		t.Errorf("smooth: rho*_F = %g, still about 1/2", f)
	}
	if f := cont["noisy"].Transfer.CriticalForward; !(f > 0.52) {
		t.Errorf("noisy: rho*_F = %g, not above 1/2", f)
	}

	curves := map[string]*CurvesTheory{}
	for _, p := range CurvesPresets {
		pr, err := ParseCurves(param.LookupQuery("preset=" + p.Name))
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		th, err := pr.Theory()
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if len(th.N) != pr.Points-len(th.Skipped) || len(th.N) < 2 {
			t.Errorf("%s: %d points drawn, %d skipped", p.Name, len(th.N), len(th.Skipped))
		}
		curves[p.Name] = th
	}
	// Double descent: the error peaks near N = modes = 100 and is lower on both sides.
	dd := curves["double-descent"]
	peak := 0
	for dd.N[peak] < 50 {
		peak++
	}
	for i := range dd.Eg {
		if dd.Eg[i] > dd.Eg[peak] && dd.N[i] > 50 {
			peak = i
		}
	}
	if !(dd.N[peak] > 90 && dd.N[peak] < 120 && dd.Eg[peak] > dd.Eg[peak-1]) {
		t.Errorf("double descent: peak at N = %g", dd.N[peak])
	}
	// Every curve falls with N where nothing interpolates noise.
	for _, name := range []string{"relu", "lowdim", "powerlaw", "ridge"} {
		c := curves[name]
		for i := 1; i < len(c.Eg); i++ {
			if !(c.Eg[i] < c.Eg[i-1]) {
				t.Errorf("%s: E_g rises from N = %g to %g", name, c.N[i-1], c.N[i])
			}
		}
	}
}

// TestBayesOptimalRidge: for a target drawn from the kernel's prior (s = eta) with noise sigma^2,
// ridge = sigma^2 makes the estimator the posterior mean, which no other ridge beats; the theory
// must agree (a property of the replica formula that none of the spec's numbers pins).
func TestBayesOptimalRidge(t *testing.T) {
	for name, m := range map[string]*Modes{"power law": powerLaw2(), "sphere": Sphere(sphere(t, 3, 3, 1000), 1, true)} {
		for _, N := range []float64{10, 100, 1000} {
			best, err := m.Solve(N, 0.1, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []float64{0, 0.03, 0.07, 0.09, 0.11, 0.15, 0.3, 1} {
				p, err := m.Solve(N, r, 0.1)
				if err != nil { // N = 1000 modes without ridge: the double-descent guard
					if !errors.Is(err, ErrDoubleDescent) {
						t.Error(err)
					}
					continue
				}
				if p.Eg < best.Eg-1e-15 {
					t.Errorf("%s, N = %g: ridge %g gives %.12g, below the Bayes ridge's %.12g", name, N, r, p.Eg, best.Eg)
				}
			}
		}
	}
}

// TestRawBiasFalls: without the overfitting factor, the bias sum sum d prod_j (1-L_j)^2 s falls
// with every task whatever the sizes; Bias_n (with 1/(1-gamma_n)) falls for equal sizes but can
// rise when a small task follows a large one (400 then 20: the "the bias always falls"
// holds for the raw sum and for equal sizes only).
func TestRawBiasFalls(t *testing.T) {
	m := Sphere(sphere(t, 3, 3, 1000), 1, true)
	st, err := m.SameTarget(Sizes(400, 20, 4), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(st); i++ {
		p, _ := m.Solve(st[i].N, 0, 0)
		raw, rawPrev := st[i].Bias*(1-p.Gamma), 0.0
		q, _ := m.Solve(st[i-1].N, 0, 0)
		rawPrev = st[i-1].Bias * (1 - q.Gamma)
		if !(raw < rawPrev) {
			t.Errorf("raw bias rose at task %d: %g -> %g", i+1, rawPrev, raw)
		}
	}
	if !(st[1].Bias > st[0].Bias) {
		t.Errorf("expected Bias_2 > Bias_1 for 400 then 20 (the overfitting factor of the small task): %g, %g", st[0].Bias, st[1].Bias)
	}
}

// TestKernelTargetKernel: the simulation's teacher covariance is the kernel for sexp = 1 and the
// tabulated target covariance otherwise, within 1e-7 of the exact sum, with the target's variance
// at t = 1.
func TestKernelTargetKernel(t *testing.T) {
	k := DefaultKernel()
	f, err := k.TargetKernel()
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := SphereSpectrum(k.D, k.L)
	if f(0.2) != sp.Kernel()(0.2) {
		t.Error("sexp = 1 is not the kernel")
	}
	for _, D := range []int{3, 10} {
		k.D, k.Sexp = D, 1.5
		f, err := k.TargetKernel()
		if err != nil {
			t.Fatal(err)
		}
		sp, _ := SphereSpectrum(D, k.L)
		exact := TargetKernel(sp, 1.5)
		for _, x := range []float64{-1, -0.5, 0, 0.77, 0.999, 1} {
			near(t, "tabulated target covariance", f(x), exact(x), 1e-7)
		}
		m, _ := k.Build()
		near(t, "target variance", f(1), m.TargetPower(), 1e-12)
	}
	if _, err := (Kernel{Spectrum: SpecPowerLaw, Alpha: 2, Modes: 10, Sexp: 1}).TargetKernel(); err == nil {
		t.Error("a power law has no target covariance on the sphere")
	}
}

// TestSphereSpectrumShortcut: where SphereSpectrum stops at SphereKmaxSmall degrees, the theory
// is the one with SphereKmax degrees (to 1e-12 relative), and it does stop there for D >= 9.
func TestSphereSpectrumShortcut(t *testing.T) {
	for _, D := range []int{3, 5, 8, 9, 10, 20, 50} {
		for _, L := range []int{2, 3} {
			sp, err := SphereSpectrum(D, L)
			if err != nil {
				t.Fatal(err)
			}
			if D >= 9 && sp.Kmax() != SphereKmaxSmall {
				t.Errorf("D = %d, L = %d: kept %d degrees, want %d", D, L, sp.Kmax(), SphereKmaxSmall)
			}
			full := Sphere(sphere(t, D, L, SphereKmax), 1, true)
			got := Sphere(sp, 1, true)
			for _, N := range []float64{10, 100, 1e4} {
				a, err := got.TwoTask(N, N, 0.01)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := full.TwoTask(N, N, 0.01)
				near(t, "E_A against the full spectrum", a.A.Eg/b.A.Eg-1, 0, 1e-12)
				near(t, "E^back(0.5) against the full spectrum", a.Backward(0.5)/b.Backward(0.5)-1, 0, 1e-12)
			}
		}
	}
}
