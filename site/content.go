// Package site holds the templ components and the content of Solvable's static pages:
// the home page, one page per model, and sim.html, the bare page that hosts a simulator.
//
// The pages are rendered once, at build time, by site/gen. Everything the pages need
// (text, control options, readout fields) is plain Go data here, so the tests can check the
// rendered HTML against the same lists the templates iterate over.
package site

import (
	"math"
	"strconv"

	"solvable/core/dln"
	"solvable/core/sinkhorn"
)

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
			Slug:    "dln",
			Title:   "Diagonal linear networks: lazy versus rich",
			Summary: "Among the many weights that fit the data exactly, gradient flow picks one set by the scale of the initialisation: large weights give the minimum-ℓ2 (kernel, lazy) solution, small weights a sparse, minimum-ℓ1-like (rich) one.",
			Href:    "dln.html",
		},
		{
			Slug:    "ntk",
			Title:   "The neural tangent kernel regime",
			Summary: "As a network grows infinitely wide its training under gradient descent becomes that of a linear model in a fixed kernel, so the whole learning trajectory has a closed form.",
			Href:    "ntk.html",
		},
		{
			Slug:    "continual",
			Title:   "Replica learning curves of continual learning",
			Summary: "Replica theory for the generalisation error of a model trained on one task after another, showing when earlier knowledge transfers forward and when it is forgotten.",
			Href:    "curves.html",
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

// ModelPreset is a named problem of any model, as the preset select shows it: the option's
// value, its title, one sentence about it, and the URL query it stands for (the select's
// data-query, from which assets/page.js shows the preset's values at once).
type ModelPreset struct {
	Name  string
	Title string
	Blurb string
	Query string
}

// SinkhornPresets is Presets in the select's terms.
func SinkhornPresets() []ModelPreset {
	var out []ModelPreset
	for _, p := range Presets() {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// SinkhornProblemParams are the URL parameters a Sinkhorn preset replaces (all of the
// problem's; speed and paused stay).
const SinkhornProblemParams = "x y n p q pshape qshape seed lambda cost tol scaling"

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
		{ID: "out-path", Field: "path", Label: "Path", Format: "text", Hint: "scaling, or log-stabilised once the scalings have had to be folded into the potentials"},
	}
}

// ---- Diagonal linear networks (dln.html) ----

// DLNPresets lists the named DLN problems, from core/dln so that the simulator and the page
// expand the same names.
func DLNPresets() []ModelPreset {
	var out []ModelPreset
	for _, p := range dln.Presets() {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// DLNDefaultPreset is the preset whose problem is the simulator's default (one equation,
// x1 + 2 x2 = 2, at alpha = 0.1), so the select is right on a page without parameters.
const DLNDefaultPreset = "line"

// DLNProblemParams are the URL parameters a DLN preset replaces (speed and paused stay).
const DLNProblemParams = "X y n d k noise seed alpha depth algo eta batch gamma view tol"

// DLN control defaults: the simulator's (core/dln.DefaultParams), as the controls show them.
var (
	DLNDefaultAlpha = fmtFloat(dln.DefaultAlpha)
	DLNDefaultEta   = fmtFloat(dln.DefaultEta)
	DLNDefaultBatch = strconv.Itoa(dln.DefaultBatch)
)

// DLNDefaultSpeed is the speed select's starting value: the simulator's default for the flow,
// 30 integrator steps a second. The select follows state().speed once the simulator runs (GD
// and SGD default to 600 updates a second).
const DLNDefaultSpeed = "30"

// Alpha slider range, in decades: log10(alpha) from -6 to 2, the simulator's range
// (core/dln.MinAlpha, MaxAlpha).
const (
	AlphaDecadeMin  = -6
	AlphaDecadeMax  = 2
	AlphaDecadeStep = "0.05"
)

// DLNDefaultAlphaDecade is where the alpha slider starts: log10 of the default alpha.
var DLNDefaultAlphaDecade = strconv.FormatFloat(math.Log10(dln.DefaultAlpha), 'g', 6, 64)

// DepthOptions lists the depths D of beta = w_+^D - w_-^D the simulator accepts.
func DepthOptions() []Option {
	var out []Option
	for d := 2; d <= dln.MaxDepth; d++ {
		out = append(out, Option{Value: strconv.Itoa(d), Label: "D = " + strconv.Itoa(d)})
	}
	return out
}

// AlgoOptions lists the algorithms, in the simulator's names.
func AlgoOptions() []Option {
	return []Option{
		{Value: "flow", Label: "Exact flow"},
		{Value: "gd", Label: "GD"},
		{Value: "sgd", Label: "SGD"},
	}
}

// ViewOptions lists the pictures the simulator draws; auto picks the line for one equation in
// two unknowns and the coefficients otherwise.
func ViewOptions() []Option {
	return []Option{
		{Value: "auto", Label: "Automatic"},
		{Value: "line", Label: "Line of solutions"},
		{Value: "coef", Label: "Coefficients"},
		{Value: "sweep", Label: "α sweep"},
	}
}

// DLNSpeedOptions lists the stepping speeds, in integrator steps (flow) or updates (GD, SGD)
// per second; 30 and 600 are the simulator's defaults for the flow and for GD/SGD.
func DLNSpeedOptions() []Option {
	return []Option{
		{Value: "10", Label: "10 / s"},
		{Value: "30", Label: "30 / s"},
		{Value: "100", Label: "100 / s"},
		{Value: "600", Label: "600 / s"},
		{Value: "3000", Label: "3000 / s"},
		{Value: "max", Label: "max"},
	}
}

// DLNReadouts lists the readouts of the DLN page in display order.
func DLNReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged (max |Xβ − y| below the tolerance and the flow at rest)"},
		{ID: "out-t", Field: "t", Label: "Time t", Format: "num", Hint: "flow time for gradient flow; number of updates for GD and SGD"},
		{ID: "out-steps", Field: "steps", Label: "Steps", Format: "int", Hint: "integrator steps (flow) or updates (GD, SGD) taken"},
		{ID: "out-loss", Field: "loss", Label: "Loss", Format: "sci", Hint: "L(β) = ‖Xβ − y‖² / (2n)"},
		{ID: "out-residual", Field: "residual", Label: "Residual", Format: "sci", Hint: "max |Xβ − y|, the worst-fitted equation"},
		{ID: "out-l1", Field: "l1", Label: "‖β‖", Sub: "1", Format: "cost", Hint: "the sum of |βᵢ|: small for sparse β"},
		{ID: "out-oracle-distance", Field: "oracleDistance", Label: "Distance to β*", Format: "sci", Hint: "max |βᵢ − β*ᵢ|, β* = argmin Q_α subject to Xβ = y (the theory's end point)"},
		{ID: "out-alpha-eff", Field: "alphaEffMin", Label: "Smallest α", Sub: "eff", Format: "num", Hint: "min over i of √(w₊ᵢ w₋ᵢ): α for the exact flow at depth 2, smaller under GD, SGD and gradient regularisation"},
	}
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// presetTitle is the title of the named DLN preset, for prose that tells the reader which one
// to pick. An unknown name panics at render time, which the tests catch.
func presetTitle(name string) string {
	for _, p := range DLNPresets() {
		if p.Name == name {
			return p.Title
		}
	}
	panic("site: no DLN preset " + name)
}

// FamilyPage is one page of a model's story: its file and the short name its tab shows.
type FamilyPage struct {
	File  string
	Short string
}

// SinkhornFamily lists the Sinkhorn pages in reading order: the plan converging, the
// geometry of one step on 2×2 plans, the λ sweep between Wasserstein and KL, point clouds.
func SinkhornFamily() []FamilyPage {
	return built([]FamilyPage{
		{File: "sinkhorn.html", Short: "The plan"},
		{File: "geometry.html", Short: "The geometry"},
		{File: "lambda.html", Short: "From W to KL"},
		{File: "clouds.html", Short: "Point clouds"},
	})
}

// ContinualFamily lists the learning-curve pages in reading order: one task's learning curve,
// then continual learning.
func ContinualFamily() []FamilyPage {
	return built([]FamilyPage{
		{File: "curves.html", Short: "One task"},
		{File: "continual.html", Short: "Task after task"},
	})
}

// familyOf is the story a model's first page starts, or nothing when the page stands alone.
func familyOf(file string) []FamilyPage {
	for _, fam := range [][]FamilyPage{SinkhornFamily(), ContinualFamily()} {
		if len(fam) > 0 && fam[0].File == file {
			return fam
		}
	}
	return nil
}

// built keeps the pages that Pages() writes, so a tab never links to a missing file.
func built(pages []FamilyPage) []FamilyPage {
	have := map[string]bool{}
	for _, p := range Pages() {
		have[p.File] = true
	}
	var out []FamilyPage
	for _, p := range pages {
		if have[p.File] {
			out = append(out, p)
		}
	}
	return out
}
