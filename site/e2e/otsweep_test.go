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

	"solvable/core/lambdadiv"
	"solvable/core/sinkhorn"
)

// Browser tests of the λ sweep (sim.html?model=otsweep) and its page (lambda.html). The
// reference values are single-λ solves from P_0 = K through core/sinkhorn, computed here: the
// simulator's sweep warm-starts every λ from its neighbour, so equal numbers mean the warm
// starts changed nothing but the iteration counts.

const sweepQuery = "model=otsweep&speed=max&x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1&tol=1e-12&lmin=0.001&lmax=100&points=11"

func TestOtsweepMatchesSingleSolves(t *testing.T) {
	p := openSim(t, sweepQuery)
	waitState(t, p, "s.converged === true", solveTimeout)
	st := state(t, p)
	if st["model"] != "otsweep" || st["error"] != "" {
		t.Fatalf("model %v, error %q", st["model"], st["error"])
	}
	lambdas := floats(t, st, "lambdas")
	if len(lambdas) != 11 || num(t, st, "done") != 11 {
		t.Fatalf("%d lambdas, done %v", len(lambdas), st["done"])
	}
	x := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	pw := []float64{0.3, 0.25, 0.2, 0.1, 0.1, 0.05}
	qw := []float64{0.05, 0.1, 0.1, 0.15, 0.25, 0.35}
	prob, err := sinkhorn.NewProblem1D(x, x, pw, qw, sinkhorn.CostSquared)
	if err != nil {
		t.Fatal(err)
	}
	tc, obj := floats(t, st, "transportCost"), floats(t, st, "objective")
	sd, pd := floats(t, st, "sinkhornDivergence"), floats(t, st, "planDivergence")
	ako, akoc := floats(t, st, "akoDivergence"), floats(t, st, "akocDivergence")
	for k, lam := range lambdas {
		s, err := sinkhorn.New(prob, lam, sinkhorn.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Solve(1e-12, 1_000_000); !ok {
			t.Fatalf("lambda %g: the reference solve did not converge", lam)
		}
		var self [2]float64
		for i, w := range [][]float64{pw, qw} {
			pr, _ := sinkhorn.NewProblem1D(x, x, w, w, sinkhorn.CostSquared)
			ss, _ := sinkhorn.NewSelfTransport(pr, lam)
			if _, ok := ss.Solve(1e-12, 100_000); !ok {
				t.Fatalf("lambda %g: the reference symmetric solve did not converge", lam)
			}
			self[i] = ss.Objective()
		}
		d, err := sinkhorn.PlanDivergence1D(x, pw, qw, sinkhorn.CostSquared, lam, 1e-12, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		lv, err := lambdadiv.Compute(prob.P, prob.Q, prob.C, lam)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"akoDivergence (core/lambdadiv)", ako[k], lv.AKO},
			{"akocDivergence (core/lambdadiv)", akoc[k], lv.AKOC},
			{"transportCost", tc[k], s.TransportCost()},
			{"objective", obj[k], s.Objective()},
			{"sinkhornDivergence", sd[k], s.Objective() - self[0]/2 - self[1]/2},
			{"planDivergence", pd[k], d},
		} {
			// Objectives reach -330 at lambda = 100: 1e-9 relative to max(1, |value|).
			if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
				t.Errorf("lambda %.4g: %s = %.12g in the browser, %.12g from a single solve", lam, c.name, c.got, c.want)
			}
		}
	}
	w, _, _ := sinkhorn.Exact1D(x, normalised(pw), x, normalised(qw), sinkhorn.CostSquared)
	if got := num(t, st, "wasserstein"); got != w {
		t.Errorf("wasserstein = %.17g, Exact1D gives %.17g", got, w)
	}
	if got := num(t, st, "klPQ"); math.Abs(got-0.6757588684) > 1e-10 {
		t.Errorf("klPQ = %.12g, spec §2.9 says 0.6757588684", got)
	}
	if got := num(t, st, "kernelLimit"); math.Abs(got-0.1444) > 1e-12 {
		t.Errorf("kernelLimit = %.15g, want (0.70 - 0.32)^2 = 0.1444", got)
	}
	time.Sleep(500 * time.Millisecond)
	if c := countColours(screenshotCanvas(t, p, "canvas")); c <= 2 {
		t.Errorf("the canvas is blank: %d colours", c)
	}
}

func normalised(w []float64) []float64 {
	s := 0.0
	for _, v := range w {
		s += v
	}
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = v / s
	}
	return out
}

func TestOtsweepBadInput(t *testing.T) {
	words := regexp.MustCompile(`[A-Za-z]{2,}\s+[A-Za-z]{2,}`)
	for _, tc := range []struct{ name, query, param string }{
		{"lmin zero", "lmin=0", "lmin"},
		{"lmin too small", "lmin=1e-7", "lmin"},
		{"lmax not a number", "lmax=big", "lmax"},
		{"points one", "points=1", "points"},
		{"range upside down", "lmin=10&lmax=1", "lmin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := openSim(t, "model=otsweep&speed=max&"+tc.query)
			waitState(t, p, `typeof s.error === "string" && s.error !== ""`, 20*time.Second)
			st := state(t, p)
			msg := str(t, st["error"])
			if len(msg) < 20 || !words.MatchString(msg) || !strings.HasSuffix(msg, ".") {
				t.Errorf("error %q is not a sentence", msg)
			}
			if got := str(t, st["errorParam"]); got != tc.param {
				t.Errorf("errorParam %q, want %q (%q)", got, tc.param, msg)
			}
		})
	}
}

// TestOtsweepPage opens lambda.html at a desktop and a phone width: no console errors, the sweep
// runs to the end, the readouts show numbers, nothing overflows, and screenshots are kept.
func TestOtsweepPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/lambda.html", size.w, size.h)
			p.win = iframeWin
			src := eval[string](t, p, `(document.querySelector("iframe") || {}).src || ""`)
			if !strings.Contains(src, "model=otsweep") {
				t.Errorf("iframe src = %q, want sim.html?model=otsweep", src)
			}
			p.waitReady()
			waitState(t, p, "s.converged === true", solveTimeout)
			time.Sleep(600 * time.Millisecond) // a poll of the readouts
			readouts := checkReadouts(t, p)
			if !regexp.MustCompile(`[0-9]`).MatchString(readouts["out-wasserstein"]) || readouts["out-status"] != "converged" {
				t.Errorf("readouts: %v", readouts)
			}
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport", sw, size.w)
			}
			checkLinks(t, p)
			if c := countColours(screenshot(t, p, "page")); c <= 2 {
				t.Errorf("the page screenshot is blank: %d colours", c)
			}
			shoot(t, p, "simulator", chromedp.Screenshot(chromedp.CSS("#sim")))
		})
	}
}

// TestOtsweepHover: a mouse moving over the plots with no button down shows the values at the
// λ under it (a Hoverer in wasm/main.go); state().shownLambda names that λ.
func TestOtsweepHover(t *testing.T) {
	p := openSim(t, "model=otsweep&preset=spec&points=11&speed=max")
	waitState(t, p, "s.converged", solveTimeout)
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent("mouseMoved", 200, 200),
		chromedp.MouseEvent("mouseMoved", 220, 210),
	); err != nil {
		t.Fatal(err)
	}
	waitState(t, p, "typeof s.shownLambda === 'number'", 10*time.Second)
}
