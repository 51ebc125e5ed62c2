package curvesview

import (
	"fmt"
	"math"
	"testing"

	"solvable/core/learncurve"
	"solvable/core/param"
	"solvable/render"
	"solvable/render/internal/scenetest"
	"solvable/render/recorder"
)

// fixture fills a View from the real theory (core/learncurve, a test-only dependency: the scene
// computes nothing) for a page query, with simulated points at the 1-2-5 sample sizes up to 400
// whose means sit at the theory times (1 + wobble) with 5% standard errors, seeds of 20 done.
func fixture(t testing.TB, query string, seeds int, wobble float64) View {
	t.Helper()
	pr, err := learncurve.ParseCurves(param.LookupQuery(query))
	if err != nil {
		t.Fatal(err)
	}
	th, err := pr.Theory()
	if err != nil {
		t.Fatal(err)
	}
	m, err := pr.Build()
	if err != nil {
		t.Fatal(err)
	}
	v := View{Kernel: "ReLU NTK, L = 3, on S⁹ (D = 10)", Noise: pr.Noise, Ridge: pr.Ridge, NMin: pr.NMin, NMax: pr.NMax,
		N: th.N, Eg: th.Eg, Bias: th.Bias, Variance: th.Variance, Kappa: th.Kappa, Skipped: len(th.Skipped),
		Seeds: 20, Current: -1, Hover: -1, HoverLine: -1, Sphere: pr.Spectrum == learncurve.SpecReLU, D: pr.D}
	if v.Skipped > 0 {
		v.SkipNote = th.Skipped[0].Reason
	}
	rank := 0.0
	for i, e := range m.Eta {
		if e <= 0 {
			v.ZeroLevels++
			continue
		}
		d := 1.0
		if m.Deg != nil {
			d = m.Deg[i]
		}
		v.Levels = append(v.Levels, Level{Degree: i, Eta: e, Deg: d, From: rank + 1, To: rank + d})
		rank += d
	}
	k := 0
	for _, n := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 400} {
		if n < pr.NMin || n > pr.NMax {
			continue
		}
		p, err := m.Solve(n, pr.Ridge, pr.Noise)
		if err != nil {
			t.Fatal(err)
		}
		pt := Point{N: n, Theory: p.Eg, Bias: p.Bias, Noise: p.Variance, Kappa: p.Kappa, Mean: math.NaN(), StdErr: math.NaN()}
		done := min(seeds, 20)
		if k%2 == 1 && seeds < 20 {
			done = max(seeds-1, 0) // round-robin: some points are a seed behind
		}
		pt.Seeds = done
		if done > 0 {
			pt.Mean = p.Eg * (1 + wobble*math.Sin(float64(k)))
			pt.StdErr = 0.05 * p.Eg
		}
		if done < 20 && v.Current < 0 {
			v.Current = k
		}
		v.Sim = append(v.Sim, pt)
		k++
	}
	v.Converged = seeds >= 20
	return v
}

// TestRenderPNG draws representative views at desktop and phone sizes. Set SOLVABLE_SAVE_PNG to
// a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	done := fixture(t, "preset=relu", 20, 0.04)
	hover := done
	hover.Hover = 3
	line := done
	line.HoverLine = len(line.N) * 5 / 6
	cases := []scenetest.Case[View]{
		{Name: "relu-done", View: done},
		{Name: "relu-running", View: fixture(t, "preset=relu", 3, 0.1)},
		{Name: "relu-hover", View: hover},
		{Name: "relu-hover-line", View: line},
		{Name: "noise", View: fixture(t, "preset=noise", 20, 0.03)},
		{Name: "powerlaw", View: fixture(t, "preset=powerlaw", 20, 0.02)},
		{Name: "lowdim", View: fixture(t, "preset=lowdim", 20, 0.05)},
		{Name: "error", View: View{Error: "d (the input dimension D: inputs lie on the sphere S^(D-1)) must be a whole number from 3 to 50; got \"2\"."}},
	}
	sizes := []scenetest.Size{{800, 600}, {390, 640}, {320, 568}}
	scenetest.RenderPNG(t, "curves", cases, sizes, func(c render.Canvas, v View) { Draw(c, v) })
}

// The scene says what it shows in words: the state of the run, the agreement with the theory,
// the parts of the error when there is noise, the spectrum and the learning threshold.
func TestSceneWords(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    View
		want []string
		not  []string
	}{
		{"done", fixture(t, "preset=relu", 20, 0.04),
			[]string{"Done: 20 seeds at each of 9 sample sizes.", "within 3 standard errors", "theory E_g (replica)",
				"simulation: mean ± 1 standard error", "κ/N: modes above it are learned at N", "k=1", "k=2", "complete", "N (largest simulated)"},
			[]string{"its noise part"}},
		{"running", fixture(t, "preset=relu", 3, 0.04),
			[]string{"seed by seed", "of 180 seeds done", "now at N =", "N (simulating)"}, []string{"Done:"}},
		{"start", fixture(t, "preset=relu", 0, 0),
			[]string{"0 of 180 seeds done", "now at N = 1"}, []string{"Done:"}},
		{"noise", fixture(t, "preset=noise", 20, 0.03),
			[]string{"its bias part (target not learned)", "its noise part (noise fitted)", "noise part"}, nil},
		{"far", fixture(t, "preset=relu", 20, 0.6),
			[]string{"The largest gap from the theory is"}, []string{"Every point lies within"}},
		{"error", View{Error: "nmax (10) must be larger than nmin (100): the curve needs a range of sample sizes."},
			[]string{"This learning curve cannot be shown", "nmax (10) must be larger"}, []string{"theory E_g"}},
	} {
		rec := recorder.New(1000, 640)
		Draw(rec, tc.v)
		for _, s := range tc.want {
			if !rec.HasText(s) {
				t.Errorf("%s: the scene does not say %q; it says:\n%s", tc.name, s, rec.AllText())
			}
		}
		for _, s := range tc.not {
			if rec.HasText(s) {
				t.Errorf("%s: the scene says %q", tc.name, s)
			}
		}
		if err := rec.CheckFinite(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// Every part lies inside the canvas and no two parts overlap, wide and narrow, short and tall.
func TestLayoutDisjoint(t *testing.T) {
	v := fixture(t, "preset=noise", 20, 0.03)
	for _, sz := range [][2]float64{{1000, 640}, {800, 600}, {390, 640}, {360, 720}, {700, 480}, {320, 568}, {1280, 720}, {640, 900}} {
		g := Layout(sz[0], sz[1], v)
		parts := map[string]render.Rect{"header": g.Header, "curve": g.Curve, "spectrum": g.Spectrum, "readout": g.Readout}
		scenetest.Disjoint(t, fmt.Sprint(sz), sz[0], sz[1], parts)
		for name, r := range parts {
			if name != "header" && r.H < 40 {
				t.Errorf("%v: %s is only %.0f px high", sz, name, r.H)
			}
		}
		if g.Curve.H < g.Spectrum.H {
			t.Errorf("%v: the learning curve (%.0f px) is lower than the spectrum (%.0f px)", sz, g.Curve.H, g.Spectrum.H)
		}
	}
}

// The two panels share the N axis: a sample size is at the same x in both, and the pointer
// picks the nearest simulated point by log distance.
func TestXMap(t *testing.T) {
	v := fixture(t, "preset=relu", 20, 0)
	rec := recorder.New(1000, 640)
	m := Draw(rec, v)
	if !m.OK || m.LogMin != 0 || m.LogMax != 4 {
		t.Fatalf("x map %+v, want log10 N from 0 to 4", m)
	}
	ns := make([]float64, len(v.Sim))
	for i, p := range v.Sim {
		ns[i] = p.N
	}
	x := func(n float64) float64 { return m.Left + (math.Log10(n)-m.LogMin)/(m.LogMax-m.LogMin)*(m.Right-m.Left) }
	mid := (m.Top + m.Bottom) / 2
	for _, tc := range []struct {
		x, y float64
		want int
	}{{x(100), mid, 6}, {x(110), m.Top + 1, 6}, {x(300), m.Bottom - 1, 8}, {x(1), mid, 0}, {x(5000), mid, 8},
		{m.Left - 20, mid, -1}, {x(100), m.Bottom + 5, -1}, {math.NaN(), mid, -1}} {
		if got := m.Index(tc.x, tc.y, ns); got != tc.want {
			t.Errorf("Index(%g, %g) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
	if (XMap{}).Index(500, 300, ns) != -1 {
		t.Error("an empty map picks a point")
	}
	// Away from the simulated points (beyond a factor 1.5 in N) the pointer picks the theory
	// line, and the readout gives its numbers.
	for _, tc := range []struct {
		n         float64
		sim, line bool
	}{{110, true, false}, {300, true, false}, {3000, false, true}, {1, true, false}} {
		s, l := m.Pick(x(tc.n), mid, ns, v.N, v.Eg)
		if (s >= 0) != tc.sim || (l >= 0) != tc.line {
			t.Errorf("Pick at N = %g: sim %d, line %d", tc.n, s, l)
		}
		if l >= 0 && math.Abs(math.Log10(v.N[l]/tc.n)) > 0.1 {
			t.Errorf("Pick at N = %g picked the line at N = %g", tc.n, v.N[l])
		}
	}
	_, l := m.Pick(x(3000), mid, ns, v.N, v.Eg)
	v.HoverLine = l
	rec = recorder.New(1000, 640)
	Draw(rec, v)
	if !rec.HasText("not simulated") || !rec.HasText("N (under pointer)") || !rec.HasText(render.Num(v.Eg[l], 4)) {
		t.Errorf("the readout does not give the theory under the pointer:\n%s", rec.AllText())
	}
}
