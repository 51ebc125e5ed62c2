package sinkhorn

import (
	"math"
	"testing"
)

// The worked example of ../shared/spec/science-diag-sinkhorn.md §2.9: six bins on [0, 1],
// squared cost. Every number in this file's tables is from that section unless a comment
// says otherwise.
var (
	specX = []float64{0, 0.2, 0.4, 0.6, 0.8, 1.0}
	specP = []float64{0.30, 0.25, 0.20, 0.10, 0.10, 0.05}
	specQ = []float64{0.05, 0.10, 0.10, 0.15, 0.25, 0.35}
)

func specProblem(t testing.TB) *Problem {
	t.Helper()
	pr, err := NewProblem1D(specX, specX, specP, specQ, CostSquared)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// solveTight runs a solver to the floor of double precision.
func solveTight(t testing.TB, pr *Problem, lambda float64) *Solver {
	t.Helper()
	s, err := New(pr, lambda, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Solve(1e-14, 200000); !ok {
		t.Fatalf("lambda %g: no convergence to 1e-14 (error %g)", lambda, s.MarginalError())
	}
	return s
}

func TestSpecTable(t *testing.T) {
	// §2.9 table: <C,P*>, H(P*), OT_eps, iterations to L1 error 1e-9 (log-domain column; the
	// scaling column agrees where it exists). The spec prints 10 digits, so 1e-9 absolute on
	// the values; H at lambda <= 5e-4 and the iteration counts as stated (±1 per §2.13).
	tests := []struct {
		lambda, cost, entropy, ot float64
		iters                     int
	}{
		{1, 0.2968930483, 3.2337771607, -2.9368841124, 7},
		{0.5, 0.2726101608, 3.1979478559, -1.3263637671, 10},
		{0.1, 0.2058874117, 2.8808643737, -0.0821990256, 36},
		{0.05, 0.1895379219, 2.6529071536, 0.0568925642, 73},
		{0.01, 0.1800158713, 2.3475230051, 0.1565406413, 227},
		{0.005, 0.1800000051, 2.3457385357, 0.1682713124, 309},
		{0.001, 0.1799999997, 2.3457374038, 0.1776542623, 972},
		{5e-4, 0.1799999997, math.NaN(), 0.178827131, 1801},
		{1e-4, 0.1799999997, math.NaN(), 0.179765426, 8437},
	}
	for _, tc := range tests {
		pr := specProblem(t)
		s, err := New(pr, tc.lambda, Options{})
		if err != nil {
			t.Fatal(err)
		}
		iters, ok := s.Solve(1e-9, 100000)
		if !ok {
			t.Fatalf("lambda %g: not converged", tc.lambda)
		}
		if d := iters - tc.iters; d < -1 || d > 1 {
			t.Errorf("lambda %g: %d iterations to 1e-9, spec says %d", tc.lambda, iters, tc.iters)
		}
		s = solveTight(t, pr, tc.lambda)
		check := func(name string, got, want, tol float64) {
			if math.IsNaN(want) {
				return
			}
			if math.IsNaN(got) || math.Abs(got-want) > tol {
				t.Errorf("lambda %g: %s = %.12g, want %.12g (tol %g)", tc.lambda, name, got, want, tol)
			}
		}
		check("<C,P>", s.TransportCost(), tc.cost, 1e-9)
		check("H", s.Entropy(), tc.entropy, 1e-9)
		// The spec prints the last two OT values to 9 decimals only.
		check("OT", s.Objective(), tc.ot, 1e-9)
		check("dual", s.Dual(), tc.ot, 1e-9)
	}
}

func TestSpecPlanAndPotentials(t *testing.T) {
	// §2.9 plan and potentials at eps = 0.1, printed to 8 decimals: 5e-9 is half a unit in
	// the last printed place.
	want := [][]float64{
		{0.04558882, 0.08164956, 0.06453022, 0.05981921, 0.03903113, 0.00938105},
		{0.00425898, 0.01697605, 0.02985943, 0.06160197, 0.08945418, 0.04784939},
		{0.00015007, 0.00133125, 0.00521122, 0.02392700, 0.07732677, 0.09205369},
		{0.00000208, 0.00004106, 0.00035771, 0.00365527, 0.02629034, 0.06965354},
		{0.00000005, 0.00000204, 0.00003946, 0.00089737, 0.01436430, 0.08469679},
		{0.00000000, 0.00000005, 0.00000196, 0.00009918, 0.00353327, 0.04636554},
	}
	s := solveTight(t, specProblem(t), 0.1)
	plan := s.Plan(nil)
	for i := range want {
		for j := range want[i] {
			if d := math.Abs(plan[i*6+j] - want[i][j]); d > 5e-9 {
				t.Errorf("P[%d][%d] = %.10f, want %.8f", i, j, plan[i*6+j], want[i][j])
			}
		}
	}
	F, G := s.Potentials()
	wantF := []float64{-0.30880927, -0.50587257, -0.72044121, -0.94832506, -1.04877064, -1.14902276}
	wantG := []float64{0, 0.09827739, 0.19474710, 0.38716643, 0.62446970, 0.84190288}
	for i := range wantF {
		if math.Abs(F[i]-wantF[i]) > 5e-9 || math.Abs(G[i]-wantG[i]) > 5e-9 {
			t.Errorf("potentials %d: F %.9f G %.9f, want %.8f %.8f", i, F[i], G[i], wantF[i], wantG[i])
		}
	}
}

func TestPOTDocExample(t *testing.T) {
	// POT's documented example: ot.sinkhorn([.5,.5],[.5,.5],[[0,1],[1,0]],1) gives
	// [[0.36552929, 0.13447071], [0.13447071, 0.36552929]]. Closed form: the plan is
	// proportional to K = [[1, e^-1], [e^-1, 1]] with both marginals 1/2, so
	// P_00 = 1/(2(1+e^-1)) = 0.3655292893...
	pr, err := NewProblem([]float64{.5, .5}, []float64{.5, .5}, []float64{0, 1, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	s := solveTight(t, pr, 1)
	plan := s.Plan(nil)
	d := 1 / (2 * (1 + math.Exp(-1)))
	want := []float64{d, 0.5 - d, 0.5 - d, d}
	pot := []float64{0.36552929, 0.13447071, 0.13447071, 0.36552929}
	for k := range want {
		if math.Abs(plan[k]-want[k]) > 1e-15 || math.Abs(plan[k]-pot[k]) > 5e-9 {
			t.Errorf("P[%d] = %.12f, want %.12f (POT %.8f)", k, plan[k], want[k], pot[k])
		}
	}
}

func TestSpecExact1D(t *testing.T) {
	// §2.9: W_2^2 = 0.18 and W_1 = 0.38, with the optimal plan listed there.
	w2, plan, err := Exact1D(specX, specP, specX, specQ, CostSquared)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w2-0.18) > 1e-15 {
		t.Errorf("W_2^2 = %.17g, want 0.18", w2)
	}
	dense := make([]float64, 36)
	for _, tr := range plan {
		dense[tr.I*6+tr.J] += tr.Mass
	}
	want := []float64{
		0.05, 0.10, 0.10, 0.05, 0, 0,
		0, 0, 0, 0.10, 0.15, 0,
		0, 0, 0, 0, 0.10, 0.10,
		0, 0, 0, 0, 0, 0.10,
		0, 0, 0, 0, 0, 0.10,
		0, 0, 0, 0, 0, 0.05,
	}
	for k := range want {
		if math.Abs(dense[k]-want[k]) > 1e-15 {
			t.Errorf("exact plan[%d][%d] = %g, want %g", k/6, k%6, dense[k], want[k])
		}
	}
	w1, _, _ := Exact1D(specX, specP, specX, specQ, CostAbsolute)
	if math.Abs(w1-0.38) > 1e-15 {
		t.Errorf("W_1 = %.17g, want 0.38", w1)
	}
}

func TestSpecDivergence(t *testing.T) {
	// §2.9 Sinkhorn divergence table (10 decimals printed).
	tests := []struct{ lambda, s float64 }{
		{100, 0.1444003091}, {10, 0.1444134735}, {1, 0.1455051767}, {0.1, 0.1622818270}, {0.01, 0.1730718391},
	}
	for _, tc := range tests {
		got, err := Divergence(specX, specP, specX, specQ, CostSquared, tc.lambda, 1e-14, 100000)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tc.s) > 1e-9 {
			t.Errorf("S_%g = %.12f, want %.10f", tc.lambda, got, tc.s)
		}
	}
}

func TestSpecKLToIndependent(t *testing.T) {
	// §2.9: KL(P* || p q^T) = 0.0150624495 (eps 1), 0.3679752369 (0.1), 0.9013166056 (0.01).
	for _, tc := range []struct{ lambda, kl float64 }{{1, 0.0150624495}, {0.1, 0.3679752369}, {0.01, 0.9013166056}} {
		s := solveTight(t, specProblem(t), tc.lambda)
		plan := s.Plan(nil)
		kl := 0.0
		for i := range specP {
			for j := range specQ {
				if x := plan[i*6+j]; x > 0 {
					kl += x * math.Log(x/(specP[i]*specQ[j]))
				}
			}
		}
		if math.Abs(kl-tc.kl) > 1e-9 {
			t.Errorf("lambda %g: KL(P*||pq^T) = %.12f, want %.10f", tc.lambda, kl, tc.kl)
		}
	}
}
