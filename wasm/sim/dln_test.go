package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/render/recorder"
)

func runToSettled(t *testing.T, r *Runner, ticks int) {
	t.Helper()
	for k := 0; k < ticks && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
}

func TestDLNReachesSpecExampleA(t *testing.T) {
	// spec §1.6 Example A, alpha = 0.1: beta* = (0.0543856405, 0.3151458004, 1.7717742529)
	// (10 decimals printed; the flow's limit is exact, so 1e-8 leaves room for the print).
	r := newRunner(t, "model=dln&X=1,2,3&y=6&alpha=0.1&speed=max")
	runToSettled(t, r, 10000)
	st := r.State(false)
	encodes(t, st)
	if st["converged"] != true || st["error"] != "" {
		t.Fatalf("not converged (error %q)", st["error"])
	}
	want := []float64{0.0543856405, 0.3151458004, 1.7717742529}
	for i, w := range want {
		if b := st["beta"].([]any)[i].(float64); math.Abs(b-w) > 1e-8 {
			t.Errorf("beta[%d] = %.12f, want %.10f", i, b, w)
		}
	}
	if d := st["oracleDistance"].(float64); d > 1e-9 {
		t.Errorf("the run ends %g from the oracle", d)
	}
}

func TestDLNBadInputSaysWhy(t *testing.T) {
	cases := []struct{ query, param string }{
		{"model=dln&X=1,2;3&y=1,2", "X"},
		{"model=dln&X=1,2;3,4&y=1,2", "X"},     // d <= n
		{"model=dln&X=1,2,3;2,4,6&y=1,2", "X"}, // X X^T singular
		{"model=dln&alpha=0", "alpha"},
		{"model=dln&alpha=-1", "alpha"},
		{"model=dln&alpha=abc", "alpha"},
		{"model=dln&X=1,2,3&y=6&algo=gd&eta=-1", "eta"},
	}
	for _, tc := range cases {
		r := newRunner(t, tc.query)
		r.Tick(1.0/60, time.Millisecond)
		st := r.State(false)
		encodes(t, st)
		if st["error"] == "" || st["errorParam"] != tc.param {
			t.Errorf("%s: error %q about %q, want one about %q", tc.query, st["error"], st["errorParam"], tc.param)
		}
		rec := recorder.New(640, 480)
		r.Model.Draw(rec, r.Err)
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%s: %v", tc.query, err)
		}
		if !rec.HasText(r.Err) {
			t.Errorf("%s: the canvas does not show the error", tc.query)
		}
	}
}

func TestDLNDivergingStepSaysTooLarge(t *testing.T) {
	// spec §1.7c: GD on Example A at alpha = 0.5 with eta = 0.05 diverges (bound 0.0284 at the
	// flow's solution).
	r := newRunner(t, "model=dln&X=1,2,3&y=6&alpha=0.5&algo=gd&eta=0.05&speed=max")
	runToSettled(t, r, 2000)
	st := r.State(false)
	encodes(t, st)
	msg, _ := st["error"].(string)
	if st["errorParam"] != "eta" || !strings.Contains(msg, "0.05") {
		t.Fatalf("diverging GD: error %q about %q", msg, st["errorParam"])
	}
	for i, b := range st["beta"].([]any) {
		if b == nil {
			t.Fatalf("beta[%d] is not finite after divergence", i)
		}
	}
}

func TestDLNSweepFillsIn(t *testing.T) {
	r := newRunner(t, "model=dln&n=5&d=12&k=2&seed=3&alpha=0.01&view=sweep&speed=max")
	runToSettled(t, r, 100000)
	m := r.Model.(*dlnModel)
	if len(m.sweepL1) != len(sweepAlphas) || len(m.simL1) == 0 {
		t.Fatalf("sweep: %d theory points, %d simulated", len(m.sweepL1), len(m.simL1))
	}
	// Each simulated flow limit is argmin Q_alpha, so its L1 norm lies on the theory curve.
	for k, a := range m.simA {
		for j, s := range m.sweepA {
			if math.Abs(s/a-1) < 1e-9 && math.Abs(m.sweepL1[j]-m.simL1[k]) > 1e-6 {
				t.Errorf("alpha %g: simulated ||beta||_1 %g, theory %g", a, m.simL1[k], m.sweepL1[j])
			}
		}
	}
	rec := recorder.New(800, 600)
	r.Model.Draw(rec, r.Err)
	if err := rec.CheckFinite(); err != nil {
		t.Fatal(err)
	}
}
