package otcloud

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"solvable/core/param"
	"solvable/core/sinkhorn"
)

// bruteAssignment tries every permutation (Heap's algorithm): the independent answer for
// small n.
func bruteAssignment(n int, c []float64) float64 {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	best := math.Inf(1)
	eval := func() {
		s := 0.0
		for i, j := range perm {
			s += c[i*n+j]
		}
		best = math.Min(best, s)
	}
	var heap func(k int)
	heap = func(k int) {
		if k == 1 {
			eval()
			return
		}
		for i := 0; i < k-1; i++ {
			heap(k - 1)
			if k%2 == 0 {
				perm[i], perm[k-1] = perm[k-1], perm[i]
			} else {
				perm[0], perm[k-1] = perm[k-1], perm[0]
			}
		}
		heap(k - 1)
	}
	heap(n)
	return best
}

func TestAssignmentAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 60; trial++ {
		n := 1 + trial%8
		c := make([]float64, n*n)
		for k := range c {
			c[k] = rng.Float64()
			if trial%3 == 0 {
				c[k] = float64(rng.IntN(4)) // ties
			}
		}
		a := NewAssignment(n, c)
		a.Solve()
		perm, total := a.Result()
		seen := make([]bool, n)
		for _, j := range perm {
			if seen[j] {
				t.Fatalf("n=%d: %v is not a permutation", n, perm)
			}
			seen[j] = true
		}
		if want := bruteAssignment(n, c); math.Abs(total-want) > 1e-12 {
			t.Errorf("trial %d n=%d: Hungarian %.15g, brute force %.15g", trial, n, total, want)
		}
	}
}

func randomCloud(rng *rand.Rand, n int, cx float64) []Point {
	p := make([]Point, n)
	for i := range p {
		p[i] = Point{cx + 0.3*rng.NormFloat64(), 0.3 * rng.NormFloat64()}
	}
	return p
}

// lpTransport solves min <C,P> over couplings of uniform weights by gonum's simplex (tests
// only): the independent value for the exact solver, including na != nb.
func lpTransport(t *testing.T, a, b []Point) float64 {
	na, nb := len(a), len(b)
	C := Cost(a, b, nil)
	// Row sums 1/na (na equations) and the first nb-1 column sums 1/nb; the last column
	// constraint follows from the others and would make A rank-deficient.
	rows := na + nb - 1
	A := mat.NewDense(rows, na*nb, nil)
	rhs := make([]float64, rows)
	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			A.Set(i, i*nb+j, 1)
			if j < nb-1 {
				A.Set(na+j, i*nb+j, 1)
			}
		}
		rhs[i] = 1 / float64(na)
	}
	for j := 0; j < nb-1; j++ {
		rhs[na+j] = 1 / float64(nb)
	}
	opt, _, err := lp.Simplex(C, A, rhs, 1e-12, nil)
	if err != nil {
		t.Fatalf("lp.Simplex: %v", err)
	}
	return opt
}

func TestExactAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{12, 12}, {6, 9}, {10, 4}, {7, 7}} {
		a, b := randomCloud(rng, sz[0], -0.3), randomCloud(rng, sz[1], 0.3)
		e, err := NewExact(len(a), len(b), Cost(a, b, nil))
		if err != nil {
			t.Fatal(err)
		}
		e.Solve()
		want := lpTransport(t, a, b)
		if math.Abs(e.W()-want) > 1e-9 {
			t.Errorf("na=%d nb=%d: exact W %.12g, LP %.12g", sz[0], sz[1], e.W(), want)
		}
		// The links form a coupling of the uniform weights with cost W.
		rows, cols := make([]float64, len(a)), make([]float64, len(b))
		cost := 0.0
		C := Cost(a, b, nil)
		for _, l := range e.Links() {
			rows[l.I] += l.Mass
			cols[l.J] += l.Mass
			cost += l.Mass * C[l.I*len(b)+l.J]
		}
		for i, r := range rows {
			if math.Abs(r-1/float64(len(a))) > 1e-12 {
				t.Errorf("na=%d nb=%d: row %d of the exact plan sums to %g", sz[0], sz[1], i, r)
			}
		}
		for j, c := range cols {
			if math.Abs(c-1/float64(len(b))) > 1e-12 {
				t.Errorf("na=%d nb=%d: column %d of the exact plan sums to %g", sz[0], sz[1], j, c)
			}
		}
		if math.Abs(cost-e.W()) > 1e-12 {
			t.Errorf("links cost %g, W %g", cost, e.W())
		}
	}
}

// TestTranslateExact: if B is A shifted by s, then for any permutation sigma,
// sum |a_i - a_sigma(i) - s|^2 = sum |a_i - a_sigma(i)|^2 + n|s|^2 (the cross term
// -2 s . sum (a_i - a_sigma(i)) vanishes), so the identity is optimal and W_2^2 = |s|^2 exactly.
func TestTranslateExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{5, 40, 200} {
		a := randomCloud(rng, n, 0)
		s := Point{0.6, -0.25}
		b := make([]Point, n)
		for i, p := range a {
			b[(i*7)%n] = Point{p[0] + s[0], p[1] + s[1]} // shuffled when gcd(7, n) = 1
		}
		e, err := NewExact(n, n, Cost(a, b, nil))
		if err != nil {
			t.Fatal(err)
		}
		e.Solve()
		want := s[0]*s[0] + s[1]*s[1]
		if math.Abs(e.W()-want) > 1e-12 {
			t.Errorf("n=%d: W = %.15g, want |s|^2 = %.15g", n, e.W(), want)
		}
	}
}

// TestSinkhornTendsToW checks the entropic cost against the exact one as lambda shrinks. From
// optimality of P_lambda for <C,P> - lambda H(P): <C,P_lambda> - W <= lambda (H(P_lambda) - H(P*))
// <= lambda (ln(n^2) - ln n) = lambda ln n when P* is a permutation (H = ln n). So the gap
// lies in [0, lambda ln n], and it shrinks with lambda.
func TestSinkhornTendsToW(t *testing.T) {
	pr := DefaultParams()
	a, b := pr.Clouds()
	n := len(a)
	e, _ := NewExact(n, n, Cost(a, b, nil))
	e.Solve()
	w := e.W()
	prev := math.Inf(1)
	for _, lambda := range []float64{0.1, 0.03, 0.01, 0.003, 0.001} {
		prob, err := NewProblem(a, b, lambda)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := sinkhorn.New(prob, lambda, sinkhorn.Options{})
		if _, ok := s.Solve(1e-12, 1_000_000); !ok {
			t.Fatalf("lambda=%g did not converge", lambda)
		}
		gap := s.TransportCost() - w
		t.Logf("lambda=%g: <C,P> = %.10f, W = %.10f, gap %.3g (bound %.3g)", lambda, s.TransportCost(), w, gap, lambda*math.Log(float64(n)))
		if gap < -1e-12 || gap > lambda*math.Log(float64(n)) {
			t.Errorf("lambda=%g: gap %.3g outside [0, lambda ln n = %.3g]", lambda, gap, lambda*math.Log(float64(n)))
		}
		if gap >= prev {
			t.Errorf("lambda=%g: gap %.3g did not shrink (was %.3g)", lambda, gap, prev)
		}
		prev = gap
	}
}

// TestExactUnequalLarger checks the transportation solver on sizes whose lcm is large (the
// assignment of copies would be huge) against the LP, and that a large unequal problem finishes
// with a basic optimal plan.
func TestExactUnequalLarger(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sz := range [][2]int{{13, 17}, {30, 31}} {
		a, b := randomCloud(rng, sz[0], -0.3), randomCloud(rng, sz[1], 0.3)
		e, _ := NewExact(len(a), len(b), Cost(a, b, nil))
		e.Solve()
		if want := lpTransport(t, a, b); math.Abs(e.W()-want) > 1e-9 {
			t.Errorf("na=%d nb=%d: exact W %.12g, LP %.12g", sz[0], sz[1], e.W(), want)
		}
	}
	const na, nb = 120, 119
	a, b := randomCloud(rng, na, -0.3), randomCloud(rng, nb, 0.3)
	e, err := NewExact(na, nb, Cost(a, b, nil))
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for !e.Done() {
		e.Step()
		steps++
	}
	if math.IsNaN(e.W()) || len(e.Links()) < na {
		t.Fatalf("%d x %d: W = %v with %d links", na, nb, e.W(), len(e.Links()))
	}
	// A basic optimal plan has at most na + nb - 1 non-zero entries.
	if len(e.Links()) > na+nb-1 {
		t.Errorf("%d x %d: %d links, more than na + nb - 1", na, nb, len(e.Links()))
	}
	rows := make([]float64, na)
	for _, l := range e.Links() {
		rows[l.I] += l.Mass
	}
	for i, r := range rows {
		if math.Abs(r-1.0/na) > 1e-12 {
			t.Errorf("row %d sums to %v", i, r)
		}
	}
	t.Logf("%d x %d: %d augmenting paths, %d links", na, nb, steps, len(e.Links()))
	if _, err := NewExact(2, 2, []float64{0, math.NaN(), 1, 0}); err == nil {
		t.Errorf("a NaN cost should be refused")
	}
}

func parse(t *testing.T, q string) (Params, error) {
	t.Helper()
	return Parse(param.LookupQuery(q))
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ q, param, want string }{
		{"a=", "a", "is empty"},
		{"a=0,0;1", "a", "point 2 (\"1\") has only one number"},
		{"a=0,0;1,2,3", "a", "has 3 numbers"},
		{"a=0,x", "a", "not a pair"},
		{"b=0,1e9", "b", "between -100 and 100"},
		{"na=0", "na", "from 1 to 200"},
		{"nb=201", "nb", "from 1 to 200"},
		{"shapea=cube", "shapea", "must be one of"},
		{"lambda=-1", "lambda", "positive"},
		{"lambda=abc", "lambda", "positive number"},
		{"tol=0", "tol", "tol"},
		{"seed=-2", "seed", "whole number"},
		{"preset=nope", "preset", "no preset"},
		{"exact=2", "exact", "0 (entropic plan only) or 1"},
	} {
		_, err := parse(t, tc.q)
		pe, ok := err.(*param.Error)
		if !ok || pe.Param != tc.param || !strings.Contains(pe.Msg, tc.want) {
			t.Errorf("%s: got %v, want an error about %s containing %q", tc.q, err, tc.param, tc.want)
		}
	}
	pr, err := parse(t, "lambda=1e-9")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pr.Problem(); err == nil || err.(*param.Error).Param != "lambda" {
		t.Errorf("lambda far below max C: want an error about lambda, got %v", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, q := range []string{"", "a=0,0;1,0.5&lambda=0.02", "shapea=moons&nb=12&seed=9&lambda=0.3&tol=1e-6&exact=1", "preset=shift", "preset=uneven"} {
		pr, err := parse(t, q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		enc := pr.Encode()
		pr2, err := parse(t, enc)
		if err != nil {
			t.Fatalf("%q -> %q: %v", q, enc, err)
		}
		if enc2 := pr2.Encode(); enc2 != enc {
			t.Errorf("%q: Encode not stable: %q then %q", q, enc, enc2)
		}
		a1, b1 := pr.Clouds()
		a2, b2 := pr2.Clouds()
		if FormatPoints(a1) != FormatPoints(a2) || FormatPoints(b1) != FormatPoints(b2) {
			t.Errorf("%q: clouds changed through %q", q, enc)
		}
	}
	// Listed points: the semicolon is escaped, so net/url reads the query back.
	pr := Params{A: []Point{{0, 0}, {0.5, -1}}, ShapeB: "ring", NB: 5, Seed: 1, Lambda: 0.01, Tol: DefaultTol}
	if enc := pr.Encode(); enc != "a=0,0%3B0.5,-1&nb=5&lambda=0.01" {
		t.Errorf("Encode = %q", enc)
	}
	// A shape or count key regenerates a cloud even when its points are listed.
	pr, _ = parse(t, "a=0,0;1,1&na=4")
	if pr.A != nil || pr.NA != 4 {
		t.Errorf("na should regenerate A: %+v", pr)
	}
	// ... but a preset's shape and count do not: dragged points survive a preset in the URL.
	pr, _ = parse(t, "preset=ring&a=0,0;1,1")
	if len(pr.A) != 2 || pr.NA != 2 || pr.B != nil || pr.ShapeB != "ring" {
		t.Errorf("preset=ring&a=...: %+v", pr)
	}
}

func TestPresetsBuild(t *testing.T) {
	for _, p := range Presets() {
		pr, err := parse(t, "preset="+p.Name)
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		prob, err := pr.Problem()
		if err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		if prob.N < 1 || prob.M < 1 {
			t.Errorf("preset %s: empty", p.Name)
		}
	}
	// The shift preset: B is A moved by (1, 0.2), so W = 1^2 + 0.2^2 = 1.04 exactly
	// (TestTranslateExact says why).
	pr, _ := parse(t, "preset=shift")
	a, b := pr.Clouds()
	e, _ := NewExact(len(a), len(b), Cost(a, b, nil))
	e.Solve()
	if math.Abs(e.W()-1.04) > 1e-12 {
		t.Errorf("shift preset: W = %.15g, want 1.04", e.W())
	}
	// The default view is the first preset's problem.
	d, _ := parse(t, "")
	r, _ := parse(t, "preset=ring")
	if d.Encode() != r.Encode() {
		t.Errorf("default %q differs from preset ring %q", d.Encode(), r.Encode())
	}
}

func TestGenerateDeterministicAndRounded(t *testing.T) {
	for _, sh := range Shapes {
		p1 := Generate(sh, 50, Point{0.5, 0}, true, rand.New(rand.NewPCG(3, 4)))
		p2 := Generate(sh, 50, Point{0.5, 0}, true, rand.New(rand.NewPCG(3, 4)))
		if FormatPoints(p1) != FormatPoints(p2) {
			t.Errorf("%s: not deterministic", sh)
		}
		for _, p := range p1 {
			for _, c := range p {
				if c != Round(c) || math.Abs(c) > 2 {
					t.Errorf("%s: coordinate %v not rounded or far out", sh, c)
				}
			}
		}
	}
}

func BenchmarkAssignment200(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := randomCloud(rng, 200, 0), randomCloud(rng, 200, 0.5)
	C := Cost(x, y, nil)
	for b.Loop() {
		e, _ := NewExact(200, 200, C)
		e.Solve()
	}
}
