package otgeom

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"solvable/core/param"
	"solvable/core/sinkhorn"
)

// problems is a spread of 2x2 problems: both signs of c, c = 0, p1 = q1 (the degenerate LP
// vertex for c > 0), p1 + q1 = 1 (the degenerate one for c < 0), and marginals near the ends.
var problems = []Problem{
	{0.7, 0.4, 1, 0}, {0.3, 0.8, 1, 0}, {0.6, 0.6, 1, 0}, {0.7, 0.3, -1, 0}, {0.7, 0.4, -2.5, 0},
	{0.2, 0.9, 0.3, 0}, {0.02, 0.97, 1, 0}, {0.5, 0.5, 0, 0}, {0.9, 0.15, -1, 0},
}

// solve runs core/sinkhorn's solver (an independent, general n x m implementation) to a
// marginal error of 1e-14.
func solve(t *testing.T, pr Problem) Plan {
	t.Helper()
	sp, err := sinkhorn.NewProblem(pr.P(), pr.Q(), pr.Cost())
	if err != nil {
		t.Fatal(err)
	}
	s, err := sinkhorn.New(sp, pr.Lambda, sinkhorn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Solve(1e-14, 2_000_000); !ok {
		t.Fatalf("%+v: the solver did not converge", pr)
	}
	var P Plan
	copy(P[:], s.Plan(nil))
	return P
}

func TestClosedFormMatchesSolver(t *testing.T) {
	// lambda/|c| from 1e3 down to 0.03; p1 = q1 with c > 0 converges like exp(-c/lambda) per
	// iteration, so it stops at 0.1. The solver's fixed point is the plan to its stopping error
	// (1e-14 in L1) times the conditioning of the 2x2 system, so 1e-12 per entry has room.
	for _, pr := range problems {
		for _, rel := range []float64{1e3, 10, 1, 0.3, 0.1, 0.03} {
			if pr.C > 0 && pr.P1 == pr.Q1 && rel < 0.1 {
				continue
			}
			pr.Lambda = rel * math.Max(math.Abs(pr.C), 1)
			got, want := pr.OptimalPlan(), solve(t, pr)
			if d := got.Sub(want).L1(); d > 1e-12 {
				t.Errorf("%+v: closed form %v, solver %v (L1 %.3g)", pr, got, want, d)
			}
		}
	}
}

func TestClosedFormSatisfiesItsEquations(t *testing.T) {
	// Over the whole accepted range of lambda (1e-6 to 1e6 times |c|) the closed form must have
	// marginals p and q and the cross ratio of K: ln P11 + ln P22 - ln P12 - ln P21 = 2c/lambda.
	// On the segment U(p,q) the cross ratio is strictly monotone, so these equations single
	// out P*: this is an independent check of the root, however small its entries are.
	for _, pr := range problems {
		for _, rel := range []float64{1e6, 1e3, 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-6} {
			pr.Lambda = rel * math.Max(math.Abs(pr.C), 1)
			L := pr.OptimalLogPlan()
			P := L.Exp()
			for k, l := range L {
				if math.IsNaN(l) || math.IsInf(l, 0) {
					t.Fatalf("%+v: ln P[%d] = %v", pr, k, l)
				}
			}
			rows := math.Abs(P[0]+P[1]-pr.P1) + math.Abs(P[2]+P[3]-(1-pr.P1))
			cols := math.Abs(P[0]+P[2]-pr.Q1) + math.Abs(P[1]+P[3]-(1-pr.Q1))
			if rows+cols > 4e-16 {
				t.Errorf("%+v: marginal error %.3g", pr, rows+cols)
			}
			want := 2 * pr.C / pr.Lambda
			got := L[0] + L[3] - L[1] - L[2]
			// Each log carries a relative rounding of a few ulps; the largest is about 2c/lambda.
			if math.Abs(got-want) > 1e-13*math.Max(1, math.Abs(want)) {
				t.Errorf("%+v: cross ratio ln %.17g, want %.17g", pr, got, want)
			}
		}
	}
}

func TestLPPlan(t *testing.T) {
	// The LP plan is the end of U(p,q) with the least cost: the other end costs more when c != 0.
	for _, pr := range problems {
		lp := pr.LPPlan()
		lo, hi := pr.Segment()
		if pr.C == 0 {
			if d := lp.Sub(pr.Independent()).L1(); d != 0 {
				t.Errorf("%+v: c = 0 limit %v, want p q^T", pr, lp)
			}
			continue
		}
		other := lo
		if lp.Sub(lo).L1() < 1e-15 {
			other = hi
		} else if lp.Sub(hi).L1() > 1e-15 {
			t.Fatalf("%+v: LP plan %v is not an end of U(p,q) (%v, %v)", pr, lp, lo, hi)
		}
		if !(pr.Transport(lp) < pr.Transport(other)) {
			t.Errorf("%+v: LP plan costs %g, the other end %g", pr, pr.Transport(lp), pr.Transport(other))
		}
	}
}

func TestSmallLambdaRate(t *testing.T) {
	// Spec §2.6: P* -> the LP plan as lambda -> 0. For 2x2 the rate is exponential (doc.go): the
	// entry x that the LP plan leaves empty is exp(-2|c|/lambda) a b / s (1 + O(exp(-2|c|/lambda)))
	// when the LP vertex is not degenerate (s > 0), and exp(-|c|/lambda) sqrt(a b) when it is.
	// ||P* - P_LP||_1 = 4x. Check the ratio to the asymptotic form at lambda = |c|/5 (correction
	// about e^-10 = 5e-5, so 1e-3 is loose) and the logarithm at lambda = 1e-6 |c|, where x is
	// exp(-2e6)-small and only the log form exists (relative 1e-12).
	cases := []struct {
		pr         Problem
		a, b, s    float64
		degenerate bool
	}{
		{Problem{0.7, 0.4, 1, 0}, 0.3, 0.4, 0.3, false},       // c > 0, p1 > q1: x = P21, a = p2, b = q1, s = p1 - q1
		{Problem{0.3, 0.8, 2, 0}, 0.3, 0.2, 0.5, false},       // c > 0, p1 < q1: x = P12, a = p1, b = q2, s = q1 - p1
		{Problem{0.7, 0.4, -1, 0}, 0.7, 0.4, 0.1, true},       // placeholder fixed below
		{Problem{0.6, 0.6, 1, 0}, 0.6, 0.4, 0, true},          // p = q: degenerate
		{Problem{0.7, 0.3, -1, 0}, 0.7, 0.3, 0, true},         // c < 0, p1 + q1 = 1: degenerate
		{Problem{0.2, 0.35, -1.5, 0}, 0.2, 0.35, 0.45, false}, // c < 0: x = P11, s = p2 - q1
	}
	// c < 0, p1 = 0.7, q1 = 0.4: p2 - q1 = -0.1 < 0, so x = P22 with a = p2, b = q2, s = 0.1.
	cases[2] = struct {
		pr         Problem
		a, b, s    float64
		degenerate bool
	}{Problem{0.7, 0.4, -1, 0}, 0.3, 0.6, 0.1, false}
	for _, tc := range cases {
		c := math.Abs(tc.pr.C)
		asym := func(lambda float64) float64 { // ln of the asymptotic x
			if tc.degenerate {
				return -c/lambda + 0.5*math.Log(tc.a*tc.b)
			}
			return -2*c/lambda + math.Log(tc.a*tc.b/tc.s)
		}
		pr := tc.pr
		pr.Lambda = c / 10
		d := pr.OptimalPlan().Sub(pr.LPPlan()).L1()
		if r := d / (4 * math.Exp(asym(pr.Lambda))); math.Abs(r-1) > 1e-3 {
			t.Errorf("%+v: ||P* - P_LP||_1 = %.6g is %.6g times the asymptotic 4x", pr, d, r)
		}
		pr.Lambda = 1e-6 * c
		L := pr.OptimalLogPlan()
		lx := math.Min(math.Min(L[0], L[1]), math.Min(L[2], L[3]))
		if want := asym(pr.Lambda); math.Abs(lx-want) > 1e-12*math.Abs(want) {
			t.Errorf("%+v: ln x = %.17g, asymptotic %.17g", pr, lx, want)
		}
		if d := pr.OptimalPlan().Sub(pr.LPPlan()).L1(); d > 1e-15 {
			t.Errorf("%+v: at lambda = 1e-6 |c|, ||P* - P_LP||_1 = %g", pr, d)
		}
	}
}

func TestLargeLambdaRate(t *testing.T) {
	// Spec §2.6: P* -> p q^T as lambda -> infinity. Expanding the cross-ratio equation about
	// a = p1 q1 (doc.go) gives lambda ||P* - p q^T||_1 -> 8 |c| p1 p2 q1 q2, with a relative
	// correction O(|c|/lambda): check it shrinks tenfold per decade of lambda.
	for _, pr := range problems {
		if pr.C == 0 {
			continue
		}
		c := math.Abs(pr.C)
		want := 8 * c * pr.P1 * (1 - pr.P1) * pr.Q1 * (1 - pr.Q1)
		prev := math.Inf(1)
		for _, rel := range []float64{10, 100, 1000, 1e4} {
			pr.Lambda = rel * c
			d := pr.OptimalPlan().Sub(pr.Independent()).L1()
			e := math.Abs(pr.Lambda*d/want - 1)
			if e > 3/rel || (rel > 10 && e > prev/5) {
				t.Errorf("%+v: lambda ||P* - pq^T||_1 = %.8g, want -> %.8g (relative error %.3g, before %.3g)", pr, pr.Lambda*d, want, e, prev)
			}
			prev = e
		}
	}
}

func TestPythagoras2x2(t *testing.T) {
	// KL(P*||P_k) = KL(P*||P_{k+1}) + KL(P_{k+1}||P_k) holds exactly for every e-projection
	// onto an m-flat set containing P* (spec §2.3); numerically, to rounding. After the first
	// step every iterate has mass 1 and, with lambda >= 0.05 |c|, the KLs are at most about
	// 2|c|/lambda = 40, so 1e-12 absolute is a few hundred roundings of the largest term. The
	// first step starts from K, whose mass (and KL(P*||K)) can be huge for c < 0.
	rng := rand.New(rand.NewPCG(4, 2))
	for trial := 0; trial < 200; trial++ {
		pr := Problem{P1: 0.02 + 0.96*rng.Float64(), Q1: 0.02 + 0.96*rng.Float64(), C: 4 * (rng.Float64() - 0.5)}
		pr.Lambda = math.Abs(pr.C) * math.Pow(10, -1.3+3*rng.Float64())
		if pr.C == 0 {
			pr.Lambda = 1
		}
		r, err := NewRun(pr)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 60; k++ {
			st := r.Step()
			// P_0 = K has mass up to 2 exp(|c|/lambda) = 2e17 for c < 0, and KL(P*||K) with it:
			// the first step's gap is rounding relative to that.
			if st.Gap > 1e-12*math.Max(1, st.Before) || st.Move < 0 || st.After < 0 || (k > 0 && st.Gap > 1e-12) {
				t.Fatalf("%+v step %d: %+v", pr, k+1, st)
			}
		}
	}
	// At lambda = 1e-4 |c| KL(P*||K) is about |c|/lambda: the gap is rounding relative to it.
	r, err := NewRun(Problem{0.7, 0.4, 1, 1e-4})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 200; k++ {
		r.Step()
	}
	if g := r.MaxRelativeGap(); g > 1e-13 {
		t.Errorf("lambda = 1e-4: largest relative gap %g", g)
	}
}

// With c < 0 at small lambda, K = exp(-C/lambda) overflows (exp(1000) here), so KL(P*||K) and
// KL(P_1||K) are +Inf in float64; the first step's gap is then taken from their difference,
// which is finite. It must be a number, and at rounding level relative to KL(P*||P_1)'s scale,
// not NaN (a NaN gap reached state() as null).
func TestPythagorasWhenKOverflows(t *testing.T) {
	r, err := NewRun(Problem{P1: 0.7, Q1: 0.4, C: -1, Lambda: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	st := r.Step()
	if !math.IsInf(st.Before, 1) {
		t.Fatalf("KL(P*||K) = %g; this test needs it to overflow", st.Before)
	}
	if math.IsNaN(st.Gap) || st.Gap > 1e-12*math.Max(1, st.After) {
		t.Errorf("first step: gap %g (KL(P*||P_1) = %g)", st.Gap, st.After)
	}
	for k := 0; k < 40; k++ {
		if st := r.Step(); math.IsNaN(st.Gap) || st.Gap > 1e-12 {
			t.Fatalf("step %d: %+v", k+2, st)
		}
	}
}

func TestPythagorasNxM(t *testing.T) {
	// The same relation on random n x m problems, with core/sinkhorn's solver making each
	// projection and P* its own fixed point (marginal error < 1e-14, so P* is in M_p and M_q to
	// that error, which enters the relation times |ln(P_{k+1}/P_k)| <= 10 here).
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := 0; trial < 40; trial++ {
		n, m := 2+rng.IntN(7), 2+rng.IntN(7)
		p, q, C := make([]float64, n), make([]float64, m), make([]float64, n*m)
		for i := range p {
			p[i] = 0.05 + rng.Float64()
		}
		for j := range q {
			q[j] = 0.05 + rng.Float64()
		}
		for k := range C {
			C[k] = rng.Float64()
		}
		sp, err := sinkhorn.NewProblem(p, q, C)
		if err != nil {
			t.Fatal(err)
		}
		lambda := math.Pow(10, -1+1.5*rng.Float64())
		ref, _ := sinkhorn.New(sp, lambda, sinkhorn.Options{})
		if _, ok := ref.Solve(1e-14, 100000); !ok {
			t.Fatal("reference did not converge")
		}
		opt := logs(ref.Plan(nil))
		s, _ := sinkhorn.New(sp, lambda, sinkhorn.Options{})
		prev := make([]float64, n*m)
		for k := range prev {
			prev[k] = -C[k] / lambda // ln K
		}
		for k := 0; k < 30; k++ {
			s.Step()
			cur := logs(s.Plan(nil))
			before, after, move := KLLog(opt, prev), KLLog(opt, cur), KLLog(cur, prev)
			if gap := math.Abs(before - after - move); gap > 1e-12 {
				t.Fatalf("trial %d (%dx%d, lambda %.3g) projection %d: KL %.17g = %.17g + %.17g, gap %.3g", trial, n, m, lambda, k+1, before, after, move, gap)
			}
			prev = cur
		}
	}
}

func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for k, v := range x {
		out[k] = math.Log(v)
	}
	return out
}

func TestKLLogMatchesKL(t *testing.T) {
	// Two forms of one definition: they agree where no entry underflows, and KLLog is finite
	// where P's entries are exp(-1e6) (KL's P ln(P/Q) would be 0 ln 0).
	P := []float64{0.2, 0.3, 0.1, 0.4}
	Q := []float64{0.25, 0.25, 0.3, 0.3}
	if a, b := KL(P, Q), KLLog(logs(P), logs(Q)); math.Abs(a-b) > 1e-16 {
		t.Errorf("KL %.17g, KLLog %.17g", a, b)
	}
	if KL(P, P) != 0 || KLLog(logs(P), logs(P)) != 0 {
		t.Error("KL(P||P) != 0")
	}
	lp := []float64{-1e6, math.Log(0.5), math.Log(0.5), -2e6}
	lq := []float64{-1e6 + 1, math.Log(0.4), math.Log(0.6), -2e6}
	want := 0.5*math.Log(0.5/0.4) - 0.5 + 0.4 + 0.5*math.Log(0.5/0.6) - 0.5 + 0.6
	if got := KLLog(lp, lq); math.Abs(got-want) > 1e-16 {
		t.Errorf("KLLog with underflowing entries %.17g, want %.17g", got, want)
	}
}

func TestEmbedding(t *testing.T) {
	pr := Problem{0.7, 0.4, 1, 0.5}
	// The vertices are the cells: a plan with all its mass in one cell is that vertex.
	for k := range Vertices {
		var P Plan
		P[k] = 1
		if Embed(P) != Vertices[k] {
			t.Errorf("cell %d embeds at %v", k, Embed(P))
		}
	}
	// x, y, z are the row marginal, the column marginal and the diagonal mass (doc.go).
	P := pr.OptimalPlan()
	v := Embed(P)
	if math.Abs(v.X-(2*pr.P1-1)) > 1e-15 || math.Abs(v.Y-(2*pr.Q1-1)) > 1e-15 || math.Abs(v.Z-(2*(P[0]+P[3])-1)) > 1e-15 {
		t.Errorf("P* embeds at %v", v)
	}
	// M_p's corners have row marginal p (x = 2 p1 - 1), M_q's column marginal q.
	for _, c := range RowPlane(pr.P1) {
		if math.Abs(c.X-(2*pr.P1-1)) > 1e-15 {
			t.Errorf("M_p corner %v off the plane x = %g", c, 2*pr.P1-1)
		}
	}
	for _, c := range ColPlane(pr.Q1) {
		if math.Abs(c.Y-(2*pr.Q1-1)) > 1e-15 {
			t.Errorf("M_q corner %v off the plane y = %g", c, 2*pr.Q1-1)
		}
	}
	// P* lies on U(p,q), between its ends.
	lo, hi := pr.Segment()
	a, b := Embed(lo), Embed(hi)
	if d := a.Dist(v) + v.Dist(b) - a.Dist(b); math.Abs(d) > 1e-14 {
		t.Errorf("P* is %.3g off the segment U(p,q)", d)
	}
	// The mesh: a curve of fixed row marginal lies in a plane x = const, and every point of the
	// mesh has K's cross ratio (it is on E_K).
	marg, rows, cols := pr.EKMesh(5, 30)
	for i, m := range marg {
		for k := range rows[i] {
			if math.Abs(rows[i][k].X-(2*m-1)) > 1e-14 || math.Abs(cols[i][k].Y-(2*m-1)) > 1e-14 {
				t.Fatalf("mesh line %d point %d: %v, %v", i, k, rows[i][k], cols[i][k])
			}
		}
	}
	// An e-geodesic of a row projection stays on E_K: its normalised points keep the cross ratio.
	r, _ := NewRun(pr)
	from := r.LogPlan()
	r.Step()
	for _, w := range EGeodesic(from, r.LogPlan(), 9) {
		Q := invEmbed(w)
		if cr := math.Log(Q[0] * Q[3] / (Q[1] * Q[2])); math.Abs(cr-2*pr.C/pr.Lambda) > 1e-12 {
			t.Errorf("e-geodesic point %v has ln cross ratio %g, want %g", w, cr, 2*pr.C/pr.Lambda)
		}
	}
	// The projection lands on M_p.
	if w := Embed(r.Plan()); math.Abs(w.X-(2*pr.P1-1)) > 1e-15 {
		t.Errorf("P_1 at %v, not on M_p", w)
	}
}

// invEmbed recovers a plan of mass 1 from its point: the four equations x, y, z and mass.
func invEmbed(v Vec3) Plan {
	return Plan{(1 + v.X + v.Y + v.Z) / 4, (1 + v.X - v.Y - v.Z) / 4, (1 - v.X + v.Y - v.Z) / 4, (1 - v.X - v.Y + v.Z) / 4}
}

func TestCameraKeepsLengths(t *testing.T) {
	// An orthographic camera is a rotation: screen distance and depth together keep lengths.
	c := Camera{Yaw: 37, Pitch: 21}
	for _, e := range Edges {
		ax, ay, ad := c.Project(Vertices[e[0]])
		bx, by, bd := c.Project(Vertices[e[1]])
		if l := math.Sqrt(sq(ax-bx) + sq(ay-by) + sq(ad-bd)); math.Abs(l-Vertices[e[0]].Dist(Vertices[e[1]])) > 1e-14 {
			t.Errorf("edge %v has length %g after projection", e, l)
		}
	}
}

func TestParse(t *testing.T) {
	get := func(q string) (Params, error) { return Parse(param.LookupQuery(q)) }
	pr, err := get("")
	if err != nil || pr != DefaultParams() {
		t.Fatalf("defaults: %+v, %v", pr, err)
	}
	for _, bad := range []struct{ q, param string }{
		{"p1=1.5", "p1"}, {"q1=0", "q1"}, {"c=nan", "c"}, {"lambda=-1", "lambda"}, {"lambda=1e-9", "lambda"},
		{"tol=0", "tol"}, {"pitch=120", "pitch"}, {"preset=nope", "preset"}, {"p1=", "p1"},
	} {
		_, err := get(bad.q)
		var pe *param.Error
		if !errors.As(err, &pe) || pe.Param != bad.param || pe.Msg == "" {
			t.Errorf("%s: %v, want an error about %s", bad.q, err, bad.param)
		}
	}
	for _, p := range Presets() {
		pr, err := get("preset=" + p.Name)
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
		back, err := get(pr.Encode())
		if err != nil || back != pr {
			t.Errorf("preset %s: Encode round trip %+v, %v", p.Name, back, err)
		}
	}
	pr, _ = get("yaw=400&pitch=-10")
	if pr.Yaw != 40 || pr.Pitch != -10 {
		t.Errorf("yaw 400 -> %g", pr.Yaw)
	}
}
