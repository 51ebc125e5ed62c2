// Package site holds the templ components and the content of Solvable's static pages:
// the home page, one page per model, and sim.html, the bare page that hosts a simulator.
//
// The pages are rendered once, at build time, by site/gen. Everything the pages need
// (text, control options, readout fields) is plain Go data here, so the tests can check the
// rendered HTML against the same lists the templates iterate over.
package site

import "solvable/core/sinkhorn"

// SiteName is the name shown in the header and in every page title.
const SiteName = "Solvable"

// Model is one entry on the home page.
type Model struct {
	Slug    string // stable identifier, also the CSS hook
	Title   string
	Summary string // one sentence
	Href    string // page of a live model; "" while it is coming
}

// Live reports whether the model has a page yet.
func (m Model) Live() bool { return m.Href != "" }

// Models lists the models of the talk in the order the home page shows them.
func Models() []Model {
	return []Model{
		{
			Slug:    "sinkhorn",
			Title:   "Sinkhorn as alternating e-projections",
			Summary: "Entropy-relaxed optimal transport, solved by rescaling the rows and then the columns of a plan; each rescaling is a projection in information geometry, and you can watch the plan converge.",
			Href:    "sinkhorn.html",
		},
		{
			Slug:    "diagonal",
			Title:   "Diagonal linear networks: lazy versus rich implicit bias",
			Summary: "Among the many weights that fit the data exactly, gradient flow picks one set by the scale of the initialisation: large weights give the minimum-ℓ2 (kernel, lazy) solution, small weights a sparse, minimum-ℓ1-like (rich) one.",
		},
		{
			Slug:    "ntk",
			Title:   "The neural tangent kernel regime",
			Summary: "As a network grows infinitely wide its training under gradient descent becomes that of a linear model in a fixed kernel, so the whole learning trajectory has a closed form.",
		},
		{
			Slug:    "continual",
			Title:   "Replica learning curves of continual learning",
			Summary: "Replica theory for the generalisation error of a model trained on one task after another, showing when earlier knowledge transfers forward and when it is forgotten.",
		},
		{
			Slug:    "fisher",
			Title:   "Fisher-information spectra of random deep networks",
			Summary: "The eigenvalues of the Fisher information of a wide random network pile up near zero with a few large outliers, and the largest one bounds the usable learning rate.",
		},
		{
			Slug:    "otdd",
			Title:   "Transport distances between data sets",
			Summary: "Optimal-transport distances between labelled data sets, and how well they predict transfer between tasks and forgetting.",
		},
	}
}

// Preset is a named Sinkhorn problem; the list lives in core/sinkhorn so the simulator and
// the page expand the same names.
type Preset = sinkhorn.Preset

// DefaultPreset is the preset a page without parameters starts from.
const DefaultPreset = "bumps"

// Presets returns the Sinkhorn presets in the order the select shows them.
func Presets() []Preset { return sinkhorn.Presets() }

// Option is one entry of a select.
type Option struct {
	Value string
	Label string
}

// DefaultCost and DefaultSpeed are the values the selects start on (the simulator's defaults).
const (
	DefaultCost   = "sq"
	DefaultSpeed  = "20"
	DefaultLambda = "0.01"
	// DefaultLambdaDecade is where the log slider starts: log10(0.01 / 1), the default λ over
	// the largest cost of the default grid on [0, 1].
	DefaultLambdaDecade = "-2"
)

// CostOptions lists the ground costs the simulator knows.
func CostOptions() []Option {
	return []Option{
		{Value: "sq", Label: "|x − y|²"},
		{Value: "abs", Label: "|x − y|"},
	}
}

// SpeedOptions lists the stepping speeds, in projections (half-steps) per second; "max"
// steps as fast as the frame budget allows.
func SpeedOptions() []Option {
	return []Option{
		{Value: "1", Label: "1 / s"},
		{Value: "5", Label: "5 / s"},
		{Value: "20", Label: "20 / s"},
		{Value: "100", Label: "100 / s"},
		{Value: "max", Label: "max"},
	}
}

// Lambda slider range, in decades relative to the largest cost: the slider's value is
// log10(λ / max C), so one slider serves any support points.
const (
	LambdaDecadeMin  = -4
	LambdaDecadeMax  = 3
	LambdaDecadeStep = "0.05"
)

// Readout is one number the page shows from state(). Format tells assets/page.js how to
// print it: "int", "cost" (10 significant digits, to compare with theory), "sci" (errors),
// "text", or "status".
type Readout struct {
	ID     string // DOM id of the <output>
	Field  string // the state() field; "gap" and "status" are derived in page.js
	Label  string // plain text, also the accessible name
	Sub    string // optional subscript after Label (S with subscript λ)
	After  string // optional text after the subscript
	Format string
	Hint   string // tooltip: what the number is
}

// SinkhornReadouts lists the readouts of the Sinkhorn page in display order.
func SinkhornReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged"},
		{ID: "out-iter", Field: "iter", Label: "Iterations", Format: "int", Hint: "full iterations (rows, then columns)"},
		{ID: "out-projections", Field: "projections", Label: "Projections", Format: "int", Hint: "half-steps: each rescales the rows or the columns"},
		{ID: "out-marginal-error", Field: "marginalError", Label: "Marginal error", Format: "sci", Hint: "‖P1 − p‖₁ + ‖Pᵀ1 − q‖₁"},
		{ID: "out-kl-step", Field: "klStep", Label: "KL of last step", Format: "sci", Hint: "KL(P_{k+1} ‖ P_k), the drop in KL to the answer"},
		{ID: "out-transport-cost", Field: "transportCost", Label: "⟨C, P⟩", Format: "cost", Hint: "transport cost of the current plan"},
		{ID: "out-objective", Field: "objective", Label: "Objective", Format: "cost", Hint: "⟨C, P⟩ − λ H(P)"},
		{ID: "out-wasserstein", Field: "wasserstein", Label: "Exact W", Format: "cost", Hint: "the unregularised optimum, computed exactly in 1-D"},
		{ID: "out-gap", Field: "gap", Label: "⟨C, P⟩ − W", Format: "sci", Hint: "how far the entropic plan's cost is from the exact optimum"},
		{ID: "out-divergence", Field: "divergence", Label: "S", Sub: "λ", After: " (debiased)", Format: "cost", Hint: "OT_λ(p,q) − ½ OT_λ(p,p) − ½ OT_λ(q,q)"},
		{ID: "out-path", Field: "path", Label: "Path", Format: "text", Hint: "scaling, or log-stabilised when exp(−C/λ) would underflow"},
	}
}
