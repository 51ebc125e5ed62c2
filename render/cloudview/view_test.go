package cloudview

import (
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestSegmentsLightToDarkAboveThreshold(t *testing.T) {
	v := View{A: []Point{{0, 0}, {1, 0}}, B: []Point{{0, 1}, {1, 1}, {2, 1}},
		Plan: []float64{0.3, 0.001, 0.02, 0.005, 0.15, 0.0001}}
	idx, ts, capped := Segments(v)
	// max P = 0.3; 1% of it is 0.003, so 0.001 and 0.0001 are left out.
	want := []int{3, 2, 4, 0}
	if len(idx) != len(want) || capped {
		t.Fatalf("Segments = %v (capped %v), want %v", idx, capped, want)
	}
	for k := range want {
		if idx[k] != want[k] {
			t.Errorf("Segments = %v, want %v (lightest first)", idx, want)
			break
		}
	}
	if ts[len(ts)-1] != 1 || math.Abs(ts[0]-0.005/0.3) > 1e-15 {
		t.Errorf("t = %v", ts)
	}
	// A plan with more strong entries than MaxLines keeps the strongest.
	n := 60
	big := View{A: make([]Point, n), B: make([]Point, n), Plan: make([]float64, n*n)}
	for k := range big.Plan {
		big.Plan[k] = 1 + float64(k%97)
	}
	idx, _, capped = Segments(big)
	if !capped || len(idx) != MaxLines {
		t.Fatalf("capped %v, %d lines", capped, len(idx))
	}
	lo := big.Plan[idx[0]]
	left := 0
	for _, p := range big.Plan {
		if p > lo {
			left++
		}
	}
	if left > MaxLines {
		t.Errorf("a stronger entry than the weakest drawn was left out")
	}
}

func TestLineColorEnds(t *testing.T) {
	if LineColor(0) != render.Panel || LineColor(1) != lineInk {
		t.Errorf("LineColor(0) = %v, LineColor(1) = %v", LineColor(0), LineColor(1))
	}
}

func TestHitAndDataAtInvert(t *testing.T) {
	v := View{A: []Point{{-0.5, -0.2}, {-0.3, 0.1}}, B: []Point{{0.4, 0.3}}, Plan: []float64{0.5, 0.5}}
	for _, sz := range [][2]float64{{800, 600}, {360, 640}, {1200, 700}} {
		g := Layout(sz[0], sz[1], v)
		for i, p := range v.A {
			x, y := g.PX(p[0]), g.PY(p[1])
			q := g.DataAt(x, y)
			if math.Abs(q[0]-p[0]) > 1e-12 || math.Abs(q[1]-p[1]) > 1e-12 {
				t.Errorf("%v: DataAt(PX, PY) = %v, want %v", sz, q, p)
			}
			if side, j, ok := g.Hit(x+3, y-2, v); !ok || side != SideA || j != i {
				t.Errorf("%v: Hit near A[%d] = %v %d %v", sz, i, side, j, ok)
			}
		}
		// Equal scale: one data unit is as long along x as along y.
		ux := g.PX(1) - g.PX(0)
		uy := g.PY(0) - g.PY(1)
		if math.Abs(ux-uy) > 1e-9*ux {
			t.Errorf("%v: unequal scales %v and %v px per unit", sz, ux, uy)
		}
		if s, ok := g.ToggleAt(g.ButtonB.CenterX(), g.ButtonB.CenterY()); !ok || s != SideB {
			t.Errorf("%v: ToggleAt(B button) = %v %v", sz, s, ok)
		}
		if _, _, ok := g.Hit(g.Plane.Plot.X+1, g.Plane.Plot.Y+1, v); ok {
			t.Errorf("%v: a corner of the plane hit a point", sz)
		}
	}
}

func TestDrawRecordsNoNaN(t *testing.T) {
	v := fixture(t, "preset=uneven", 7, true)
	v.MarginalError = math.NaN()
	v.Wasserstein, v.HasWasserstein, v.WNote = math.NaN(), false, "computing…"
	for _, sz := range [][2]float64{{1000, 620}, {360, 640}, {300, 200}, {0, 0}} {
		c := recorder.New(sz[0], sz[1])
		Draw(c, v)
		if err := c.CheckFinite(); err != nil {
			t.Errorf("%v: %v", sz, err)
		}
		if sz[0] >= 360 {
			if !c.HasText("Click adds to:") || !c.HasText("computing…") {
				t.Errorf("%v: missing the toggle or the W note: %q", sz, c.AllText())
			}
			if got := c.Count(recorder.FillCircle); got < len(v.A)+2*len(v.B) {
				t.Errorf("%v: %d circles for %d + %d points", sz, got, len(v.A), len(v.B))
			}
		}
	}
	c := recorder.New(800, 600)
	Draw(c, View{Error: "lambda must be positive."})
	if !c.HasText("cannot be shown") || !strings.Contains(c.AllText(), "lambda must be positive.") {
		t.Errorf("error view: %q", c.AllText())
	}
}

// TestLayoutStableDuringDrag: W disappears while a point is dragged (it is recomputed once the
// plan settles); the plane must not move under the pointer when it does.
func TestLayoutStableDuringDrag(t *testing.T) {
	v := View{A: []Point{{-0.5, -0.2}}, B: []Point{{0.4, 0.3}, {0.5, 0.1}}, Plan: []float64{0.5, 0.5}, HasWasserstein: true}
	for _, sz := range [][2]float64{{360, 640}, {800, 600}, {640, 360}} {
		g1 := Layout(sz[0], sz[1], v)
		w := v
		w.HasWasserstein, w.WNote, w.DragSide = false, "computing…", SideA
		g2 := Layout(sz[0], sz[1], w)
		if g1.Plane.Plot != g2.Plane.Plot || g1.Plane.X != g2.Plane.X || g1.Plane.Y != g2.Plane.Y {
			t.Errorf("%v: the plane moved when W went away: %v -> %v", sz, g1.Plane.Plot, g2.Plane.Plot)
		}
	}
}
