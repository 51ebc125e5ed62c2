package dlnview

import (
	"os"
	"path/filepath"
	"testing"

	"solvable/render/rastercanvas"
)

// pngCases are the views drawn to PNG: the line view early in a run and converged, at the
// start (the limit near the L1 corner), and in the kernel regime; Example A's coefficients;
// a sparse teacher; a GD run with shrinking alpha_eff; the alpha sweeps of Examples A and B;
// a note and an error.
func pngCases() []struct {
	name string
	v    View
} {
	gd := syntheticCoef(1000, 512, 6)
	note := lineView(0.1, 1)
	note.Algo, note.Eta, note.TimeLabel = "gd", 0.05, "steps"
	note.Note = "GD diverged: the step η = 0.05 is above the stability bound 2/λmax = 0.0284. Lower η and start again."
	return []struct {
		name string
		v    View
	}{
		{"line-a0.1-mid", lineView(0.1, 0.45)},
		{"line-a0.1-done", lineView(0.1, 1)},
		{"line-a1", lineView(1, 1)},
		{"line-a0.01", lineView(0.01, 1)},
		{"coef-exampleA-a0.1", exampleACoef(0.1, 1)},
		{"coef-sparse-a1e-3", sparseCoef(40, 200, 4, 1e-3, 1)},
		{"coef-sparse-a1e-6", sparseCoef(40, 200, 5, 1e-6, 1)},
		{"coef-gd-d1000", gd},
		{"sweep-exampleA", exampleASweep(0.1)},
		{"sweep-exampleB", exampleBSweep(0.01)},
		{"note", note},
		{"error", View{Error: "alpha must be a positive number, but the URL gave alpha=-3. Using the last good problem until it is fixed."}},
	}
}

// TestRenderPNG draws representative views at a desktop and a phone size (and a few more).
// It checks only that rendering works and writes files; the pictures are for people to look
// at: set SOLVABLE_SAVE_PNG to a directory to keep them.
func TestRenderPNG(t *testing.T) {
	sizes := []struct {
		name string
		w, h float64
	}{{"800x600", 800, 600}, {"360x640", 360, 640}, {"1280x720", 1280, 720}, {"640x360", 640, 360}}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("SOLVABLE_SAVE_PNG"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, tc := range pngCases() {
		for _, sz := range sizes {
			c := rastercanvas.New(sz.w, sz.h, 1)
			Draw(c, tc.v)
			for _, d := range dirs {
				path := filepath.Join(d, "dln-"+tc.name+"-"+sz.name+".png")
				if err := c.SavePNG(path); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
