package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/ntk"
	"solvable/core/param"
	"solvable/render/recorder"
)

func ntkFloats(t *testing.T, st map[string]any, k string) []float64 {
	t.Helper()
	a, ok := st[k].([]any)
	if !ok {
		t.Fatalf("state %q is %T, want a list", k, st[k])
	}
	out := make([]float64, len(a))
	for i, v := range a {
		f, ok := v.(float64)
		if !ok {
			t.Fatalf("state %q[%d] is %v (NaN or missing)", k, i, v)
		}
		out[i] = f
	}
	return out
}

// ntkReference is kernel regression with the analytic NTK for the default problem, built here
// from the spec's description (16 equally spaced angles, x = sqrt2 (cos, sin), target
// sin 2theta + 0.5 cos 3theta, L = 3, sigma_w^2 = 2, sigma_b^2 = 0.1, 128-point grid) without
// the model's code.
func ntkReference(t *testing.T) []float64 {
	arch := ntk.Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}
	var X, G [][]float64
	var y []float64
	for i := 0; i < 16; i++ {
		a := 2 * math.Pi * float64(i) / 16
		X = append(X, []float64{math.Sqrt2 * math.Cos(a), math.Sqrt2 * math.Sin(a)})
		y = append(y, math.Sin(2*a)+0.5*math.Cos(3*a))
	}
	for k := 0; k < 128; k++ {
		a := 2 * math.Pi * float64(k) / 128
		G = append(G, []float64{math.Sqrt2 * math.Cos(a), math.Sqrt2 * math.Sin(a)})
	}
	Kxx, _ := arch.Gram(X, X)
	Ktx, _ := arch.Gram(G, X)
	want, err := ntk.KernelRegression(Kxx, Ktx, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

func TestNTKDefaultTrainsToKernelRegression(t *testing.T) {
	r := newRunner(t, "model=ntk&speed=max")
	runToSettled(t, r, 100000)
	st := r.State(false)
	encodes(t, st)
	if st["error"] != "" {
		t.Fatalf("error %q", st["error"])
	}
	loss := st["trainLoss"].(float64)
	t.Logf("default: %v steps, loss %.3g, eta %.4g, weightChange %.4g, kernelDrift %.4g, note %q",
		st["step"], loss, st["eta"], st["weightChange"], st["kernelDrift"], st["note"])
	if loss >= 1e-3 {
		t.Fatalf("training loss %g, want < 1e-3", loss)
	}
	kernel := ntkFloats(t, st, "kernel")
	want := ntkReference(t)
	for i := range want {
		if math.Abs(kernel[i]-want[i]) > 1e-12 {
			t.Fatalf("kernel[%d] = %.15g, want %.15g", i, kernel[i], want[i])
		}
	}
	net, lin := ntkFloats(t, st, "net"), ntkFloats(t, st, "linear")
	dNL, dNK := 0.0, 0.0
	for i := range net {
		dNL = math.Max(dNL, math.Abs(net[i]-lin[i]))
		dNK = math.Max(dNK, math.Abs(net[i]-kernel[i]))
	}
	t.Logf("max |net - linear| = %.3g, max |net - kernel| = %.3g on the grid", dNL, dNK)
	if dNL > 0.25 || dNK > 0.25 {
		t.Errorf("the width-256 network is far from its linearisation (%g) or the kernel limit (%g)", dNL, dNK)
	}
	for _, k := range []string{"weightChange", "kernelDrift"} {
		if v, ok := st[k].(float64); !ok || !(v > 0) {
			t.Errorf("%s = %v", k, st[k])
		}
	}
	// The background: other optimisers' curves and the width sweep, in bounded pieces.
	m := r.Model.(*ntkModel)
	for k := 0; k < 100000 && m.Background(func() bool { return true }); k++ {
	}
	st = r.State(false)
	encodes(t, st)
	ws, wc, kd := ntkFloats(t, st, "sweepWidths"), ntkFloats(t, st, "sweepWeightChange"), ntkFloats(t, st, "sweepKernelDrift")
	for i := range ws {
		t.Logf("M = %4g: weight change %.4g, kernel drift %.4g", ws[i], wc[i], kd[i])
	}
	if len(ws) < 3 || !(wc[len(wc)-1] < wc[0]) || !(kd[len(kd)-1] < kd[0]) {
		t.Errorf("the sweep does not fall with width: %v %v", wc, kd)
	}
	losses := st["losses"].(map[string]any)
	for _, name := range []string{"gd", "ngd", "blockdiag", "kfac", "unitwise"} {
		c, ok := losses[name].(map[string]any)
		if !ok {
			t.Errorf("no loss curve for %s", name)
			continue
		}
		l := c["loss"].([]any)
		t.Logf("%s: %d samples, last loss %v", name, len(l), l[len(l)-1])
	}
	rec := recorder.New(900, 600)
	r.Model.Draw(rec, r.Err)
	if err := rec.CheckFinite(); err != nil {
		t.Error(err)
	}
}

func TestNTKBackgroundIsBounded(t *testing.T) {
	r := newRunner(t, "model=ntk&speed=max&optimizer=ngd")
	runToSettled(t, r, 1000)
	m := r.Model.(*ntkModel)
	calls := 0
	m.Background(func() bool { calls++; return calls <= 3 })
	if calls != 4 {
		t.Errorf("Background asked more() %d times for 3 pieces", calls)
	}
}

func TestNTKOptimisersConverge(t *testing.T) {
	for _, o := range []string{"ngd", "blockdiag", "kfac", "unitwise"} {
		r := newRunner(t, "model=ntk&speed=max&optimizer="+o)
		runToSettled(t, r, 100000)
		st := r.State(false)
		encodes(t, st)
		t.Logf("%s: %v steps, loss %.3g, eta %.4g, note %q", o, st["step"], st["trainLoss"], st["eta"], st["note"])
		if st["error"] != "" || !(st["trainLoss"].(float64) < 1e-3) {
			t.Errorf("%s: loss %v, error %q", o, st["trainLoss"], st["error"])
		}
	}
}

func TestNTKBadInputSaysWhy(t *testing.T) {
	cases := []struct{ query, param, words string }{
		{"model=ntk&width=2048", "width", "width <= "},
		{"model=ntk&width=1024&n=64", "width", "limit"},
		{"model=ntk&depth=9", "depth", "depth"},
		{"model=ntk&depth=abc", "depth", "depth"},
		{"model=ntk&n=0", "n", "n"},
		{"model=ntk&target=cube", "target", "target"},
		{"model=ntk&optimizer=adam", "optimizer", "optimizer"},
		{"model=ntk&eta=-1", "eta", "eta"},
		{"model=ntk&rho=0", "rho", "rho"},
		{"model=ntk&y=1,2,x", "y", "y"},
		{"model=ntk&n=3&y=1,2", "y", "y"},
		{"model=ntk&preset=huge", "preset", "preset"},
		{"model=ntk&sw2=0", "sw2", "sw2"},
	}
	for _, tc := range cases {
		r := newRunner(t, tc.query)
		r.Tick(1.0/60, time.Millisecond)
		st := r.State(false)
		encodes(t, st)
		msg, _ := st["error"].(string)
		if msg == "" || st["errorParam"] != tc.param || !strings.Contains(msg, tc.words) || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: error %q about %q, want a sentence about %q", tc.query, msg, st["errorParam"], tc.param)
		}
		rec := recorder.New(640, 480)
		r.Model.Draw(rec, r.Err)
		if !rec.HasText(r.Err) {
			t.Errorf("%s: the canvas does not show the error", tc.query)
		}
	}
}

func TestNTKPresetsAndRoundTrip(t *testing.T) {
	for _, p := range ntk.Presets {
		r := newRunner(t, "model=ntk&speed=max&preset="+p.Name)
		for k := 0; k < 200 && !r.Model.Settled(); k++ {
			r.Tick(1.0/60, time.Second)
		}
		st := r.State(false)
		encodes(t, st)
		if st["error"] != "" {
			t.Errorf("preset %s: %q", p.Name, st["error"])
		}
		t.Logf("preset %s: step %v loss %.3g", p.Name, st["step"], st["trainLoss"])
	}
	pr, err := ntk.Parse(param.LookupQuery("y=1,0,-1,0.5&points=random&seed=4&optimizer=kfac&rho=0.01&width=64&depth=4&sb2=0"))
	if err != nil {
		t.Fatal(err)
	}
	back, err := ntk.Parse(param.LookupQuery(pr.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Encode() != pr.Encode() {
		t.Errorf("round trip: %q then %q", pr.Encode(), back.Encode())
	}
}

func TestNTKDrawTargets(t *testing.T) {
	// A drag on the f(θ) panel moves the targets under the pen; release trains on them. The
	// check is the interpolation property of ridgeless kernel regression, independent of the
	// drawing code: through the drawn targets, the kernel curve passes through every training
	// point (grid index 8i is training angle i: 16 points on a 128-point grid), to the
	// accuracy of a 16 x 16 solve.
	const w, h = 900.0, 600.0
	r := newRunner(t, "model=ntk&speed=max")
	m := r.Model.(*ntkModel)
	rec := recorder.New(w, h)
	r.Model.Draw(rec, r.Err)
	hit := m.hit
	if !hit.Drawn {
		t.Fatal("the scene did not report where it drew the f(θ) panel")
	}
	px := func(th float64) float64 { return hit.Plot.X + th/(2*math.Pi)*hit.Plot.W }
	py := func(f float64) float64 {
		return hit.Plot.Y + hit.Plot.H - (f-hit.Y.Min)/(hit.Y.Max-hit.Y.Min)*hit.Plot.H
	}
	// Press on training point 2 (θ = π/4), drag flat at f = 1.234 to θ = 3π/4 (points 2..6).
	if !m.Pointer(px(math.Pi/4), py(1.234), w, h, true) {
		t.Fatal("a press on the panel did not start a drawing")
	}
	for k := 1; k <= 8; k++ {
		m.Pointer(px(math.Pi/4+float64(k)*math.Pi/16), py(1.234), w, h, true)
	}
	if st := r.State(false); st["drawing"] != true {
		t.Fatalf("drawing = %v during the drag", st["drawing"])
	}
	r.Model.Draw(rec, r.Err)
	if !m.Pointer(px(3*math.Pi/4), py(1.234), w, h, false) {
		t.Fatal("release did not change the picture")
	}
	st := r.State(false)
	encodes(t, st)
	y := ntkFloats(t, st, "trainY")
	kernel := ntkFloats(t, st, "kernel")
	// Pixel rounding moves the height by at most half a pixel's worth of f, then the value is
	// rounded to 0.01: so each drawn target is 1.23 (1.234 rounded), the others unchanged.
	orig := func(i int) float64 { a := 2 * math.Pi * float64(i) / 16; return math.Sin(2*a) + 0.5*math.Cos(3*a) }
	for i := range y {
		want := math.Round(orig(i)*100) / 100
		if i >= 2 && i <= 6 {
			want = 1.23
		}
		if math.Abs(y[i]-want) > 1e-12 {
			t.Errorf("trainY[%d] = %g, want %g", i, y[i], want)
		}
		if d := math.Abs(kernel[8*i] - y[i]); d > 1e-8 {
			t.Errorf("kernel regression misses drawn point %d by %g", i, d)
		}
	}
	params := r.Model.Params()
	if !strings.Contains(params["y"], "1.23,1.23,1.23,1.23,1.23") || params["target"] != "" {
		t.Errorf("params after drawing: %v", params)
	}
	// The run restarted on the drawn targets and trains to them.
	if st["step"] != 0 {
		t.Errorf("step %v after a new drawing, want 0", st["step"])
	}
	runToSettled(t, r, 100000)
	if st := r.State(false); !(st["trainLoss"].(float64) < 1e-3) {
		t.Errorf("training on the drawn targets ends at loss %v", st["trainLoss"])
	}
	// A press outside the panel draws nothing.
	if m.Pointer(hit.Plot.X-20, hit.Plot.Y-20, w, h, true) {
		t.Error("a press outside the f(θ) panel started a drawing")
	}
}
