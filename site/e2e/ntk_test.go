//go:build !js

package e2e

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

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

// TestNTKDrawInBrowser drags across the f(θ) panel with the mouse: the targets under the pen
// move to its height, training restarts on them, the URL parameters carry them, and the kernel
// curve passes through every drawn target (ridgeless regression interpolates: grid index 8i is
// training angle i of 16 on the 128-point grid).
func TestNTKDrawInBrowser(t *testing.T) {
	p := openSim(t, "model=ntk&speed=max")
	waitState(t, p, "s.functionPanel !== null && s.step > 5", solveTimeout)
	st := state(t, p)
	fp, _ := st["functionPanel"].(map[string]any)
	g := func(k string) float64 { return fp[k].(float64) }
	rect := eval[map[string]float64](t, p, `(() => { const r = document.querySelector("canvas").getBoundingClientRect(); return {x: r.left, y: r.top}; })()`)
	px := func(th float64) float64 {
		return rect["x"] + g("x") + (th-g("thetaMin"))/(g("thetaMax")-g("thetaMin"))*g("w")
	}
	py := func(f float64) float64 {
		return rect["y"] + g("y") + g("h") - (f-g("fMin"))/(g("fMax")-g("fMin"))*g("h")
	}
	const level = -1.5
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	frame := chromedp.Sleep(80 * time.Millisecond) // Ebiten reads the pointer once a frame
	x0, y0 := px(math.Pi/2), py(level)
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0, y0), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)), frame}
	for k := 1; k <= 8; k++ {
		steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, px(math.Pi/2+float64(k)*math.Pi/16), y0, chromedp.ButtonLeft), frame)
	}
	steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, px(math.Pi), y0, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("mouse events: %v", err)
	}
	// Training on the drawn targets restarts; a loss under 1e-3 shows it trains on them (full
	// convergence to 1e-6 can take a thousand steps on a steep drawing, too slow on a busy CI).
	waitState(t, p, "!s.drawing && s.params.y !== undefined && s.step > 0 && s.trainLoss < 1e-3", solveTimeout)
	st = state(t, p)
	y, kernel := floats(t, st, "trainY"), floats(t, st, "kernel")
	// Ebiten reports the cursor in whole pixels: 1.5 px of f units, plus the rounding to 0.01.
	tol := 1.5*(g("fMax")-g("fMin"))/g("h") + 0.005
	for i := 4; i <= 8; i++ {
		if math.Abs(y[i]-level) > tol {
			t.Errorf("drawn target %d is %g, want %g within %.3g", i, y[i], level, tol)
		}
	}
	for i := range y {
		if d := math.Abs(kernel[8*i] - y[i]); d > 1e-8 {
			t.Errorf("the kernel curve misses drawn target %d by %g", i, d)
		}
	}
	t.Logf("drawn targets %v; loss %v after %v steps", y[4:9], st["trainLoss"], st["step"])
	time.Sleep(300 * time.Millisecond)
	screenshotCanvas(t, p, "ntk_drawn")
}

// TestNTKPage opens ntk.html at a desktop and a phone size: the simulator trains to the kernel
// limit inside the page, the readouts fill in, and a preset link in the text switches the
// simulator in place.
func TestNTKPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/ntk.html?speed=max", size.w, size.h)
			p.win = iframeWin
			p.waitReady()
			waitState(t, p, "s.converged", solveTimeout)
			time.Sleep(400 * time.Millisecond) // a poll of the page's readouts
			checkReadouts(t, p, "out-loss")
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport", sw, size.w)
			}
			screenshot(t, p, "ntk_page")
			if size.w < 1000 {
				return
			}
			eval[bool](t, p, `(document.querySelector('a[data-preset-link="narrow"]').click(), true)`)
			waitState(t, p, "s.width === 32 && s.converged", solveTimeout)
			time.Sleep(500 * time.Millisecond) // the URL is written at most every 300 ms
			if u := eval[string](t, p, `location.search`); !strings.Contains(u, "preset=narrow") {
				t.Errorf("page URL after the preset link: %q", u)
			}
		})
	}
}
