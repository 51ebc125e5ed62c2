package otgeomview

import (
	"strings"
	"testing"

	"solvable/core/otgeom"
	"solvable/render/recorder"
)

func TestErrorViewDrawsTheSentence(t *testing.T) {
	msg := "p1 (the first entry of p) must lie strictly between 0 and 1, such as 0.7; got 1.5."
	for _, size := range [][2]float64{{900, 600}, {360, 640}, {120, 90}} {
		r := recorder.New(size[0], size[1])
		Draw(r, View{Error: msg})
		if err := r.CheckFinite(); err != nil {
			t.Fatal(err)
		}
		if !r.HasText(msg) {
			t.Errorf("%v: drawn text %q lacks the error", size, r.Texts())
		}
		if r.Count(recorder.FillPolygon) != 0 {
			t.Errorf("%v: the error view drew the scene", size)
		}
	}
}

// TestSceneNamesWhatItShows checks that a newcomer's anchors are on screen at both sizes: the
// four cells at the vertices, the legend's names for the planes, the segment and the surface,
// the three KLs and the gap of the last step, and a sentence about that step.
func TestSceneNamesWhatItShows(t *testing.T) {
	v := fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.5}, otgeom.DefaultCamera, 3)
	for _, size := range [][2]float64{{1100, 620}, {360, 640}} {
		r := recorder.New(size[0], size[1])
		Draw(r, v)
		if err := r.CheckFinite(); err != nil {
			t.Fatal(err)
		}
		all := r.AllText()
		for _, want := range []string{"P₁₁", "P₁₂", "P₂₁", "P₂₂", "M_p: rows sum to p", "M_q: columns sum to q",
			"U(p,q)", "E_K", "KL(P* || P₂)", "KL(P* || P₃)", "KL(P₃ || P₂)", "gap", "Projection 3 rescaled the rows", "Drag to turn"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: %q not drawn", size, want)
			}
		}
		// The two planes are filled translucent polygons.
		if n := r.Count(recorder.FillPolygon); n < 2 {
			t.Errorf("%v: %d filled polygons, want the two planes", size, n)
		}
	}
}

func TestEveryPresetDrawsFinite(t *testing.T) {
	for _, p := range otgeom.Presets() {
		pr, err := otgeom.Parse(func(k string) (string, bool) {
			if k == "preset" {
				return p.Name, true
			}
			return "", false
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, steps := range []int{0, 1, 2, 50} {
			r := recorder.New(800, 600)
			Draw(r, fixture(pr.Problem, pr.Camera(), steps))
			if err := r.CheckFinite(); err != nil {
				t.Errorf("%s after %d steps: %v", p.Name, steps, err)
			}
		}
	}
}
