package sinkhorn

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/param"
)

// runSweep streams a sweep to the end and fails the test if it does not finish.
func runSweep(t testing.TB, prob *Problem, opts SweepOptions) *Sweep {
	t.Helper()
	s, err := NewSweep(prob, opts)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; !s.Done(); k++ {
		if k > 1<<22 {
			t.Fatalf("the sweep did not finish (at lambda %d of %d)", s.Current(), len(s.Lambdas()))
		}
		s.Step()
	}
	return s
}

// The test: every value the warm-started sweep records equals an independent solve at
// that lambda alone, from P_0 = K, to 1e-9. Both run to a marginal error of 1e-12 so that the
// comparison measures the sweep, not the tolerance.
func TestSweepMatchesColdSolves(t *testing.T) {
	prob := specProblem(t)
	const tol = 1e-12
	s := runSweep(t, prob, SweepOptions{LMin: 1e-3, LMax: 100, Points: 16, Tol: tol})
	if !s.Converged() {
		t.Fatal("the sweep did not converge at every lambda")
	}
	for _, pt := range s.Points() {
		lam := pt.Lambda
		cold, err := New(prob, lam, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cold.Solve(tol, 1000000); !ok {
			t.Fatalf("lambda %g: cold solve did not converge", lam)
		}
		var self [2]float64
		for k, w := range [][]float64{specP, specQ} {
			pr, _ := NewProblem1D(specX, specX, w, w, CostSquared)
			ss, _ := NewSelfTransport(pr, lam)
			if _, ok := ss.Solve(tol, 100000); !ok {
				t.Fatalf("lambda %g: cold symmetric solve did not converge", lam)
			}
			self[k] = ss.Objective()
			// Where plain Sinkhorn converges on the symmetric problem, it must agree.
			if lam >= 0.01 {
				plain, err := EntropicCost(pr, lam, tol, 1000000)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(plain-self[k]) > 1e-9*math.Max(1, math.Abs(plain)) {
					t.Errorf("lambda %g: symmetric iteration %.12g, plain Sinkhorn %.12g", lam, self[k], plain)
				}
			}
		}
		d, err := PlanDivergence1D(specX, specP, specQ, CostSquared, lam, tol, 1000000)
		if err != nil {
			t.Fatal(err)
		}
		sd := cold.Objective() - self[0]/2 - self[1]/2
		// Objectives at lambda = 100 are about -330: compare relative to max(1, |value|).
		check := func(name string, got, want float64) {
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("lambda %.4g: %s sweep %.12g, cold %.12g (diff %.2g)", lam, name, got, want, got-want)
			}
		}
		check("<C,P>", pt.TransportCost, cold.TransportCost())
		check("objective", pt.Objective, cold.Objective())
		check("OT(p,p)", pt.SelfP, self[0])
		check("OT(q,q)", pt.SelfQ, self[1])
		check("S", pt.Divergence, sd)
		check("plan divergence", pt.PlanDivergence, d)
		// KL(P*(p,q) || P*(q,q)), entry by entry from the cold plans.
		qq, _ := NewProblem1D(specX, specX, specQ, specQ, CostSquared)
		sq, _ := NewSelfTransport(qq, lam)
		sq.Solve(tol, 100000)
		Fq := sq.Potentials()
		F, G := cold.Potentials()
		check("KL(P*(p,q) || P*(q,q))", pt.TargetPlanKL, planKL(prob.C, 6, 6, lam, F, G, Fq, Fq))
		if pt.Iterations[0] < 1 {
			t.Errorf("lambda %g: %d iterations recorded", lam, pt.Iterations[0])
		}
	}
}

// With q = p the main problem is the self-transport problem, which alternating projections
// cannot finish at small lambda (the "self" preset stopped at the iteration cap at
// lambda = 0.0032); the sweep reads it off the symmetric solver, converges at every lambda, and
// where plain Sinkhorn does converge (lambda >= 0.01 here) its cost and objective agree with it
// to 1e-9. The plan divergence and S_lambda are zero.
func TestSweepOfPToItself(t *testing.T) {
	prob, err := NewProblem1D(specX, specX, specP, specP, CostSquared)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	s := runSweep(t, prob, SweepOptions{LMin: 1e-3, LMax: 10, Points: 13, Tol: tol})
	if !s.Converged() {
		t.Fatal("the sweep of p to itself did not converge at every lambda")
	}
	for _, pt := range s.Points() {
		if pt.Lambda >= 0.01 {
			cold, _ := New(prob, pt.Lambda, Options{})
			if _, ok := cold.Solve(tol, 1000000); !ok {
				t.Fatalf("lambda %g: plain Sinkhorn did not converge", pt.Lambda)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"<C,P>", pt.TransportCost, cold.TransportCost()}, {"objective", pt.Objective, cold.Objective()}} {
				if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
					t.Errorf("lambda %g: %s sweep %.12g, plain Sinkhorn %.12g", pt.Lambda, c.name, c.got, c.want)
				}
			}
		}
		if math.Abs(pt.PlanDivergence) > 1e-12 || math.Abs(pt.Divergence) > 1e-12 {
			t.Errorf("lambda %g: plan divergence %g and S %g, want 0", pt.Lambda, pt.PlanDivergence, pt.Divergence)
		}
	}
}

// The sweep reproduces the spec's tables at the lambdas they list (§2.9): S_lambda, the plan
// divergence, and <C,P*> and OT_lambda.
func TestSweepSpecValues(t *testing.T) {
	s := runSweep(t, specProblem(t), SweepOptions{LMin: 0.01, LMax: 100, Points: 5, Tol: 1e-12})
	want := []struct{ lambda, S, D, cost, ot float64 }{
		{100, 0.1444003091, 0.6757614548, math.NaN(), math.NaN()},
		{10, 0.1444134735, 0.6760163095, math.NaN(), math.NaN()},
		{1, 0.1455051767, 0.6997750219, 0.2968930483, -2.9368841124},
		{0.1, 0.1622818270, 1.6605701807, 0.2058874117, -0.0821990256},
		{0.01, 0.1730718391, 13.4865483034, 0.1800158713, 0.1565406413},
	}
	for k, w := range want {
		pt := s.Points()[k]
		if math.Abs(pt.Lambda-w.lambda) > 1e-12*w.lambda {
			t.Fatalf("point %d at lambda %.17g, want %g", k, pt.Lambda, w.lambda)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"S", pt.Divergence, w.S}, {"D", pt.PlanDivergence, w.D}, {"<C,P>", pt.TransportCost, w.cost}, {"OT", pt.Objective, w.ot}} {
			if !math.IsNaN(c.want) && math.Abs(c.got-c.want) > 1e-8 {
				t.Errorf("lambda %g: %s = %.12g, spec says %.10g", w.lambda, c.name, c.got, c.want)
			}
		}
	}
	if math.Abs(s.W-0.18) > 1e-15 || math.Abs(s.KLpq-0.6757588684) > 1e-10 {
		t.Errorf("W = %.17g, KL = %.12g; spec: 0.18, 0.6757588684", s.W, s.KLpq)
	}
	// -(p-q)^T C (p-q)/2 = (0.70 - 0.32)^2 for the squared cost in 1-D (spec §2.8).
	if math.Abs(s.KernelLimit-0.1444) > 1e-15 {
		t.Errorf("S limit %.17g, want 0.1444", s.KernelLimit)
	}
}

// The two ends, at the rates of spec §2.6, measured on the six-bin example over lambda from
// 1000 down to 0.001 (two points a decade). The measured numbers are in the comments.
func TestSweepLimitRates(t *testing.T) {
	s := runSweep(t, specProblem(t), SweepOptions{LMin: 1e-3, LMax: 1e3, Points: 13, Tol: 1e-12})
	at := func(lam float64) SweepPoint {
		for _, pt := range s.Points() {
			if math.Abs(pt.Lambda/lam-1) < 1e-9 {
				return pt
			}
		}
		t.Fatalf("no point at lambda %g", lam)
		return SweepPoint{}
	}
	// lambda -> 0: <C,P*> - W falls faster than any power of lambda (1.6e-5 at 0.01, 2.5e-13 at
	// 0.00316, which is the tolerance's floor: the LP plan is unique and the entropic plan
	// approaches it exponentially in 1/lambda).
	g1, g2 := at(0.01).TransportCost-s.W, at(0.01/math.Sqrt(10)).TransportCost-s.W
	if !(g1 > 0 && math.Abs(g2) < 1e-4*g1) {
		t.Errorf("<C,P> - W: %.3g at 0.01, %.3g at 0.00316; want a fall of more than 1e4", g1, g2)
	}
	// OT_lambda = W - lambda H(P_0) + o(lambda), H(P_0) the entropy of the (unique) LP plan:
	// (OT - W)/lambda + H(P_0) is 2.5e-3 at 0.01 and below 1e-6 at 0.001.
	_, plan, _ := Exact1D(specX, specP, specX, specQ, CostSquared)
	h0 := 0.0
	for _, tr := range plan {
		h0 -= tr.Mass * math.Log(tr.Mass)
	}
	if math.Abs(h0-2.3457374038) > 1e-9 {
		t.Errorf("H(P_0) = %.12g, spec says 2.3457374038", h0)
	}
	for _, c := range []struct{ lam, tol float64 }{{0.01, 5e-3}, {1e-3, 1e-6}} {
		pt := at(c.lam)
		if r := (pt.Objective-s.W)/c.lam + h0; math.Abs(r) > c.tol {
			t.Errorf("lambda %g: (OT - W)/lambda + H(P_0) = %.3g, want below %g", c.lam, r, c.tol)
		}
	}
	// lambda -> infinity: lambda (p^T C q - <C,P*>) tends to a constant (first order in 1/lambda):
	// 0.0335 at 10, 0.0337 at 100 and at 1000.
	var prev float64
	for i, lam := range []float64{10, 100, 1000} {
		c := lam * (s.IndependentCost - at(lam).TransportCost)
		if i > 0 && math.Abs(c/prev-1) > 0.03 {
			t.Errorf("lambda %g: lambda (p^T C q - <C,P>) = %.5g, at lambda/10 %.5g: not O(1/lambda)", lam, c, prev)
		}
		prev = c
	}
	// The plan divergence tends to KL(p||q) like 1/lambda^2: 2.57e-4 at 10, 2.59e-6 at 100,
	// 2.59e-8 at 1000.
	d10, d100 := at(10).PlanDivergence-s.KLpq, at(100).PlanDivergence-s.KLpq
	if r := d10 / d100; r < 80 || r > 120 {
		t.Errorf("D - KL(p||q): %.3g at 10, %.3g at 100 (ratio %.3g), want about 100", d10, d100, r)
	}
	// S_lambda tends to -(p-q)^T C (p-q)/2 as a/lambda + b/lambda^2 with a small a: 1.35e-5 at 10,
	// 3.09e-7 at 100 (the 1/lambda^2 term rules), then 7.26e-8 at 316 and 2.02e-8 at 1000, where
	// lambda (S - limit) levels off near 2e-5 (the 1/lambda term: the second-order terms of the
	// three entropic costs do not cancel). The sweep agrees with cold solves to 1e-9 at these
	// lambdas (TestSweepMatchesColdSolves), so this tail is not rounding.
	s316, s1000 := at(1000/math.Sqrt(10)).Divergence-s.KernelLimit, at(1000).Divergence-s.KernelLimit
	if r := (1000 * s1000) / (316.2 * s316); !(s1000 > 0) || r < 0.8 || r > 1.0 {
		t.Errorf("lambda (S - limit): %.3g at 316, %.3g at 1000, want nearly equal", 316.2*s316, 1000*s1000)
	}
	if s100 := at(100).Divergence - s.KernelLimit; s100 > 1e-6 || s100 < 0 {
		t.Errorf("S - limit at 100 = %.3g", s100)
	}
	// And the plan divergence blows up like 1/lambda: lambda D tends to 0.12800 (spec §2.5).
	if ld := 1e-3 * at(1e-3).PlanDivergence; math.Abs(ld-0.1285) > 1e-3 {
		t.Errorf("lambda D at 0.001 = %.6g, want about 0.1285 (limit 0.12800)", ld)
	}
	for _, pt := range s.Points() {
		t.Logf("lambda %-8.4g <C,P>-W %-10.3g pCq-<C,P> %-10.3g OT %-12.8g S-lim %-10.3g D-KL %-10.3g lamD %-10.5g iters %v",
			pt.Lambda, pt.TransportCost-s.W, s.IndependentCost-pt.TransportCost, pt.Objective, pt.Divergence-s.KernelLimit,
			pt.PlanDivergence-s.KLpq, pt.Lambda*pt.PlanDivergence, pt.Iterations)
	}
}

// One Step does a bounded amount of work: at n = 400 one iteration of the main problem, and
// at most Work / (8 n^2) (rounded up to one) of a symmetric one.
func TestSweepStepIsBounded(t *testing.T) {
	pr := DefaultParams()
	pr.N = 400
	prob, err := pr.Problem()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSweep(prob, SweepOptions{LMin: 1e-4, LMax: 1, Points: 3})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 40 && s.Current() == 0; k++ {
		before := s.main.Iterations() + s.self[0].Iterations() + s.self[1].Iterations()
		s.Step()
		after := s.main.Iterations() + s.self[0].Iterations() + s.self[1].Iterations()
		if after-before > 1 {
			t.Fatalf("step %d did %d iterations at n = 400", k, after-before)
		}
	}
}

func TestSweepHolesAndSupports(t *testing.T) {
	// q empty where p is not: KL(p||q) and the plan divergence are +Inf; the rest is finite.
	q := []float64{0, 0.1, 0.1, 0.15, 0.25, 0.4}
	prob, _ := NewProblem1D(specX, specX, specP, q, CostSquared)
	s := runSweep(t, prob, SweepOptions{LMin: 0.01, LMax: 10, Points: 4})
	if !math.IsInf(s.KLpq, 1) {
		t.Errorf("KL = %g, want +Inf", s.KLpq)
	}
	for _, pt := range s.Points() {
		if !math.IsInf(pt.PlanDivergence, 1) || math.IsNaN(pt.Divergence) || math.IsInf(pt.Divergence, 0) {
			t.Errorf("lambda %g: D = %g, S = %g", pt.Lambda, pt.PlanDivergence, pt.Divergence)
		}
	}
	// Different points: no plan divergence, no KL, but S and W are there.
	y := []float64{0.1, 0.3, 0.5, 0.7, 0.9, 1.1}
	prob, _ = NewProblem1D(specX, y, specP, specQ, CostSquared)
	s = runSweep(t, prob, SweepOptions{LMin: 0.01, LMax: 10, Points: 4})
	if s.CommonSupport() || !math.IsNaN(s.KLpq) || !s.Converged() {
		t.Errorf("common %v, KL %g, converged %v", s.CommonSupport(), s.KLpq, s.Converged())
	}
	for _, pt := range s.Points() {
		if !math.IsNaN(pt.PlanDivergence) || math.IsNaN(pt.Divergence) {
			t.Errorf("lambda %g: D = %g, S = %g", pt.Lambda, pt.PlanDivergence, pt.Divergence)
		}
	}
	// The lambda -> infinity limit of S on different points is p^T C q - p^T C p/2 - q^T C q/2.
	if got := s.Points()[0].Divergence; math.Abs(got-s.KernelLimit) > 1e-3 {
		t.Errorf("S at lambda 10 = %g, limit %g", got, s.KernelLimit)
	}
}

func TestSweepExtraHook(t *testing.T) {
	calls := 0
	s := runSweep(t, specProblem(t), SweepOptions{LMin: 0.1, LMax: 1, Points: 3, Extra: func(p, q, C []float64, lambda float64) ([]float64, error) {
		calls++
		return []float64{lambda, float64(len(C))}, nil
	}})
	if calls != 3 {
		t.Fatalf("Extra called %d times", calls)
	}
	for _, pt := range s.Points() {
		if len(pt.Extra) != 2 || pt.Extra[0] != pt.Lambda || pt.Extra[1] != 36 {
			t.Errorf("lambda %g: extra %v", pt.Lambda, pt.Extra)
		}
	}
}

func TestCheckSweepSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		lmin, lmax float64
		points     int
		word       string
	}{
		{0, 1, 10, "lmin must be positive"},
		{1e-3, math.Inf(1), 10, "lmax must be a finite"},
		{1e-6, 1, 10, "lmin = 1e-06 is below"},
		{1e-3, 1e5, 10, "lmax = 100000 is above"},
		{1, 0.1, 10, "must be smaller"},
		{0.1, 1, 1, "points must be"},
		{0.1, 1, 500, "points must be"},
	} {
		err := CheckSweep(tc.lmin, tc.lmax, tc.points, 1)
		if err == nil || !strings.Contains(err.Error(), tc.word) {
			t.Errorf("%v: %v, want %q", tc, err, tc.word)
		}
	}
	prob := specProblem(t)
	for _, tc := range []struct {
		mark     float64
		n, index int
	}{{0.05, 6, 4}, {0.1, 5, 3}, {0.10005, 5, 3}, {1000, 5, -1}, {100, 5, 0}} {
		s, err := NewSweep(prob, SweepOptions{LMin: 0.01, LMax: 100, Points: 5, Mark: tc.mark})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Lambdas()) != tc.n || s.MarkIndex() != tc.index || (tc.index >= 0 && math.Abs(s.Lambdas()[tc.index]/tc.mark-1) > 1e-3) {
			t.Errorf("mark %g: lambdas %v, index %d", tc.mark, s.Lambdas(), s.MarkIndex())
		}
	}
	if l := SweepLambdas(0.01, 100, 5); l[0] != 100 || l[4] != 0.01 || math.Abs(l[2]-1) > 1e-15 {
		t.Errorf("lambdas %v", l)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// BenchmarkSweep is one whole sweep of the default page (the bumps problem on 40 points, 41
// lambdas from 100 down to 0.001 times the largest cost), natively; under
// GOOS=js GOARCH=wasm with -exec go_js_wasm_exec it measures the browser's cost.
func BenchmarkSweep(b *testing.B) {
	for _, n := range []int{40, 400} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			pr := DefaultParams()
			pr.N = n
			prob, err := pr.Problem()
			if err != nil {
				b.Fatal(err)
			}
			if n > 40 && testing.Short() {
				b.Skip("n = 400 takes seconds a sweep")
			}
			steps := 0
			for i := 0; i < b.N; i++ {
				s := runSweep(b, prob, SweepOptions{LMin: 1e-3, LMax: 100, Points: 41})
				steps = 0
				for _, pt := range s.Points() {
					steps += pt.Iterations[0]
				}
			}
			b.ReportMetric(float64(steps), "iters/sweep")
		})
	}
}

func TestParseSweep(t *testing.T) {
	sp, err := ParseSweep(param.LookupQuery(""))
	if err != nil || sp.Points != DefaultSweepPoints || sp.LMin != 0 || sp.LMax != 0 || sp.Lambda != 0.01 {
		t.Fatalf("defaults: %+v %v", sp, err)
	}
	lmin, lmax, err := sp.Range(1)
	if err != nil || lmin != 1e-3 || lmax != 100 {
		t.Errorf("default range %g..%g, %v", lmin, lmax, err)
	}
	// Defaults are relative to the largest cost: points on [0, 10] have max C = 100.
	if lmin, lmax, _ := sp.Range(100); lmin != 0.1 || lmax != 1e4 {
		t.Errorf("range for max C = 100: %g..%g", lmin, lmax)
	}
	sp, err = ParseSweep(param.LookupQuery("preset=spec&lmin=0.01&points=9"))
	if err != nil || sp.LMin != 0.01 || sp.Points != 9 || sp.Lambda != 0.1 || len(sp.P) != 6 {
		t.Fatalf("preset spec: %+v %v", sp, err)
	}
	if q := sp.Encode(); !strings.Contains(q, "lmin=0.01") || !strings.Contains(q, "points=9") || strings.Contains(q, "lmax") {
		t.Errorf("Encode: %q", q)
	}
	for _, tc := range []struct{ query, param string }{
		{"lmin=x", "lmin"}, {"lmax=0", "lmax"}, {"points=1000", "points"}, {"preset=bumps2", "preset"}, {"n=0", "n"},
	} {
		_, err := ParseSweep(param.LookupQuery(tc.query))
		if pe, ok := err.(*ParamError); !ok || pe.Param != tc.param {
			t.Errorf("%s: %v, want an error about %s", tc.query, err, tc.param)
		}
	}
	// A given lmax below the default lmin is blamed on lmax; an lmin above the default lmax on lmin.
	for _, tc := range []struct{ query, param string }{{"lmax=0.0005", "lmax"}, {"lmin=500", "lmin"}, {"lmin=1e-5", "lmin"}} {
		sp, err := ParseSweep(param.LookupQuery(tc.query))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := sp.Range(1); err == nil || err.(*ParamError).Param != tc.param {
			t.Errorf("%s: %v, want an error about %s", tc.query, err, tc.param)
		}
	}
	for _, p := range SweepPresets() {
		sp, err := ParseSweep(param.LookupQuery("preset=" + p.Name))
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		prob, err := sp.Problem()
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		if _, _, err := sp.Range(prob.MaxCost()); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
	}
}

// BenchmarkSweepLongestStep reports the longest single Step of a sweep at n = 400 down to
// lambda = 1e-4 max C (the "fine" preset): what one piece of work costs a browser frame.
func BenchmarkSweepLongestStep(b *testing.B) {
	pr := DefaultParams()
	pr.N = 400
	prob, err := pr.Problem()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		s, err := NewSweep(prob, SweepOptions{LMin: 1e-4, LMax: 100, Points: 31})
		if err != nil {
			b.Fatal(err)
		}
		var longest time.Duration
		steps := 0
		for !s.Done() {
			t0 := time.Now()
			s.Step()
			longest = max(longest, time.Since(t0))
			steps++
		}
		b.ReportMetric(float64(longest.Microseconds()), "longest-µs")
		b.ReportMetric(float64(steps), "steps")
	}
}

// The "shift" preset's blurb quotes its two limits: W_2^2 = 0.1564 and the large-lambda limit of
// S_lambda, 0.1561 (both below the squared shift 0.16, because each bump is cut off at its end
// of [0, 1]). W comes from the quantile coupling, the limit from -(p-q)^T C (p-q)/2.
func TestShiftPresetNumbers(t *testing.T) {
	sp, err := ParseSweep(param.LookupQuery("preset=shift"))
	if err != nil {
		t.Fatal(err)
	}
	prob, err := sp.Problem()
	if err != nil {
		t.Fatal(err)
	}
	lmin, lmax, err := sp.Range(prob.MaxCost())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSweep(prob, SweepOptions{LMin: lmin, LMax: lmax, Points: sp.Points})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.W-0.1564) > 5e-5 || math.Abs(s.KernelLimit-0.1561) > 5e-5 {
		t.Errorf("W = %.6f, kernel limit %.6f; the blurb says 0.1564 and 0.1561", s.W, s.KernelLimit)
	}
}
