package sinkhornview

import (
	"os"
	"path/filepath"
	"testing"

	"solvable/render/rastercanvas"
)

// TestRenderPNG draws representative views at a desktop and a phone size. It checks only
// that rendering works and writes files; the pictures themselves are for people to look
// at: set SOLVABLE_SAVE_PNG to a directory to keep them.
func TestRenderPNG(t *testing.T) {
	cases := []struct {
		name string
		v    View
	}{
		{"spec-rows", specExample(3)},
		{"spec-cols", specExample(4)},
		{"spec-start", specExample(0)},
		{"bumps40", bumps(40, 7, 0.01)},
		{"bumps40-converged", bumps(40, 400, 0.01)},
		{"error", View{Error: "lambda must be a positive number, but the URL gave lambda=-3. Using the last good problem until it is fixed."}},
	}
	sizes := []struct {
		name string
		w, h float64
	}{{"800x600", 800, 600}, {"360x640", 360, 640}, {"640x360", 640, 360}, {"600x800", 600, 800}, {"1280x720", 1280, 720}}
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
				path := filepath.Join(d, "sinkhorn-"+tc.name+"-"+sz.name+".png")
				if err := c.SavePNG(path); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
