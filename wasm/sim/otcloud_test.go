package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"solvable/core/otcloud"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render/cloudview"
	"solvable/render/recorder"
)

const cloudW, cloudH = 800.0, 600.0

// settle ticks the runner (fake clock, generous budget) until the model is settled and its
// background work is done, or fails.
func settle(t *testing.T, r *Runner) {
	t.Helper()
	for k := 0; k < 2000; k++ {
		r.Tick(1.0/60, time.Second)
		m := r.Model.(*cloudModel)
		if m.Settled() && m.exact == nil {
			return
		}
	}
	t.Fatalf("did not settle: %v", r.State(false)["marginalError"])
}

// coldPlan is the plan the model must show for the clouds a, b: core/sinkhorn stepped one
// projection at a time from P_0 = K until the marginal error after a column projection is
// below tol, which is the simulator's own stopping rule.
func coldPlan(t *testing.T, a, b []otcloud.Point, lambda, tol float64) ([]float64, int) {
	t.Helper()
	prob, err := otcloud.NewProblem(a, b, lambda)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := sinkhorn.New(prob, lambda, sinkhorn.Options{})
	for k := 0; k < 10_000_000; k++ {
		s.Step()
		if s.Last() == sinkhorn.ProjectionCols && s.MarginalError() < tol {
			return s.Plan(nil), s.Projections()
		}
	}
	t.Fatal("reference did not converge")
	return nil, 0
}

func planOf(t *testing.T, st map[string]any) []float64 {
	t.Helper()
	var out []float64
	for _, row := range st["plan"].([]any) {
		for _, x := range row.([]any) {
			out = append(out, x.(float64))
		}
	}
	return out
}

func pointsOf(st map[string]any, key string) []otcloud.Point {
	var out []otcloud.Point
	for _, p := range st[key].([]any) {
		xy := p.([]any)
		out = append(out, otcloud.Point{xy[0].(float64), xy[1].(float64)})
	}
	return out
}

func cloudMaxDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func TestCloudConvergesToNativePlan(t *testing.T) {
	r := newRunner(t, "model=otcloud&speed=max&preset=shift")
	if r.Err != "" {
		t.Fatal(r.Err)
	}
	settle(t, r)
	st := r.State(true)
	encodes(t, st)
	if st["converged"] != true {
		t.Fatal("not converged")
	}
	pr, _ := otcloud.Parse(param.LookupQuery("preset=shift"))
	a, b := pr.Clouds()
	want, projections := coldPlan(t, a, b, pr.Lambda, pr.Tol)
	if d := cloudMaxDiff(planOf(t, st), want); d > 1e-12 {
		t.Errorf("plan differs from the native solve by %.3g", d)
	}
	if got := st["projections"].(int); got != projections {
		t.Errorf("projections %d, native %d", got, projections)
	}
	// W = |shift|^2 = 1^2 + 0.2^2 exactly (core/otcloud's TestTranslateExact says why).
	if w, ok := st["wasserstein"].(float64); !ok || math.Abs(w-1.04) > 1e-12 {
		t.Errorf("wasserstein = %v, want 1.04", st["wasserstein"])
	}
	if tc := st["transportCost"].(float64); !(tc >= 1.04-1e-12) || tc-1.04 > pr.Lambda*math.Log(16) {
		t.Errorf("<C,P> = %v, want in [W, W + lambda ln n]", tc)
	}
	if len(pointsOf(st, "a")) != 16 || len(pointsOf(st, "b")) != 16 {
		t.Errorf("a, b: %v %v", st["a"], st["b"])
	}
}

// press finds the canvas position of point i of a cloud as the scene lays it out.
func pixelOf(m *cloudModel, side cloudview.Side, i int) (float64, float64) {
	g := cloudview.Layout(cloudW, cloudH, *m.fillView(""))
	p := m.a[i]
	if side == cloudview.SideB {
		p = m.b[i]
	}
	return g.PX(p[0]), g.PY(p[1])
}

func TestCloudDragWarmStarts(t *testing.T) {
	r := newRunner(t, "model=otcloud&speed=max&preset=gaussians")
	settle(t, r)
	m := r.Model.(*cloudModel)
	before := r.State(false)
	x, y := pixelOf(m, cloudview.SideA, 5)
	if !m.Pointer(x, y, cloudW, cloudH, true) {
		t.Fatal("press on a point did nothing")
	}
	if st := r.State(false); st["dragging"] != true {
		t.Fatal("not dragging after a press on a point")
	}
	// Three small moves, as a drag delivers them, with Sinkhorn running in between.
	for k := 1; k <= 3; k++ {
		m.Pointer(x+4*float64(k), y-3*float64(k), cloudW, cloudH, true)
		r.Tick(1.0/60, 20*time.Microsecond)
	}
	m.Pointer(x+12, y-9, cloudW, cloudH, false)
	if st := r.State(false); st["dragging"] != false || st["converged"] == true {
		t.Fatalf("after the drag: dragging %v converged %v", st["dragging"], st["converged"])
	}
	p0 := pointsOf(before, "a")[5]
	st := r.State(false)
	p1 := pointsOf(st, "a")[5]
	g := cloudview.Layout(cloudW, cloudH, *m.fillView(""))
	want := g.DataAt(x+12, y-9)
	if math.Abs(p1[0]-want[0]) > 1e-4 || math.Abs(p1[1]-want[1]) > 1e-4 || p1 == p0 {
		t.Errorf("point moved from %v to %v, want about %v", p0, p1, want)
	}
	params := st["params"].(map[string]any)
	if !strings.Contains(params["a"].(string), otcloud.FormatPoints([]otcloud.Point{p1})) {
		t.Errorf("params.a %q does not list the moved point %v", params["a"], p1)
	}
	if _, ok := params["shapea"]; ok {
		t.Errorf("params still name a shape for A: %v", params)
	}
	startProj := m.solver.Projections()
	settle(t, r)
	st = r.State(true)
	a, b := pointsOf(st, "a"), pointsOf(st, "b")
	want2, coldProj := coldPlan(t, a, b, 0.01, otcloud.DefaultTol)
	if d := cloudMaxDiff(planOf(t, st), want2); d > 1e-9 {
		t.Errorf("after the drag the plan differs from a cold solve of the new clouds by %.3g", d)
	}
	warmProj := m.solver.Projections() - startProj
	t.Logf("re-converged in %d projections after the drag; a cold start needs %d", warmProj, coldProj)
	if warmProj >= coldProj {
		t.Errorf("warm re-convergence took %d projections, cold %d", warmProj, coldProj)
	}
	// The permalink reproduces the moved clouds.
	r2 := newRunner(t, "model=otcloud&"+encodeParams(params))
	if r2.Err != "" {
		t.Fatal(r2.Err)
	}
	st2 := r2.State(false)
	if otcloud.FormatPoints(pointsOf(st2, "a")) != otcloud.FormatPoints(a) || otcloud.FormatPoints(pointsOf(st2, "b")) != otcloud.FormatPoints(b) {
		t.Errorf("the permalink did not reproduce the clouds")
	}
}

// encodeParams writes state().params back as a query (values escaped as a browser would).
func encodeParams(p map[string]any) string {
	var parts []string
	for k, v := range p {
		if k == "model" {
			continue
		}
		parts = append(parts, k+"="+strings.ReplaceAll(v.(string), ";", "%3B"))
	}
	return strings.Join(parts, "&")
}

func TestCloudClickAddsAndToggles(t *testing.T) {
	r := newRunner(t, "model=otcloud&speed=max&na=10&nb=12")
	settle(t, r)
	m := r.Model.(*cloudModel)
	g := cloudview.Layout(cloudW, cloudH, *m.fillView(""))
	// Empty space: the plane's lower-left corner region.
	ex, ey := g.Plane.Plot.X+8, g.Plane.Plot.Bottom()-8
	if _, _, hit := g.Hit(ex, ey, m.view); hit {
		t.Fatal("test point is not empty")
	}
	m.Pointer(ex, ey, cloudW, cloudH, true)
	m.Pointer(ex, ey, cloudW, cloudH, false)
	st := r.State(false)
	if st["na"] != 11 || st["nb"] != 12 {
		t.Fatalf("after a click: na %v nb %v, want 11 and 12", st["na"], st["nb"])
	}
	added := pointsOf(st, "a")[10]
	if want := g.DataAt(ex, ey); math.Abs(added[0]-want[0]) > 1e-4 || math.Abs(added[1]-want[1]) > 1e-4 {
		t.Errorf("added %v, want %v", added, want)
	}
	// Switch to B with the toggle, then click again.
	bx, by := g.ButtonB.CenterX(), g.ButtonB.CenterY()
	m.Pointer(bx, by, cloudW, cloudH, true)
	m.Pointer(bx, by, cloudW, cloudH, false)
	if st := r.State(false); st["addTo"] != "b" {
		t.Fatalf("addTo = %v after pressing the B button", st["addTo"])
	}
	m.Pointer(ex, ey-20, cloudW, cloudH, true)
	m.Pointer(ex, ey-20, cloudW, cloudH, false)
	settle(t, r)
	st = r.State(true)
	if st["na"] != 11 || st["nb"] != 13 || st["converged"] != true {
		t.Fatalf("na %v nb %v converged %v", st["na"], st["nb"], st["converged"])
	}
	want, _ := coldPlan(t, pointsOf(st, "a"), pointsOf(st, "b"), 0.01, otcloud.DefaultTol)
	if d := cloudMaxDiff(planOf(t, st), want); d > 1e-12 {
		t.Errorf("plan after adding differs from the native solve by %.3g", d)
	}
	// 11 and 13 points: W by the transportation solver; compare with it directly.
	e, _ := otcloud.NewExact(11, 13, otcloud.Cost(pointsOf(st, "a"), pointsOf(st, "b"), nil))
	e.Solve()
	if w, ok := st["wasserstein"].(float64); !ok || math.Abs(w-e.W()) > 1e-12 {
		t.Errorf("wasserstein %v, want %v", st["wasserstein"], e.W())
	}
	p := st["params"].(map[string]any)
	if p["a"] == nil || p["b"] == nil || p["na"] != nil || p["nb"] != nil {
		t.Errorf("params after adding: %v", p)
	}
}

func TestCloudLimitSaysSo(t *testing.T) {
	r := newRunner(t, "model=otcloud&speed=max&na=200&nb=3&lambda=0.05")
	m := r.Model.(*cloudModel)
	g := cloudview.Layout(cloudW, cloudH, *m.fillView(""))
	ex, ey := g.Plane.Plot.X+6, g.Plane.Plot.Y+6
	m.Pointer(ex, ey, cloudW, cloudH, true)
	m.Pointer(ex, ey, cloudW, cloudH, false)
	st := r.State(false)
	if st["na"] != 200 || !strings.Contains(st["note"].(string), "200 points") {
		t.Errorf("na %v note %q", st["na"], st["note"])
	}
	c := recorder.New(cloudW, cloudH)
	m.Draw(c, "")
	if !c.HasText("Cloud A has 200 points") {
		t.Errorf("the canvas does not say the cloud is full")
	}
}

func TestCloudLargeExactInBackground(t *testing.T) {
	r := newRunner(t, "model=otcloud&speed=max&na=120&nb=120")
	if st := r.State(false); st["wasserstein"] != nil || st["wassersteinNote"] != "computing…" {
		t.Fatalf("before settling: W %v note %v", st["wasserstein"], st["wassersteinNote"])
	}
	settle(t, r)
	st := r.State(false)
	if _, ok := st["wasserstein"].(float64); !ok {
		t.Fatalf("no exact W after settling: %v", st["wassersteinNote"])
	}
	// Unequal and large: the transportation solver, also in the background.
	r2 := newRunner(t, "model=otcloud&speed=max&na=90&nb=89&lambda=0.05")
	if st := r2.State(false); st["wasserstein"] != nil {
		t.Errorf("90 vs 89 points: W %v before settling", st["wasserstein"])
	}
	settle(t, r2)
	if st := r2.State(false); st["wasserstein"] == nil {
		t.Errorf("90 vs 89 points: no W after settling (%v)", st["wassersteinNote"])
	}
}

func TestCloudBadInputSaysWhy(t *testing.T) {
	for _, tc := range []struct{ query, param string }{
		{"model=otcloud&lambda=-1", "lambda"},
		{"model=otcloud&lambda=1e-9", "lambda"},
		{"model=otcloud&a=0,0;1", "a"},
		{"model=otcloud&shapeb=cube", "shapeb"},
		{"model=otcloud&na=0", "na"},
		{"model=otcloud&preset=nope", "preset"},
	} {
		r := newRunner(t, tc.query)
		st := r.State(false)
		msg, _ := st["error"].(string)
		if msg == "" || st["errorParam"] != tc.param || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: error %q param %v", tc.query, msg, st["errorParam"])
		}
		encodes(t, st)
		c := recorder.New(360, 640)
		r.Model.Draw(c, r.Err)
		if err := c.CheckFinite(); err != nil {
			t.Error(err)
		}
		if !c.HasText("cannot be shown") {
			t.Errorf("%s: the canvas does not show the error", tc.query)
		}
	}
}

func TestCloudDrawsFinite(t *testing.T) {
	for _, q := range []string{"preset=ring", "preset=uneven", "a=0,0&b=0,0"} {
		r := newRunner(t, "model=otcloud&speed=max&"+q)
		if r.Err != "" {
			t.Fatalf("%s: %s", q, r.Err)
		}
		for _, sz := range [][2]float64{{1200, 700}, {360, 640}, {640, 360}} {
			c := recorder.New(sz[0], sz[1])
			r.Model.Draw(c, "")
			if err := c.CheckFinite(); err != nil {
				t.Errorf("%s %v: %v", q, sz, err)
			}
		}
		settle(t, r)
		encodes(t, r.State(true))
	}
}
