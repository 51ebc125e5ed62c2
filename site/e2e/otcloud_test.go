//go:build !js

package e2e

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"solvable/core/otcloud"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render/cloudview"
)

// otcloudNative solves the clouds a, b as the simulator does, natively: core/sinkhorn stepped
// one projection at a time from P_0 = K until the L1 marginal error after a column projection
// is below tol (the simulator's stopping rule). It returns the plan as rows.
func otcloudNative(t *testing.T, a, b []otcloud.Point, lambda, tol float64) [][]float64 {
	t.Helper()
	prob, err := otcloud.NewProblem(a, b, lambda)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sinkhorn.New(prob, lambda, sinkhorn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; ; k++ {
		if k > 20_000_000 {
			t.Fatal("the native solve did not converge")
		}
		s.Step()
		if s.Last() == sinkhorn.ProjectionCols && s.MarginalError() < tol {
			break
		}
	}
	flat := s.Plan(nil)
	rows := make([][]float64, len(a))
	for i := range rows {
		rows[i] = flat[i*len(b) : (i+1)*len(b)]
	}
	return rows
}

// cloudHealthy checks the fields every good, converged otcloud state has.
func cloudHealthy(t *testing.T, st map[string]any) {
	t.Helper()
	if st["model"] != "otcloud" || st["error"] != "" || st["converged"] != true {
		t.Errorf("model %v, error %q, converged %v", st["model"], st["error"], st["converged"])
	}
	if _, ok := st["params"].(map[string]any); !ok {
		t.Fatalf("params = %v, want an object", st["params"])
	}
	if num(t, st, "projections") <= 0 {
		t.Errorf("projections = %v after convergence", st["projections"])
	}
}

func cloudPoints(t *testing.T, st map[string]any, key string) []otcloud.Point {
	t.Helper()
	raw, ok := st[key].([]any)
	if !ok {
		t.Fatalf("state().%s = %v, want a list of [x, y]", key, st[key])
	}
	out := make([]otcloud.Point, len(raw))
	for i, p := range raw {
		xy, ok := p.([]any)
		if !ok || len(xy) != 2 {
			t.Fatalf("state().%s[%d] = %v", key, i, p)
		}
		out[i] = otcloud.Point{xy[0].(float64), xy[1].(float64)}
	}
	return out
}

// TestOTCloudConverges: a URL's problem converges in the browser to the plan a native solve of
// the same problem gives, and W is the exact assignment's.
func TestOTCloudConverges(t *testing.T) {
	const query = "preset=gaussians&na=25&nb=35&seed=5&lambda=0.02"
	p := openSim(t, "model=otcloud&speed=max&"+query)
	waitState(t, p, "s.converged && s.wasserstein !== null", solveTimeout)
	st := state(t, p)
	cloudHealthy(t, st)
	pr, err := otcloud.Parse(param.LookupQuery(query))
	if err != nil {
		t.Fatal(err)
	}
	a, b := pr.Clouds()
	if got := cloudPoints(t, st, "a"); otcloud.FormatPoints(got) != otcloud.FormatPoints(a) {
		t.Fatalf("the browser's cloud A differs from core/otcloud's")
	}
	want := otcloudNative(t, a, b, pr.Lambda, pr.Tol)
	comparePlans(t, "plan vs the native solve", matrix(t, st, "plan", 25, 35), want, 1e-9)
	e, err := otcloud.NewExact(25, 35, otcloud.Cost(a, b, nil))
	if err != nil {
		t.Fatal(err)
	}
	e.Solve()
	if w := num(t, st, "wasserstein"); math.Abs(w-e.W()) > 1e-12 {
		t.Errorf("wasserstein = %.15g, want %.15g (exact assignment)", w, e.W())
	}
	// 0 <= <C,P> - W, and the plan's own marginals match.
	if tc := num(t, st, "transportCost"); tc < e.W()-1e-12 {
		t.Errorf("<C,P> = %v is below W = %v", tc, e.W())
	}
	if me := num(t, st, "marginalError"); me > pr.Tol {
		t.Errorf("converged with marginal error %v", me)
	}
}

// canvasView is the part of a cloudview.View that decides the layout, rebuilt from state().
func canvasView(t *testing.T, st map[string]any) cloudview.View {
	v := cloudview.View{A: cloudPoints(t, st, "a"), B: cloudPoints(t, st, "b")}
	box := floats(t, st, "box")
	copy(v.Box[:], box)
	_, v.HasWasserstein = st["wasserstein"].(float64)
	return v
}

// TestOTCloudDrag presses on a point of A in the canvas, drags it with synthetic mouse events
// and releases: the point moves, the URL parameters list the moved cloud, and the solver
// re-converges to the native plan of the new clouds.
func TestOTCloudDrag(t *testing.T) {
	p := openSim(t, "model=otcloud&speed=max&preset=ring")
	waitState(t, p, "s.converged", solveTimeout)
	before := state(t, p)
	rect := eval[map[string]float64](t, p, `(() => { const r = document.querySelector("canvas").getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; })()`)
	v := canvasView(t, before)
	g := cloudview.Layout(rect["w"], rect["h"], v)
	const i = 7
	px, py := g.PX(v.A[i][0]), g.PY(v.A[i][1])
	if side, j, ok := g.Hit(px, py, v); !ok || side != cloudview.SideA || j != i {
		t.Fatalf("the layout does not put point %d of A at (%v, %v)", i, px, py)
	}
	x0, y0 := rect["x"]+px, rect["y"]+py
	dx, dy := 40.0, -30.0
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	frame := chromedp.Sleep(80 * time.Millisecond) // Ebiten reads the pointer once a frame
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0, y0), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)), frame}
	for k := 1; k <= 5; k++ {
		f := float64(k) / 5
		steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0+f*dx, y0+f*dy, chromedp.ButtonLeft), frame)
	}
	steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x0+dx, y0+dy, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("mouse events: %v", err)
	}
	waitState(t, p, "!s.dragging && s.converged && s.wasserstein !== null", solveTimeout)
	st := state(t, p)
	cloudHealthy(t, st)
	a, b := cloudPoints(t, st, "a"), cloudPoints(t, st, "b")
	want := g.DataAt(px+dx, py+dy)
	// Ebiten reports the cursor in whole device pixels: allow 1.5 px of data units.
	tol := 1.5 * (g.Plane.X.Max - g.Plane.X.Min) / g.Plane.Plot.W
	if math.Abs(a[i][0]-want[0]) > tol || math.Abs(a[i][1]-want[1]) > tol {
		t.Errorf("point %d of A is at %v after the drag, want about %v (from %v)", i, a[i], want, v.A[i])
	}
	for j := range a {
		if j != i && a[j] != v.A[j] {
			t.Errorf("point %d of A moved too: %v -> %v", j, v.A[j], a[j])
		}
	}
	params, _ := st["params"].(map[string]any)
	if pa, _ := params["a"].(string); !strings.Contains(pa, otcloud.FormatPoints(a[i:i+1])) {
		t.Errorf("params.a = %q does not list the moved point %v", pa, a[i])
	}
	comparePlans(t, "plan after the drag vs the native solve", matrix(t, st, "plan", len(a), len(b)), otcloudNative(t, a, b, 0.01, 1e-9), 1e-9)
	e, _ := otcloud.NewExact(len(a), len(b), otcloud.Cost(a, b, nil))
	e.Solve()
	if w := num(t, st, "wasserstein"); math.Abs(w-e.W()) > 1e-12 {
		t.Errorf("wasserstein after the drag = %.15g, want %.15g", w, e.W())
	}
	t.Logf("point %d moved %v -> %v; projections %v", i, v.A[i], a[i], st["projections"])
	time.Sleep(300 * time.Millisecond)
	screenshotCanvas(t, p, "otcloud_after_drag")
}

// TestOTCloudBadInput: each bad parameter gives a sentence naming it, and the canvas says it.
func TestOTCloudBadInput(t *testing.T) {
	for _, tc := range []struct{ query, param string }{
		{"lambda=-1", "lambda"},
		{"a=0,0;1", "a"},
		{"shapeb=cube", "shapeb"},
		{"na=500", "na"},
	} {
		t.Run(tc.param, func(t *testing.T) {
			p := openSim(t, "model=otcloud&speed=max&"+tc.query)
			waitState(t, p, `typeof s.error === "string" && s.error !== ""`, 20*time.Second)
			st := state(t, p)
			msg := str(t, st["error"])
			if len(msg) < 20 || !strings.HasSuffix(msg, ".") || strings.Contains(msg, "NaN") {
				t.Errorf("error %q is not a sentence", msg)
			}
			if got := str(t, st["errorParam"]); got != tc.param {
				t.Errorf("errorParam = %q, want %q (%q)", got, tc.param, msg)
			}
			time.Sleep(500 * time.Millisecond)
			if c := countColours(screenshotCanvas(t, p, "canvas")); c <= 2 {
				t.Errorf("the canvas is blank")
			}
		})
	}
}

// TestOTCloudPage opens clouds.html at a desktop and a phone width: no console errors, the
// simulator runs, readouts show numbers, nothing overflows; screenshots are kept.
func TestOTCloudPage(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1200, 900}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			p := openPage(t, "/clouds.html", size.w, size.h)
			p.win = iframeWin
			src := eval[string](t, p, `(document.querySelector("iframe") || {}).src || ""`)
			if !strings.Contains(src, "model=otcloud") {
				t.Errorf("iframe src = %q, want sim.html?model=otcloud", src)
			}
			p.waitReady()
			waitState(t, p, "s.converged", solveTimeout)
			ctx, done := contextFor(p, 20*time.Second)
			defer done()
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
				`(document.getElementById("out-wasserstein") || {}).textContent && /[0-9]/.test(document.getElementById("out-wasserstein").textContent)`,
				chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
				t.Errorf("the exact W readout shows no number: %v", err)
			}
			checkReadouts(t, p)
			if sw := eval[float64](t, p, `document.documentElement.scrollWidth`); sw > float64(size.w) {
				t.Errorf("the page is %v px wide in a %d px viewport", sw, size.w)
			}
			checkLinks(t, p)
			time.Sleep(time.Second)
			screenshot(t, p, fmt.Sprintf("otcloud_page_%d", size.w))
			shoot(t, p, fmt.Sprintf("otcloud_canvas_%d", size.w), chromedp.Screenshot(chromedp.CSS("#sim")))
		})
	}
}

// TestOTCloudPagePreset: a preset link's URL reaches the simulator.
func TestOTCloudPagePreset(t *testing.T) {
	p := openPage(t, "/clouds.html?preset=uneven&speed=max", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	waitState(t, p, "s.na === 20 && s.nb === 30", loadTimeout)
	if v := eval[string](t, p, `document.getElementById("preset").value`); v != "uneven" {
		t.Errorf("preset select shows %q, want uneven", v)
	}
	// A "Show …" link in the text picks its preset in place (page.js, data-preset-link).
	eval[bool](t, p, `(document.querySelector('a[data-preset-link="sharp"]').click(), true)`)
	waitState(t, p, "s.lambda === 0.002 && s.na === 30", loadTimeout)
	if v := eval[string](t, p, `document.getElementById("preset").value`); v != "sharp" {
		t.Errorf("after the link the preset select shows %q, want sharp", v)
	}
}

// dragInPage drags point i of cloud A by (dx, dy) CSS pixels inside a model page's simulator
// and waits for the simulator to re-converge.
func dragInPage(t *testing.T, p *page, i int, dx, dy float64) {
	t.Helper()
	waitState(t, p, "s.converged", solveTimeout)
	st := state(t, p)
	off := eval[map[string]float64](t, p, `(() => {
		const f = document.getElementById("sim").getBoundingClientRect();
		const c = document.getElementById("sim").contentDocument.querySelector("canvas").getBoundingClientRect();
		return {x: f.left + c.left, y: f.top + c.top, w: c.width, h: c.height};
	})()`)
	v := canvasView(t, st)
	g := cloudview.Layout(off["w"], off["h"], v)
	x0, y0 := off["x"]+g.PX(v.A[i][0]), off["y"]+g.PY(v.A[i][1])
	ctx, done := contextFor(p, actionTimeout)
	defer done()
	frame := chromedp.Sleep(80 * time.Millisecond)
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0, y0), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0+dx/2, y0+dy/2, chromedp.ButtonLeft), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x0+dx, y0+dy, chromedp.ButtonLeft), frame,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x0+dx, y0+dy, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	); err != nil {
		t.Fatalf("mouse events: %v", err)
	}
	waitState(t, p, "!s.dragging && s.converged", solveTimeout)
	if a := cloudPoints(t, state(t, p), "a"); a[i] == v.A[i] {
		t.Fatalf("point %d of A did not move", i)
	}
}

// waitSearch waits until the page URL's query matches re and returns it.
func waitSearch(t *testing.T, p *page, re string) string {
	t.Helper()
	ctx, done := contextFor(p, 10*time.Second)
	defer done()
	search, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`/%s/.test(location.search) && location.search`, re),
		chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("the page URL never matched %s: %v (search %q)", re, err, eval[string](t, p, "location.search"))
	}
	return search
}

// TestOTCloudPageKeepsDrag drags a point inside clouds.html's simulator: the page URL then lists
// the cloud's points, and reopening that URL shows the same clouds (the address bar is a
// permalink of what is on screen).
func TestOTCloudPageKeepsDrag(t *testing.T) {
	p := openPage(t, "/clouds.html?speed=max&preset=shift", 1200, 900)
	p.win = iframeWin
	p.waitReady()
	dragInPage(t, p, 2, 30, 20)
	moved := cloudPoints(t, state(t, p), "a")
	search := waitSearch(t, p, "[?&]a=")
	q := openPage(t, "/clouds.html"+search, 1200, 900)
	q.win = iframeWin
	q.waitReady()
	if got := cloudPoints(t, state(t, q), "a"); otcloud.FormatPoints(got) != otcloud.FormatPoints(moved) {
		t.Errorf("reopening %q gives cloud A %v, want %v", search, got, moved)
	}

	// A generated cloud: after the drag, na and the shape no longer describe A, and the URL must
	// drop them, or reopening it would draw A afresh. That needs page.js to remove the
	// parameters the simulator stopped writing when it adopts a dragged list.
	p2 := openPage(t, "/clouds.html?speed=max&na=12&nb=14&seed=3&shapea=square", 1200, 900)
	p2.win = iframeWin
	p2.waitReady()
	dragInPage(t, p2, 2, 30, 20)
	moved = cloudPoints(t, state(t, p2), "a")
	search = waitSearch(t, p2, "[?&]a=")
	for _, stale := range []string{"na=", "shapea="} {
		if strings.Contains(search, stale) {
			t.Errorf("the page URL %q still has %s although A is now listed", search, stale)
		}
	}
	q2 := openPage(t, "/clouds.html"+search, 1200, 900)
	q2.win = iframeWin
	q2.waitReady()
	if got := cloudPoints(t, state(t, q2), "a"); otcloud.FormatPoints(got) != otcloud.FormatPoints(moved) {
		t.Errorf("reopening %q gives cloud A %v, want %v", search, got, moved)
	}
}
