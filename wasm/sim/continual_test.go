package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/learncurve"
	"solvable/core/param"
	"solvable/render/recorder"
)

// withSeeds runs f with every continual series cut to n seeds.
func withSeeds(n int, f func()) {
	old := contSeedsForTests
	contSeedsForTests = n
	defer func() { contSeedsForTests = old }()
	f()
}

// settleContinual steps the model to the end (few seeds: a test's worth).
func settleContinual(t *testing.T, r *Runner) map[string]any {
	t.Helper()
	for k := 0; k < 1000000 && !r.Model.Settled(); k++ {
		r.Model.Step()
	}
	if !r.Model.Settled() {
		t.Fatal("the simulation did not finish")
	}
	st := r.State(false)
	encodes(t, st)
	return st
}

// The talk's preset: every simulated point (forward, control-variate backward, E_A) lies
// within 3 standard errors of the replica theory the state reports next to it, the critical
// similarity is 1/2, and the state has the fields the page's test reads.
func TestContinualTalkAgainstTheory(t *testing.T) {
	withSeeds(12, func() {
		r := newRunner(t, "model=continual&preset=talk")
		st := r.State(false)
		encodes(t, st)
		if st["converged"] != false || st["view"] != "transfer" || st["error"] != "" {
			t.Fatalf("before stepping: converged %v, view %v, error %q", st["converged"], st["view"], st["error"])
		}
		st = settleContinual(t, r)
		if st["converged"] != true || st["seedsDone"] != 12 {
			t.Fatalf("converged %v after %v seeds", st["converged"], st["seedsDone"])
		}
		if c, ok := st["criticalRho"].(float64); !ok || math.Abs(c-0.5) > 1e-9 {
			t.Errorf("criticalRho = %v, want 1/2", st["criticalRho"])
		}
		if c, ok := st["criticalRhoBackward"].(float64); !ok || !(c > 0.9 && c < 1) {
			t.Errorf("criticalRhoBackward = %v", st["criticalRhoBackward"])
		}
		pts := st["points"].([]any)
		if len(pts) != 2*11+1 {
			t.Fatalf("%d points, want 23 (11 rhos forward and backward, and E_A)", len(pts))
		}
		for _, p := range pts {
			q := p.(map[string]any)
			mean, se, th := q["mean"].(float64), q["stderr"].(float64), q["theory"].(float64)
			if !(se > 0) || math.Abs(mean-th) > 3*se {
				t.Errorf("%v at rho %v: %.4f ± %.4f, theory %.4f", q["quantity"], q["rho"], mean, se, th)
			}
		}
		sim := st["sim"].(map[string]any)
		fwd := sim["forward"].([]any)
		if len(fwd) != 11 || fwd[5].(map[string]any)["rho"] != 0.5 {
			t.Errorf("sim.forward: %v", fwd)
		}
		theory := st["theory"].(map[string]any)
		if len(floatsOf(t, theory["forward"])) != learncurve.RhoGrid {
			t.Errorf("theory.forward has %d values", len(floatsOf(t, theory["forward"])))
		}
		// The picture says what it shows.
		rec := recorder.New(800, 600)
		r.Model.Draw(rec, "")
		if err := rec.CheckFinite(); err != nil {
			t.Error(err)
		}
		for _, s := range []string{"ρ* = 0.5", "positive transfer", "negative transfer", "forgetting", "E_B: B learned alone", "Simulation complete"} {
			if !rec.HasText(s) {
				t.Errorf("the picture does not say %q", s)
			}
		}
		// Reset starts the seeds again.
		r.Reset()
		if st := r.State(false); st["seedsDone"] != 0 || st["converged"] != false {
			t.Errorf("after Reset: %v seeds, converged %v", st["seedsDone"], st["converged"])
		}
	})
}

// A marked similarity off the grid is simulated too, and the theory there is the line's value.
func TestContinualMarkedRho(t *testing.T) {
	withSeeds(2, func() {
		r := newRunner(t, "model=continual&view=transfer&rho=0.35&na=30&nb=30")
		st := settleContinual(t, r)
		sim := st["sim"].(map[string]any)
		rhos := floatsOf(t, sim["rho"])
		if len(rhos) != 12 || rhos[4] != 0.35 {
			t.Fatalf("rhos %v", rhos)
		}
		th := st["theory"].(map[string]any)
		at := th["atRho"].(map[string]any)
		p := sim["forward"].([]any)[4].(map[string]any)
		if p["theory"] != at["forward"] {
			t.Errorf("theory at the marked rho: %v vs %v", p["theory"], at["forward"])
		}
	})
}

// Every preset configures, draws in words at desktop and phone sizes and encodes; the self
// and multi views fill their points.
func TestContinualPresets(t *testing.T) {
	withSeeds(2, func() {
		for _, p := range learncurve.ContinualPresets {
			r := newRunner(t, "model=continual&preset="+p.Name)
			st := r.State(false)
			encodes(t, st)
			if st["error"] != "" || st["theory"] == nil {
				t.Errorf("%s: error %q, theory %v", p.Name, st["error"], st["theory"])
				continue
			}
			if p.Name == "self" || p.Name == "multi" {
				st = settleContinual(t, r)
				if st["converged"] != true || len(st["points"].([]any)) == 0 {
					t.Errorf("%s: converged %v, %d points", p.Name, st["converged"], len(st["points"].([]any)))
				}
			}
			for _, sz := range [][2]float64{{800, 600}, {390, 640}} {
				rec := recorder.New(sz[0], sz[1])
				r.Model.Draw(rec, "")
				if err := rec.CheckFinite(); err != nil {
					t.Errorf("%s %v: %v", p.Name, sz, err)
				}
				for _, s := range rec.Texts() {
					if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
						t.Errorf("%s %v: drawn text %q", p.Name, sz, s)
					}
				}
			}
			title, header, rows := r.Model.(Exporter).Series()
			if title == "" || len(rows) == 0 {
				t.Errorf("%s: export has no rows", p.Name)
			}
			for _, row := range rows {
				if len(row) != len(header) {
					t.Fatalf("%s: row of %d for %d columns", p.Name, len(row), len(header))
				}
			}
		}
	})
}

// The self view: E_2 at each simulated N_B; the multi view with unequal sizes has both splits.
func TestContinualSelfAndMulti(t *testing.T) {
	withSeeds(2, func() {
		r := newRunner(t, "model=continual&view=self&na=50&nb=30")
		st := settleContinual(t, r)
		e2 := st["sim"].(map[string]any)["e2"].([]any)
		if len(e2) != len(contSelfNB)+1 { // the nb parameter is added to the grid
			t.Fatalf("%d self points", len(e2))
		}
		for _, p := range e2 {
			q := p.(map[string]any)
			if q["mean"] == nil || q["theory"] == nil || q["n"] == nil {
				t.Errorf("self point %v", q)
			}
		}
		r = newRunner(t, "model=continual&view=multi&na=60&nb=20&tasks=3")
		st = settleContinual(t, r)
		sim := st["sim"].(map[string]any)
		if len(sim["split"].([]any)) != 3 || len(sim["equal"].([]any)) != 3 {
			t.Errorf("multi sim: %v", sim)
		}
		th := st["theory"].(map[string]any)
		split := th["split"].(map[string]any)
		if got := floatsOf(t, split["sizes"]); len(got) != 3 || got[0] != 60 || got[1] != 20 {
			t.Errorf("split sizes %v", got)
		}
	})
}

// Sequences too large for one seed in the browser are theory only, with a note in words; the
// view still converges (nothing is left to do).
func TestContinualTooLargeIsTheoryOnly(t *testing.T) {
	r := newRunner(t, "model=continual&view=multi&na=100&nb=100&tasks=20")
	st := r.State(false)
	encodes(t, st)
	if !r.Model.Settled() || st["converged"] != true {
		t.Errorf("settled %v, converged %v", r.Model.Settled(), st["converged"])
	}
	if note, _ := st["note"].(string); !strings.Contains(note, "Theory only for") {
		t.Errorf("note %q", note)
	}
	rec := recorder.New(800, 600)
	r.Model.Draw(rec, "")
	if !rec.HasText("Theory only") {
		t.Errorf("the picture does not say the sequence is not simulated: %q", rec.AllText())
	}
	// The linear kernel (L = 1) has D modes: no teacher can be drawn on more points.
	r = newRunner(t, "model=continual&view=transfer&l=1")
	st = r.State(false)
	if note, _ := st["note"].(string); !r.Model.Settled() || st["converged"] != true || st["seeds"] != 0 || !strings.Contains(note, "L = 1") {
		t.Errorf("l=1: settled %v, converged %v, seeds %v, note %q", r.Model.Settled(), st["converged"], st["seeds"], st["note"])
	}
}

// Bad parameters are sentences naming the parameter; the picture shows the sentence.
func TestContinualErrors(t *testing.T) {
	for q, param := range map[string]string{
		"view=sideways": "view", "rho=1.5": "rho", "na=0": "na", "nb=5000": "nb", "d=2": "d", "sexp=0.5": "sexp",
		"tasks=0": "tasks", "preset=nope": "preset", "noise=-1": "noise",
	} {
		r := newRunner(t, "model=continual&"+q)
		st := r.State(false)
		encodes(t, st)
		if st["errorParam"] != param || st["error"] == "" {
			t.Errorf("%s: errorParam %v, error %q", q, st["errorParam"], st["error"])
		}
		rec := recorder.New(390, 640)
		r.Model.Draw(rec, r.Err)
		if len(rec.Texts()) == 0 {
			t.Errorf("%s: no words on the canvas", q)
		}
	}
	// A refused change keeps the last good problem.
	r := newRunner(t, "model=continual&view=self")
	r.Set(map[string]string{"na": "abc"})
	if r.ErrParam != "na" || r.State(false)["view"] != "self" {
		t.Errorf("after a refused change: %q, view %v", r.ErrParam, r.State(false)["view"])
	}
}

// The runner fills the seeds within its frame budget at the default speed (max).
func TestContinualRunsUnderTheRunner(t *testing.T) {
	withSeeds(2, func() {
		r := newRunner(t, "model=continual&view=transfer&na=20&nb=20")
		if !r.Speed.Max {
			t.Fatalf("default speed %v", r.Speed)
		}
		for k := 0; k < 100000 && !r.Model.Settled(); k++ {
			r.Tick(1.0/60, 8*time.Millisecond)
		}
		if st := r.State(false); st["converged"] != true {
			t.Errorf("not converged: %v", st["seedsDone"])
		}
		if !strings.Contains(r.Permalink(), "model=continual") {
			t.Errorf("permalink %q", r.Permalink())
		}
	})
}

// Hovering over a plot picks the nearest simulated similarity; the readout shows it; leaving
// the plots returns to the marked one.
func TestContinualHover(t *testing.T) {
	withSeeds(2, func() {
		r := newRunner(t, "model=continual&view=transfer&na=20&nb=20")
		settleContinual(t, r)
		rec := recorder.New(800, 600)
		r.Model.Draw(rec, "")
		m := r.Model.(*continualModel)
		if len(m.hit.Plots) != 2 {
			t.Fatalf("%d plots recorded", len(m.hit.Plots))
		}
		p := m.hit.Plots[1]
		// 0.3 of the way along the axis from its left end.
		x := p.X + (0.3-p.Min)/(p.Max-p.Min)*p.W
		if !m.Hover(x+1, p.Y+p.H/2, 800, 600) {
			t.Fatal("hover changed nothing")
		}
		if st := r.State(false); st["pick"] != 0.3 {
			t.Errorf("pick %v, want 0.3", st["pick"])
		}
		rec = recorder.New(800, 600)
		r.Model.Draw(rec, "")
		if !rec.HasText("picked ρ") {
			t.Errorf("the readout does not show the pick: %q", rec.AllText())
		}
		if !m.Hover(1, 1, 800, 600) || r.State(false)["pick"] != nil {
			t.Error("leaving the plots keeps the pick")
		}
	})
}

// Moving the rho slider keeps the simulation: the seeds done stay, the readout's theory moves
// to the new rho (learncurve's TwoTask at it), and any other change starts afresh.
func TestContinualRhoSliderKeepsSeeds(t *testing.T) {
	withSeeds(2, func() {
		r := newRunner(t, "model=continual&view=transfer&na=30&nb=30")
		st := settleContinual(t, r)
		done := st["seedsDone"]
		r.Set(map[string]string{"rho": "0.37"})
		st = r.State(false)
		if st["error"] != "" || st["seedsDone"] != done {
			t.Fatalf("after moving rho: error %q, seeds done %v (were %v)", st["error"], st["seedsDone"], done)
		}
		pr, err := learncurve.ParseContinual(learncurve.Lookup(param.LookupQuery("view=transfer&na=30&nb=30&rho=0.37")))
		if err != nil {
			t.Fatal(err)
		}
		modes, err := pr.Build()
		if err != nil {
			t.Fatal(err)
		}
		tt, err := modes.TwoTask(30, 30, 0)
		if err != nil {
			t.Fatal(err)
		}
		at := st["theory"].(map[string]any)["atRho"].(map[string]any)
		if at["rho"] != 0.37 || math.Abs(at["forward"].(float64)-tt.Forward(0.37)) > 1e-12 {
			t.Errorf("atRho %v, want forward %v at 0.37", at, tt.Forward(0.37))
		}
		encodes(t, st)
		r.Set(map[string]string{"nb": "20"})
		if st := r.State(false); st["seedsDone"] == done {
			t.Errorf("a new N_B kept the old simulation (seeds done %v)", st["seedsDone"])
		}
	})
}
