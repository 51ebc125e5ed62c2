package cloudview

import (
	"testing"

	"solvable/core/otcloud"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render/internal/scenetest"
)

// fixture solves a preset (or query) with the project's solver for the given number of
// projections (-1: to convergence) and fills a View as the simulator would.
func fixture(t testing.TB, query string, projections int, exact bool) View {
	pr, err := otcloud.Parse(param.LookupQuery(query))
	if err != nil {
		t.Fatal(err)
	}
	a, b := pr.Clouds()
	prob, err := pr.Problem()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := sinkhorn.New(prob, pr.Lambda, sinkhorn.Options{})
	converged := false
	if projections < 0 {
		_, converged = s.Solve(pr.Tol, 1_000_000)
	} else {
		for range projections {
			s.Step()
		}
	}
	v := View{A: a, B: b, Plan: s.Plan(nil), Lambda: pr.Lambda, MaxCost: prob.MaxCost(),
		Iter: s.Iterations(), Projections: s.Projections(), MarginalError: s.MarginalError(), Tol: pr.Tol,
		Converged: converged, TransportCost: s.TransportCost(), AddTo: SideA, MaxPoints: otcloud.MaxPoints}
	if e, err := otcloud.NewExact(len(a), len(b), prob.C); err == nil {
		e.Solve()
		v.Wasserstein, v.HasWasserstein = e.W(), true
		for _, l := range e.Links() {
			v.Exact = append(v.Exact, Link{I: l.I, J: l.J})
		}
		v.ShowExact = exact
	} else {
		v.WNote = "too large"
	}
	return v
}

// TestRenderPNG draws representative views at desktop and phone sizes. It checks only that
// rendering works; set SOLVABLE_SAVE_PNG to a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	drag := fixture(t, "preset=ring", 6, false)
	drag.DragSide, drag.DragIndex, drag.AddTo = SideA, 4, SideB
	full := fixture(t, "preset=uneven", -1, false)
	full.Note = "Cloud B has 200 points, the most a cloud may have here: drag points instead."
	cases := []scenetest.Case[View]{
		{Name: "ring-converged", View: fixture(t, "preset=ring", -1, false)},
		{Name: "ring-start", View: fixture(t, "preset=ring", 0, false)},
		{Name: "ring-drag", View: drag},
		{Name: "sharp-exact", View: fixture(t, "preset=sharp", -1, true)},
		{Name: "blurry", View: fixture(t, "preset=blurry", -1, false)},
		{Name: "uneven", View: fixture(t, "preset=uneven", -1, false)},
		{Name: "shift", View: fixture(t, "preset=shift", -1, false)},
		{Name: "moons", View: fixture(t, "preset=moons", -1, false)},
		{Name: "n200", View: fixture(t, "na=200&nb=199&lambda=0.01", 40, false)},
		{Name: "note", View: full},
		{Name: "error", View: View{Error: "lambda must be positive (got -1): it weighs the entropy term."}},
	}
	sizes := []scenetest.Size{{1000, 620}, {360, 640}, {800, 600}, {640, 360}}
	if scenetest.SaveDir() == "" {
		// Without a directory to keep them, a few pictures at a desktop and a phone size are
		// enough to catch a crash, and the test stays quick (rasterising is slow under wasm).
		sizes = sizes[:2]
		cases = []scenetest.Case[View]{cases[0], cases[2], cases[3], cases[len(cases)-1]}
	}
	scenetest.RenderPNG(t, "cloud", cases, sizes, Draw)
}
