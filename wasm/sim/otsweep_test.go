package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/lambdadiv"
	"solvable/core/sinkhorn"
	"solvable/render/recorder"
)

const sweepSpecQuery = "model=otsweep&x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"

// runToEnd ticks a runner at max speed until its model settles.
func runToEnd(t *testing.T, r *Runner) map[string]any {
	t.Helper()
	for k := 0; k < 100000 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, 5*time.Millisecond)
	}
	if !r.Model.Settled() {
		t.Fatal("the sweep did not finish")
	}
	st := r.State(true)
	encodes(t, st)
	return st
}

func floatsOf(t *testing.T, v any) []float64 {
	t.Helper()
	switch x := v.(type) {
	case []float64:
		return x
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			if e == nil {
				out[i] = math.NaN()
				continue
			}
			out[i] = e.(float64)
		}
		return out
	}
	t.Fatalf("not a list of numbers: %T", v)
	return nil
}

// The sweep in the simulator equals independent single-λ solves (core/sinkhorn, from P_0 = K)
// to 1e-9, and its W is the exact 1-D optimum.
func TestSweepModelMatchesSingleSolves(t *testing.T) {
	r := newRunner(t, sweepSpecQuery+"&tol=1e-12&points=9&lmin=0.001&lmax=10")
	st := runToEnd(t, r)
	if st["error"] != "" || st["converged"] != true || st["done"] != 9 {
		t.Fatalf("error %q, converged %v, done %v", st["error"], st["converged"], st["done"])
	}
	lambdas := floatsOf(t, st["lambdas"])
	if len(lambdas) != 9 { // 9 log-spaced values, one of which is the marked lambda = 0.1
		t.Fatalf("%d lambdas", len(lambdas))
	}
	if st["markIndex"] != 4 || math.Abs(lambdas[4]-0.1) > 1e-15 {
		t.Errorf("mark at %v: %v", st["markIndex"], lambdas)
	}
	x := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	p := []float64{0.3, 0.25, 0.2, 0.1, 0.1, 0.05}
	q := []float64{0.05, 0.1, 0.1, 0.15, 0.25, 0.35}
	prob, _ := sinkhorn.NewProblem1D(x, x, p, q, sinkhorn.CostSquared)
	tc, obj := floatsOf(t, st["transportCost"]), floatsOf(t, st["objective"])
	sd, pd := floatsOf(t, st["sinkhornDivergence"]), floatsOf(t, st["planDivergence"])
	for k, lam := range lambdas {
		s, _ := sinkhorn.New(prob, lam, sinkhorn.Options{})
		if _, ok := s.Solve(1e-12, 1000000); !ok {
			t.Fatalf("lambda %g: no convergence", lam)
		}
		d, err := sinkhorn.PlanDivergence1D(x, p, q, sinkhorn.CostSquared, lam, 1e-12, 1000000)
		if err != nil {
			t.Fatal(err)
		}
		var self [2]float64
		for i, w := range [][]float64{p, q} {
			pr, _ := sinkhorn.NewProblem1D(x, x, w, w, sinkhorn.CostSquared)
			ss, _ := sinkhorn.NewSelfTransport(pr, lam)
			ss.Solve(1e-12, 100000)
			self[i] = ss.Objective()
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"<C,P>", tc[k], s.TransportCost()}, {"objective", obj[k], s.Objective()},
			{"S", sd[k], s.Objective() - self[0]/2 - self[1]/2}, {"D", pd[k], d}} {
			if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
				t.Errorf("lambda %g: %s = %.12g, single solve %.12g", lam, c.name, c.got, c.want)
			}
		}
	}
	w, _, _ := sinkhorn.Exact1D(x, p, x, q, sinkhorn.CostSquared)
	if st["wasserstein"] != w || math.Abs(w-0.18) > 1e-15 {
		t.Errorf("wasserstein %v, exact %v", st["wasserstein"], w)
	}
	if kl := st["klPQ"].(float64); math.Abs(kl-0.6757588684) > 1e-10 {
		t.Errorf("klPQ %v", kl)
	}
	// The papers' divergences (core/lambdadiv) are there with their labels.
	ako := floatsOf(t, st["akoDivergence"])
	if len(ako) != 9 || math.IsNaN(ako[0]) || !strings.Contains(st["akoLabel"].(string), "derived") && st["akoConfirmed"] == false {
		t.Errorf("ako %v label %q", ako, st["akoLabel"])
	}
	rec := recorder.New(1000, 640)
	r.Model.Draw(rec, r.Err)
	if err := rec.CheckFinite(); err != nil {
		t.Error(err)
	}
	if !rec.HasText("Sweep complete") {
		t.Error("the canvas does not say the sweep is complete")
	}
}

// While the sweep streams, the arrays have null for every λ not reached yet, and a Step is
// bounded: with a fake clock that advances 1 µs per read, a tick of 1 ms does few steps.
func TestSweepModelStreams(t *testing.T) {
	r := newRunner(t, "model=otsweep&n=40")
	r.Tick(1.0/60, 200*time.Microsecond)
	st := r.State(false)
	encodes(t, st)
	done := st["done"].(int)
	tc := st["transportCost"].([]any)
	if done >= len(tc) || tc[len(tc)-1] != nil {
		t.Fatalf("done %d of %d after one short tick", done, len(tc))
	}
	for k := 0; k < done; k++ {
		if tc[k] == nil {
			t.Errorf("lambda %d finished but null", k)
		}
	}
	st = runToEnd(t, r)
	if st["converged"] != true || st["done"] != 41 || st["lambda"] != 0.01 {
		t.Errorf("converged %v done %v marker %v", st["converged"], st["done"], st["lambda"])
	}
}

func TestSweepModelBadInputSaysWhy(t *testing.T) {
	cases := []struct{ query, param string }{
		{"model=otsweep&lmin=0", "lmin"},
		{"model=otsweep&lmin=abc", "lmin"},
		{"model=otsweep&lmax=-1", "lmax"},
		{"model=otsweep&lmin=1e-6", "lmin"},
		{"model=otsweep&lmax=1e6", "lmax"},
		{"model=otsweep&lmin=10&lmax=1", "lmin"},
		{"model=otsweep&lmin=1000", "lmin"},
		{"model=otsweep&points=1", "points"},
		{"model=otsweep&points=x", "points"},
		{"model=otsweep&preset=nope", "preset"},
		{"model=otsweep&p=1,-2,3", "p"},
		{"model=otsweep&lambda=0", "lambda"},
	}
	for _, tc := range cases {
		r := newRunner(t, tc.query)
		r.Tick(1.0/60, time.Millisecond)
		st := r.State(true)
		encodes(t, st)
		if st["error"] == "" || st["errorParam"] != tc.param {
			t.Errorf("%s: error %q about %q, want one about %q", tc.query, st["error"], st["errorParam"], tc.param)
		}
		if msg := st["error"].(string); len(msg) < 20 || !strings.HasSuffix(strings.TrimSpace(msg), ".") {
			t.Errorf("%s: %q is not a sentence", tc.query, msg)
		}
		rec := recorder.New(640, 480)
		r.Model.Draw(rec, r.Err)
		if !rec.HasText(r.Err) {
			t.Errorf("%s: the canvas does not show the error", tc.query)
		}
	}
}

func TestSweepModelPresetsAndParams(t *testing.T) {
	for _, p := range sinkhorn.SweepPresets() {
		r := newRunner(t, "model=otsweep&preset="+p.Name)
		if r.Err != "" {
			t.Errorf("preset %s: %s", p.Name, r.Err)
		}
		// The canonical query reproduces the problem.
		q := "model=otsweep"
		for k, v := range r.Model.Params() {
			if k != "model" {
				q += "&" + k + "=" + v
			}
		}
		r2 := newRunner(t, q)
		if r2.Err != "" || !equalParams(r.Model.Params(), r2.Model.Params()) {
			t.Errorf("preset %s: params %v do not round-trip (%v, %s)", p.Name, r.Model.Params(), r2.Model.Params(), r2.Err)
		}
	}
	// The holes preset says why there is no KL asymptote.
	r := newRunner(t, "model=otsweep&preset=holes&points=5")
	st := runToEnd(t, r)
	if st["klPQ"] != nil || !strings.Contains(st["klNote"].(string), "infinite") {
		t.Errorf("holes: klPQ %v note %q", st["klPQ"], st["klNote"])
	}
}

func equalParams(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Pressing over the plots picks the nearest λ; the readout then shows it.
func TestSweepModelPointerPicksLambda(t *testing.T) {
	r := newRunner(t, sweepSpecQuery+"&points=11")
	runToEnd(t, r)
	m := r.Model.(*sweepModel)
	rec := recorder.New(1000, 640)
	m.Draw(rec, "")
	xm := m.xmap
	if !xm.OK {
		t.Fatal("no x map after drawing")
	}
	// λ = 1 sits at log10 = 0 on the axis.
	x := xm.Left + (0-xm.LogMin)/(xm.LogMax-xm.LogMin)*(xm.Right-xm.Left)
	if !m.Pointer(x, (xm.Top+xm.Bottom)/2, 1000, 640, true) {
		t.Fatal("the press changed nothing")
	}
	if lam := m.sweep.Lambdas()[m.hover]; math.Abs(lam-1) > 1e-9 {
		t.Errorf("picked lambda %g, want 1", lam)
	}
	rec = recorder.New(1000, 640)
	m.Draw(rec, "")
	if !rec.HasText("λ (under pointer)") {
		t.Error("the readout does not show the picked lambda")
	}
	if !m.Pointer(5, 5, 1000, 640, true) || m.hover != -1 {
		t.Error("a press outside the plots should clear the pick")
	}
	// A mouse moving with no button down picks too (main.go passes it to a Hoverer), and
	// state() names the λ shown.
	var h Hoverer = m
	if !h.Hover(x, (xm.Top+xm.Bottom)/2, 1000, 640) {
		t.Fatal("hovering changed nothing")
	}
	if lam, _ := r.State(false)["shownLambda"].(float64); math.Abs(lam-1) > 1e-9 {
		t.Errorf("state().shownLambda = %v after hovering at λ = 1", r.State(false)["shownLambda"])
	}
}

// The papers' divergences shown by the sweep equal core/lambdadiv's, computed from scratch at
// every λ by lambdadiv.Compute, to 1e-9: the sweep evaluates lambdadiv's definitions from its own
// plans (see publishedDivergences), and this test is what ties the two together.
func TestSweepModelMatchesLambdadiv(t *testing.T) {
	for _, q := range []string{sweepSpecQuery + "&tol=1e-12&points=9&lmin=0.001&lmax=100", "model=otsweep&n=25&tol=1e-12&points=7&lmin=0.003&lmax=30"} {
		r := newRunner(t, q)
		st := runToEnd(t, r)
		m := r.Model.(*sweepModel)
		prob := m.prob
		ako, akoc := floatsOf(t, st["akoDivergence"]), floatsOf(t, st["akocDivergence"])
		for k, lam := range floatsOf(t, st["lambdas"]) {
			v, err := lambdadiv.Compute(prob.P, prob.Q, prob.C, lam)
			if err != nil {
				t.Fatalf("%s: lambda %g: %v", q, lam, err)
			}
			if math.Abs(ako[k]-v.AKO) > 1e-9*math.Max(1, math.Abs(v.AKO)) || math.Abs(akoc[k]-v.AKOC) > 1e-9*math.Max(1, math.Abs(v.AKOC)) {
				t.Errorf("%s: lambda %g: sweep AKO %.12g AKOC %.12g, lambdadiv %.12g %.12g", q, lam, ako[k], akoc[k], v.AKO, v.AKOC)
			}
		}
		if st["akoConfirmed"] != lambdadiv.AKOConfirmed || st["akocConfirmed"] != lambdadiv.AKOCConfirmed {
			t.Errorf("confirmed flags %v %v", st["akoConfirmed"], st["akocConfirmed"])
		}
		want := map[bool]string{true: "published", false: "derived"}
		if !strings.Contains(st["akoLabel"].(string), want[lambdadiv.AKOConfirmed]) || !strings.Contains(st["akocLabel"].(string), want[lambdadiv.AKOCConfirmed]) {
			t.Errorf("labels %q %q", st["akoLabel"], st["akocLabel"])
		}
	}
	// Where lambdadiv refuses (q empty where p is not), the sweep shows neither value and says why.
	r := newRunner(t, "model=otsweep&preset=holes&points=4")
	st := runToEnd(t, r)
	for _, k := range []string{"akoDivergence", "akocDivergence"} {
		for _, v := range st[k].([]any) {
			if v != nil {
				t.Errorf("holes: %s has %v", k, v)
			}
		}
	}
	if note, _ := st["divergenceNote"].(string); !strings.Contains(note, "infinite") {
		t.Errorf("holes: note %q", note)
	}
}

func TestCoarsenKeepsMass(t *testing.T) {
	src := make([]float64, 7*5)
	for k := range src {
		src[k] = float64(k + 1)
	}
	got, n, m := coarsen(nil, src, 7, 5, 3)
	if n != 3 || m != 3 {
		t.Fatalf("%d x %d blocks", n, m)
	}
	total := 0.0
	for _, x := range got {
		total += x
	}
	// Blocks of 3 rows and 2 columns; the first holds rows 0-2, columns 0-1.
	if total != 35*36/2 || got[0] != 1+2+6+7+11+12 {
		t.Errorf("blocks %v (total %g)", got, total)
	}
	same, n, m := coarsen(nil, src, 7, 5, 10)
	if n != 7 || m != 5 || same[34] != 35 {
		t.Errorf("a small plan should pass unchanged")
	}
}
