//go:build !js

package e2e

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"solvable/core/otgeom"
)

// ot2x2Plan reads a 2x2 plan field of state() as an otgeom.Plan.
func ot2x2Plan(t *testing.T, st map[string]any, key string) otgeom.Plan {
	t.Helper()
	m := matrix(t, st, key, 2, 2)
	return otgeom.Plan{m[0][0], m[0][1], m[1][0], m[1][1]}
}

// TestOT2x2Converges runs sim.html?model=ot2x2 one projection at a time and checks the
// Pythagorean relation after every step (its gap below 1e-12: it is exact, and the
// divergences here are at most about 1, so 1e-12 is thousands of roundings), then that the
// converged plan is the closed form of core/otgeom, computed here natively (1e-10: the run
// stops at marginal error 1e-12, about 1e-12 from P*).
func TestOT2x2Converges(t *testing.T) {
	cases := []otgeom.Problem{
		{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.5},     // the page's default
		{P1: 0.35, Q1: 0.8, C: -1.5, Lambda: 0.1}, // negative cost: the anti-diagonal side
		{P1: 0.2, Q1: 0.9, C: 2, Lambda: 0.02},    // small lambda: log-stabilised, near the LP plan
	}
	for _, pr := range cases {
		t.Run(fmt.Sprintf("p1=%g,q1=%g,c=%g,lambda=%g", pr.P1, pr.Q1, pr.C, pr.Lambda), func(t *testing.T) {
			q := fmt.Sprintf("model=ot2x2&paused=1&speed=max&p1=%g&q1=%g&c=%g&lambda=%g", pr.P1, pr.Q1, pr.C, pr.Lambda)
			p := openSim(t, q)
			// Forty single steps, each followed by a look at the gap.
			gaps := eval[[]any](t, p, `(() => {
				const s = window.solvable, out = [];
				for (let k = 0; k < 40; k++) { s.step(1); out.push(s.state({plan: false}).pythagorasGap); }
				return out;
			})()`)
			for k, g := range gaps {
				if g == nil {
					continue // converged before this step; nothing was done
				}
				if gv, ok := g.(float64); !ok || gv > 1e-12 {
					t.Errorf("projection %d: pythagorasGap = %v, want < 1e-12", k+1, g)
				}
			}
			call(t, p, "play()")
			waitState(t, p, "s.converged", solveTimeout)
			st := state(t, p)
			if st["model"] != "ot2x2" || st["error"] != "" {
				t.Fatalf("model %v, error %q", st["model"], st["error"])
			}
			got, want := ot2x2Plan(t, st, "plan"), pr.OptimalPlan()
			for k := range got {
				if math.Abs(got[k]-want[k]) > 1e-10 {
					t.Errorf("plan cell %s = %.15g, closed form %.15g", otgeom.CellNames[k], got[k], want[k])
				}
			}
			if d := ot2x2Plan(t, st, "optimalPlan").Sub(want).L1(); d > 1e-15 {
				t.Errorf("optimalPlan differs from the closed form by %g", d)
			}
			if d := ot2x2Plan(t, st, "limitPlan").Sub(pr.LPPlan()).L1(); d > 1e-15 {
				t.Errorf("limitPlan differs from the LP plan by %g", d)
			}
			if g := num(t, st, "maxPythagorasGap"); g > 1e-12 {
				t.Errorf("maxPythagorasGap = %g", g)
			}
			if e := num(t, st, "marginalError"); e > 1e-12 {
				t.Errorf("converged with marginalError %g", e)
			}
			t.Logf("projections %v, klToOptimum %v, maxPythagorasGap %v", st["projections"], st["klToOptimum"], st["maxPythagorasGap"])
		})
	}
}

// TestOT2x2BadInput: a bad parameter gives a sentence naming it, in state().error and on the
// canvas (which is not blank).
func TestOT2x2BadInput(t *testing.T) {
	words := regexp.MustCompile(`[A-Za-z]{2,}\s+[A-Za-z]{2,}`)
	for _, tc := range []struct{ query, param string }{{"p1=1.5", "p1"}, {"lambda=-1", "lambda"}, {"c=abc", "c"}} {
		t.Run(tc.param, func(t *testing.T) {
			p := openSim(t, "model=ot2x2&speed=max&"+tc.query)
			waitState(t, p, `typeof s.error === "string" && s.error !== ""`, 20*time.Second)
			st := state(t, p)
			msg := str(t, st["error"])
			if len(msg) < 15 || !words.MatchString(msg) || !strings.Contains(strings.ToLower(msg), tc.param) {
				t.Errorf("error %q is not a sentence naming %s", msg, tc.param)
			}
			if got := str(t, st["errorParam"]); got != tc.param {
				t.Errorf("errorParam = %q, want %q", got, tc.param)
			}
			time.Sleep(time.Second)
			if c := countColours(screenshotCanvas(t, p, "ot2x2_error")); c <= 2 {
				t.Errorf("the canvas is blank: %d colours", c)
			}
		})
	}
}

// TestOT2x2Drag turns the view with a mouse drag on the canvas: yaw and pitch change in
// state().params (so a permalink keeps the view) and the run is not restarted.
func TestOT2x2Drag(t *testing.T) {
	p := openSim(t, "model=ot2x2&paused=1")
	call(t, p, "step(3)")
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent("mouseMoved", 300, 300),
		chromedp.MouseEvent("mousePressed", 300, 300, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", 330, 300, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", 360, 290, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", 400, 280, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseReleased", 400, 280, chromedp.ButtonLeft),
	); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, `s.params.yaw !== undefined`, 10*time.Second)
	st := state(t, p)
	if st["projections"] != 3.0 {
		t.Errorf("projections = %v after a drag, want 3 (turning must not restart)", st["projections"])
	}
	if yaw := num(t, st, "yaw"); yaw == otgeom.DefaultCamera.Yaw {
		t.Errorf("yaw still %v after a drag", yaw)
	}
	t.Logf("params after the drag: %v", st["params"])
}

// TestOT2x2Page opens geometry.html at a desktop and a phone width: no console errors, the
// simulator runs in the iframe, readouts show numbers and never NaN, nothing overflows
// sideways, and full-page screenshots are kept for a person to look at.
func TestOT2x2Page(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/geometry.html", size.w, size.h)
			p.win = iframeWin
			src := eval[string](t, p, `(document.querySelector("iframe") || {}).src || ""`)
			if !strings.Contains(src, "model=ot2x2") {
				t.Errorf("iframe src = %q, want sim.html?model=ot2x2...", src)
			}
			p.waitReady()
			waitState(t, p, "s.projections >= 6", loadTimeout)
			time.Sleep(600 * time.Millisecond) // a poll of the readouts
			readouts := eval[map[string]string](t, p,
				`Object.fromEntries([...document.querySelectorAll("output[data-field]")].map((o) => [o.id, o.textContent.trim()]))`)
			if !regexp.MustCompile(`[0-9]`).MatchString(readouts["out-kl-opt"]) {
				t.Errorf("KL readout %q shows no number", readouts["out-kl-opt"])
			}
			for id, text := range readouts {
				for _, bad := range []string{"NaN", "undefined", "Infinity", "null", "[object"} {
					if strings.Contains(text, bad) {
						t.Errorf("readout %s shows %q", id, text)
					}
				}
			}
			t.Logf("readouts: %v", readouts)
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport", sw, size.w)
			}
			checkLinks(t, p)
			time.Sleep(time.Second)
			if c := countColours(screenshot(t, p, "ot2x2_page")); c <= 2 {
				t.Errorf("the page screenshot is blank: %d colours", c)
			}
		})
	}
}

// TestOT2x2PagePreset: a preset in the page's address reaches the simulator.
func TestOT2x2PagePreset(t *testing.T) {
	p := openPage(t, "/geometry.html?preset=sharp&speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	if num(t, st, "lambda") != 0.05 {
		t.Errorf("lambda = %v, want the sharp preset's 0.05", st["lambda"])
	}
	pr := otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.05}
	if d := ot2x2Plan(t, st, "plan").Sub(pr.OptimalPlan()).L1(); d > 1e-10 {
		t.Errorf("plan is %g from the closed form", d)
	}
	time.Sleep(time.Second)
	if c := countColours(screenshot(t, p, "ot2x2_sharp")); c <= 2 {
		t.Errorf("blank page")
	}
}

// TestOT2x2PresetLinkInPlace: a preset link in the text sets the simulator's problem without
// reloading the page (a marker set on the window survives), and the page URL names the preset.
func TestOT2x2PresetLinkInPlace(t *testing.T) {
	p := openPage(t, "/geometry.html", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	eval[bool](t, p, `(window.__solvableMarker = true)`)
	eval[bool](t, p, `(document.querySelector('a[data-preset-link="blurry"]').click(), true)`)
	waitState(t, p, `s.lambda === 20`, 10*time.Second) // the blurry preset's λ
	if !eval[bool](t, p, `window.__solvableMarker === true`) {
		t.Error("following the preset link reloaded the page")
	}
	time.Sleep(500 * time.Millisecond) // the URL is written at most every 300 ms
	if q := eval[string](t, p, `location.search`); !strings.Contains(q, "preset=blurry") {
		t.Errorf("page URL query %q does not name the preset", q)
	}
}
