package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/otgeom"
	"solvable/render/recorder"
)

func TestOT2x2ConvergesToClosedForm(t *testing.T) {
	// The closed form of core/otgeom is the oracle; 1e-10 per entry is far above the run's own
	// error (marginal error < 1e-12 leaves the plan about 1e-12 from P*).
	for _, q := range []string{"", "&preset=sharp", "&preset=blurry", "&preset=free", "&preset=same", "&preset=swap", "&lambda=1e-3"} {
		r := newRunner(t, "model=ot2x2&speed=max"+q)
		runToSettled(t, r, 100000)
		st := r.State(true)
		encodes(t, st)
		if st["converged"] != true || st["error"] != "" {
			t.Fatalf("%s: not converged (error %q, projections %v)", q, st["error"], st["projections"])
		}
		plan, opt := st["plan"].([]any), st["optimalPlan"].([]any)
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				a, b := plan[i].([]any)[j].(float64), opt[i].([]any)[j].(float64)
				if math.Abs(a-b) > 1e-10 {
					t.Errorf("%s: plan[%d][%d] = %.15g, closed form %.15g", q, i, j, a, b)
				}
			}
		}
		if g := st["maxPythagorasGap"].(float64); g > 1e-12 {
			t.Errorf("%s: largest Pythagorean gap %g", q, g)
		}
		rec := recorder.New(900, 600)
		r.Model.Draw(rec, r.Err)
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestOT2x2StateFields(t *testing.T) {
	r := newRunner(t, "model=ot2x2&p1=0.7&q1=0.4&c=1&lambda=0.5&paused=1")
	st := r.State(true)
	encodes(t, st)
	// Before the first step: plan = K, no step yet, the limits are there.
	if st["pythagorasGap"] != nil || st["projections"] != 0 {
		t.Errorf("start: gap %v, projections %v", st["pythagorasGap"], st["projections"])
	}
	k := st["plan"].([]any)[0].([]any)[1].(float64)
	if math.Abs(k-math.Exp(-2)) > 1e-15 {
		t.Errorf("P_0[1][2] = %g, want K12 = exp(-c/lambda) = exp(-2)", k)
	}
	lp := st["limitPlan"].([]any)
	if lp[0].([]any)[0].(float64) != 0.4 || lp[1].([]any)[0].(float64) != 0 || math.Abs(lp[1].([]any)[1].(float64)-0.3) > 1e-15 {
		t.Errorf("limitPlan %v, want the diagonal vertex [[0.4, 0.3], [0, 0.3]]", lp)
	}
	r.StepN(3, time.Second)
	st = r.State(true)
	encodes(t, st)
	for _, key := range []string{"pythagorasGap", "klBefore", "klAfter", "klStep", "klToOptimum", "marginalError"} {
		if _, ok := st[key].(float64); !ok {
			t.Errorf("%s = %v after 3 projections", key, st[key])
		}
	}
	if st["projections"] != 3 || st["lastProjection"] != "rows" {
		t.Errorf("projections %v, last %v", st["projections"], st["lastProjection"])
	}
	// The relation itself: before = after + step, up to the reported gap.
	b, a, m := st["klBefore"].(float64), st["klAfter"].(float64), st["klStep"].(float64)
	if math.Abs(b-a-m) > 1e-15 || st["pythagorasGap"].(float64) > 1e-15 {
		t.Errorf("KL %g != %g + %g (gap %v)", b, a, m, st["pythagorasGap"])
	}
}

func TestOT2x2BadInputSaysWhy(t *testing.T) {
	for _, tc := range []struct{ query, param string }{
		{"model=ot2x2&p1=1.5", "p1"}, {"model=ot2x2&q1=-0.1", "q1"}, {"model=ot2x2&c=abc", "c"},
		{"model=ot2x2&lambda=0", "lambda"}, {"model=ot2x2&lambda=1e-8", "lambda"}, {"model=ot2x2&preset=x", "preset"},
	} {
		r := newRunner(t, tc.query)
		r.Tick(1.0/60, time.Millisecond)
		st := r.State(false)
		encodes(t, st)
		if st["error"] == "" || st["errorParam"] != tc.param {
			t.Errorf("%s: error %q about %q, want one about %q", tc.query, st["error"], st["errorParam"], tc.param)
		}
		rec := recorder.New(640, 480)
		r.Model.Draw(rec, r.Err)
		if err := rec.CheckFinite(); err != nil || !rec.HasText(r.Err) {
			t.Errorf("%s: drawn %q, %v", tc.query, rec.Texts(), err)
		}
	}
	// A bad value after a good one keeps the good problem running.
	r := newRunner(t, "model=ot2x2&speed=max")
	r.Set(map[string]string{"p1": "1.5"})
	if r.Err == "" || r.Model.Params()["p1"] != "0.7" {
		t.Errorf("after p1=1.5: error %q, params %v", r.Err, r.Model.Params())
	}
}

func TestOT2x2DragTurnsTheView(t *testing.T) {
	r := newRunner(t, "model=ot2x2&paused=1")
	r.StepN(4, time.Second)
	m := r.Model
	m.Pointer(100, 100, 800, 600, true)
	if !m.Pointer(150, 80, 800, 600, true) {
		t.Fatal("a drag did not change the picture")
	}
	m.Pointer(150, 80, 800, 600, false)
	p := m.Params()
	d := otgeom.DefaultCamera
	if p["yaw"] != "-18" || p["pitch"] != "20" {
		t.Errorf("after a drag of (50, -20) px: yaw %q pitch %q, want %g and %g", p["yaw"], p["pitch"], d.Yaw+20, d.Pitch-8)
	}
	// Turning the view does not restart the run, and the permalink reproduces the angle.
	if st := r.State(false); st["projections"] != 4 {
		t.Errorf("projections %v after a drag", st["projections"])
	}
	r.Set(map[string]string{"yaw": "10"})
	if st := r.State(false); st["projections"] != 4 || st["yaw"] != 10.0 {
		t.Errorf("set yaw: projections %v, yaw %v", st["projections"], st["yaw"])
	}
}

func TestOT2x2StopsWhenHopeless(t *testing.T) {
	// p = q with lambda = 0.05 c: the marginal error starts near exp(-20) = 2e-9 and the
	// contraction per iteration is about 1 - 4 exp(-20), so 1e-12 is hundreds of millions of
	// projections away. The run must see that from the closed form and Pythagoras (not run into
	// the 4-million cap, 11 days at the default speed), stop after the few steps it always
	// shows, say so in words, and stay finite.
	r := newRunner(t, "model=ot2x2&p1=0.6&q1=0.6&c=1&lambda=0.05&speed=max")
	runToSettled(t, r, 1000)
	st := r.State(true)
	encodes(t, st)
	note, _ := st["note"].(string)
	if st["stopped"] != true || st["converged"] != false || st["projections"] != ot2x2MinShown || !strings.Contains(note, "more would be needed") {
		t.Errorf("stopped %v converged %v note %q projections %v", st["stopped"], st["converged"], note, st["projections"])
	}
	if m := r.Model.(*ot2x2Model); m.remaining < float64(ot2x2MaxProjections) {
		t.Errorf("remaining %g, want above the cap %d", m.remaining, ot2x2MaxProjections)
	}
	rec := recorder.New(900, 600)
	r.Model.Draw(rec, "")
	if err := rec.CheckFinite(); err != nil || !rec.HasText("Stopped after 20 projections") {
		t.Errorf("%v; texts %q", err, rec.Texts())
	}
}

// p = q at lambda = 0.1 c does converge, in about 180 000 projections (measured): the run goes
// on, with a note that it is slow, and no stop.
func TestOT2x2SlowRunGoesOn(t *testing.T) {
	r := newRunner(t, "model=ot2x2&p1=0.6&q1=0.6&c=1&lambda=0.1&paused=1")
	r.StepN(200, time.Second)
	st := r.State(false)
	note, _ := st["note"].(string)
	if st["stopped"] != false || !strings.HasPrefix(note, "Slow: at least") {
		t.Errorf("stopped %v, note %q", st["stopped"], note)
	}
}
