//go:build !js

package e2e

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// Browser tests of the learning-curve simulators (sim.html?model=continual, model=curves) and
// their pages: the talk's preset completes and every simulated mean lies within 3 standard
// errors of the replica theory drawn with it (issue 6's "Done when").

// simPointsWithin checks state().points: every simulated value within k standard errors of its
// theory value, and returns the largest |mean - theory| / stderr.
func simPointsWithin(t *testing.T, st map[string]any, k float64) float64 {
	t.Helper()
	pts, ok := st["points"].([]any)
	if !ok || len(pts) == 0 {
		t.Fatalf("state().points = %v, want a list of simulated points", st["points"])
	}
	worst := 0.0
	for i, p := range pts {
		m, _ := p.(map[string]any)
		mean, ok1 := m["mean"].(float64)
		se, ok2 := m["stderr"].(float64)
		th, ok3 := m["theory"].(float64)
		if !ok1 || !ok2 || !ok3 || !(se > 0) {
			t.Errorf("point %d is incomplete: %v", i, m)
			continue
		}
		z := math.Abs(mean-th) / se
		worst = math.Max(worst, z)
		if z > k {
			t.Errorf("point %d (%v at %v%v): simulation %.5g ± %.3g, theory %.5g: %.2f standard errors apart",
				i, m["quantity"], m["rho"], m["n"], mean, se, th, z)
		}
	}
	return worst
}

func TestContinualTalkInBrowser(t *testing.T) {
	p := openSim(t, "model=continual&preset=talk&speed=max")
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	if st["error"] != "" {
		t.Fatalf("error %q", st["error"])
	}
	worst := simPointsWithin(t, st, 3)
	if c, _ := st["criticalRho"].(float64); math.Abs(c-0.5) > 1e-9 {
		t.Errorf("criticalRho = %v, want 1/2 (a target from the kernel's prior, no noise)", st["criticalRho"])
	}
	t.Logf("talk preset: %d points, largest deviation %.2f standard errors, seeds %v, critical rho %v / %v",
		len(st["points"].([]any)), worst, st["seedsDone"], st["criticalRho"], st["criticalRhoBackward"])
	screenshotCanvas(t, p, "continual_talk")
}

func TestContinualPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/continual.html?speed=max", size.w, size.h)
			p.win = iframeWin
			p.waitReady()
			waitState(t, p, "s.converged", solveTimeout)
			time.Sleep(400 * time.Millisecond) // a poll of the page's readouts
			checkReadouts(t, p, "out-critical")
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport", sw, size.w)
			}
			screenshot(t, p, "continual_page")
			if size.w < 1000 {
				return
			}
			eval[bool](t, p, `(document.querySelector('a[data-preset-link="self"]').click(), true)`)
			waitState(t, p, `s.view === "self"`, loadTimeout)
			time.Sleep(500 * time.Millisecond) // the URL is written at most every 300 ms
			if u := eval[string](t, p, `location.search`); !strings.Contains(u, "preset=self") {
				t.Errorf("page URL after the preset link: %q", u)
			}
		})
	}
}

// TestCurvesInBrowser: the learning-curve simulator's default (the ReLU NTK on S^9) completes
// in the page and every simulated N lies within 3 standard errors of the replica theory.
func TestCurvesInBrowser(t *testing.T) {
	p := openSim(t, "model=curves&speed=max")
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	if st["error"] != "" {
		t.Fatalf("error %q", st["error"])
	}
	rows, _ := st["sim"].([]any)
	if len(rows) < 5 {
		t.Fatalf("sim has %d points: %v", len(rows), st["sim"])
	}
	gap := num(t, st, "maxGap")
	t.Logf("curves: %d sample sizes, %v seeds each, largest gap %.2f standard errors", len(rows), st["seeds"], gap)
	if gap > 3 {
		t.Errorf("a simulated point lies %.2f standard errors from the theory", gap)
	}
	screenshotCanvas(t, p, "curves_default")
}

func TestCurvesPage(t *testing.T) {
	p := openPage(t, "/curves.html?speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.converged", solveTimeout)
	time.Sleep(400 * time.Millisecond)
	checkReadouts(t, p, "out-gap", "out-seeds")
	screenshot(t, p, "curves_page")
	eval[bool](t, p, `(document.querySelector('a[data-preset-link="powerlaw"]').click(), true)`)
	waitState(t, p, `s.params.spectrum === "powerlaw"`, loadTimeout)
}
