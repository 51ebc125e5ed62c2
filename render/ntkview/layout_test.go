package ntkview

import (
	"fmt"
	"testing"

	"solvable/render"
	"solvable/render/internal/scenetest"
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
		scenetest.Disjoint(t, fmt.Sprint(sz), sz[0], sz[1], parts)
		for name, r := range parts {
			if name != "header" && name != "note" && r.H < 40 {
				t.Errorf("%v: %s is only %.0f px high", sz, name, r.H)
			}
		}
	}
}
