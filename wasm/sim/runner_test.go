package sim

import (
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"solvable/core/sinkhorn"
	"solvable/render/recorder"
	"solvable/render/sinkhornview"
)

// fakeClock advances by tick on every read, so budgets are deterministic in tests.
func fakeClock(tick time.Duration) func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time { t = t.Add(tick); return t }
}

func newRunner(t *testing.T, query string) *Runner {
	t.Helper()
	// Browsers' URLSearchParams keep ';' inside a value (X rows); Go's parser refuses it.
	v, err := url.ParseQuery(strings.ReplaceAll(query, ";", "%3B"))
	if err != nil {
		t.Fatal(err)
	}
	return NewRunner(sinkhorn.LookupIn(v), fakeClock(time.Microsecond))
}

// encodes checks the state is valid JSON with no NaN (encoding/json refuses NaN and Inf).
func encodes(t *testing.T, st map[string]any) {
	t.Helper()
	if _, err := json.Marshal(st); err != nil {
		t.Fatalf("state does not encode: %v", err)
	}
}

const specQuery = "model=sinkhorn&x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"

func TestRunnerConvergesToSpecPlan(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=max")
	for k := 0; k < 100 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
	st := r.State(true)
	encodes(t, st)
	if st["converged"] != true || st["error"] != "" {
		t.Fatalf("not converged: %v", st["error"])
	}
	// spec §2.9: <C,P*> = 0.2058874117 at eps = 0.1 (10 decimals printed).
	if tc := st["transportCost"].(float64); math.Abs(tc-0.2058874117) > 1e-9 {
		t.Errorf("transportCost %.12f", tc)
	}
	// First row of the spec's plan, 8 decimals printed.
	want := []float64{0.04558882, 0.08164956, 0.06453022, 0.05981921, 0.03903113, 0.00938105}
	row := st["plan"].([]any)[0].([]any)
	for j, w := range want {
		if math.Abs(row[j].(float64)-w) > 5e-9 {
			t.Errorf("plan[0][%d] = %v, want %v", j, row[j], w)
		}
	}
	// Iteration 36 is where the L1 error first falls below 1e-9 (spec table).
	if it := st["iter"].(int); it != 36 {
		t.Errorf("converged at iteration %d, spec says 36", it)
	}
}

func TestRunnerBadInputSaysWhy(t *testing.T) {
	cases := []struct{ query, param string }{
		{"model=sinkhorn&x=0,1,2&p=1,1", "p"},
		{"model=sinkhorn&p=1,-2,3", "p"},
		{"model=sinkhorn&p=1,x,3", "p"},
		{"model=sinkhorn&lambda=0", "lambda"},
		{"model=sinkhorn&lambda=-1", "lambda"},
		{"model=sinkhorn&lambda=abc", "lambda"},
		{"model=sinkhorn&x=,", "x"},
		{"model=sinkhorn&x=", "x"},
		{"model=sinkhorn&p=0,0,0&x=0,1,2", "p"},
		{"model=sinkhorn&speed=fast", "speed"},
		{"model=nope", "model"},
	}
	for _, tc := range cases {
		r := newRunner(t, tc.query)
		for k := 0; k < 3; k++ {
			r.Tick(1.0/60, time.Millisecond)
		}
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
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%s: %v", tc.query, err)
		}
	}
}

func TestRunnerKeepsLastGoodProblem(t *testing.T) {
	r := newRunner(t, specQuery+"&paused=1")
	r.Set(map[string]string{"lambda": "-3"})
	st := r.State(false)
	if st["errorParam"] != "lambda" || st["lambda"] != 0.1 {
		t.Fatalf("after a bad set: error about %q, lambda %v", st["errorParam"], st["lambda"])
	}
	r.Set(map[string]string{"lambda": "0.5"})
	st = r.State(false)
	if st["error"] != "" || st["lambda"] != 0.5 || st["playing"] != false {
		t.Fatalf("after a good set: %q, lambda %v, playing %v", st["error"], st["lambda"], st["playing"])
	}
}

func TestStepWhilePausedAndReset(t *testing.T) {
	r := newRunner(t, specQuery+"&paused=1")
	r.Tick(1, time.Second)
	if p := r.State(false)["projections"]; p != 0 {
		t.Fatalf("paused runner stepped: %v", p)
	}
	r.StepN(1, time.Second)
	if p := r.State(false)["projections"]; p != 1 {
		t.Fatalf("step(1) gave %v projections", p)
	}
	r.StepN(3, time.Second)
	if p := r.State(false)["projections"]; p != 4 {
		t.Fatalf("step(3) more gave %v projections", p)
	}
	r.Reset()
	if st := r.State(false); st["projections"] != 0 || st["iter"] != 0 {
		t.Fatalf("reset left %v projections", st["projections"])
	}
}

func TestSpeedIsStepsPerSecond(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=20")
	for k := 0; k < 30; k++ { // half a second at 60 ticks a second
		r.Tick(1.0/60, time.Second)
	}
	if p := r.State(false)["projections"]; p != 10 {
		t.Fatalf("20 projections/s for 0.5 s gave %v", p)
	}
}

func TestDivergenceAppearsAfterConvergence(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=max")
	for k := 0; k < 200; k++ {
		r.Tick(1.0/60, time.Second)
	}
	// spec §2.9: S_0.1 = 0.1622818270 (to the 1e-9 marginal tolerance of the run).
	d, ok := r.State(false)["divergence"].(float64)
	if !ok || math.Abs(d-0.1622818270) > 1e-8 {
		t.Fatalf("divergence %v", r.State(false)["divergence"])
	}
}

// At lambda = 0.003 the self-transport terms of S_lambda crawl under alternating projections
// (their marginal error stalls near 2e-7 for 2e5 iterations, so the divergence never appeared);
// the symmetric iteration finishes them in a few steps. The value is checked against
// sinkhorn.Divergence, which solves all three problems cold.
func TestDivergenceAppearsAtSmallLambda(t *testing.T) {
	r := newRunner(t, strings.Replace(specQuery, "lambda=0.1", "lambda=0.003", 1)+"&speed=max")
	for k := 0; k < 300 && r.State(false)["divergence"] == nil; k++ {
		r.Tick(1.0/60, time.Second)
	}
	d, ok := r.State(false)["divergence"].(float64)
	if !ok {
		t.Fatalf("no divergence after 300 frames; state %v", r.State(false))
	}
	m := r.Model.(*sinkhornModel)
	want, err := sinkhorn.Divergence(m.prob.X, m.prob.P, m.prob.Y, m.prob.Q, m.prob.Cost, 0.003, 1e-12, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d-want) > 1e-8 {
		t.Errorf("divergence %.12f, cold solves %.12f", d, want)
	}
}

func TestDragReshapesMarginal(t *testing.T) {
	// Grab the tallest p bar and drag it towards zero: p changes (renormalised), the solver
	// continues from its scalings, and the run converges to the new problem.
	r := newRunner(t, specQuery+"&speed=max")
	for k := 0; k < 50 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
	m := r.Model.(*sinkhornModel)
	const w, h = 800.0, 600.0
	g := sinkhornview.Layout(w, h, *m.fillView(""))
	// The centre of the first p bar's band, half way along its length.
	x := g.PBars.X + g.PBars.W*0.5
	y := g.Heat.Y + g.CellH*0.5
	if side, idx, _, ok := g.Hit(x, y); !ok || side != sinkhornview.SideP || idx != 0 {
		t.Fatalf("hit test at the first p bar gave side %v index %d ok %v", side, idx, ok)
	}
	before := m.prob.P[0]
	if !r.Model.Pointer(x, y, w, h, true) {
		t.Fatal("pressing on a bar changed nothing")
	}
	x2 := g.PBars.X + g.PBars.W*0.9 // towards the heatmap: a shorter bar
	r.Model.Pointer(x2, y, w, h, true)
	target := g.WeightAt(sinkhornview.SideP, x2, y)
	r.Model.Pointer(0, 0, w, h, false)
	after := m.prob.P[0]
	if !(after < before) {
		t.Fatalf("p[0] went from %g to %g", before, after)
	}
	// The bar ends under the pointer: the renormalised weight is what the pointer points at.
	if math.Abs(after-target) > 1e-12 {
		t.Fatalf("p[0] is %g after the drag, the pointer is at %g", after, target)
	}
	if r.Model.Settled() {
		t.Fatal("the new marginal should need more iterations")
	}
	for k := 0; k < 200 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
	st := r.State(false)
	if st["converged"] != true {
		t.Fatal("no re-convergence after the drag")
	}
	rows := r.Model.(*sinkhornModel).solver.RowSums(nil)
	if math.Abs(rows[0]-after) > 1e-9 {
		t.Fatalf("row 0 sums to %g, p[0] is %g", rows[0], after)
	}
	if p := st["params"].(map[string]any)["p"]; p == nil {
		t.Fatal("the permalink does not carry the dragged weights")
	}
}

func TestSetSpeedKeepsRunAndPresetKeepsSpeed(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=20")
	for k := 0; k < 60; k++ {
		r.Tick(1.0/60, time.Second)
	}
	before := r.State(false)["projections"].(int)
	r.Set(map[string]string{"speed": "max"})
	if st := r.State(false); st["projections"].(int) != before || st["speed"] != "max" {
		t.Fatalf("set speed: projections %v (was %d), speed %v", st["projections"], before, st["speed"])
	}
	r.Set(map[string]string{"preset": "bumps"})
	st := r.State(false)
	if st["speed"] != "max" || st["n"] != 40 || st["projections"] != 0 {
		t.Fatalf("after a preset: speed %v, n %v, projections %v", st["speed"], st["n"], st["projections"])
	}
}

func TestStepStopsAtConvergence(t *testing.T) {
	r := newRunner(t, specQuery+"&paused=1")
	r.StepN(math.MaxInt, time.Second)
	st := r.State(false)
	if st["converged"] != true {
		t.Fatal("step(huge) did not run to convergence")
	}
	p := st["projections"].(int)
	r.StepN(10, time.Second)
	if got := r.State(false)["projections"].(int); got != p {
		t.Fatalf("steps after convergence were taken: %d -> %d", p, got)
	}
	// Paused and settled: the divergence is still computed in the background.
	for k := 0; k < 100; k++ {
		r.Tick(1.0/60, time.Second)
	}
	if r.State(false)["divergence"] == nil {
		t.Fatal("no divergence for a paused, converged run")
	}
}

func TestBackgroundRespectsBudget(t *testing.T) {
	// A background call must stop when told to: with no time allowed, no iteration is done.
	r := newRunner(t, "model=sinkhorn&n=60&lambda=0.001&speed=max")
	for k := 0; k < 1000 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
	m := r.Model.(*sinkhornModel)
	before := m.pp.Iterations()
	m.Background(func() bool { return false })
	if m.pp.Iterations() != before {
		t.Fatalf("background ran %d iterations with no budget", m.pp.Iterations()-before)
	}
}

func TestURLSpeedSurvivesSet(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=max")
	r.Set(map[string]string{"lambda": "0.5"})
	if sp := r.State(false)["speed"]; sp != "max" {
		t.Fatalf("speed from the URL became %v after set()", sp)
	}
}

// A refused speed keeps the last good one, says why, and stays out of state().params (which
// Share and every exported file turn into a permalink); the next good change clears the error.
func TestRefusedSpeedIsNotKept(t *testing.T) {
	r := newRunner(t, specQuery+"&speed=20")
	r.Set(map[string]string{"speed": "-3"})
	st := r.State(false)
	if r.Speed.PerSecond != 20 || st["errorParam"] != "speed" {
		t.Fatalf("after speed=-3: speed %v, error %q (%v)", r.Speed, st["error"], st["errorParam"])
	}
	if p := paramOf(st, "speed"); p != "20" {
		t.Errorf("state().params.speed = %q, want the last good 20", p)
	}
	r.Set(map[string]string{"lambda": "0.2"})
	st = r.State(false)
	if st["error"] != "" || paramOf(st, "speed") != "20" {
		t.Errorf("after a good lambda: error %q, params %v", st["error"], st["params"])
	}
	// Given in the URL, a bad speed is reported and left out of the parameters too.
	r = newRunner(t, specQuery+"&speed=fast")
	if st := r.State(false); st["errorParam"] != "speed" || paramOf(st, "speed") != "" {
		t.Errorf("speed=fast in the URL: error %q, params %v", st["error"], st["params"])
	}
}

// paramOf is state().params[k] as a string ("" when absent).
func paramOf(st map[string]any, k string) string {
	p, _ := st["params"].(map[string]any)
	v, _ := p[k].(string)
	return v
}

func TestSanitizeReachesNestedLists(t *testing.T) {
	// The models hand state() nested lists of points and rows; every NaN or infinity in them,
	// however deep, must reach JSON as null, and the model's own slices must stay untouched.
	nan, inf := math.NaN(), math.Inf(1)
	own := []float64{1, nan}
	st := map[string]any{
		"rows":   []map[string]any{{"mean": nan, "n": 3}, {"z": inf}},
		"points": []any{map[string]any{"theory": []float64{2, inf}}, nan},
		"line":   own,
	}
	encodes(t, Sanitize(st).(map[string]any))
	if !math.IsNaN(own[1]) {
		t.Errorf("Sanitize wrote into the model's slice: %v", own)
	}
}
