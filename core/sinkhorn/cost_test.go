package sinkhorn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sqCost is the squared Euclidean cost between two lists of points in the plane.
func sqCost(a, b [][2]float64) []float64 {
	C := make([]float64, len(a)*len(b))
	for i, x := range a {
		for j, y := range b {
			dx, dy := x[0]-y[0], x[1]-y[1]
			C[i*len(b)+j] = dx*dx + dy*dy
		}
	}
	return C
}

func cloudPair(rng *rand.Rand, n, m int) (a, b [][2]float64) {
	a, b = make([][2]float64, n), make([][2]float64, m)
	for i := range a {
		a[i] = [2]float64{0.2 * rng.NormFloat64(), 0.2 * rng.NormFloat64()}
	}
	for j := range b {
		b[j] = [2]float64{0.5 + 0.2*rng.NormFloat64(), 0.3 + 0.2*rng.NormFloat64()}
	}
	return a, b
}

// TestSetCostWarmStart moves one point a little, as a drag does, and checks that the warm
// solver lands on the plan of a cold solve of the new problem and gets there in fewer
// iterations. Both counts are deterministic (no timing).
func TestSetCostWarmStart(t *testing.T) {
	const tol = 1e-12
	for _, tc := range []struct {
		n, m   int
		lambda float64
	}{{20, 20, 0.05}, {15, 25, 0.01}, {30, 30, 0.02}} {
		rng := rand.New(rand.NewPCG(uint64(tc.n*100+tc.m), 3))
		a, b := cloudPair(rng, tc.n, tc.m)
		pr, err := NewProblem(ones(tc.n), ones(tc.m), sqCost(a, b))
		if err != nil {
			t.Fatal(err)
		}
		warm, err := New(pr, tc.lambda, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := warm.Solve(tol, 200000); !ok {
			t.Fatalf("n=%d m=%d: the first solve did not converge", tc.n, tc.m)
		}
		// A drag step: one point of A moves by 0.01 (a few pixels on the page).
		a[3][0] += 0.01
		a[3][1] -= 0.005
		C2 := sqCost(a, b)
		before := warm.Iterations()
		if err := warm.SetCost(C2); err != nil {
			t.Fatal(err)
		}
		if warm.MarginalError() < tol {
			t.Fatalf("n=%d m=%d: after SetCost the old scalings should no longer fit the marginals", tc.n, tc.m)
		}
		if _, ok := warm.Solve(tol, 200000); !ok {
			t.Fatalf("n=%d m=%d: the warm solve did not converge", tc.n, tc.m)
		}
		warmIters := warm.Iterations() - before

		pr2, _ := NewProblem(ones(tc.n), ones(tc.m), C2)
		cold, _ := New(pr2, tc.lambda, Options{})
		coldIters, ok := cold.Solve(tol, 200000)
		if !ok {
			t.Fatalf("n=%d m=%d: the cold solve did not converge", tc.n, tc.m)
		}
		if d := maxAbsDiff(warm.Plan(nil), cold.Plan(nil)); d > 1e-10 {
			t.Errorf("n=%d m=%d lambda=%g: warm and cold plans differ by %.3g, want <= 1e-10", tc.n, tc.m, tc.lambda, d)
		}
		// An independent check: the textbook log-domain iteration on the new cost.
		ref := referencePlan(pr2, tc.lambda, 3000)
		if d := maxAbsDiff(warm.Plan(nil), ref); d > 1e-10 {
			t.Errorf("n=%d m=%d lambda=%g: warm plan and reference differ by %.3g", tc.n, tc.m, tc.lambda, d)
		}
		if math.Abs(warm.TransportCost()-cold.TransportCost()) > 1e-10 {
			t.Errorf("n=%d m=%d: <C,P> warm %.15g cold %.15g", tc.n, tc.m, warm.TransportCost(), cold.TransportCost())
		}
		t.Logf("n=%d m=%d lambda=%g: warm %d iterations, cold %d", tc.n, tc.m, tc.lambda, warmIters, coldIters)
		if warmIters >= coldIters {
			t.Errorf("n=%d m=%d lambda=%g: warm start took %d iterations, cold %d; want fewer", tc.n, tc.m, tc.lambda, warmIters, coldIters)
		}
	}
}

// TestSetCostWithZeroWeights keeps bins without mass out of the reduced problem.
func TestSetCostWithZeroWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	a, b := cloudPair(rng, 6, 5)
	p := []float64{1, 0, 2, 1, 0, 1}
	q := []float64{1, 1, 0, 2, 1}
	pr, _ := NewProblem(p, q, sqCost(a, b))
	s, _ := New(pr, 0.05, Options{})
	s.Solve(1e-12, 100000)
	a[0][0] += 0.3
	C2 := sqCost(a, b)
	if err := s.SetCost(C2); err != nil {
		t.Fatal(err)
	}
	s.Solve(1e-12, 100000)
	pr2, _ := NewProblem(p, q, C2)
	if d := maxAbsDiff(s.Plan(nil), referencePlan(pr2, 0.05, 20000)); d > 1e-10 {
		t.Errorf("plan differs from the reference by %.3g", d)
	}
	if s.Problem().C[0] != C2[0] {
		t.Errorf("Problem().C was not replaced")
	}
}

func TestSetCostErrors(t *testing.T) {
	pr, _ := NewProblem([]float64{1, 1}, []float64{1, 1}, []float64{0, 1, 1, 0})
	s, _ := New(pr, 0.1, Options{})
	s.Solve(1e-12, 1000)
	plan := s.Plan(nil)
	for _, tc := range []struct {
		C    []float64
		want string
	}{
		{[]float64{0, 1, 1}, "has 3 entries"},
		{[]float64{0, math.NaN(), 1, 0}, "row 1, column 2"},
		{[]float64{0, math.Inf(1), 1, 0}, "not a finite number"},
		{[]float64{0, 1e6, 1, 0}, "below"}, // lambda = 0.1 < 1e-6 * 1e6
	} {
		err := s.SetCost(tc.C)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetCost(%v) = %v, want an error mentioning %q", tc.C, err, tc.want)
		}
	}
	if d := maxAbsDiff(plan, s.Plan(nil)); d != 0 {
		t.Errorf("a rejected cost changed the plan by %g", d)
	}
}
