package ntkview

import (
	"testing"

	"solvable/render"
)

// Every part lies inside the canvas and no two panels overlap, wide and narrow, short and tall.
func TestLayoutDisjoint(t *testing.T) {
	v := fixture(0.5)
	v.Note = "A note."
	for _, sz := range [][2]float64{{1000, 640}, {360, 720}, {700, 480}, {365, 480}, {1280, 720}, {320, 568}, {699, 900}} {
		g := Layout(sz[0], sz[1], v)
		if g.Wide != (sz[0] >= wideMin) {
			t.Errorf("%v: wide = %v", sz, g.Wide)
		}
		parts := map[string]render.Rect{"header": g.Header, "note": g.Note, "main": g.Main, "loss": g.Loss, "sweep": g.Sweep, "readout": g.Readout}
		for name, r := range parts {
			if !r.Valid() || r.X < 0 || r.Y < 0 || r.Right() > sz[0]+0.01 || r.Bottom() > sz[1]+0.01 {
				t.Errorf("%v: %s %+v is not inside the canvas", sz, name, r)
			}
			if name != "header" && name != "note" && r.H < 40 {
				t.Errorf("%v: %s is only %.0f px high", sz, name, r.H)
			}
		}
		for a, ra := range parts {
			for b, rb := range parts {
				if a < b && overlap(ra, rb) {
					t.Errorf("%v: %s %+v overlaps %s %+v", sz, a, ra, b, rb)
				}
			}
		}
	}
}

func overlap(a, b render.Rect) bool {
	return a.W > 0 && a.H > 0 && b.W > 0 && b.H > 0 &&
		a.X < b.Right()-0.01 && b.X < a.Right()-0.01 && a.Y < b.Bottom()-0.01 && b.Y < a.Bottom()-0.01
}
