package otgeomview

import (
	"os"
	"path/filepath"
	"testing"

	"solvable/core/otgeom"
	"solvable/render/rastercanvas"
)

// TestRenderPNG draws representative views at desktop and phone sizes. It checks only that
// rendering works; set SOLVABLE_SAVE_PNG to a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	def := otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.5}
	cam := otgeom.DefaultCamera
	cases := []struct {
		name string
		v    View
	}{
		{"start", fixture(def, cam, 0)},
		{"step3", fixture(def, cam, 3)},
		{"converged", fixture(def, cam, 400)},
		{"sharp", fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 0.05}, cam, 4000)},
		{"blurry", fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 20}, cam, 400)},
		{"swap", fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: -1, Lambda: 0.3}, cam, 5)},
		{"turned", fixture(def, otgeom.Camera{Yaw: 60, Pitch: 40}, 6)},
		{"tiny", fixture(otgeom.Problem{P1: 0.7, Q1: 0.4, C: 1, Lambda: 1e-3}, cam, 100000)},
		{"error", View{Error: "p1 (the first entry of p, the mass of row 1) must lie strictly between 0 and 1, such as 0.7; got 1.5."}},
	}
	sizes := []struct {
		name string
		w, h float64
	}{{"1100x620", 1100, 620}, {"360x640", 360, 640}, {"800x600", 800, 600}, {"640x360", 640, 360}}
	dirs := []string{t.TempDir()}
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
				if err := c.SavePNG(filepath.Join(d, "ot2x2-"+tc.name+"-"+sz.name+".png")); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
