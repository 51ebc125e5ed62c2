package site

import (
	"strconv"

	"github.com/a-h/templ"

	"solvable/core/learncurve"
	"solvable/core/param"
)

// ---- Learning curves (curves.html) and continual learning (continual.html) ----

// CurvesPresets and ContinualPresets are learncurve's presets in the select's terms, so the
// simulators and the pages expand the same names.
func CurvesPresets() []ModelPreset    { return modelPresets(learncurve.CurvesPresets) }
func ContinualPresets() []ModelPreset { return modelPresets(learncurve.ContinualPresets) }

// The presets the simulators start on, and the URL parameters a preset replaces.
const (
	CurvesDefaultPreset    = "relu"
	ContinualDefaultPreset = "talk"
	CurvesProblemParams    = "spectrum alpha modes d l sexp noise ridge nmin nmax points seed"
	ContinualProblemParams = "view rho na nb tasks d l sexp noise seed"
)

// Control defaults and limits, from core/learncurve.
var (
	LCMinD      = strconv.Itoa(learncurve.MinD)
	LCMaxD      = strconv.Itoa(learncurve.MaxD)
	LCMaxSimN   = strconv.Itoa(learncurve.MaxSimN)
	LCMaxTasks  = strconv.Itoa(learncurve.MaxTasks)
	LCMaxModes  = strconv.Itoa(learncurve.MaxModes)
	LCMaxPoints = strconv.Itoa(learncurve.MaxPoints)
	LCDefaultD  = strconv.Itoa(learncurve.DefaultContinual().D)
	LCDefaultL  = strconv.Itoa(learncurve.DefaultContinual().L)
	LCDefaultNA = strconv.Itoa(learncurve.DefaultContinual().NA)
	LCDefaultNB = strconv.Itoa(learncurve.DefaultContinual().NB)
	LCDefaultT  = strconv.Itoa(learncurve.DefaultContinual().Tasks)
	LCDefaultR  = fmtFloat(learncurve.DefaultContinual().Rho)
)

// LCDepthOptions are the depths of the ReLU network whose NTK is the kernel (weight layers).
func LCDepthOptions() []Option {
	var out []Option
	for L := learncurve.MinL; L <= learncurve.MaxL; L++ {
		label := strconv.Itoa(L) + " (" + strconv.Itoa(L-1) + " hidden)"
		if L == 1 {
			label = "1 (linear)"
		}
		out = append(out, Option{Value: strconv.Itoa(L), Label: label})
	}
	return out
}

// CurvesSpectrumOptions: the kernel's spectrum.
func CurvesSpectrumOptions() []Option {
	return []Option{
		{Value: learncurve.SpecReLU, Label: "ReLU network's NTK on a sphere"},
		{Value: learncurve.SpecPowerLaw, Label: "Power law k^−α"},
	}
}

// ContinualViewOptions: the three views of the continual simulator.
func ContinualViewOptions() []Option {
	return []Option{
		{Value: "transfer", Label: "Two tasks: transfer against ρ"},
		{Value: "self", Label: "Same target twice: against N_B"},
		{Value: "multi", Label: "Many tasks: error against n"},
	}
}

// LCSpeedOptions: simulation seeds are added as fast as the frame budget allows, or paused.
func LCSpeedOptions() []Option {
	return []Option{
		{Value: "max", Label: "as fast as possible"},
		{Value: "30", Label: "slowly"},
	}
}

// modelPresets turns a core package's presets into the select's.
func modelPresets(ps []param.Preset) []ModelPreset {
	var out []ModelPreset
	for _, p := range ps {
		out = append(out, ModelPreset{Name: p.Name, Title: p.Title, Blurb: p.Blurb, Query: p.Query})
	}
	return out
}

// curvesSections and continualSections are the two explanations, in page order.
func curvesSections() []Section {
	return []Section{
		{ID: "lc-what", Title: "A learning curve"},
		{ID: "lc-replica", Title: "The replica answer"},
		{ID: "lc-sphere", Title: "Kernels on the sphere"},
		{ID: "lc-sim", Title: "Simulation, seed by seed"},
		{ID: "lc-noise", Title: "Noise, ridge and double descent"},
		{ID: "lc-refs", Title: "References"},
	}
}

func continualSections() []Section {
	return []Section{
		{ID: "cl-setting", Title: "One task after another"},
		{ID: "cl-forward", Title: "Forward transfer and the critical similarity"},
		{ID: "cl-backward", Title: "Forgetting"},
		{ID: "cl-self", Title: "The same target twice"},
		{ID: "cl-multi", Title: "Many tasks"},
		{ID: "cl-theory", Title: "Where the curves come from"},
		{ID: "cl-refs", Title: "References"},
	}
}

func curvesTitle(id string) string    { return titleIn(curvesSections(), "learning-curve", id) }
func continualTitle(id string) string { return titleIn(continualSections(), "continual", id) }

// lcPreset is the title of a named preset of either page; lcPresetHref opens its page on it.
func lcPreset(page, name string) string {
	for _, p := range lcPresetsOf(page) {
		if p.Name == name {
			return p.Title
		}
	}
	panic("site: no " + page + " preset " + name)
}

func lcPresetHref(page, name string) templ.SafeURL {
	lcPreset(page, name)
	return templ.SafeURL(page + "?preset=" + name + "#sim")
}

func lcPresetsOf(page string) []ModelPreset {
	if page == "curves.html" {
		return CurvesPresets()
	}
	return ContinualPresets()
}

// CurvesReadouts and ContinualReadouts list the readouts of the two pages in display order.
func CurvesReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged (every seed done)"},
		{ID: "out-seeds", Field: "seeds", Label: "Seeds done", Format: "int", Hint: "random data sets averaged so far at every simulated N (of seedsTarget)"},
		{ID: "out-seeds-total", Field: "seedsTotal", Label: "Regressions solved", Format: "int", Hint: "seeds done over all sample sizes"},
		{ID: "out-gap", Field: "maxGap", Label: "Largest gap", After: " (s.e.)", Format: "num", Hint: "the largest |simulation − theory| over the simulated points, in standard errors"},
	}
}

func ContinualReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged (every seed done)"},
		{ID: "out-seeds", Field: "seedsDone", Label: "Seeds done", Format: "int", Hint: "random data sets averaged so far, at every point"},
		{ID: "out-ea", Field: "theory.eA", Label: "E", Sub: "A", Format: "num", Hint: "theory: the error on A after learning A alone"},
		{ID: "out-eb", Field: "theory.eB", Label: "E", Sub: "B", Format: "num", Hint: "theory: the error on B after learning B alone, from zero"},
		{ID: "out-forward", Field: "theory.atRho.forward", Label: "E", Sub: "A→B", After: " at ρ", Format: "num", Hint: "theory: the error on B after A, then B, at the marked similarity"},
		{ID: "out-backward", Field: "theory.atRho.backward", Label: "E", Sub: "back", After: " at ρ", Format: "num", Hint: "theory: the error on A after A, then B, at the marked similarity"},
		{ID: "out-critical", Field: "criticalRho", Label: "Critical ρ, forward", Format: "num", Hint: "above it, learning A first helps B"},
		{ID: "out-critical-back", Field: "criticalRhoBackward", Label: "Critical ρ, backward", Format: "num", Hint: "below it, learning B makes the network forget A (it may exceed 1: forgetting even for the same target)"},
	}
}
