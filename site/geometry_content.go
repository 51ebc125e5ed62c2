package site

import (
	"math"
	"strconv"

	"solvable/core/otgeom"
)

// ---- The 2x2 geometry of Sinkhorn (geometry.html) ----

// GeometryPresets lists the named 2x2 problems, from core/otgeom so that the simulator and the
// page expand the same names.
func GeometryPresets() []ModelPreset {
	var out []ModelPreset
	for _, p := range otgeom.Presets() {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// GeometryDefaultPreset is the preset whose problem is the simulator's default.
const GeometryDefaultPreset = "default"

// GeometryProblemParams are the URL parameters a preset replaces (the view angle, speed and
// paused stay in the URL; the simulator restarts the view with the new problem).
const GeometryProblemParams = "p1 q1 c lambda tol"

// Control defaults: the simulator's (core/otgeom.DefaultParams), as the controls show them.
var (
	GeometryDefaultP1     = fmtFloat(otgeom.DefaultParams().P1)
	GeometryDefaultQ1     = fmtFloat(otgeom.DefaultParams().Q1)
	GeometryDefaultC      = fmtFloat(otgeom.DefaultParams().C)
	GeometryDefaultLambda = fmtFloat(otgeom.DefaultParams().Lambda)
	// GeometryDefaultLambdaDecade is where the λ slider starts: log10 of the default λ.
	GeometryDefaultLambdaDecade = strconv.FormatFloat(math.Log10(otgeom.DefaultParams().Lambda), 'g', 4, 64)
)

// λ slider range in decades of λ itself (the slider has no scale: c is set beside it).
const (
	GeometryLambdaDecadeMin  = -3
	GeometryLambdaDecadeMax  = 2
	GeometryLambdaDecadeStep = "0.02"
)

// GeometryDefaultSpeed is the simulator's default: four projections a second, slow enough to
// follow each one land.
const GeometryDefaultSpeed = "4"

// GeometrySpeedOptions lists the stepping speeds in projections per second.
func GeometrySpeedOptions() []Option {
	return []Option{
		{Value: "1", Label: "1 / s"},
		{Value: "4", Label: "4 / s"},
		{Value: "20", Label: "20 / s"},
		{Value: "200", Label: "200 / s"},
		{Value: "max", Label: "max"},
	}
}

// GeometryReadouts lists the readouts of the geometry page in display order.
func GeometryReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged"},
		{ID: "out-projections", Field: "projections", Label: "Projections", Format: "int", Hint: "e-projections so far: odd ones rescale rows, even ones columns"},
		{ID: "out-kl-opt", Field: "klToOptimum", Label: "KL(P* ‖ P", Sub: "k", After: ")", Format: "sci", Hint: "the divergence from the answer to the current plan; it falls at every projection"},
		{ID: "out-kl-step", Field: "klStep", Label: "KL of the last step", Format: "sci", Hint: "the divergence of the last step: by Pythagoras, exactly how much KL(P* ‖ P_k) just fell"},
		{ID: "out-pyth-gap", Field: "pythagorasGap", Label: "Pythagoras gap", Format: "sci", Hint: "|KL(P*‖P_k−1) − KL(P*‖P_k) − KL(P_k‖P_k−1)| for the last step: zero but for rounding"},
		{ID: "out-pyth-max", Field: "maxPythagorasGap", Label: "Largest gap so far", Format: "sci", Hint: "the largest Pythagoras gap of the run"},
		{ID: "out-marginal-error", Field: "marginalError", Label: "Marginal error", Format: "sci", Hint: "‖P1 − p‖₁ + ‖Pᵀ1 − q‖₁"},
		{ID: "out-transport-cost", Field: "transportCost", Label: "⟨C, P⟩", Format: "cost", Hint: "c (P₁₂ + P₂₁), the transport cost of the current plan"},
	}
}

// geometrySections lists the sections of the geometry explanation, in page order.
func geometrySections() []Section {
	return []Section{
		{ID: "g-picture", Title: "Every 2×2 plan is a point of a tetrahedron"},
		{ID: "g-flat", Title: "Two kinds of flat"},
		{ID: "g-eproj", Title: "One step is one e-projection"},
		{ID: "g-pyth", Title: "Pythagoras at every step"},
		{ID: "g-answer", Title: "Where the zig-zag ends"},
		{ID: "g-limits", Title: "The two limits of λ"},
		{ID: "g-try", Title: "Things to try"},
		{ID: "g-numbers", Title: "How the numbers are checked"},
		{ID: "g-refs", Title: "References"},
	}
}

// geometryTitle is the heading of the geometry section with the given id; an unknown id
// panics at render time, which the tests catch.
func geometryTitle(id string) string { return titleIn(geometrySections(), "geometry", id) }

// geometryPresetTitle is the title of the named preset, for prose that links to it; an
// unknown name panics at render time.
func geometryPresetTitle(name string) string {
	for _, p := range GeometryPresets() {
		if p.Name == name {
			return p.Title
		}
	}
	panic("site: no geometry preset " + name)
}

// geometryPresetHref is the page with the named preset. page.js picks the preset in place
// (data-preset-link); without the script the link reloads the page with it.
func geometryPresetHref(name string) string {
	geometryPresetTitle(name) // panics on an unknown name
	return "geometry.html?preset=" + name
}
