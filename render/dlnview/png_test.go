package dlnview

import (
	"testing"

	"solvable/render/internal/scenetest"
)

// pngCases are the views drawn to PNG: the line view early in a run and converged, at the
// start (the limit near the L1 corner), and in the kernel regime; Example A's coefficients;
// a sparse teacher; a GD run with shrinking alpha_eff; the alpha sweeps of Examples A and B;
// a note and an error.
func pngCases() []scenetest.Case[View] {
	gd := syntheticCoef(1000, 512, 6)
	note := lineView(0.1, 1)
	note.Algo, note.Eta, note.TimeLabel = "gd", 0.05, "steps"
	note.Note = "GD diverged: the step η = 0.05 is above the stability bound 2/λmax = 0.0284. Lower η and start again."
	return []scenetest.Case[View]{
		{Name: "line-a0.1-mid", View: lineView(0.1, 0.45)},
		{Name: "line-a0.1-done", View: lineView(0.1, 1)},
		{Name: "line-a1", View: lineView(1, 1)},
		{Name: "line-a0.01", View: lineView(0.01, 1)},
		{Name: "coef-exampleA-a0.1", View: exampleACoef(0.1, 1)},
		{Name: "coef-sparse-a1e-3", View: sparseCoef(40, 200, 4, 1e-3, 1)},
		{Name: "coef-sparse-a1e-6", View: sparseCoef(40, 200, 5, 1e-6, 1)},
		{Name: "coef-gd-d1000", View: gd},
		{Name: "sweep-exampleA", View: exampleASweep(0.1)},
		{Name: "sweep-exampleB", View: exampleBSweep(0.01)},
		{Name: "note", View: note},
		{Name: "error", View: View{Error: "alpha must be a positive number, but the URL gave alpha=-3. Using the last good problem until it is fixed."}},
	}
}

// TestRenderPNG draws representative views at a desktop and a phone size (and a few more).
// It checks only that rendering works and writes files; the pictures are for people to look
// at: set SOLVABLE_SAVE_PNG to a directory to keep them.
func TestRenderPNG(t *testing.T) {
	sizes := []scenetest.Size{{800, 600}, {360, 640}, {1280, 720}, {640, 360}}
	scenetest.RenderPNG(t, "dln", pngCases(), sizes, Draw)
}
