package sinkhorn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// referencePlan is an independent solver for the tests: textbook log-domain Sinkhorn
// (Peyré & Cuturi 2019, Remark 4.23) with no stabilised kernel, no absorption and no caches,
// run until the potentials stop changing. It is slow and simple on purpose.
func referencePlan(pr *Problem, lambda float64, iters int) []float64 {
	n, m := pr.N, pr.M
	f, g := make([]float64, n), make([]float64, m)
	lse := func(a []float64) float64 {
		mx := math.Inf(-1)
		for _, x := range a {
			mx = math.Max(mx, x)
		}
		if math.IsInf(mx, -1) {
			return mx
		}
		s := 0.0
		for _, x := range a {
			s += math.Exp(x - mx)
		}
		return mx + math.Log(s)
	}
	buf := make([]float64, max(n, m))
	for k := 0; k < iters; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				buf[j] = (g[j] - pr.C[i*m+j]) / lambda
			}
			f[i] = lambda * (math.Log(pr.P[i]) - lse(buf[:m]))
		}
		for j := 0; j < m; j++ {
			for i := 0; i < n; i++ {
				buf[i] = (f[i] - pr.C[i*m+j]) / lambda
			}
			g[j] = lambda * (math.Log(pr.Q[j]) - lse(buf[:n]))
		}
	}
	P := make([]float64, n*m)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if pr.P[i] > 0 && pr.Q[j] > 0 {
				P[i*m+j] = math.Exp((f[i] + g[j] - pr.C[i*m+j]) / lambda)
			}
		}
	}
	return P
}

func randomProblem(rng *rand.Rand, zeros bool) *Problem {
	n, m := 2+rng.IntN(9), 2+rng.IntN(9)
	x, y := make([]float64, n), make([]float64, m)
	p, q := make([]float64, n), make([]float64, m)
	for i := range x {
		x[i], p[i] = rng.Float64(), rng.Float64()
	}
	for j := range y {
		y[j], q[j] = rng.Float64(), rng.Float64()
	}
	if zeros {
		p[rng.IntN(n)] = 0
		q[rng.IntN(m)] = 0
	}
	cost := CostSquared
	if rng.IntN(2) == 1 {
		cost = CostAbsolute
	}
	pr, err := NewProblem1D(x, y, p, q, cost)
	if err != nil {
		panic(err)
	}
	return pr
}

func maxAbsDiff(a, b []float64) float64 {
	d := 0.0
	for k := range a {
		d = math.Max(d, math.Abs(a[k]-b[k]))
	}
	return d
}

func TestAgainstReference(t *testing.T) {
	// Random problems, with and without empty bins, lambda from 1e3 down to 1e-3 times the
	// largest cost. The reference runs a fixed 30000 iterations; at lambda/maxC >= 1e-3 random
	// problems of this size converge far sooner, so 1e-9 in every entry is the plan's own
	// rounding plus the 1e-12 stopping error, with room.
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 30; trial++ {
		pr := randomProblem(rng, trial%2 == 1)
		for _, rel := range []float64{1e3, 1, 0.1, 1e-2, 1e-3} {
			lambda := rel * pr.MaxCost()
			s, err := New(pr, lambda, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.Solve(1e-12, 1000000); !ok {
				t.Fatalf("trial %d lambda/maxC %g: no convergence", trial, rel)
			}
			got, want := s.Plan(nil), referencePlan(pr, lambda, 30000)
			if d := maxAbsDiff(got, want); d > 1e-9 {
				t.Errorf("trial %d (%dx%d) lambda/maxC %g: plan differs from the reference by %g", trial, pr.N, pr.M, rel, d)
			}
		}
	}
}

// checkCoupling checks what every solution must satisfy: finite, non-negative, zero on empty
// bins, marginals within tol.
func checkCoupling(t *testing.T, s *Solver, tol float64) {
	t.Helper()
	pr := s.Problem()
	plan := s.Plan(nil)
	for k, x := range plan {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			t.Fatalf("plan entry %d is %g", k, x)
		}
		if (pr.P[k/pr.M] == 0 || pr.Q[k%pr.M] == 0) && x != 0 {
			t.Fatalf("plan entry %d is %g on an empty bin", k, x)
		}
	}
	rows, cols := s.RowSums(nil), s.ColSums(nil)
	e := 0.0
	for i := range rows {
		e += math.Abs(rows[i] - pr.P[i])
	}
	for j := range cols {
		e += math.Abs(cols[j] - pr.Q[j])
	}
	if e > tol {
		t.Fatalf("marginal error %g > %g", e, tol)
	}
	for _, v := range []float64{s.TransportCost(), s.Objective(), s.Dual(), s.Entropy(), s.MarginalError()} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("a report is %g", v)
		}
	}
}

func TestSmallLambdaNoNaN(t *testing.T) {
	// §2.12 pitfall 1: the scaling form gives NaN for eps <= 5e-4 on the spec problem. The
	// stabilised solver must stay finite down to 1e-4 times the largest cost (the issue's
	// range) and keep reporting finite numbers at every step.
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 10; trial++ {
		pr := randomProblem(rng, trial%3 == 0)
		for _, rel := range []float64{1e-4, 3e-4} {
			s, err := New(pr, rel*pr.MaxCost(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for k := 0; k < 200; k++ {
				s.Step()
				if e := s.MarginalError(); math.IsNaN(e) || math.IsInf(e, 0) {
					t.Fatalf("trial %d: marginal error %g after %d projections", trial, e, k+1)
				}
				if kl := s.KLStep(); math.IsNaN(kl) {
					t.Fatalf("trial %d: KL step is NaN after %d projections", trial, k+1)
				}
			}
			s.Solve(1e-9, 2000000)
			checkCoupling(t, s, 1e-9)
		}
	}
}

func TestMonotoneDualAndPythagoras(t *testing.T) {
	// §2.3: each projection maximises the dual over one block, so the dual never decreases;
	// and with P* in both m-flat sets, KL(P*||P_k) = KL(P*||P_{k+1}) + KL(P_{k+1}||P_k).
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 20; trial++ {
		pr := randomProblem(rng, trial%2 == 0)
		lambda := []float64{1, 0.1, 0.01}[trial%3] * pr.MaxCost()
		star := solveTight(t, pr, lambda).Plan(nil)
		s, _ := New(pr, lambda, Options{})
		prev := s.Plan(nil)
		dual := math.Inf(-1)
		for k := 0; k < 40; k++ {
			s.Step()
			d := s.Dual()
			// The dual is a sum of O(1) terms; 1e-12 allows its rounding.
			if d < dual-1e-12 {
				t.Fatalf("trial %d step %d: dual fell from %.15g to %.15g", trial, k, dual, d)
			}
			dual = d
			cur := s.Plan(nil)
			lhs := genKLPlans(star, prev)
			rhs := genKLPlans(star, cur) + s.KLStep()
			if math.Abs(lhs-rhs) > 1e-10*math.Max(1, lhs) {
				t.Fatalf("trial %d step %d: KL(P*||P_k) = %.15g but KL(P*||P_k+1) + KL(P_k+1||P_k) = %.15g", trial, k, lhs, rhs)
			}
			if kl := genKLPlans(cur, prev); math.Abs(kl-s.KLStep()) > 1e-10*math.Max(1, kl) {
				t.Fatalf("trial %d step %d: reported KL step %.15g, direct %.15g", trial, k, s.KLStep(), kl)
			}
			prev = cur
		}
	}
}

// genKLPlans is the generalised KL(a || b) = sum a ln(a/b) - a + b of positive measures.
func genKLPlans(a, b []float64) float64 {
	kl := 0.0
	for k := range a {
		switch {
		case a[k] > 0:
			kl += a[k]*math.Log(a[k]/b[k]) - a[k] + b[k]
		default:
			kl += b[k]
		}
	}
	return kl
}

func TestLambdaScalingReachesSamePlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := 0; trial < 10; trial++ {
		pr := randomProblem(rng, false)
		lambda := 1e-3 * pr.MaxCost()
		plain := solveTight(t, pr, lambda).Plan(nil)
		s, _ := New(pr, lambda, Options{LambdaScaling: true})
		if _, ok := s.Solve(1e-13, 2000000); !ok {
			t.Fatal("lambda scaling did not converge")
		}
		if s.StageLambda() != lambda {
			t.Fatalf("stopped at stage lambda %g, not %g", s.StageLambda(), lambda)
		}
		if d := maxAbsDiff(s.Plan(nil), plain); d > 1e-10 {
			t.Errorf("trial %d: lambda scaling plan differs by %g", trial, d)
		}
	}
}

func TestWarmStarts(t *testing.T) {
	// Changing the marginals (same or different support) or lambda mid-run must lead to the
	// fresh solution of the new problem.
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := 0; trial < 10; trial++ {
		pr := randomProblem(rng, false)
		lambda := 0.05 * pr.MaxCost()
		s, _ := New(pr, lambda, Options{})
		s.Solve(1e-6, 10000)
		p2 := append([]float64(nil), pr.P...)
		p2[0] *= 3
		if trial%2 == 1 {
			p2[len(p2)-1] = 0 // the support changes
		}
		if err := s.SetMarginals(p2, pr.Q); err != nil {
			t.Fatal(err)
		}
		s.Solve(1e-13, 1000000)
		pr2, _ := NewProblem1D(pr.X, pr.Y, p2, pr.Q, pr.Cost)
		if d := maxAbsDiff(s.Plan(nil), solveTight(t, pr2, lambda).Plan(nil)); d > 1e-10 {
			t.Errorf("trial %d: after SetMarginals the plan differs by %g", trial, d)
		}
		if err := s.SetLambda(lambda / 4); err != nil {
			t.Fatal(err)
		}
		s.Solve(1e-13, 1000000)
		if d := maxAbsDiff(s.Plan(nil), solveTight(t, pr2, lambda/4).Plan(nil)); d > 1e-10 {
			t.Errorf("trial %d: after SetLambda the plan differs by %g", trial, d)
		}
		checkCoupling(t, s, 1e-12)
	}
}

func TestLimits(t *testing.T) {
	// §2.6: lambda -> infinity gives p q^T; lambda -> 0 gives <C,P> -> W (1-D exact).
	rng := rand.New(rand.NewPCG(15, 16))
	for trial := 0; trial < 10; trial++ {
		pr := randomProblem(rng, false)
		big := solveTight(t, pr, 1e3*pr.MaxCost()).Plan(nil)
		for i := range pr.P {
			for j := range pr.Q {
				// The plan at lambda = 1e3 maxC differs from p q^T by O(maxC/lambda) = 1e-3 in
				// relative terms.
				if d := math.Abs(big[i*pr.M+j] - pr.P[i]*pr.Q[j]); d > 2e-3*pr.P[i]*pr.Q[j] {
					t.Fatalf("trial %d: lambda = 1e3 maxC plan[%d][%d] is %g, p q^T is %g", trial, i, j, big[i*pr.M+j], pr.P[i]*pr.Q[j])
				}
			}
		}
		w, _, _ := Exact1D(pr.X, pr.P, pr.Y, pr.Q, pr.Cost)
		small := solveTight(t, pr, 1e-3*pr.MaxCost())
		// OT_lambda - W = -lambda H(P_0) + o(lambda) (§2.6), so <C,P> is within a few lambda
		// log(nm) of W; the cost is never below W.
		tc := small.TransportCost()
		if tc < w-1e-12 || tc-w > 1e-3*pr.MaxCost()*math.Log(float64(pr.N*pr.M))*2 {
			t.Errorf("trial %d: <C,P> = %g at lambda = 1e-3 maxC, exact W = %g", trial, tc, w)
		}
	}
}

func TestBadProblems(t *testing.T) {
	x := []float64{0, 1}
	cases := []struct {
		name       string
		x, y, p, q []float64
	}{
		{"empty support", nil, x, nil, []float64{1, 1}},
		{"length mismatch", x, x, []float64{1}, []float64{1, 1}},
		{"negative weight", x, x, []float64{1, -1}, []float64{1, 1}},
		{"zero mass", x, x, []float64{0, 0}, []float64{1, 1}},
		{"NaN weight", x, x, []float64{math.NaN(), 1}, []float64{1, 1}},
		{"infinite point", []float64{0, math.Inf(1)}, x, []float64{1, 1}, []float64{1, 1}},
	}
	for _, tc := range cases {
		if _, err := NewProblem1D(tc.x, tc.y, tc.p, tc.q, CostSquared); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	pr, _ := NewProblem1D(x, x, []float64{1, 1}, []float64{1, 1}, CostSquared)
	for _, l := range []float64{0, -1, math.NaN(), math.Inf(1), 1e-7} {
		if _, err := New(pr, l, Options{}); err == nil {
			t.Errorf("lambda %g accepted", l)
		}
	}
}

func TestSinglePointAndZeroCost(t *testing.T) {
	// One point on each side: the only coupling is [[1]]. All points equal: C = 0 and the
	// optimum is p q^T for every lambda.
	pr, _ := NewProblem1D([]float64{0.3}, []float64{0.7}, []float64{2}, []float64{5}, CostSquared)
	s := solveTight(t, pr, 0.01)
	if plan := s.Plan(nil); math.Abs(plan[0]-1) > 1e-15 {
		t.Errorf("single point plan %g", plan[0])
	}
	p, q := []float64{1, 3}, []float64{2, 2, 4}
	pr, _ = NewProblem1D([]float64{0.5, 0.5}, []float64{0.5, 0.5, 0.5}, p, q, CostSquared)
	plan := solveTight(t, pr, 1e-3).Plan(nil)
	for i := range p {
		for j := range q {
			if want := pr.P[i] * pr.Q[j]; math.Abs(plan[i*3+j]-want) > 1e-15 {
				t.Errorf("zero cost plan[%d][%d] = %g, want %g", i, j, plan[i*3+j], want)
			}
		}
	}
}
