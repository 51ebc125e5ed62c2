package ntkview

import (
	"math"
	"testing"

	"solvable/render/internal/scenetest"
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
	cases := []scenetest.Case[View]{
		{Name: "mid", View: fixture(0.6)},
		{Name: "converged", View: converged},
		{Name: "narrow-kfac", View: narrow},
		{Name: "start", View: start},
		{Name: "unitwise-no-linear", View: unitwise},
		{Name: "diverged", View: diverged},
		{Name: "error", View: View{Error: "Width 8192 at depth 4 is more than the browser can step smoothly; the limit is M = 2048 for depth 4."}},
	}
	sizes := []scenetest.Size{{1000, 640}, {360, 720}, {700, 480}, {365, 480}}
	scenetest.RenderPNG(t, "ntk", cases, sizes, Draw)
}
