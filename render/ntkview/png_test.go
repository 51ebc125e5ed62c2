package ntkview

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"solvable/render/rastercanvas"
	"solvable/render/recorder"
)

// TestRenderPNG draws representative views at desktop and phone sizes. Set SOLVABLE_SAVE_PNG
// to a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	converged := fixture(1)
	converged.Converged = true
	narrow := fixture(0.6)
	narrow.Method, narrow.Width = "kfac", 64
	narrow.Losses[0], narrow.Losses[2] = narrow.Losses[2], narrow.Losses[0]
	for i := range narrow.Net {
		narrow.Net[i] += 0.6 * narrow.Net[i] * narrow.Net[i]
	}
	narrow.Loss = narrow.Losses[0].Loss[len(narrow.Losses[0].Loss)-1]
	narrow.WeightChangeNow, narrow.KernelDriftNow = narrow.WeightChange[0], narrow.KernelDrift[0]
	narrow.Note = "At width 64 the network leaves its linearisation: the NTK moves while it trains."
	start := fixture(0)
	start.Net, start.Linear, start.Losses = nil, nil, nil
	unitwise := fixture(0.8)
	unitwise.Method, unitwise.Linear = "unitwise", nil
	unitwise.Losses[0].Name = "unitwise"
	unitwise.Note = "The linearised curve is drawn for gd and ngd only: unitwise follows its own kernel predictor, not the NTK's."
	for i := 2; i < len(unitwise.Widths); i++ {
		unitwise.WeightChange[i], unitwise.KernelDrift[i] = math.NaN(), math.NaN() // sweep still running
	}
	diverged := fixture(0.2)
	for i := range diverged.Net {
		diverged.Net[i] *= 1e6
	}
	diverged.Losses[0].Loss = append(diverged.Losses[0].Loss, 1e12, math.Inf(1))
	diverged.Losses[0].Steps = append(diverged.Losses[0].Steps, 41, 42)
	diverged.Loss = math.Inf(1)
	cases := []struct {
		name string
		v    View
	}{
		{"mid", fixture(0.6)},
		{"converged", converged},
		{"narrow-kfac", narrow},
		{"start", start},
		{"unitwise-no-linear", unitwise},
		{"diverged", diverged},
		{"error", View{Error: "Width 8192 at depth 4 is more than the browser can step smoothly; the limit is M = 2048 for depth 4."}},
	}
	sizes := []struct {
		name string
		w, h float64
	}{{"1000x640", 1000, 640}, {"360x720", 360, 720}, {"700x480", 700, 480}, {"365x480", 365, 480}}
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
				if err := c.SavePNG(filepath.Join(d, "ntk-"+tc.name+"-"+sz.name+".png")); err != nil {
					t.Fatal(err)
				}
			}
			rec := recorder.New(sz.w, sz.h)
			Draw(rec, tc.v)
			if err := rec.CheckFinite(); err != nil {
				t.Errorf("%s %s: %v", tc.name, sz.name, err)
			}
		}
	}
}
