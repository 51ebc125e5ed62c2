package sinkhorn

import (
	"math"
	"testing"
)

// specGrid is the six-point example of spec §2.9.
func specGrid() (x, p, q []float64) {
	return []float64{0, 0.2, 0.4, 0.6, 0.8, 1},
		[]float64{0.30, 0.25, 0.20, 0.10, 0.10, 0.05},
		[]float64{0.05, 0.10, 0.10, 0.15, 0.25, 0.35}
}

// The self-transport values OT(p,p), OT(q,q) of spec §2.9's divergence table (10 digits).
func TestSelfMatchesSpecTable(t *testing.T) {
	x, p, q := specGrid()
	cases := []struct {
		lambda     float64
		otPP, otQQ float64
	}{
		{1, -3.1169768574, -3.0478017206},
		{0.1, -0.2475253302, -0.2414363746},
		{0.01, -0.0166914061, -0.0163709890},
	}
	for _, c := range cases {
		for _, side := range []struct {
			w    []float64
			want float64
		}{{p, c.otPP}, {q, c.otQQ}} {
			prob, err := NewProblem1D(x, x, side.w, side.w, CostSquared)
			if err != nil {
				t.Fatal(err)
			}
			s, err := NewSelfTransport(prob, c.lambda)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.Solve(1e-13, 1000); !ok {
				t.Fatalf("lambda %g: no convergence, error %g", c.lambda, s.MarginalError())
			}
			if got := s.Objective(); math.Abs(got-side.want) > 1e-9 {
				t.Errorf("lambda %g: OT = %.12f, spec %.10f", c.lambda, got, side.want)
			}
		}
	}
}

// Where alternating projections stall (lambda = 0.003 on the spec grid: 2e5 iterations leave a
// marginal error near 2e-7), the symmetric iteration converges in a few tens; where both
// converge they give the same plan.
func TestSelfConvergesWhereAlternatingStalls(t *testing.T) {
	x, p, _ := specGrid()
	prob, _ := NewProblem1D(x, x, p, p, CostSquared)
	s, _ := NewSelfTransport(prob, 0.003)
	_, ok := s.Solve(1e-12, 200)
	it := s.Iterations()
	if !ok {
		t.Fatalf("symmetric iteration: error %g after %d iterations", s.MarginalError(), it)
	}
	t.Logf("lambda 0.003: %d symmetric iterations to 1e-12", it)

	alt, _ := New(prob, 0.01, Options{})
	if _, ok := alt.Solve(1e-13, 100000); !ok {
		t.Fatal("alternating solver did not converge at lambda 0.01")
	}
	sym, _ := NewSelfTransport(prob, 0.01)
	sym.Solve(1e-13, 1000)
	want := alt.Plan(nil)
	lnP := sym.LogPlan()
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			if got := math.Exp(lnP(i, j)); math.Abs(got-want[i*6+j]) > 1e-10 {
				t.Errorf("P[%d][%d] = %.15g, alternating solver %.15g", i, j, got, want[i*6+j])
			}
		}
	}
}

// When exp(-C/lambda) is negligible off the diagonal the plan is diag(a), so
// OT_lambda(a,a) = -lambda H(a) to within exp(-min off-diagonal C / lambda): here e^-400. The
// kernel underflows, so this runs through the log-domain step. A zero-weight bin stays empty.
func TestSelfTinyLambdaIsDiagonal(t *testing.T) {
	x := []float64{0, 0.2, 0.4, 0.6}
	a := []float64{0.5, 0, 0.3, 0.2}
	prob, _ := NewProblem1D(x, x, a, a, CostSquared)
	const lambda = 1e-4
	s, err := NewSelfTransport(prob, lambda)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Solve(1e-13, 1000); !ok {
		t.Fatalf("no convergence: error %g", s.MarginalError())
	}
	h := 0.0
	for _, w := range a {
		if w > 0 {
			h -= w * math.Log(w)
		}
	}
	if got, want := s.Objective(), -lambda*h; math.Abs(got-want) > 1e-15 {
		t.Errorf("OT = %.17g, want -lambda H(a) = %.17g", got, want)
	}
	// The plan is diagonal, so it moves nothing: <C,P> = 0 (read in the log domain here).
	if tc := s.TransportCost(); !(math.Abs(tc) < 1e-15) {
		t.Errorf("<C,P> = %g, want 0", tc)
	}
	if lnP := s.LogPlan(); !math.IsInf(lnP(1, 1), -1) || !math.IsInf(lnP(0, 1), -1) {
		t.Error("the empty bin has mass")
	}
}

// A warm start from the previous lambda reaches the same plan as a cold start. (It saves little
// here: the symmetric iteration takes about thirty steps from anywhere on this problem.)
func TestSelfWarmStart(t *testing.T) {
	x, p, _ := specGrid()
	prob, _ := NewProblem1D(x, x, p, p, CostSquared)
	warm, _ := NewSelfTransport(prob, 0.05)
	warm.Solve(1e-13, 1000)
	if err := warm.SetLambda(0.04); err != nil {
		t.Fatal(err)
	}
	_, ok := warm.Solve(1e-13, 1000)
	cold, _ := NewSelfTransport(prob, 0.04)
	_, ok2 := cold.Solve(1e-13, 1000)
	if !ok || !ok2 {
		t.Fatalf("warm converged %v, cold %v", ok, ok2)
	}
	if d := math.Abs(warm.Objective() - cold.Objective()); d > 1e-12 {
		t.Errorf("warm and cold objectives differ by %g", d)
	}
}

func TestSelfRefusesOtherProblems(t *testing.T) {
	x, p, q := specGrid()
	pq, _ := NewProblem1D(x, x, p, q, CostSquared)
	if _, err := NewSelfTransport(pq, 0.1); err == nil {
		t.Error("p != q accepted")
	}
	asym, _ := NewProblem([]float64{0.5, 0.5}, []float64{0.5, 0.5}, []float64{0, 1, 2, 0})
	if _, err := NewSelfTransport(asym, 0.1); err == nil {
		t.Error("an asymmetric cost accepted")
	}
}
