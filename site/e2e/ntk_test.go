//go:build !js

package e2e

import (
	"math"
	"net/url"
	"testing"
	"time"

	"solvable/core/param"
	"solvable/wasm/sim"
)

// Browser tests of the NTK simulator (sim.html?model=ntk): the default run trains to a small
// loss in the page, and the kernel-regression limit it reports is the native computation for
// the same URL to 1e-9.

const ntkQuery = "model=ntk&speed=max"

// ntkNative runs the same URL through the simulator natively and returns its state.
func ntkNative(t *testing.T, query string) map[string]any {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Unix(0, 0)
	r := sim.NewRunner(param.LookupIn(v), func() time.Time { clock = clock.Add(time.Microsecond); return clock })
	for k := 0; k < 100000 && !r.Model.Settled(); k++ {
		r.Tick(1.0/60, time.Second)
	}
	return r.State(false)
}

func TestNTKDefaultTrainsInBrowser(t *testing.T) {
	p := openSim(t, ntkQuery)
	waitState(t, p, "s.converged || s.trainLoss < 1e-3 && s.step > 0", solveTimeout)
	st := state(t, p)
	if st["model"] != "ntk" || st["error"] != "" {
		t.Fatalf("model %v, error %q", st["model"], st["error"])
	}
	loss := num(t, st, "trainLoss")
	if !(loss < 1e-3) {
		t.Fatalf("trainLoss = %g, want < 1e-3", loss)
	}
	native := ntkNative(t, ntkQuery)
	want, _ := native["kernel"].([]any)
	got := floats(t, st, "kernel")
	if len(got) != len(want) || len(got) != 128 {
		t.Fatalf("kernel has %d values in the browser, %d natively", len(got), len(want))
	}
	worst := 0.0
	for i, w := range want {
		worst = math.Max(worst, math.Abs(got[i]-w.(float64)))
	}
	t.Logf("browser: step %v, trainLoss %.3g; max |kernel - native| = %.3g", st["step"], loss, worst)
	if worst > 1e-9 {
		t.Errorf("kernel differs from the native computation by %g", worst)
	}
	for _, k := range []string{"net", "linear", "theta"} {
		if v := floats(t, st, k); len(v) != 128 {
			t.Errorf("%s has %d values", k, len(v))
		}
	}
	// Let the background fill the width sweep and the other optimisers' curves, then look.
	waitState(t, p, "s.converged && s.sweepKernelDrift && s.sweepKernelDrift.every(x => x !== null)", solveTimeout)
	st = state(t, p)
	t.Logf("sweep widths %v: weight change %v, kernel drift %v", st["sweepWidths"], st["sweepWeightChange"], st["sweepKernelDrift"])
	screenshot(t, p, "ntk_default")
}

func TestNTKWidthLimitInBrowser(t *testing.T) {
	p := openSim(t, "model=ntk&width=2048&n=64")
	waitState(t, p, "s.error !== ''", actionTimeout)
	st := state(t, p)
	if st["errorParam"] != "width" {
		t.Errorf("error %q about %q, want one about width", st["error"], st["errorParam"])
	}
	screenshot(t, p, "ntk_width_limit")
}
