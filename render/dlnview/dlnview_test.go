package dlnview

import (
	"math"
	"strings"
	"sync"
	"testing"

	"solvable/render"
	"solvable/render/internal/scenetest"
	"solvable/render/recorder"
)

// TestFixturesMatchSpec: the pictures are drawn from true numbers. The fixture oracle and
// flow reproduce spec §1.6 (Example A and B at alpha = 0.1) and the 2-D example's ends.
func TestFixturesMatchSpec(t *testing.T) {
	close := func(name string, got, want []float64, tol float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, want %d", name, len(got), len(want))
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > tol {
				t.Errorf("%s = %v, want %v (tol %g)", name, got, want, tol)
				return
			}
		}
	}
	// Spec §1.6 Example A, alpha = 0.1 row.
	a := []float64{0.0543856405, 0.3151458004, 1.7717742529}
	close("Example A oracle", exampleA.oracle(0.1), a, 1e-9)
	r := exampleA.flow(0.1, 50, 1e-12, 0)
	close("Example A flow limit", r.beta[len(r.beta)-1], a, 1e-9)
	close("Example A min-L2", exampleA.minL2(), []float64{3.0 / 7, 6.0 / 7, 9.0 / 7}, 1e-12)
	// Spec §1.6 Example B, alpha = 0.1 row (table given to 10 digits).
	close("Example B oracle", exampleB.oracle(0.1), exampleBRows[2], 1e-9)
	// The 2-D example: min-L2 = y x/|x|² = (0.4, 0.8); large alpha gives it, small alpha
	// approaches min-L1 = (0, 1) (here beta_1 ~ sqrt(2) alpha, so 1e-6 is close).
	close("2-D min-L2", lineProblem.minL2(), []float64{0.4, 0.8}, 1e-12)
	close("2-D oracle, alpha 100", lineProblem.oracle(100), []float64{0.4, 0.8}, 1e-6)
	close("2-D oracle, alpha 1e-6", lineProblem.oracle(1e-6), []float64{0, 1}, 1e-5)
}

// views returns one realistic view per mode plus the degenerate ones a solver or a bad URL
// could produce. Built once: the fixtures integrate flows. Callers copy a View before
// changing its fields (the slices are shared, and never written).
var views = sync.OnceValue(buildViews)

func buildViews() map[string]View {
	nan, inf := math.NaN(), math.Inf(1)
	line := lineView(0.1, 0.5)
	coef := exampleACoef(0.1, 0.5)
	sweep := exampleBSweep(0.01)

	lineBad := line
	lineBad.PathX = []float64{0, nan, 0.1, inf, 1e300}
	lineBad.PathY = []float64{0, 0.5, nan, 1, -1e300}
	lineBad.TraceX, lineBad.TraceY, lineBad.TraceAlpha = []float64{0.4, nan, 0}, []float64{0.8, 0.9, 1}, []float64{100, -1, 0}
	lineBad.Oracle, lineBad.MinL1, lineBad.Beta = nil, nil, []float64{nan, inf}
	lineBad.Alpha, lineBad.Loss, lineBad.Residual, lineBad.Time = -1, nan, inf, nan
	lineZeroRow := View{Mode: ModeLine, N: 1, D: 2, Row: [2]float64{0, 0}, Y0: 1}
	lineNaNRow := View{Mode: ModeLine, N: 1, D: 2, Row: [2]float64{nan, 1}, Y0: inf, MinL2: []float64{nan, nan}, MinL1: []float64{inf, 0}}
	lineYZero := View{Mode: ModeLine, N: 1, D: 2, Row: [2]float64{1, 2}, Y0: 0, MinL2: []float64{0, 0}, MinL1: []float64{0, 0},
		Oracle: []float64{0, 0}, Beta: []float64{0, 0}, PathX: []float64{0}, PathY: []float64{0}}
	lineShort := View{Mode: ModeLine, N: 1, D: 2, Row: [2]float64{1, -3}, Y0: 2, MinL2: []float64{0.2}, Oracle: []float64{1},
		TraceX: []float64{0.1, 0.2}, TraceY: []float64{0.1}, TraceAlpha: []float64{1}}

	coefEmpty := View{Mode: ModeCoef, N: 1, D: 3, Alpha: 0.1, ShownIndex: []int{0, 1, 2}}
	coefBad := coef
	coefBad.ShownIndex = []int{-1, 2, 2, 7, 0}
	coefBad.HistBeta = append([][]float64{{nan, inf, -inf}, nil, {1}}, coefBad.HistBeta[3:]...)
	coefBad.HistTime = append([]float64{nan, 0, inf}, coefBad.HistTime[3:]...)
	coefBad.HistLoss = []float64{nan, 0, -1, inf}
	coefBad.Oracle, coefBad.Teacher, coefBad.AlphaEff = []float64{nan}, []float64{inf, 1}, []float64{0, -1, nan}
	coefOne := View{Mode: ModeCoef, N: 1, D: 1, Alpha: 1, ShownIndex: []int{0}, HistTime: []float64{0},
		HistBeta: [][]float64{{0}}, HistLoss: []float64{0}, Beta: []float64{0}, AlphaEff: []float64{1}}
	coefNoShown := syntheticCoef(300, 64, 4)
	coefNoShown.ShownIndex = nil
	coefConst := syntheticCoef(200, 2, 3)
	coefConst.HistTime = []float64{5, 5}
	coefBig := syntheticCoef(1000, 512, 20) // more shown than colours: capped, cycling

	sweepEmpty := View{Mode: ModeSweep, N: 1, D: 3}
	sweepBad := sweep
	sweepBad.SweepAlpha = []float64{-1, 0, nan, 1e-6, 1}
	sweepBad.SweepL1 = []float64{1, nan, inf, 2}
	sweepBad.SweepTest = []float64{0, 0, 0, 0, 0}
	sweepBad.SimAlpha, sweepBad.SimL1, sweepBad.SimTest = []float64{nan, 1}, []float64{1}, nil
	sweepBad.L1OfMinL2, sweepBad.L1OfMinL1, sweepBad.TestOfMinL2, sweepBad.TestOfMinL1 = nan, -1, inf, nan
	sweepBad.CurrentL1, sweepBad.CurrentTest, sweepBad.Alpha = inf, nan, nan
	sweepBad.QZ, sweepBad.QVal = []float64{nan, 0, 1}, []float64{0, inf}
	sweepNoTeacher := exampleASweep(1e-4)

	return map[string]View{
		"line": line, "line bad": lineBad, "line zero row": lineZeroRow, "line NaN row": lineNaNRow,
		"line y = 0": lineYZero, "line short slices": lineShort, "line converged": lineView(1, 1),
		"coef": coef, "coef empty": coefEmpty, "coef bad": coefBad, "coef d = 1": coefOne,
		"coef nothing shown": coefNoShown, "coef constant time": coefConst, "coef 20 shown": coefBig,
		"sweep": sweep, "sweep empty": sweepEmpty, "sweep bad": sweepBad, "sweep without teacher": sweepNoTeacher,
		"zero view": {}, "line view of a big problem": {Mode: ModeLine, N: 3, D: 10}, "unknown mode": {Mode: 9, D: 2},
	}
}

// TestDegenerateViewsStayFinite draws every view at many sizes and requires every
// coordinate, size and label to be finite.
func TestDegenerateViewsStayFinite(t *testing.T) {
	nan := math.NaN()
	sizes := []scenetest.Size{{800, 600}, {360, 640}, {1280, 720}, {640, 360}, {1920, 1080}, {200, 150}, {1, 1}, {0, 0}, {nan, 100}}
	scenetest.StaysFinite(t, views(), sizes, Draw)
}

func TestErrorViewDrawsTheSentence(t *testing.T) {
	msg := "alpha must be a positive number, but the URL gave alpha=-3."
	for _, mode := range []Mode{ModeLine, ModeCoef, ModeSweep} {
		v := views()[map[Mode]string{ModeLine: "line", ModeCoef: "coef", ModeSweep: "sweep"}[mode]]
		v.Error = msg
		for _, size := range [][2]float64{{800, 600}, {360, 640}, {120, 90}} {
			r := recorder.New(size[0], size[1])
			Draw(r, v)
			if err := r.CheckFinite(); err != nil {
				t.Fatal(err)
			}
			// The sentence may be wrapped: all its words must appear, in order.
			if !r.HasText(msg) {
				t.Errorf("mode %d %v: drawn text %q does not contain the error", mode, size, r.Texts())
			}
			if n := r.Count(recorder.Polyline); n != 0 {
				t.Errorf("mode %d %v: the error view drew %d lines of the picture", mode, size, n)
			}
		}
	}
}

func TestNothingToDrawExplains(t *testing.T) {
	for name, want := range map[string]string{"zero view": "nothing to draw",
		"line view of a big problem": "d = 10 and n = 3", "unknown mode": "no picture called mode 9"} {
		r := recorder.New(800, 600)
		Draw(r, views()[name])
		if !strings.Contains(r.AllText(), want) {
			t.Errorf("%s: texts %q lack %q", name, r.Texts(), want)
		}
	}
}

// TestLineView checks the plane picture's claims with the recorder: the circle is round on
// screen (equal scales), the labels name the points and the line, and the trace is ticked
// by alpha.
func TestLineView(t *testing.T) {
	v := lineView(0.1, 1)
	r := recorder.New(800, 600)
	Draw(r, v)
	text := r.AllText()
	for _, want := range []string{"min-L2", "min-L1", "β* at α = 0.1", "Xβ = y:  β₁ + 2β₂ = 2", "α = 10",
		"Gradient flow from β = 0 at α = 0.1 has reached its limit", "converged", "distance |β − β*|"} {
		if !strings.Contains(text, want) {
			t.Errorf("line view lacks %q in %q", want, r.Texts())
		}
	}
	// The origin is where the path starts (a green ring); every point of the L2 circle is
	// the same distance from it, |min-L2| = sqrt(0.8) in data units.
	ox, oy := math.NaN(), math.NaN()
	for _, o := range r.Ops {
		if o.Kind == recorder.FillCircle && o.Color == pathInk && o.Args[2] == 4 {
			ox, oy = o.Args[0], o.Args[1]
			break
		}
	}
	var circle recorder.Op
	for _, o := range r.Ops {
		if o.Kind == recorder.Polyline && o.Color == l2Ink && len(o.Xs) > 20 {
			circle = o
			break
		}
	}
	if math.IsNaN(ox) || len(circle.Xs) == 0 {
		t.Fatalf("origin (%v, %v) or circle (%d points) not found", ox, oy, len(circle.Xs))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, x := range circle.Xs {
		if math.IsNaN(x) {
			continue
		}
		// Points on the plot's edge come from clipping, not from the circle.
		d := math.Hypot(x-ox, circle.Ys[i]-oy)
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	if hi-lo > 1.5 {
		t.Errorf("the L2 circle is not round on screen: radius from %v to %v px", lo, hi)
	}
	// The wide trace band is drawn, with decade ticks.
	ticks := 0
	for _, o := range r.Ops {
		if o.Kind == recorder.StrokeLine && o.Color == traceInk {
			ticks++
		}
	}
	if ticks < 5 {
		t.Errorf("%d alpha ticks on the trace, want a tick per decade from 1e2 to 1e-6", ticks)
	}
}

// TestCoefView: the shown coordinates get their own colours and labels, the rest a band of
// at most one rectangle per pixel column (or faint lines when they are few).
func TestCoefView(t *testing.T) {
	v := syntheticCoef(1000, 512, 6)
	r := recorder.New(800, 600)
	Draw(r, v)
	colours := map[[4]uint8]bool{}
	for _, o := range r.Ops {
		if o.Kind == recorder.Polyline && o.Args[0] == 2 {
			colours[[4]uint8{o.Color.R, o.Color.G, o.Color.B, o.Color.A}] = true
		}
	}
	if len(colours) != 6 {
		t.Errorf("%d distinct colours for 6 shown coordinates", len(colours))
	}
	band := 0
	for _, o := range r.Ops {
		if o.Kind == recorder.FillRect && o.Color == otherBand {
			band++
		}
	}
	g := Layout(800, 600, v)
	if band == 0 || float64(band) > g.Coef.W {
		t.Errorf("%d band rectangles for a %v px wide plot", band, g.Coef.W)
	}
	text := r.AllText()
	for _, i := range v.ShownIndex {
		if !strings.Contains(text, "β"+subscript(i+1)) {
			t.Errorf("no label for coordinate %d", i+1)
		}
	}
	for _, want := range []string{"the other 994 coordinates: their range", "GD, η = 0.01", "20000", "smallest α_eff",
		"max |β − β*|", "teacher's value", "Gradient descent with step η = 0.01"} {
		if !strings.Contains(text, want) {
			t.Errorf("coef view lacks %q", want)
		}
	}
	// Example A shows all three coordinates: no band, no faint lines.
	r = recorder.New(800, 600)
	Draw(r, exampleACoef(0.1, 1))
	for _, o := range r.Ops {
		if (o.Kind == recorder.FillRect && o.Color == otherBand) || (o.Kind == recorder.Polyline && o.Color == otherInk) {
			t.Fatal("Example A has no other coordinates to draw")
		}
	}
	// Showing one of three: the two others are faint lines.
	w := exampleACoef(0.1, 1)
	w.ShownIndex = []int{2}
	r = recorder.New(800, 600)
	Draw(r, w)
	faint := 0
	for _, o := range r.Ops {
		if o.Kind == recorder.Polyline && o.Color == otherInk {
			faint++
		}
	}
	if faint != 2 || !strings.Contains(r.AllText(), "the other 2 coordinates") {
		t.Errorf("%d faint lines, want 2", faint)
	}
}

func TestSweepView(t *testing.T) {
	r := recorder.New(800, 600)
	Draw(r, exampleBSweep(0.01))
	text := r.AllText()
	for _, want := range []string{"kernel limit: min-L2, |β|₁ = 2.636", "rich limit: min-L1, |β|₁ = 2", "test error",
		"rich limit: min-L1, error 0, below the axis", "← rich regime", "kernel regime →", "≈ z²/4 near 0", "≈ |z| ln|z|",
		"this run: α = 0.01", "1e-6", "100"} {
		if !strings.Contains(text, want) {
			t.Errorf("sweep view lacks %q in %q", want, r.Texts())
		}
	}
	// Without a teacher there is no test-error panel.
	r = recorder.New(800, 600)
	Draw(r, exampleASweep(0.1))
	if strings.Contains(r.AllText(), "test error") {
		t.Error("Example A has no teacher, so no test error")
	}
	if !strings.Contains(r.AllText(), "kernel limit: min-L2, |β|₁ = 2.571") {
		t.Errorf("Example A's kernel limit 18/7 is not labelled: %q", r.Texts())
	}
	// The simulated points: one dot per spec row.
	dots := 0
	for _, o := range r.Ops {
		if o.Kind == recorder.FillCircle && o.Color == simInk && o.Args[2] == 3.5 {
			dots++
		}
	}
	if dots != len(exampleAAlphas) {
		t.Errorf("%d simulated dots, want %d", dots, len(exampleAAlphas))
	}
}

func TestHeadlineNamesTheAlgorithm(t *testing.T) {
	for _, tc := range []struct {
		v    View
		want string
	}{
		{View{Algo: "flow", Alpha: 0.1}, "Gradient flow from β = 0 at α = 0.1 ends at the minimiser of Q_α on the line Xβ = y."},
		{View{Algo: "gd", Eta: 0.02, Alpha: 0.5}, "Gradient descent with step η = 0.02 from β = 0 at α = 0.5 ends near, not exactly at,"},
		{View{Algo: "sgd", Eta: 0.01, Batch: 4, Alpha: 1}, "SGD (batch 4) with step η = 0.01"},
		{View{Algo: "gd", Eta: 0.01, Gamma: 0.05, Alpha: 1}, "and gradient regularisation γ = 0.05"},
		{View{Algo: "flow", Alpha: 0.1, Depth: 3}, "the depth-3 Q_α"},
		{View{Mode: ModeCoef, Alpha: 1e-3, Oracle: []float64{1}, Teacher: []float64{1}}, "the bar at the right is its limit β* = argmin Q_α, the circle the teacher's value."},
		{View{Mode: ModeSweep, SweepTest: []float64{1}}, "and its test error."},
	} {
		if got := headline(tc.v); !strings.Contains(got, tc.want) {
			t.Errorf("headline %q lacks %q", got, tc.want)
		}
	}
	if got := algoName(View{Algo: "sgd", Batch: 8, Eta: 0.001, Gamma: 0.1}); got != "SGD, batch 8, η = 0.001, GR γ = 0.1" {
		t.Errorf("algoName = %q", got)
	}
}

func TestLayoutFitsCanvas(t *testing.T) {
	overlap := func(a, b render.Rect) bool {
		return a.W > 0 && b.W > 0 && a.H > 0 && b.H > 0 && a.X < b.Right() && b.X < a.Right() && a.Y < b.Bottom() && b.Y < a.Bottom()
	}
	for _, s := range [][2]float64{{800, 600}, {360, 640}, {1280, 720}, {600, 800}, {1024, 768}, {414, 896}, {640, 360}} {
		for _, name := range []string{"line", "coef", "sweep", "sweep without teacher"} {
			v := views()[name]
			v.Note = "a note"
			g := Layout(s[0], s[1], v)
			parts := map[string]render.Rect{"header": g.Header, "note": g.Note, "plane": g.Plane, "coef": g.Coef,
				"loss": g.Loss, "alpha_eff": g.AlphaEff, "L1": g.L1, "test": g.Test, "q": g.Q, "legend": g.Legend, "readout": g.Readout}
			for pn, r := range parts {
				if !r.Valid() || r.X < -0.5 || r.Y < -0.5 || r.Right() > s[0]+0.5 || r.Bottom() > s[1]+0.5 {
					t.Errorf("%v %s: %s %v is outside the canvas", s, name, pn, r)
				}
				for qn, q := range parts {
					if pn < qn && overlap(r, q) {
						t.Errorf("%v %s: %s %v overlaps %s %v", s, name, pn, r, qn, q)
					}
				}
			}
			main := map[string]render.Rect{"line": g.Plane, "coef": g.Coef, "sweep": g.L1, "sweep without teacher": g.L1}[name]
			// A landscape phone with a note and two stacked α plots is the tight case.
			if main.W < 150 || main.H < 120 {
				t.Errorf("%v %s: the main picture is only %vx%v", s, name, main.W, main.H)
			}
		}
	}
}
