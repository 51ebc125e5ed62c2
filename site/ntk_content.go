package site

import (
	"strconv"

	"github.com/a-h/templ"

	"solvable/core/ntk"
)

// ---- The NTK regime (ntk.html) ----

// NTKPresets lists the named NTK problems, from core/ntk so that the simulator and the page
// expand the same names.
func NTKPresets() []ModelPreset { return modelPresets(ntk.Presets) }

// NTKDefaultPreset is the preset whose problem is the simulator's default.
const NTKDefaultPreset = "default"

// NTKProblemParams are the URL parameters an NTK preset replaces (speed and paused stay).
const NTKProblemParams = "target y n points depth width optimizer eta rho seed sw2 sb2"

// Control defaults and limits: the simulator's (core/ntk), as the controls show them.
var (
	NTKDefaultN     = strconv.Itoa(ntk.DefaultN)
	NTKDefaultWidth = strconv.Itoa(ntk.DefaultWidth)
	NTKDefaultDepth = strconv.Itoa(ntk.DefaultDepth)
	NTKDefaultRho   = fmtFloat(ntk.DefaultRho)
	NTKMaxN         = strconv.Itoa(ntk.MaxN)
	NTKMinWidth     = strconv.Itoa(ntk.MinSimWidth)
	NTKMaxWidth     = strconv.Itoa(ntk.MaxSimWidth)
	// NTKDefaultMaxWidth is the widest network the browser steps at the default N and depth.
	NTKDefaultMaxWidth = strconv.Itoa(ntk.MaxWidthFor(ntk.DefaultN, ntk.DefaultDepth))
)

// NTKDefaultSpeed is the simulator's default for gradient descent: 240 steps a second.
const NTKDefaultSpeed = "240"

// NTKOptimizerOptions lists the optimisers in the simulator's names.
func NTKOptimizerOptions() []Option {
	return []Option{
		{Value: "gd", Label: "Gradient descent"},
		{Value: "ngd", Label: "Natural gradient (exact)"},
		{Value: "blockdiag", Label: "Layer-wise block-diagonal NGD"},
		{Value: "kfac", Label: "K-FAC"},
		{Value: "unitwise", Label: "Unit-wise NGD"},
	}
}

// NTKTargetOptions lists the target functions; "drawn" is shown, not picked, while the
// targets are values drawn on the canvas (y=… in the URL).
func NTKTargetOptions() []Option {
	return []Option{
		{Value: "mix", Label: "sin 2θ + ½ cos 3θ"},
		{Value: "sin2", Label: "sin 2θ"},
		{Value: "step", Label: "Step: +1, then −1"},
		{Value: "abs", Label: "Tent |θ − π| − π/2"},
	}
}

// NTKDepthOptions are the depths the simulator steps: L weight layers, L − 1 hidden.
func NTKDepthOptions() []Option {
	var out []Option
	for L := ntk.MinSimDepth; L <= ntk.MaxSimDepth; L++ {
		out = append(out, Option{Value: strconv.Itoa(L), Label: strconv.Itoa(L) + " (" + strconv.Itoa(L-1) + " hidden)"})
	}
	return out
}

// NTKPointsOptions: training angles equally spaced or drawn at random from the seed.
func NTKPointsOptions() []Option {
	return []Option{
		{Value: "grid", Label: "Equally spaced"},
		{Value: "random", Label: "Random (from the seed)"},
	}
}

// NTKSpeedOptions lists the stepping speeds, in training steps per second.
func NTKSpeedOptions() []Option {
	return []Option{
		{Value: "4", Label: "4 / s"},
		{Value: "30", Label: "30 / s"},
		{Value: "240", Label: "240 / s"},
		{Value: "max", Label: "max"},
	}
}

// NTKReadouts lists the readouts of the NTK page in display order.
func NTKReadouts() []Readout {
	return []Readout{
		{ID: "out-status", Field: "status", Label: "Status", Format: "status", Hint: "running, paused or converged"},
		{ID: "out-step", Field: "step", Label: "Step", Format: "int", Hint: "training steps taken by the network"},
		{ID: "out-loss", Field: "trainLoss", Label: "Training loss", Format: "sci", Hint: "half the mean squared error on the training points; converged below 1e-6"},
		{ID: "out-eta", Field: "eta", Label: "Learning rate η", Format: "num", Hint: "the rate used: the optimiser's natural one unless eta is given"},
		{ID: "out-weight-change", Field: "weightChange", Label: "Weight change", Format: "num", Hint: "‖θ_t − θ_0‖ / ‖θ_0‖: how far the parameters have moved, relative to their size"},
		{ID: "out-kernel-drift", Field: "kernelDrift", Label: "NTK drift", Format: "num", Hint: "‖Θ_t − Θ_0‖ / ‖Θ_0‖ on the training points: how much the network's own tangent kernel has changed"},
	}
}

// ntkSections lists the sections of the NTK explanation, in page order.
func ntkSections() []Section {
	return []Section{
		{ID: "n-screen", Title: "A network on the circle"},
		{ID: "n-kernel", Title: "The neural tangent kernel"},
		{ID: "n-lazy", Title: "Why a wide network is lazy"},
		{ID: "n-ridgeless", Title: "Kernel ridgeless regression"},
		{ID: "n-ngd", Title: "Natural gradient in function space"},
		{ID: "n-approx", Title: "Approximate Fisher matrices"},
		{ID: "n-picture", Title: "What the picture shows"},
		{ID: "n-refs", Title: "References"},
	}
}

// ntkTitle is the heading of the NTK section with the given id.
func ntkTitle(id string) string { return titleIn(ntkSections(), "NTK", id) }

// ntkPreset is the title of the named NTK preset, for prose that names one.
func ntkPreset(name string) string {
	p, ok := ntk.PresetByName(name)
	if !ok {
		panic("site: no NTK preset " + name)
	}
	return p.Title
}

// ntkPresetHref opens the page on a preset, scrolled to the simulator (works without
// JavaScript: the preset travels in the URL, which page.js hands to the frame).
func ntkPresetHref(name string) templ.SafeURL {
	if _, ok := ntk.PresetByName(name); !ok {
		panic("site: no NTK preset " + name)
	}
	return templ.SafeURL("ntk.html?preset=" + name + "#sim")
}
