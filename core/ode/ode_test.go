package ode

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// run steps it to tEnd (landing exactly) and fails the test on an integrator error.
func run(t *testing.T, it *Integrator, tEnd float64) []float64 {
	t.Helper()
	it.SetTStop(tEnd)
	for it.T() < tEnd {
		if err := it.Step(); err != nil {
			t.Fatalf("integrator failed at t = %g: %v", it.T(), err)
		}
	}
	return append([]float64(nil), it.Y()...)
}

func TestLinearStiffAgainstEigenSolution(t *testing.T) {
	// y' = A y with A = Q diag(lambda) Q^T symmetric negative definite, Q = I - 2 v v^T / v^T v
	// (a Householder reflection: orthogonal and symmetric), eigenvalues from -1 to -1e4
	// (stiffness ratio 1e4). Closed form: y(t) = Q exp(diag(lambda) t) Q^T y0. At rtol 1e-10
	// the global error is expected near 1e-10 relative; the test allows 1e-8 (the brief's
	// target) to stay clear of the accumulation over ~hundreds of steps.
	const n = 12
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, n)
	vv := 0.0
	for i := range v {
		v[i] = rng.NormFloat64()
		vv += v[i] * v[i]
	}
	Q := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			Q[i*n+j] = -2 * v[i] * v[j] / vv
		}
		Q[i*n+i]++
	}
	lambda := make([]float64, n)
	for i := range lambda {
		lambda[i] = -math.Pow(10, 4*float64(i)/float64(n-1)) // -1 ... -1e4
	}
	A := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				A[i*n+j] += Q[i*n+k] * lambda[k] * Q[j*n+k]
			}
		}
	}
	y0 := make([]float64, n)
	for i := range y0 {
		y0[i] = 1 + float64(i)/n
	}
	exact := func(t float64) []float64 {
		c := make([]float64, n) // Q^T y0, scaled by exp(lambda t)
		for k := 0; k < n; k++ {
			for i := 0; i < n; i++ {
				c[k] += Q[i*n+k] * y0[i]
			}
			c[k] *= math.Exp(lambda[k] * t)
		}
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			for k := 0; k < n; k++ {
				y[i] += Q[i*n+k] * c[k]
			}
		}
		return y
	}
	f := func(_ float64, y, dy []float64) bool {
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += A[i*n+j] * y[j]
			}
			dy[i] = s
		}
		return true
	}
	jac := func(_ float64, _, J []float64) { copy(J, A) }
	it, err := New(f, jac, 0, y0, Options{RTol: 1e-10, ATol: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []float64{0.01, 0.5, 2, 5} {
		got, want := run(t, it, tt), exact(tt)
		num, den := 0.0, 0.0
		for i := range got {
			num += (got[i] - want[i]) * (got[i] - want[i])
			den += want[i] * want[i]
		}
		if rel := math.Sqrt(num / den); rel > 1e-8 {
			t.Errorf("t = %g: relative error %.3g > 1e-8", tt, rel)
		}
	}
	st := it.Stats()
	// A linear problem needs one Jacobian; a stiff one solved explicitly would need ~1e4 x 5 steps.
	if st.JacEvals != 1 || st.Steps > 2000 {
		t.Errorf("work: %+v (want 1 Jacobian and well under 2000 steps)", st)
	}
}

// robertson is the chemical kinetics problem of H. H. Robertson (1966), as in Hairer & Wanner,
// Solving ODEs II, Sect. IV.1 (problem ROBER) and in the Toronto stiff test set (problem D2,
// unscaled here).
func robertson(_ float64, y, dy []float64) bool {
	dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
	dy[2] = 3e7 * y[1] * y[1]
	dy[1] = -dy[0] - dy[2]
	return true
}

func robertsonJac(_ float64, y, J []float64) {
	J[0], J[1], J[2] = -0.04, 1e4*y[2], 1e4*y[1]
	J[3], J[4], J[5] = 0.04, -1e4*y[2]-6e7*y[1], -1e4*y[1]
	J[6], J[7], J[8] = 0, 6e7*y[1], 0
}

func TestRobertson(t *testing.T) {
	// Reference y(40): the true solution of problem D2 of the Toronto stiff test set (Enright &
	// Pryce, ACM TOMS 13(1):1-27, 1987, Algorithm 648, routine EVALU), given there for the scaled
	// variables (y1, 1e4 y2, 1e2 y3) = (7.158270687193941e-01, 9.185534764557338e-02,
	// 2.841637457458413e+01); Hairer & Wanner quote the same to ten digits.
	want := []float64{0.7158270687193941, 9.185534764557338e-06, 0.2841637457458413}
	for _, c := range []struct {
		rtol, tol float64 // tol: the relative error allowed per component
	}{
		{1e-6, 1e-4},  // observed ~1.5e-6
		{1e-10, 1e-8}, // observed ~7e-10
	} {
		it, err := New(robertson, robertsonJac, 0, []float64{1, 0, 0},
			Options{RTol: c.rtol, ATolVec: []float64{1e-2 * c.rtol, 1e-6 * c.rtol, 1e-2 * c.rtol}})
		if err != nil {
			t.Fatal(err)
		}
		y := run(t, it, 40)
		for i := range y {
			if rel := math.Abs(y[i]-want[i]) / want[i]; rel > c.tol {
				t.Errorf("rtol %g: y%d(40) = %.16g, want %.16g (relative error %.2g > %g)", c.rtol, i+1, y[i], want[i], rel, c.tol)
			}
		}
		// y1 + y2 + y3 = 1 is a linear invariant, which every step of a linear multistep
		// method with Newton corrections keeps up to rounding.
		if s := y[0] + y[1] + y[2]; math.Abs(s-1) > 1e-13 {
			t.Errorf("rtol %g: y1 + y2 + y3 = %.17g, want 1", c.rtol, s)
		}
		t.Logf("rtol %g: %+v", c.rtol, it.Stats())
	}
}

// vdpol is the Van der Pol oscillator x” - mu (1 - x^2) x' + x = 0 with mu = 1000, in the
// scaled form of Hairer's stiff test set (problem VDPOL): time tau = t/mu, y1 = x,
// y2 = dx/dtau, eps = 1/mu^2 = 1e-6:
//
//	y1' = y2,  y2' = ((1 - y1^2) y2 - y1) / eps.
func vdpol(_ float64, y, dy []float64) bool {
	dy[0] = y[1]
	dy[1] = ((1-y[0]*y[0])*y[1] - y[0]) / 1e-6
	return true
}

func vdpolJac(_ float64, y, J []float64) {
	J[0], J[1] = 0, 1
	J[2], J[3] = (-2*y[0]*y[1]-1)/1e-6, (1-y[0]*y[0])/1e-6
}

func TestVanDerPolStiff(t *testing.T) {
	// Reference values: E. Hairer's test set, VDPOL (eps = 1e-6, y(0) = (2, 0)), exact
	// solution at tau = 1 and 2, i.e. mu = 1000 at t = 1000 and 2000 (file res_exact_pic of
	// the test set); the Bari "Test Set for IVP Solvers" gives y1(2) = 1.706167732170469,
	// agreeing to 1e-14. The oscillation is sensitive (each relaxation jump amplifies errors):
	// at rtol 1e-9 the errors observed are 1e-8 to 5e-8 relative; the test allows 1e-6.
	it, err := New(vdpol, vdpolJac, 0, []float64{2, 0}, Options{RTol: 1e-9, ATol: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tau    float64
		y1, y2 float64
	}{
		{1, -1.863646254808130, 0.7535430865435460},
		{2, 1.706167732170456, -0.8928097010248257},
	} {
		y := run(t, it, c.tau)
		e1, e2 := math.Abs(y[0]-c.y1)/math.Abs(c.y1), math.Abs(y[1]-c.y2)/math.Abs(c.y2)
		t.Logf("tau %g: y = (%.15g, %.15g), relative errors %.2g, %.2g", c.tau, y[0], y[1], e1, e2)
		if e1 > 1e-6 || e2 > 1e-6 {
			t.Errorf("tau %g: y = (%.15g, %.15g), want (%.15g, %.15g)", c.tau, y[0], y[1], c.y1, c.y2)
		}
	}
	t.Logf("%+v", it.Stats())
}

func TestVanDerPolNonStiffAgainstRK4(t *testing.T) {
	// mu = 1 (not stiff): x'' - (1 - x^2) x' + x = 0 from (2, 0) to t = 10, against the
	// classical fourth-order Runge-Kutta method with h = 1e-4 (global error ~ h^4 ~ 1e-16 times
	// a constant of order one; halving h changes its result by under 1e-13). At rtol 1e-10 the
	// integrator should agree to ~1e-9; the test allows 1e-8.
	f := func(_ float64, y, dy []float64) bool {
		dy[0] = y[1]
		dy[1] = (1-y[0]*y[0])*y[1] - y[0]
		return true
	}
	jac := func(_ float64, y, J []float64) {
		J[0], J[1] = 0, 1
		J[2], J[3] = -2*y[0]*y[1]-1, 1-y[0]*y[0]
	}
	rk4 := func(tEnd float64, steps int) []float64 {
		h := tEnd / float64(steps)
		y := []float64{2, 0}
		k1, k2, k3, k4, tmp := make([]float64, 2), make([]float64, 2), make([]float64, 2), make([]float64, 2), make([]float64, 2)
		for s := 0; s < steps; s++ {
			f(0, y, k1)
			for i := range y {
				tmp[i] = y[i] + h/2*k1[i]
			}
			f(0, tmp, k2)
			for i := range y {
				tmp[i] = y[i] + h/2*k2[i]
			}
			f(0, tmp, k3)
			for i := range y {
				tmp[i] = y[i] + h*k3[i]
			}
			f(0, tmp, k4)
			for i := range y {
				y[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
			}
		}
		return y
	}
	want := rk4(10, 100000)
	if half := rk4(10, 50000); math.Abs(half[0]-want[0]) > 1e-12 || math.Abs(half[1]-want[1]) > 1e-12 {
		t.Fatalf("RK4 reference not converged: %v vs %v", half, want)
	}
	it, err := New(f, jac, 0, []float64{2, 0}, Options{RTol: 1e-10, ATol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	got := run(t, it, 10)
	for i := range got {
		if d := math.Abs(got[i] - want[i]); d > 1e-8*math.Max(1, math.Abs(want[i])) {
			t.Errorf("y%d(10) = %.15g, RK4 gives %.15g (difference %.2g)", i+1, got[i], want[i], d)
		}
	}
}

func TestDomainRejection(t *testing.T) {
	// y' = -(y - 1), y(0) = 2: y = 1 + e^-t never reaches 1, but with a loose tolerance
	// (1e-3) the steps grow long once e^-t is below it, and BDF predictors and corrector
	// iterates of long steps overshoot below 1. f refuses y <= 1 (as the DLN flow refuses
	// |v| >= 1 at depth D >= 3); the integrator must shorten those steps and carry on.
	refused := 0
	f := func(_ float64, y, dy []float64) bool {
		if y[0] <= 1 {
			refused++
			return false
		}
		dy[0] = -(y[0] - 1)
		return true
	}
	jac := func(_ float64, _, J []float64) { J[0] = -1 }
	it, err := New(f, jac, 0, []float64{2}, Options{RTol: 1e-3, ATol: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	y := run(t, it, 30)
	if want := 1 + math.Exp(-30); !(y[0] > 1) || math.Abs(y[0]-want) > 1e-3 {
		t.Errorf("y(30) = %.17g, want %.17g within 1e-3 and above 1", y[0], want)
	}
	if refused == 0 {
		t.Error("f never refused a point: the test does not exercise the domain check")
	}
	t.Logf("refused evaluations %d, %+v", refused, it.Stats())
}

func TestBlowUpGivesError(t *testing.T) {
	// y' = y^2, y(0) = 1 blows up at t = 1. The integrator must stop with an error near t = 1,
	// not loop or return NaN.
	f := func(_ float64, y, dy []float64) bool { dy[0] = y[0] * y[0]; return true }
	jac := func(_ float64, y, J []float64) { J[0] = 2 * y[0] }
	it, err := New(f, jac, 0, []float64{1}, Options{RTol: 1e-8, ATol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100000 && it.Err() == nil; i++ {
		it.Step()
	}
	if it.Err() == nil {
		t.Fatalf("no error after 1e5 steps, t = %g, y = %g", it.T(), it.Y()[0])
	}
	if !errors.Is(it.Err(), ErrStepSize) || math.Abs(it.T()-1) > 1e-3 {
		t.Errorf("stopped at t = %g with %q; want t near 1 and a step-size message", it.T(), it.Err())
	}
	if y := it.Y()[0]; math.IsNaN(y) || math.IsInf(y, 0) {
		t.Errorf("y = %g at the stop", y)
	}
	tBefore := it.T()
	if it.Step() == nil || it.T() != tBefore {
		t.Error("Step after an error must return it and do nothing")
	}
}

func TestCountersAndOptions(t *testing.T) {
	var nf, nj int
	f := func(tt float64, y, dy []float64) bool { nf++; return robertson(tt, y, dy) }
	jac := func(tt float64, y, J []float64) { nj++; robertsonJac(tt, y, J) }
	it, err := New(f, jac, 0, []float64{1, 0, 0}, Options{RTol: 1e-6, ATolVec: []float64{1e-8, 1e-12, 1e-8}, MaxStep: 0.5, MaxOrder: 3})
	if err != nil {
		t.Fatal(err)
	}
	prev := it.T()
	for it.T() < 10 {
		if err := it.Step(); err != nil {
			t.Fatal(err)
		}
		if it.T()-prev > 0.5*(1+1e-12) {
			t.Fatalf("step %g longer than MaxStep 0.5", it.T()-prev)
		}
		if it.Order() > 3 {
			t.Fatalf("order %d above MaxOrder 3", it.Order())
		}
		prev = it.T()
	}
	st := it.Stats()
	if st.FEvals != nf || st.JacEvals != nj || st.LUs < 1 || st.Steps < 1 {
		t.Errorf("stats %+v, but f was called %d times and the Jacobian %d times", st, nf, nj)
	}
	// Interpolate at the current time returns Y.
	if y := it.Interpolate(it.T(), nil); y[0] != it.Y()[0] || y[2] != it.Y()[2] {
		t.Errorf("Interpolate(T) = %v, Y = %v", y, it.Y())
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	f := func(_ float64, y, dy []float64) bool { dy[0] = -y[0]; return y[0] < 10 }
	jac := func(_ float64, _, J []float64) { J[0] = -1 }
	for name, c := range map[string]struct {
		y0 []float64
		o  Options
	}{
		"empty":          {nil, Options{}},
		"negative rtol":  {[]float64{1}, Options{RTol: -1}},
		"order 6":        {[]float64{1}, Options{MaxOrder: 6}},
		"atol length":    {[]float64{1}, Options{ATolVec: []float64{1, 2}}},
		"NaN start":      {[]float64{math.NaN()}, Options{}},
		"outside domain": {[]float64{11}, Options{}},
	} {
		if _, err := New(f, jac, 0, c.y0, c.o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestChangeStepKeepsThePolynomial(t *testing.T) {
	// The differences rewritten for a new step size must be those of the same polynomial on
	// the new grid: for p of degree k, D'_j = nabla^j p at t_n on the grid of step rho h.
	for k := 1; k <= 5; k++ {
		for _, rho := range []float64{0.2, 0.5, 1.7, 10} {
			p := func(x float64) float64 { // degree k, arbitrary coefficients
				s := 0.0
				for j := k; j >= 0; j-- {
					s = s*x + float64(j+1)*0.3 - 0.1*float64(j*j)
				}
				return s
			}
			diffs := func(tn, h float64) []float64 {
				vals := make([]float64, k+1)
				for i := range vals {
					vals[i] = p(tn - float64(i)*h)
				}
				out := make([]float64, k+1)
				for j := 0; j <= k; j++ {
					out[j] = vals[0]
					for i := 0; i < k-j; i++ {
						vals[i] -= vals[i+1]
					}
				}
				return out
			}
			const tn, h = 0.7, 0.13
			it := &Integrator{n: 1, h: h, order: k, maxOrder: 5}
			it.change = make([]float64, 36)
			it.dif = make([][]float64, 8)
			d0 := diffs(tn, h)
			for j := range it.dif {
				it.dif[j] = []float64{0}
				if j <= k {
					it.dif[j][0] = d0[j]
				}
			}
			it.changeStep(rho)
			want := diffs(tn, rho*h)
			for j := 0; j <= k; j++ {
				if math.Abs(it.dif[j][0]-want[j]) > 1e-12*(1+math.Abs(want[j])) {
					t.Errorf("k %d rho %g: D_%d = %.15g, want %.15g", k, rho, j, it.dif[j][0], want[j])
				}
			}
		}
	}
}

func TestLUSolve(t *testing.T) {
	// A x = b for random A against the residual, and a singular matrix refused.
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 3, 7, 50} {
		A := make([]float64, n*n)
		for i := range A {
			A[i] = rng.NormFloat64()
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		f := newLU(n)
		copy(f.a, A)
		if !f.factor() {
			t.Fatalf("n = %d: random matrix reported singular", n)
		}
		x := append([]float64(nil), b...)
		f.solve(x, make([]float64, n))
		for i := 0; i < n; i++ {
			r := -b[i]
			for j := 0; j < n; j++ {
				r += A[i*n+j] * x[j]
			}
			if math.Abs(r) > 1e-12*float64(n) {
				t.Errorf("n = %d: residual %g in row %d", n, r, i)
			}
		}
	}
	f := newLU(3)
	copy(f.a, []float64{1, 2, 3, 2, 4, 6, 1, 0, 1})
	if f.factor() {
		t.Error("singular matrix (row 2 = 2 row 1) not refused")
	}
}

func TestStepsGrowAtRestAndStopBeforeOverflow(t *testing.T) {
	// y' = -y settles at 0: the steps grow geometrically (up to 10x per k+1 steps), so a caller
	// that keeps stepping reaches huge t quickly; the integrator must stop with an error before
	// t overflows, with a finite state.
	f := func(_ float64, y, dy []float64) bool { dy[0] = -y[0]; return true }
	jac := func(_ float64, _, J []float64) { J[0] = -1 }
	it, err := New(f, jac, 0, []float64{1}, Options{RTol: 1e-6, ATol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for ; steps < 20000 && it.Step() == nil; steps++ {
	}
	if !errors.Is(it.Err(), ErrTimeOverflow) {
		t.Fatalf("after %d steps (t = %g): error %v", steps, it.T(), it.Err())
	}
	if y := it.Y()[0]; math.IsNaN(y) || math.IsInf(y, 0) || math.Abs(y) > 1e-12 {
		t.Errorf("y = %g at t = %g", y, it.T())
	}
	t.Logf("%d steps to t = %.3g", steps, it.T())
}
