package site

import (
	"math"
	"strconv"

	"github.com/a-h/templ"

	"solvable/core/otcloud"
)

// ---- Point clouds (clouds.html) ----

// CloudPresets lists the named point-cloud problems, from core/otcloud so that the simulator
// and the page expand the same names.
func CloudPresets() []ModelPreset {
	var out []ModelPreset
	for _, p := range otcloud.Presets() {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// CloudDefaultPreset is the preset whose problem is the simulator's default (a Gaussian blob of
// 30 points onto a ring of 30 at lambda = 0.01).
const CloudDefaultPreset = "ring"

// CloudProblemParams are the URL parameters a point-cloud preset replaces (speed and paused stay).
const CloudProblemParams = "a b shapea shapeb na nb seed lambda tol exact"

// Control defaults: the simulator's (core/otcloud.DefaultParams), as the controls show them.
var (
	CloudDefaultLambda = fmtFloat(otcloud.DefaultLambda)
	CloudDefaultN      = strconv.Itoa(otcloud.DefaultN)
	CloudDefaultSeed   = strconv.Itoa(otcloud.DefaultSeed)
	CloudMaxPoints     = strconv.Itoa(otcloud.MaxPoints)
)

// CloudDefaultSpeed is the simulator's default: 300 projections a second.
const CloudDefaultSpeed = "300"

// Lambda slider range, in decades of lambda / max C (the slider's scale is state().maxCost):
// from 1e-4, where the plan is nearly the exact matching but Sinkhorn needs thousands of
// iterations, to 1, where every point spreads its mass over the whole other cloud.
const (
	CloudLambdaDecadeMin  = -4
	CloudLambdaDecadeMax  = 0
	CloudLambdaDecadeStep = "0.05"
)

// CloudDefaultLambdaDecade is where the slider starts: log10(lambda / max C) of the default problem.
var CloudDefaultLambdaDecade = func() string {
	pr := otcloud.DefaultParams()
	prob, err := pr.Problem()
	if err != nil {
		panic("site: the default point-cloud problem does not build: " + err.Error())
	}
	return strconv.FormatFloat(math.Log10(pr.Lambda/prob.MaxCost()), 'f', 2, 64)
}()

// CloudShapeOptions lists the generated clouds, in the simulator's names.
func CloudShapeOptions() []Option {
	return []Option{
		{Value: "gaussian", Label: "Gaussian"},
		{Value: "ring", Label: "Ring"},
		{Value: "blobs", Label: "Two blobs"},
		{Value: "moons", Label: "Half moon"},
		{Value: "square", Label: "Square"},
	}
}

// CloudExactOptions: whether the exact plan is drawn over the entropic one.
func CloudExactOptions() []Option {
	return []Option{
		{Value: "0", Label: "Entropic"},
		{Value: "1", Label: "Entropic + exact"},
	}
}

// CloudSpeedOptions lists the stepping speeds, in projections per second.
func CloudSpeedOptions() []Option {
	return []Option{
		{Value: "20", Label: "20 / s"},
		{Value: "100", Label: "100 / s"},
		{Value: "300", Label: "300 / s"},
		{Value: "1000", Label: "1000 / s"},
		{Value: "max", Label: "max"},
	}
}

// CloudReadouts lists the readouts of the point-cloud page in display order.
func CloudReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged"},
		{ID: "out-iter", Field: "iter", Label: "Iterations", Format: "int", Hint: "full iterations (rows, then columns)"},
		{ID: "out-projections", Field: "projections", Label: "Projections", Format: "int", Hint: "half-steps: each rescales the lines leaving A or those arriving at B"},
		{ID: "out-marginal-error", Field: "marginalError", Label: "Marginal error", Format: "sci", Hint: "‖P1 − p‖₁ + ‖Pᵀ1 − q‖₁: how far the points are from sending and receiving equal shares"},
		{ID: "out-transport-cost", Field: "transportCost", Label: "⟨C, P⟩", Format: "cost", Hint: "transport cost of the current plan: the mass-weighted mean of squared line lengths"},
		{ID: "out-wasserstein", Field: "wasserstein", Label: "Exact W", Format: "cost", Hint: "the unregularised optimum (λ = 0), computed exactly: an assignment when the clouds have equal sizes, a min-cost flow otherwise"},
		{ID: "out-gap", Field: "gap", Label: "⟨C, P⟩ − W", Format: "sci", Hint: "how far the entropic plan's cost is from the exact optimum"},
		{ID: "out-max-cost", Field: "maxCost", Label: "max C", Format: "num", Hint: "the largest squared distance between a point of A and one of B: the scale of the λ slider"},
	}
}

// cloudSections lists the sections of the point-cloud explanation, in page order.
func cloudSections() []Section {
	return []Section{
		{ID: "c-plan", Title: "A plan between two clouds"},
		{ID: "c-blur", Title: "How λ blurs the matching"},
		{ID: "c-exact", Title: "The exact matching as λ → 0"},
		{ID: "c-uneven", Title: "Clouds of different sizes"},
		{ID: "c-drag", Title: "Dragging: a warm start"},
		{ID: "c-slow", Title: "Why small λ can take long"},
		{ID: "c-picture", Title: "What the picture shows"},
		{ID: "c-refs", Title: "References"},
	}
}

// cloudTitle is the heading of the point-cloud section with the given id (panics on an unknown
// id at render time, which the tests catch).
func cloudTitle(id string) string { return titleIn(cloudSections(), "point-cloud", id) }

// cloudPreset is the title of the named point-cloud preset, for prose that names one.
func cloudPreset(name string) string {
	for _, p := range CloudPresets() {
		if p.Name == name {
			return p.Title
		}
	}
	panic("site: no point-cloud preset " + name)
}

// cloudPresetHref is a link that opens the page on a preset, scrolled to the simulator. It
// works without JavaScript (the preset travels in the URL, which page.js hands to the frame).
func cloudPresetHref(name string) templ.SafeURL {
	if _, ok := otcloud.PresetByName(name); !ok {
		panic("site: no point-cloud preset " + name)
	}
	return templ.SafeURL("clouds.html?preset=" + name + "#sim")
}
