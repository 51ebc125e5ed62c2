package sinkhornview

import (
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/internal/scenetest"
	"solvable/render/recorder"
)

func TestErrorViewDrawsTheSentence(t *testing.T) {
	msg := "lambda must be a positive number, but the URL gave lambda=-3."
	for _, size := range [][2]float64{{800, 600}, {360, 640}, {120, 90}} {
		r := recorder.New(size[0], size[1])
		Draw(r, View{Error: msg, N: 6, M: 6})
		if err := r.CheckFinite(); err != nil {
			t.Fatal(err)
		}
		// The sentence may be wrapped: all its words must appear, in order.
		if !r.HasText(msg) {
			t.Errorf("%v: drawn text %q does not contain the error", size, r.Texts())
		}
		if r.Count(recorder.Image) != 0 {
			t.Errorf("%v: the error view must not draw the plan", size)
		}
	}
}

func TestEmptyProblemExplains(t *testing.T) {
	r := recorder.New(800, 600)
	Draw(r, View{})
	if !strings.Contains(r.AllText(), "nothing to draw") || r.CheckFinite() != nil {
		t.Errorf("texts %q, %v", r.Texts(), r.CheckFinite())
	}
}

func TestSixBySixDrawsThirtySixCells(t *testing.T) {
	v := specExample(3)
	r := recorder.New(800, 600)
	Draw(r, v)
	var cells []recorder.Op
	for _, o := range r.Ops {
		if o.Kind == recorder.Image && o.PW == 6 && o.PH == 6 {
			cells = append(cells, o)
		}
	}
	if len(cells) != 1 {
		t.Fatalf("want one 6x6 image (36 cells), got %d", len(cells))
	}
	g := Layout(800, 600, v)
	if a := cells[0].Args; a[0] != g.Heat.X || a[1] != g.Heat.Y || a[2] != g.Heat.W || a[3] != g.Heat.H {
		t.Errorf("image at %v, heat rect is %v", a, g.Heat)
	}

	// Without DrawImage, the cells arrive as rectangles tiling the heat rect exactly.
	c := recorder.NewWithoutImages(800, 600)
	Draw(c, v)
	rr := recorder.Unwrap(c)
	area, n := 0.0, 0
	for _, o := range rr.Ops {
		if o.Kind != recorder.FillRect {
			continue
		}
		x, y, w, h := o.Args[0], o.Args[1], o.Args[2], o.Args[3]
		if x >= g.Heat.X-1e-9 && y >= g.Heat.Y-1e-9 &&
			x+w <= g.Heat.Right()+1e-9 && y+h <= g.Heat.Bottom()+1e-9 {
			area += w * h
			n++
		}
	}
	if math.Abs(area-g.Heat.W*g.Heat.H) > 1e-6 || n > 36 {
		t.Errorf("%d rects covering %v px², want at most 36 covering %v", n, area, g.Heat.W*g.Heat.H)
	}
}

// TestProjectionLands checks the picture's main claim with the recorder: after a row
// projection every p outline is dark (the row sums sit on p) and some q outline is red;
// after a column projection, the other way round.
func TestProjectionLands(t *testing.T) {
	for _, tc := range []struct {
		halfSteps     int
		pMiss, qMiss  bool
		washP, washQ  bool
		headlineAbout string
	}{
		{3, false, true, true, false, "every row sum now equals p"},
		{4, true, false, false, true, "every column sum now equals q"},
	} {
		v := specExample(tc.halfSteps)
		g := Layout(800, 600, v)
		r := recorder.New(800, 600)
		Draw(r, v)
		pMiss, qMiss, washP, washQ := false, false, false, false
		for _, o := range r.Ops {
			switch {
			case o.Kind == recorder.StrokeRect && o.Color == missInk && o.Args[0] < g.Heat.X:
				pMiss = true
			case o.Kind == recorder.StrokeRect && o.Color == missInk && o.Args[1] < g.Heat.Y:
				qMiss = true
			case o.Kind == recorder.FillRect && o.Color == render.Highlight:
				// A wash starting well left of the heatmap is p's, one well above it q's.
				washP = washP || o.Args[0] < g.PBars.Right()-10
				washQ = washQ || o.Args[1] < g.Heat.Y-10
			}
		}
		if pMiss != tc.pMiss || qMiss != tc.qMiss {
			t.Errorf("after %d half-steps: red outlines on p %v, on q %v; want %v, %v", tc.halfSteps, pMiss, qMiss, tc.pMiss, tc.qMiss)
		}
		if washP != tc.washP || washQ != tc.washQ {
			t.Errorf("after %d half-steps: highlighted p %v, q %v; want %v, %v", tc.halfSteps, washP, washQ, tc.washP, tc.washQ)
		}
		if !strings.Contains(r.AllText(), tc.headlineAbout) {
			t.Errorf("after %d half-steps the header does not say %q", tc.halfSteps, tc.headlineAbout)
		}
	}
}

// TestHistoryStride: with a thinned history the x axis counts projections, not entries:
// ten entries at stride 4 reach projection 40.
func TestHistoryStride(t *testing.T) {
	v := specExample(4)
	v.ErrorHistory = make([]float64, 10)
	for k := range v.ErrorHistory {
		v.ErrorHistory[k] = math.Pow(10, -float64(k))
	}
	v.HistoryStride = 4
	r := recorder.New(800, 600)
	Draw(r, v)
	found := false
	for _, s := range r.Texts() {
		found = found || s == "40"
	}
	if !found {
		t.Errorf("no tick at projection 40 among %q", r.Texts())
	}
	var line recorder.Op
	for _, o := range r.Ops {
		if o.Kind == recorder.Polyline && o.Color == render.Blue {
			line = o
		}
	}
	g := Layout(800, 600, v)
	if len(line.Xs) != 10 || math.Abs(line.Xs[9]-g.ErrPlot.Right()) > g.FS*1.3 {
		t.Errorf("history line %v should end near the right edge of %v", line.Xs, g.ErrPlot)
	}
}

func TestReadout(t *testing.T) {
	v := specExample(4)
	v.Divergence, v.HasDivergence = 0.1622818270, true // S_eps at eps 0.1 in the spec table
	r := recorder.New(800, 600)
	Draw(r, v)
	text := r.AllText()
	for _, want := range []string{"|x-y|^2", "0.18", "0.1623", "2 (4 projections)", "not yet (tol 1e-9)", "λ / max C"} {
		if !strings.Contains(text, want) {
			t.Errorf("readout lacks %q", want)
		}
	}
	v.CostName, v.Converged = "abs", true
	r = recorder.New(800, 600)
	Draw(r, v)
	if text := r.AllText(); !strings.Contains(text, "|x-y|") || strings.Contains(text, "|x-y|^2") || !strings.Contains(text, "converged") {
		t.Errorf("abs cost / converged not shown: %q", r.Texts())
	}
}

// TestDegenerateViewsStayFinite draws views a solver or a bad URL could produce and
// requires every coordinate and every label to be finite, at several sizes.
func TestDegenerateViewsStayFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	one := View{N: 1, M: 1, X: []float64{0}, Y: []float64{0}, P: []float64{1}, Q: []float64{1},
		Plan: []float64{1}, RowSums: []float64{1}, ColSums: []float64{1}, Tol: 1e-9}
	zeroHist := specExample(4)
	zeroHist.ErrorHistory = []float64{0, 0, 0, 0}
	convergedEmpty := specExample(0)
	convergedEmpty.Converged, convergedEmpty.ErrorHistory = true, nil
	allNaN := View{N: 3, M: 2, X: []float64{nan, inf, 0}, Y: []float64{nan, nan}, P: []float64{nan, inf, -1},
		Q: []float64{nan, 0}, Plan: []float64{nan, inf, -inf, nan, 0, 1}, RowSums: []float64{inf, nan, 0},
		ColSums: []float64{-inf, nan}, ErrorHistory: []float64{nan, inf, -1, 0}, Tol: nan, Lambda: nan,
		MaxCost: 0, TransportCost: inf, Objective: nan, Wasserstein: nan, HasWasserstein: true,
		Divergence: inf, HasDivergence: true, BarScale: nan, Last: ProjectionRows}
	short := View{N: 5, M: 7, P: []float64{1}, Plan: []float64{0.5}, Last: ProjectionCols, BarScale: -1}
	zero := View{N: 2, M: 2, X: []float64{0, 1}, Y: []float64{0, 1}, P: []float64{0, 0}, Q: []float64{0, 0},
		Plan: make([]float64, 4), RowSums: make([]float64, 2), ColSums: make([]float64, 2)}
	huge := bumps(40, 3, 0.01)
	huge.ErrorHistory = []float64{1e300, 1e-300, 5e-324}
	tiny := specExample(2)
	tiny.Tol = 5e-324
	big := bumps(400, 2, 0.01)
	drag := specExample(3)
	drag.DragSide, drag.DragIndex, drag.BarScale = SideQ, 2, 0.5
	views := map[string]View{"n=m=1": one, "zero history": zeroHist, "converged, empty history": convergedEmpty,
		"all non-finite": allNaN, "short slices": short, "all zero": zero, "extreme history": huge,
		"tiny tol": tiny, "400x400": big, "dragging": drag, "long history": bumps(40, 5000, 0.01)}
	sizes := []scenetest.Size{{800, 600}, {360, 640}, {1920, 1080}, {640, 360}, {200, 150}, {1, 1}, {0, 0}, {nan, 100}}
	scenetest.StaysFinite(t, views, sizes, Draw)
}

func TestLayoutFitsCanvas(t *testing.T) {
	for _, s := range [][2]float64{{800, 600}, {360, 640}, {1280, 720}, {600, 800}, {1024, 768}, {414, 896}, {640, 360}} {
		for _, v := range []View{specExample(3), bumps(40, 3, 0.01), bumps(400, 1, 0.01)} {
			g := Layout(s[0], s[1], v)
			canvas := render.Rect{X: 0, Y: 0, W: s[0], H: s[1]}
			for name, r := range map[string]render.Rect{"heat": g.Heat, "p bars": g.PBars, "q bars": g.QBars,
				"colour bar": g.Colour, "error plot": g.ErrPlot, "readout": g.Readout, "legend": g.Legend, "header": g.Header} {
				if !r.Valid() || r.X < -0.5 || r.Y < -0.5 || r.Right() > canvas.W+0.5 || r.Bottom() > canvas.H+0.5 {
					t.Errorf("%v n=%d: %s %v is outside the canvas", s, v.N, name, r)
				}
			}
			if overlap(g.Heat, g.ErrPlot) || overlap(g.Heat, g.Readout) || overlap(g.ErrPlot, g.Readout) {
				t.Errorf("%v n=%d: parts overlap: heat %v, error plot %v, readout %v", s, v.N, g.Heat, g.ErrPlot, g.Readout)
			}
			if g.Heat.W < 100 || g.Heat.H < 100 {
				t.Errorf("%v: heatmap only %vx%v", s, g.Heat.W, g.Heat.H)
			}
		}
	}
}

func overlap(a, b render.Rect) bool {
	return a.X < b.Right() && b.X < a.Right() && a.Y < b.Bottom() && b.Y < a.Bottom()
}

func TestHit(t *testing.T) {
	v := specExample(3)
	v.BarScale = 0.5
	g := Layout(800, 600, v)
	// Row 2's band, at the spot where a weight of 0.3 ends: 0.3/0.5 of full length from the base.
	y := g.Heat.Y + 2.5*g.CellH
	x := g.PBars.Right() - 0.6*g.pFull()
	side, i, w, ok := g.Hit(x, y)
	if !ok || side != SideP || i != 2 || math.Abs(w-0.3) > 1e-9 {
		t.Errorf("Hit on p row 2 = %v %d %v %v, want SideP 2 0.3", side, i, w, ok)
	}
	// Column 4, at weight 0.1.
	x = g.Heat.X + 4.5*g.CellW
	y = g.QBars.Bottom() - 0.2*g.qFull()
	side, i, w, ok = g.Hit(x, y)
	if !ok || side != SideQ || i != 4 || math.Abs(w-0.1) > 1e-9 {
		t.Errorf("Hit on q column 4 = %v %d %v %v, want SideQ 4 0.1", side, i, w, ok)
	}
	// Past the far end clamps to BarScale; at the base it is 0.
	if _, _, w, ok := g.Hit(g.PBars.X, g.Heat.Y+1); !ok || w != 0.5 {
		t.Errorf("far end gives %v %v, want 0.5", w, ok)
	}
	if _, _, w, ok := g.Hit(g.PBars.Right()+1, g.Heat.Y+1); !ok || w != 0 {
		t.Errorf("base gives %v %v, want 0", w, ok)
	}
	// The heatmap, the readout and non-finite positions are not bars.
	for _, p := range [][2]float64{{g.Heat.CenterX(), g.Heat.CenterY()}, {g.Readout.CenterX(), g.Readout.CenterY()}, {math.NaN(), 10}} {
		if _, _, _, ok := g.Hit(p[0], p[1]); ok {
			t.Errorf("Hit(%v) should miss", p)
		}
	}
	// Every row of a 400-row plan is reachable at its centre.
	big := bumps(400, 1, 0.01)
	gb := Layout(800, 600, big)
	for row := range 400 {
		_, i, _, ok := gb.Hit(gb.PBars.CenterX(), gb.Heat.Y+(float64(row)+0.5)*gb.CellH)
		if !ok || i != row {
			t.Fatalf("row %d: Hit gives %d %v", row, i, ok)
		}
	}
	// No bars in the error view.
	if _, _, _, ok := Layout(800, 600, View{Error: "bad"}).Hit(g.PBars.CenterX(), g.PBars.CenterY()); ok {
		t.Error("the error view has no bars")
	}
}

func TestWeightAtFollowsADrag(t *testing.T) {
	v := specExample(3)
	v.BarScale = 0.5
	g := Layout(800, 600, v)
	// Far below the p bars (the pointer wandered off mid-drag): only x matters for p.
	if got := g.WeightAt(SideP, g.PBars.Right()-0.5*g.pFull(), 5000); math.Abs(got-0.25) > 1e-9 {
		t.Errorf("p weight %v, want 0.25", got)
	}
	// Right of the heatmap: only y matters for q; above the bars clamps to BarScale.
	if got := g.WeightAt(SideQ, 790, -100); got != 0.5 {
		t.Errorf("q weight %v, want 0.5", got)
	}
	if g.WeightAt(SideNone, 10, 10) != 0 || g.WeightAt(SideP, math.NaN(), 1) != 0 {
		t.Error("no side or a NaN position should mean 0")
	}
}

// TestHitMatchesDrawnBar: the weight Hit reports at a bar's drawn end is the bar's weight,
// so grabbing a bar's end does not make it jump.
func TestHitMatchesDrawnBar(t *testing.T) {
	v := specExample(3)
	r := recorder.New(800, 600)
	Draw(r, v)
	g := Layout(800, 600, v)
	bars := 0
	for _, o := range r.Ops {
		// The p bars: target-coloured rectangles left of the heatmap in its rows (the legend
		// swatch has the same colour but sits below).
		if o.Kind != recorder.FillRect || o.Color != targetFill || o.Args[0] >= g.Heat.X || o.Args[1] > g.Heat.Bottom() {
			continue
		}
		x, y, h := o.Args[0], o.Args[1], o.Args[3]
		_, i, w, ok := g.Hit(x, y+h/2)
		if !ok || math.Abs(w-v.P[i]) > 1e-9 {
			t.Errorf("bar end at x=%v: Hit gives row %d weight %v, p = %v", x, i, w, v.P[i])
		}
		bars++
	}
	if bars != 6 {
		t.Errorf("checked %d p bars, want 6", bars)
	}
}

func TestBarScaleDefault(t *testing.T) {
	v := specExample(0)
	// 1.25 x the largest target weight, q's 0.35.
	if got := Layout(800, 600, v).BarScale; math.Abs(got-0.4375) > 1e-12 {
		t.Errorf("BarScale = %v, want 0.4375", got)
	}
	v.BarScale = 2
	if got := Layout(800, 600, v).BarScale; got != 2 {
		t.Errorf("BarScale = %v, want the view's 2", got)
	}
}
