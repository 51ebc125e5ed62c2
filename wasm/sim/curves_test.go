package sim

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"solvable/core/learncurve"
	"solvable/core/param"
	"solvable/core/spectrum"
	"solvable/render/recorder"
)

// curvesRun ticks a curves runner at max speed until every seed is done and returns its state.
func curvesRun(t *testing.T, query string) (*Runner, map[string]any) {
	t.Helper()
	r := newRunner(t, query)
	if r.Err != "" {
		t.Fatalf("%s: %s", query, r.Err)
	}
	for k := 0; k < 1000000 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, 8*time.Millisecond)
	}
	if !r.Model.Settled() {
		t.Fatalf("%s: the simulation did not finish", query)
	}
	st := r.State(false)
	encodes(t, st)
	return r, st
}

// curvesSim reads state().sim as (n, mean, stderr, seeds, theory) rows.
func curvesSim(t *testing.T, st map[string]any) (n, mean, se, theory []float64, seeds []int) {
	t.Helper()
	for _, row := range st["sim"].([]map[string]any) {
		n = append(n, float64(row["n"].(int)))
		seeds = append(seeds, row["seeds"].(int))
		get := func(k string) float64 {
			if x, ok := row[k].(float64); ok {
				return x
			}
			return math.NaN()
		}
		mean, se, theory = append(mean, get("mean")), append(se, get("stderr")), append(theory, get("theory"))
	}
	return
}

// The talk's kernel (ReLU NTK, L = 3, S^9) up to N = 50: every simulated mean lies within 3
// standard errors of the replica theory (20 seeds per point, seed 1; krsim measured the theory
// within about 1% of the simulation on S^9), the theory drawn is learncurve's, and the state
// says the run converged.
func TestCurvesAgainstTheory(t *testing.T) {
	_, st := curvesRun(t, "model=curves&nmax=50")
	if st["error"] != "" || st["converged"] != true {
		t.Fatalf("error %q, converged %v", st["error"], st["converged"])
	}
	n, mean, se, theory, seeds := curvesSim(t, st)
	if !slices.Equal(n, []float64{1, 2, 5, 10, 20, 50}) {
		t.Fatalf("simulated N = %v, want the 1-2-5 numbers up to 50", n)
	}
	pr, _ := learncurve.ParseCurves(param.LookupQuery("nmax=50"))
	m, _ := pr.Build()
	for i := range n {
		p, _ := m.Solve(n[i], 0, 0)
		if theory[i] != p.Eg {
			t.Errorf("N = %g: theory %g, learncurve says %g", n[i], theory[i], p.Eg)
		}
		if seeds[i] != curvesSeeds || !(se[i] > 0) {
			t.Errorf("N = %g: %d seeds, standard error %g", n[i], seeds[i], se[i])
		}
		z := (mean[i] - theory[i]) / se[i]
		t.Logf("N = %3g: simulation %.4f ± %.4f, theory %.4f (%+.2f s.e.)", n[i], mean[i], se[i], theory[i], z)
		if math.Abs(z) > 3 {
			t.Errorf("N = %g: simulation %g ± %g is %.1f standard errors from the theory %g", n[i], mean[i], se[i], z, theory[i])
		}
	}
	if g, ok := st["maxGap"].(float64); !ok || g > 3 {
		t.Errorf("maxGap = %v", st["maxGap"])
	}
	th := st["theory"].(map[string]any)
	if nt := len(floatsOf(t, th["n"])); nt != 30 || st["seedsTotal"] != 6*curvesSeeds || st["seeds"] != curvesSeeds || st["current"] != nil {
		t.Errorf("theory has %d sample sizes, seeds %v, seedsTotal %v, current %v", nt, st["seeds"], st["seedsTotal"], st["current"])
	}
	// The levels are listed largest eigenvalue first; on S^9 degree 1 has N(10,1) = 10 modes.
	spec := st["spectrum"].(map[string]any)
	eta, mult, deg := floatsOf(t, spec["eta"]), floatsOf(t, spec["degeneracy"]), floatsOf(t, spec["degree"])
	k := slices.Index(deg, 1)
	if spec["sphere"] != true || k < 0 || mult[k] != 10 || !slices.IsSortedFunc(eta, func(a, b float64) int { return int(math.Copysign(1, b-a)) }) {
		t.Errorf("spectrum %v", spec)
	}
}

// A power-law spectrum is simulated with Gaussian features (krsim's Modes): the spec's worked
// example E_g(100) = 0.0224 for eigenvalues k^-2, 1000 modes (spec §2.3A; krsim's features
// test found the simulation about 1% above the theory at N = 100, inside 3 standard errors).
func TestCurvesPowerLaw(t *testing.T) {
	_, st := curvesRun(t, "model=curves&preset=powerlaw&nmin=20&nmax=200")
	n, mean, se, theory, _ := curvesSim(t, st)
	if !slices.Equal(n, []float64{20, 50, 100, 200}) {
		t.Fatalf("simulated N = %v", n)
	}
	for i := range n {
		if n[i] == 100 && math.Abs(theory[i]-0.0224) > 5e-5 {
			t.Errorf("theory E_g(100) = %g, want 0.0224 (spec)", theory[i])
		}
		z := (mean[i] - theory[i]) / se[i]
		t.Logf("N = %3g: simulation %.5f ± %.5f, theory %.5f (%+.2f s.e.)", n[i], mean[i], se[i], theory[i], z)
		if math.Abs(z) > 3 {
			t.Errorf("N = %g: simulation %g ± %g, theory %g", n[i], mean[i], se[i], theory[i])
		}
	}
}

// The simulated sample sizes: the 1-2-5 numbers (with the largest allowed when it is well
// beyond), log-even in a narrow range, none above the simulation's limit, and the double-descent
// threshold left out with a sentence while sizes either side of it are added.
func TestCurvesSimSizes(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  []int
		note  string
	}{
		{"", []int{1, 2, 5, 10, 20, 50, 100, 200, 400}, ""},
		{"nmin=10&nmax=1000", []int{10, 20, 50, 100, 200, 400}, ""},
		{"nmin=100&nmax=150", []int{100, 108, 118, 128, 138, 150}, ""},
		{"nmin=500&nmax=1000", nil, "No simulation"},
		{"spectrum=powerlaw&modes=10000&nmax=1000", []int{1, 2, 5, 10, 20, 50, 100, 200}, ""},
		{"preset=double-descent", []int{10, 20, 50, 80, 125, 200, 400}, "N = 100 is not simulated"},
		{"l=1&d=5&nmax=100", nil, "only 5 modes"},
	} {
		pr, err := learncurve.ParseCurves(param.LookupQuery(tc.query))
		if err != nil {
			t.Fatal(err)
		}
		m, err := pr.Build()
		if err != nil {
			t.Fatal(err)
		}
		ns, note := curvesSimSizes(pr, m)
		if !slices.Equal(ns, tc.want) || (tc.note == "") != (note == "") || !strings.Contains(note, tc.note) {
			t.Errorf("%q: sizes %v, note %q; want %v and a note with %q", tc.query, ns, note, tc.want, tc.note)
		}
	}
}

// At the double-descent peak the theory's line breaks (null in state) and closes in on it from
// both sides, so the peak is drawn high, not stepped over by the log-spaced grid.
func TestCurvesDoubleDescentLines(t *testing.T) {
	r := newRunner(t, "model=curves&preset=double-descent&paused=1")
	st := r.State(false)
	encodes(t, st)
	th := st["theory"].(map[string]any)
	ns, eg := floatsOf(t, th["n"]), th["eg"].([]any)
	i := slices.Index(ns, 100)
	if i < 0 || eg[i] != nil {
		t.Fatalf("no break at N = 100: %v", ns)
	}
	if x, ok := eg[i-1].(float64); !ok || x < 4 {
		t.Errorf("E_g just below the threshold (N = %g) is %v; the peak should rise above 4", ns[i-1], eg[i-1])
	}
	if !strings.Contains(st["simNote"].(string), "interpolation threshold") {
		t.Errorf("simNote %q", st["simNote"])
	}
}

// Every preset of the page sets up without error, simulates something, encodes, and draws its
// headline and both panels.
func TestCurvesPresets(t *testing.T) {
	for _, p := range learncurve.CurvesPresets {
		r := newRunner(t, "model=curves&paused=1&preset="+p.Name)
		if r.Err != "" {
			t.Errorf("%s: %s", p.Name, r.Err)
			continue
		}
		r.StepN(3, time.Hour)
		st := r.State(false)
		encodes(t, st)
		if len(st["sim"].([]map[string]any)) < 4 || st["converged"] != false {
			t.Errorf("%s: %d simulated sizes, converged %v", p.Name, len(st["sim"].([]map[string]any)), st["converged"])
		}
		rec := recorder.New(800, 600)
		r.Model.Draw(rec, r.Err)
		for _, w := range []string{"seed by seed", "Learning curve", "eigenvalues"} {
			if !rec.HasText(w) {
				t.Errorf("%s: the scene does not say %q", p.Name, w)
			}
		}
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		// The permalink reproduces the problem.
		again := newRunner(t, r.Permalink())
		if a, b := again.Permalink(), r.Permalink(); a != b || again.Err != "" {
			t.Errorf("%s: permalink %q gives %q (%s)", p.Name, b, a, again.Err)
		}
	}
}

// Bad parameters give a sentence naming the parameter; the last good problem is kept.
func TestCurvesErrors(t *testing.T) {
	for _, tc := range []struct{ query, param, words string }{
		{"model=curves&d=2", "d", "circle"},
		{"model=curves&nmin=100&nmax=10", "nmax", "larger than nmin"},
		{"model=curves&spectrum=gauss", "spectrum", "relu-ntk"},
		{"model=curves&sexp=0.5", "sexp", "rougher"},
		{"model=curves&preset=nope", "preset", "no preset"},
	} {
		r := newRunner(t, tc.query)
		if r.ErrParam != tc.param || !strings.Contains(r.Err, tc.words) {
			t.Errorf("%s: error %q on %q, want one on %q saying %q", tc.query, r.Err, r.ErrParam, tc.param, tc.words)
		}
		st := r.State(false)
		encodes(t, st)
		rec := recorder.New(800, 600)
		r.Model.Draw(rec, r.Err)
		if !rec.HasText("cannot be shown") {
			t.Errorf("%s: the canvas does not say what is wrong", tc.query)
		}
	}
}

// The seeds fill in round-robin: at any moment no point is more than one seed ahead of another,
// the state encodes, and the scene says how far the run is; hovering picks a point.
func TestCurvesRoundRobinAndHover(t *testing.T) {
	r := newRunner(t, "model=curves&nmax=20&paused=1")
	for k := 0; k < 60; k++ {
		r.StepN(7, time.Hour)
		st := r.State(false)
		encodes(t, st)
		_, _, _, _, seeds := curvesSim(t, st)
		lo, hi := slices.Min(seeds), slices.Max(seeds)
		if hi-lo > 1 || st["seeds"] != lo {
			t.Fatalf("seeds per point %v, state's seeds %v: not round-robin", seeds, st["seeds"])
		}
	}
	rec := recorder.New(1000, 640)
	r.Model.Draw(rec, r.Err)
	if !rec.HasText("seed by seed") || !rec.HasText("N (simulating)") {
		t.Errorf("a running simulation should say so:\n%s", rec.AllText())
	}
	cm := r.Model.(*curvesModel)
	xm := cm.xmap
	x := xm.Left + (1-xm.LogMin)/(xm.LogMax-xm.LogMin)*(xm.Right-xm.Left) // N = 10
	if !cm.Hover(x, (xm.Top+xm.Bottom)/2, 1000, 640) || cm.hover != 3 {
		t.Fatalf("hover at N = 10 picked %d", cm.hover)
	}
	rec = recorder.New(1000, 640)
	r.Model.Draw(rec, r.Err)
	if !rec.HasText("N (under pointer)") {
		t.Error("the readout does not follow the pointer")
	}
}

// The CSV has the theory grid and the simulated sizes in order of N.
func TestCurvesSeries(t *testing.T) {
	r := newRunner(t, "model=curves&nmax=10&paused=1")
	r.StepN(40, time.Hour)
	_, header, rows := r.Model.(Exporter).Series()
	if header[0] != "n" || header[5] != "sim_mean" || len(rows) != 30+4 {
		t.Fatalf("header %v, %d rows", header, len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if rows[i][0] < rows[i-1][0] {
			t.Fatalf("rows not in order of N at %d", i)
		}
	}
}

// The simulation's tabulated ReLU NTK equals the kernel it stands for (core/ntk through
// spectrum.ReLUNTK) to 1e-11 at every depth, on a grid of t much finer than the table's, with
// the ends t = ±1 exact.
func TestCurvesKernelTable(t *testing.T) {
	for _, L := range []int{1, 2, 3, 5, learncurve.MaxL} {
		exact, err := spectrum.ReLUNTK(L)
		if err != nil {
			t.Fatal(err)
		}
		tab := spectrum.Tabulate(exact, curvesTable)
		worst := 0.0
		for i := 0; i <= 50000; i++ {
			x := -1 + 2*float64(i)/50000
			worst = math.Max(worst, math.Abs(tab(x)-exact(x)))
		}
		t.Logf("L = %d: max |table - kernel| = %.2g (k(1) = %g)", L, worst, exact(1))
		if worst > 1e-11 || tab(1) != exact(1) || tab(-1) != exact(-1) {
			t.Errorf("L = %d: the table is %.2g from the kernel", L, worst)
		}
	}
}

// BenchmarkCurvesConfigure is what moving a slider costs: the theory (30 sample sizes, cached
// spectrum), the spectrum's levels and the simulations' set-up.
func BenchmarkCurvesConfigure(b *testing.B) {
	m := &curvesModel{hover: -1}
	look := func(k string) (string, bool) { return "", false }
	for b.Loop() {
		if err := m.Configure(look); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCurvesDraw is one frame's drawing of the default page midway (the View filled from
// the model, the scene drawn to a recording canvas).
func BenchmarkCurvesDraw(b *testing.B) {
	v, _ := url.ParseQuery("model=curves&paused=1")
	r := NewRunner(func(k string) (string, bool) { s, ok := v[k]; return strings.Join(s, ""), ok }, time.Now)
	r.StepN(500, time.Hour)
	rec := recorder.New(800, 600)
	for b.Loop() {
		rec.Reset()
		r.Model.Draw(rec, "")
	}
}

// BenchmarkCurvesRun is the default page's whole simulation: 9 sample sizes from 1 to 400, 20
// seeds each, on S^9 with the L = 3 ReLU NTK and 200 test points.
func BenchmarkCurvesRun(b *testing.B) {
	look := func(k string) (string, bool) { return "", false }
	m := &curvesModel{hover: -1}
	if err := m.Configure(look); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Reset()
		for !m.Settled() {
			m.Step()
		}
	}
}
