package site

import (
	"strconv"

	"solvable/core/lambdadiv"
	"solvable/core/sinkhorn"
)

// ---- The λ sweep (lambda.html) ----

// LambdaPresets lists the named sweeps, from core/sinkhorn so that the simulator and the page
// expand the same names.
func LambdaPresets() []ModelPreset {
	var out []ModelPreset
	for _, p := range sinkhorn.SweepPresets() {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// LambdaDefaultPreset is the preset whose problem is the simulator's default.
const LambdaDefaultPreset = "bumps"

// LambdaProblemParams are the URL parameters a sweep preset replaces (speed and paused stay).
const LambdaProblemParams = "x y n p q pshape qshape seed lambda cost tol lmin lmax points"

// Control defaults: the simulator's. lmin and lmax default to 0.001 and 100 times the largest
// cost, which is 1 on the default grid.
var (
	LambdaDefaultLMin   = strconv.FormatFloat(sinkhorn.DefaultSweepLMinRelative, 'g', -1, 64)
	LambdaDefaultLMax   = strconv.FormatFloat(sinkhorn.DefaultSweepLMaxRelative, 'g', -1, 64)
	LambdaDefaultPoints = strconv.Itoa(sinkhorn.DefaultSweepPoints)
	LambdaMaxPoints     = strconv.Itoa(sinkhorn.MaxSweepPoints)
)

// LambdaSpeedOptions are the sweep's speeds in steps per second; one step is a bounded piece of
// work (some iterations, a change of λ, or the recording of one λ), so only "max" is quick.
func LambdaSpeedOptions() []Option {
	return []Option{
		{Value: "60", Label: "60 / s"},
		{Value: "600", Label: "600 / s"},
		{Value: "max", Label: "max"},
	}
}

// LambdaReadouts lists the readouts of the λ page in display order.
func LambdaReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged (every λ solved to the tolerance)"},
		{ID: "out-done", Field: "done", Label: "λ solved", Format: "int", Hint: "how many values of λ are finished, from the largest down"},
		{ID: "out-current", Field: "currentLambda", Label: "Solving at λ", Format: "num", Hint: "the λ being solved now"},
		{ID: "out-mark-cost", Field: "markTransportCost", Label: "⟨C, P*⟩ at the page's λ", Format: "cost", Hint: "transport cost at the marked λ (the lambda parameter)"},
		{ID: "out-mark-s", Field: "markDivergence", Label: "S", Sub: "λ", After: " at the page's λ", Format: "cost", Hint: "OT_λ(p,q) − ½ OT_λ(p,p) − ½ OT_λ(q,q) at the marked λ"},
		{ID: "out-mark-d", Field: "markPlanDivergence", Label: "D", Sub: "λ", After: " at the page's λ", Format: "cost", Hint: "plan divergence KL(P*(p,p) ‖ P*(p,q)) at the marked λ"},
		{ID: "out-wasserstein", Field: "wasserstein", Label: "W (λ → 0)", Format: "cost", Hint: "the unregularised optimum, exact in 1-D"},
		{ID: "out-kl", Field: "klPQ", Label: "KL(p ‖ q) (λ → ∞)", Format: "cost", Hint: "the plan divergence's large-λ limit; a dash when it is infinite or undefined"},
		{ID: "out-independent", Field: "independentCost", Label: "⟨C, p qᵀ⟩ (λ → ∞)", Format: "cost", Hint: "the transport cost of the independent coupling"},
		{ID: "out-kernel", Field: "kernelLimit", Label: "S", Sub: "∞", Format: "cost", Hint: "S_λ as λ → ∞: −½ (p − q)ᵀ C (p − q) on common points"},
	}
}

// lambdaSections lists the sections of the λ page's explanation, in page order.
func lambdaSections() []Section {
	return []Section{
		{ID: "l-picture", Title: "What the picture shows"},
		{ID: "l-limits", Title: "The two ends: Wasserstein and the independent coupling"},
		{ID: "l-bias", Title: "The entropic bias, and why S_λ debiases"},
		{ID: "l-flat", Title: "A dually flat family of plans"},
		{ID: "l-plandiv", Title: "The plan divergence: from Wasserstein to KL"},
		{ID: "l-papers", Title: "The λ-divergences of the papers"},
		{ID: "l-compute", Title: "How the sweep is computed"},
		{ID: "l-refs", Title: "References"},
	}
}

// lambdaTitle is the heading of the λ-page section with the given id; an unknown id panics at
// render time, which the tests catch.
func lambdaTitle(id string) string { return titleIn(lambdaSections(), "lambda", id) }

// lambdaPresetTitle is the title of the named sweep preset; an unknown name panics.
func lambdaPresetTitle(name string) string {
	for _, p := range LambdaPresets() {
		if p.Name == name {
			return p.Title
		}
	}
	panic("site: no lambda preset " + name)
}

// lambdaPresetHref is the page on the named preset (page.js passes the query to the simulator).
func lambdaPresetHref(name string) string {
	lambdaPresetTitle(name)
	return "lambda.html?preset=" + name
}

// lambdaDivKind is how the page names the papers' divergences: "published" only when
// core/lambdadiv read the definition in the paper.
func lambdaDivKind(confirmed bool) string {
	if confirmed {
		return "published"
	}
	return "derived"
}

// Whether core/lambdadiv confirmed each paper's definition (the page's wording follows).
var (
	lambdaAKOKind  = lambdaDivKind(lambdadiv.AKOConfirmed)
	lambdaAKOCKind = lambdaDivKind(lambdadiv.AKOCConfirmed)
)
