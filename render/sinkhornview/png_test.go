package sinkhornview

import (
	"testing"

	"solvable/render/internal/scenetest"
)

// TestRenderPNG draws representative views at a desktop and a phone size. It checks only
// that rendering works and writes files; the pictures themselves are for people to look
// at: set SOLVABLE_SAVE_PNG to a directory to keep them.
func TestRenderPNG(t *testing.T) {
	cases := []scenetest.Case[View]{
		{Name: "spec-rows", View: specExample(3)},
		{Name: "spec-cols", View: specExample(4)},
		{Name: "spec-start", View: specExample(0)},
		{Name: "bumps40", View: bumps(40, 7, 0.01)},
		{Name: "bumps40-converged", View: bumps(40, 400, 0.01)},
		{Name: "error", View: View{Error: "lambda must be a positive number, but the URL gave lambda=-3. Using the last good problem until it is fixed."}},
	}
	sizes := []scenetest.Size{{800, 600}, {360, 640}, {640, 360}, {600, 800}, {1280, 720}}
	scenetest.RenderPNG(t, "sinkhorn", cases, sizes, Draw)
}
