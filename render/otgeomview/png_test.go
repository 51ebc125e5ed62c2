package otgeomview

import (
	"testing"

	"solvable/core/otgeom"
	"solvable/render/internal/scenetest"
)

// TestRenderPNG draws representative views at desktop and phone sizes. It checks only that
// rendering works; set SOLVABLE_SAVE_PNG to a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	def := otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.5}
	cam := otgeom.DefaultCamera
	cases := []scenetest.Case[View]{
		{Name: "start", View: fixture(def, cam, 0)},
		{Name: "step3", View: fixture(def, cam, 3)},
		{Name: "converged", View: fixture(def, cam, 400)},
		{Name: "sharp", View: fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.05}, cam, 4000)},
		{Name: "blurry", View: fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 20}, cam, 400)},
		{Name: "swap", View: fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: -1, Lambda: 0.3}, cam, 5)},
		{Name: "turned", View: fixture(def, otgeom.Camera{Yaw: 60, Pitch: 40}, 6)},
		{Name: "tiny", View: fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 1e-3}, cam, 100000)},
		{Name: "error", View: View{Error: "p1 (the first entry of p, the mass of row 1) must lie strictly between 0 and 1, such as 0.7; got 1.5."}},
	}
	sizes := []scenetest.Size{{1100, 620}, {360, 640}, {800, 600}, {640, 360}}
	scenetest.RenderPNG(t, "ot2x2", cases, sizes, Draw)
}
