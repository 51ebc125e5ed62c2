package learncurve

import (
	"errors"
	"math"
	"testing"
)

// TestTwoTaskTable checks spec §3.5 (eta_k = k^-2, M = 1000, s = eta, no ridge or noise; values
// derived in the spec and checked there by Monte Carlo with Gaussian features; quoted to 10
// digits, tolerance 1e-9).
func TestTwoTaskTable(t *testing.T) {
	m := powerLaw2()
	for _, c := range []struct{ nA, nB, rho, fwd, back float64 }{
		{10, 10, 0, 0.2778438206, 2.9101300676},
		{10, 10, 0.5, 0.2218926886, 1.5380358120},
		{10, 10, 0.9, 0.1771317829, 0.4403604076},
		{10, 10, 1, 0.1659415565, 0.1659415565},
		{100, 100, 0, 0.0285143719, 3.2483035083},
		{100, 100, 0.5, 0.0223989766, 1.6322935448},
		{100, 100, 0.9, 0.0175066603, 0.3394855739},
		{100, 100, 1, 0.0162835812, 0.0162835812},
		{100, 10, 0.9, 0.0740516953, 0.3181544632},
		{100, 10, 1, 0.0370914470, 0.0370914470},
		{10, 100, 1, 0.0221950077, 0.0221950077},
		{400, 20, 1, 0.0072760209, 0.0072760209},
	} {
		tr, err := m.TwoTask(c.nA, c.nB, 0)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "E_{A->B}", tr.Forward(c.rho), c.fwd, 1e-9)
		near(t, "E^back_{A->B}", tr.Backward(c.rho), c.back, 1e-9)
	}
}

// TestCriticalRhos: spec §3.5's critical similarities; the forward one is exactly 1/2 for s = eta
// (§3.3).
func TestCriticalRhos(t *testing.T) {
	m := powerLaw2()
	for _, c := range []struct{ nA, nB, back float64 }{
		{10, 10, 0.9796110465}, {100, 100, 0.9981078720}, {100, 10, 1.0052274649},
		{10, 100, 0.9383536964}, {400, 20, 1.0010790156},
	} {
		tr, err := m.TwoTask(c.nA, c.nB, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := tr.CriticalForward()
		if !ok {
			t.Fatal("no forward crossing")
		}
		near(t, "rho*_F", f, 0.5, 1e-12)
		b, ok := tr.CriticalBackward()
		if !ok {
			t.Fatal("no backward crossing")
		}
		near(t, "rho*_B", b, c.back, 1e-9)
		near(t, "Forward(rho*_F) - E_B", tr.Forward(f)-tr.B.Eg, 0, 1e-15)
		near(t, "Backward(rho*_B) - E_A", tr.Backward(b)-tr.A.Eg, 0, 1e-15)
	}
	// A general target (s_k = k^-1.5): rho*_F depends on N (spec §3.3, quoted to 3 digits).
	g := PowerLaw(2, 1000, 1.5)
	for _, c := range []struct{ nA, nB, want float64 }{{10, 10, 0.663}, {100, 100, 0.586}, {400, 10, 0.519}} {
		tr, err := g.TwoTask(c.nA, c.nB, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := tr.CriticalForward()
		near(t, "rho*_F for s = k^-1.5", f, c.want, 5e-4)
	}
	// Label noise breaks rho*_F = 1/2 (spec §3.7.3).
	tr, _ := m.TwoTask(100, 100, 0.1)
	if f, _ := tr.CriticalForward(); math.Abs(f-0.5) < 1e-3 {
		t.Errorf("with noise rho*_F = %g, still 1/2", f)
	}
}

// TestTwoTaskSanity: the sanity checks of spec §3.2 and the closed forms of §3.3.
func TestTwoTaskSanity(t *testing.T) {
	m := powerLaw2()
	tr, _ := m.TwoTask(100, 100, 0)
	// rho = 1: forward and backward coincide; rho*_B > 1/2; E_{A->B} < E_B iff rho > 1/2.
	if tr.Forward(1) != tr.Backward(1) {
		t.Error("forward and backward differ at rho = 1")
	}
	if !(tr.Forward(0.6) < tr.B.Eg && tr.Forward(0.4) > tr.B.Eg) {
		t.Error("forward transfer is not positive exactly above rho = 1/2")
	}
	// E_{A->B}(rho = 1) = 1/(1-gamma_B) sum eta (1-L_A)(1-L_B)^2 (spec §3.3).
	sum := 0.0
	for _, e := range m.Eta {
		sum += e * oneMinus(100, e, tr.A.Kappa) * math.Pow(oneMinus(100, e, tr.B.Kappa), 2)
	}
	near(t, "E_{A->B}(1) closed form", tr.Forward(1), sum*tr.B.E0(), 1e-15)
	// N_B -> infinity: backward -> 2(1-rho) sum s.
	big, _ := m.TwoTask(100, 1e7, 0)
	near(t, "E^back at N_B = 1e7, rho = 0.3", big.Backward(0.3), 2*0.7*m.TargetPower(), 1e-3)
}

// TestComparators: spec §3.4 (N = 100 each, s = eta): sequential 0.016284 against the ensemble
// 0.016578 (6 digits); joint training on 200 points is E(200) = 0.0101981904 (§3.5); the
// ensemble of equal sizes is kappa (1 - gamma/2).
func TestComparators(t *testing.T) {
	m := powerLaw2()
	tr, _ := m.TwoTask(100, 100, 0)
	near(t, "sequential", tr.Forward(1), 0.016284, 1e-6)
	near(t, "ensemble", tr.Ensemble, 0.016578, 1e-6)
	near(t, "ensemble = kappa (1 - gamma/2)", tr.Ensemble, tr.A.Kappa*(1-tr.A.Gamma/2), 1e-15)
	near(t, "joint", tr.Joint, 0.0101981904, 1e-9)
	for _, c := range []struct{ N, E float64 }{{10, 0.2218926886}, {20, 0.1154670287}, {100, 0.0223989766}, {200, 0.0101981904}, {400, 0.0039850581}} {
		p, _ := m.Solve(c.N, 0, 0)
		near(t, "single-task reference", p.Eg, c.E, 1e-9)
	}
}

// TestMultiTask: spec §3.5, N = 100 and N = 10 per task, n = 1..5, s = eta.
func TestMultiTask(t *testing.T) {
	m := powerLaw2()
	st, err := m.SameTarget(Sizes(100, 100, 5), 0)
	if err != nil {
		t.Fatal(err)
	}
	E := []float64{0.0223989766, 0.0162835812, 0.0135402144, 0.0118005446, 0.0105473150}
	B := []float64{0.0223989766, 0.0132274100, 0.0099830732, 0.0081966195, 0.0070278057}
	for i, s := range st {
		near(t, "E_n (N = 100)", s.E, E[i], 1e-9)
		near(t, "Bias_n (N = 100)", s.Bias, B[i], 1e-9)
		near(t, "Bias + Variance", s.Bias+s.Variance, s.E, 1e-17)
		if i > 0 && !(s.E < st[i-1].E && s.Bias < st[i-1].Bias) {
			t.Errorf("equal sizes: E or Bias rose at n = %d", i+1)
		}
	}
	st, _ = m.SameTarget(Sizes(10, 10, 5), 0)
	for i, want := range []float64{0.2218926886, 0.1659415565, 0.1414026998, 0.1260432716, 0.1150745406} {
		near(t, "E_n (N = 10)", st[i].E, want, 1e-9)
	}
	// Two tasks of the recursion agree with TwoTask at rho = 1, also with noise and unequal sizes.
	for _, c := range []struct{ a, b, noise float64 }{{100, 10, 0}, {30, 70, 0.05}} {
		st, _ := m.SameTarget([]float64{c.a, c.b}, c.noise)
		tr, _ := m.TwoTask(c.a, c.b, c.noise)
		near(t, "SameTarget E_2 against TwoTask", st[1].E, tr.Forward(1), 1e-15)
	}
	// Unbalanced: a large first task then small ones makes the error worse (self-knowledge
	// forgetting, spec §3.4), while the bias still falls.
	st, _ = m.SameTarget(Sizes(400, 20, 3), 0)
	if !(st[1].E > st[0].E) || !(st[1].Bias < st[0].Bias) {
		t.Errorf("unbalanced 400, 20: E %g -> %g, bias %g -> %g", st[0].E, st[1].E, st[0].Bias, st[1].Bias)
	}
}

// TestSphereTransfer: spec §3.5's sphere values (D = 3, L = 2 ReLU NTK, kmax = 1000 with the tail
// lumped, N_A = N_B = 100; 10 digits, tolerance 1e-9).
func TestSphereTransfer(t *testing.T) {
	m := Sphere(sphere(t, 3, 2, 1000), 1, true)
	tr, err := m.TwoTask(100, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "sphere E_{A->B}(0.9)", tr.Forward(0.9), 0.0799496640, 1e-9)
	near(t, "sphere E^back(0.9)", tr.Backward(0.9), 0.8546587083, 1e-9)
	near(t, "sphere E_{A->B}(1)", tr.Forward(1), 0.0768612094, 1e-9)
	near(t, "sphere E_A", tr.A.Eg, 0.0923034830, 1e-9)
	f, _ := tr.CriticalForward()
	near(t, "sphere rho*_F", f, 0.5, 1e-12)
}

// TestNegativeControl: using the target mode's share of E_g as the residual power gives 0.02754
// at (100,100), rho = 1, instead of 0.01628 (spec §3.5): the package must not be doing that.
func TestNegativeControl(t *testing.T) {
	m := powerLaw2()
	pa, _ := m.Solve(100, 0, 0)
	wrong := *m
	wrong.S = make([]float64, len(m.S))
	for i, e := range m.Eta {
		om := oneMinus(100, e, pa.Kappa)
		wrong.S[i] = pa.E0() * om * om * m.S[i]
	}
	pb, _ := wrong.Solve(100, 0, 0)
	near(t, "the wrong recursion", pb.Eg, 0.02754, 1e-5)
	tr, _ := m.TwoTask(100, 100, 0)
	if math.Abs(tr.Forward(1)-pb.Eg) < 0.01 {
		t.Error("the package's forward error agrees with the wrong recursion")
	}
}

// TestInterpolatingTasks: a finite-rank kernel with at least as many samples as modes and no
// noise fits every task exactly: the forward errors are 0, not 0 times an infinite overfitting
// factor, and the backward error is the distance between the targets, 2(1-rho) sum s; with noise
// at N = P the guard speaks.
func TestInterpolatingTasks(t *testing.T) {
	m := PowerLaw(1, 20, 1)
	tr, err := m.TwoTask(50, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, rho := range []float64{0, 0.5, 1} {
		if tr.Forward(rho) != 0 || math.Abs(tr.Backward(rho)-2*(1-rho)*m.TargetPower()) > 1e-14 {
			t.Errorf("rho = %g: forward %g, backward %g", rho, tr.Forward(rho), tr.Backward(rho))
		}
	}
	st, err := m.SameTarget([]float64{50, 20, 30}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.E != 0 || s.Bias != 0 || s.Variance != 0 {
			t.Errorf("%+v", s)
		}
	}
	if _, err := m.TwoTask(50, 20, 0.1); !errors.Is(err, ErrDoubleDescent) {
		t.Errorf("noise at N_B = P: %v", err)
	}
}

// TestTalkSettingIndependent: the talk's setting (S^9, L = 3 ReLU NTK, s = eta, N_A = N_B = 100)
// against an independent implementation of the same theory, written for core/krsim's tests
// before they were switched to this package (its own Funk–Hecke quadrature with 8000 nodes,
// bisection for kappa, its own recursion; quoted to 10 significant digits, so tolerance 5e-9).
// The simulation agrees with these within 3 standard errors: core/krsim's TestTheoryVsSimTalk.
func TestTalkSettingIndependent(t *testing.T) {
	m := Sphere(sphere(t, 10, 3, 1000), 1, true)
	tr, err := m.TwoTask(100, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "E_A", tr.A.Eg, 2.000185959, 5e-9)
	for _, c := range []struct{ rho, fwd, back float64 }{
		{0, 2.24898686, 9.212617801}, {0.5, 2.000185959, 5.482001429}, {0.9, 1.801145238, 2.497508332}, {1, 1.751385057, 1.751385057},
	} {
		near(t, "E_{A->B}", tr.Forward(c.rho), c.fwd, 5e-9)
		near(t, "E^back", tr.Backward(c.rho), c.back, 5e-9)
	}
}
