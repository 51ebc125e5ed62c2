package cloudview

import (
	"os"
	"path/filepath"
	"testing"

	"solvable/core/otcloud"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render/rastercanvas"
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
	cases := []struct {
		name string
		v    View
	}{
		{"ring-converged", fixture(t, "preset=ring", -1, false)},
		{"ring-start", fixture(t, "preset=ring", 0, false)},
		{"ring-drag", drag},
		{"sharp-exact", fixture(t, "preset=sharp", -1, true)},
		{"blurry", fixture(t, "preset=blurry", -1, false)},
		{"uneven", fixture(t, "preset=uneven", -1, false)},
		{"shift", fixture(t, "preset=shift", -1, false)},
		{"moons", fixture(t, "preset=moons", -1, false)},
		{"n200", fixture(t, "na=200&nb=199&lambda=0.01", 40, false)},
		{"note", full},
		{"error", View{Error: "lambda must be positive (got -1): it weighs the entropy term."}},
	}
	sizes := []struct {
		name string
		w, h float64
	}{{"1000x620", 1000, 620}, {"360x640", 360, 640}, {"800x600", 800, 600}, {"640x360", 640, 360}}
	dirs := []string{t.TempDir()}
	if os.Getenv("SOLVABLE_SAVE_PNG") == "" {
		// Without a directory to keep them, a few pictures at a desktop and a phone size are
		// enough to catch a crash, and the test stays quick (rasterising is slow under wasm).
		sizes = sizes[:2]
		cases = []struct {
			name string
			v    View
		}{cases[0], cases[2], cases[3], cases[len(cases)-1]}
	}
	if d := os.Getenv("SOLVABLE_SAVE_PNG"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			c := rastercanvas.New(sz.w, sz.h, 1)
			Draw(c, tc.v)
			for _, d := range dirs {
				if err := c.SavePNG(filepath.Join(d, "cloud-"+tc.name+"-"+sz.name+".png")); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
