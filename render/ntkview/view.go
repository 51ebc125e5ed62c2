// Package ntkview draws the NTK regime: a wide network trained on a 1-D regression problem on
// the circle, its function f_t(θ) beside the linearised model's and the kernel-regression
// limit on the same axes, the training loss of the optimisers against the step, and a width
// sweep in which the relative weight change and the drift of the empirical NTK fall like
// 1/√M. The scene computes nothing about networks; the simulator fills a View.
package ntkview

import (
	"math"

	"solvable/render"
	"solvable/render/plot"
)

// Hit is where the last picture put the f(θ) panel: its plot area on the canvas and the
// ranges of its two linear axes.
type Hit struct {
	W, H  float64 // the canvas drawn on
	Plot  render.Rect
	X, Y  plot.Axis
	Drawn bool
}

// At reads a position on a w x h canvas as (θ, f); ok is false outside the plot area, before
// a draw, or when the last draw was on a canvas of another size (an export, say). Sizes within
// a pixel count as the same: the screen's size in CSS pixels is its device size divided by
// the device-pixel ratio, rounded.
func (h Hit) At(x, y, w, h2 float64) (theta, f float64, ok bool) {
	if !h.Drawn || math.Abs(h.W-w) > 1 || math.Abs(h.H-h2) > 1 || h.Plot.W <= 0 || h.Plot.H <= 0 || !h.Plot.Contains(x, y) {
		return 0, 0, false
	}
	theta = h.X.Min + (x-h.Plot.X)/h.Plot.W*(h.X.Max-h.X.Min)
	f = h.Y.Min + (h.Plot.Y+h.Plot.H-y)/h.Plot.H*(h.Y.Max-h.Y.Min)
	return theta, f, true
}

// Theta reads a canvas abscissa as θ, also outside the plot area (a drag may leave it).
func (h Hit) Theta(x float64) float64 {
	return h.X.Min + (x-h.Plot.X)/h.Plot.W*(h.X.Max-h.X.Min)
}

// F reads a canvas height as f, also outside the plot area.
func (h Hit) F(y float64) float64 {
	return h.Y.Min + (h.Plot.Y+h.Plot.H-y)/h.Plot.H*(h.Y.Max-h.Y.Min)
}

// LossCurve is one optimiser's training loss against the step (drawn on a log y axis).
type LossCurve struct {
	Name        string // "gd", "ngd", "blockdiag", "kfac", "unitwise", or any label
	Steps, Loss []float64
}

// View is a read-only snapshot of an NTK run.
type View struct {
	Theta      []float64 // evaluation grid, angles in [0, 2π)
	Target     []float64 // f*(θ) on the grid
	TrainTheta []float64 // training inputs' angles
	TrainY     []float64 // training targets
	// The network's f_t, the linearised model's f_t and the kernel-regression limit on the
	// grid (Net and Linear may be nil before the first step).
	Net, Linear, Kernel []float64
	Method              string // "gd", "ngd", "blockdiag", "kfac", "unitwise"
	Step                int
	Loss                float64     // current training loss
	Losses              []LossCurve // the current optimiser first; others drawn lighter

	Widths       []float64 // width sweep M values (log axis)
	WeightChange []float64 // ||θ_t − θ_0|| / ||θ_0|| at each width (NaN = not computed yet)
	KernelDrift  []float64 // ||Θ_t − Θ_0||_F / ||Θ_0||_F at each width (NaN = not yet)
	SweepSeeds   int       // initialisations averaged in the sweep's points so far
	// Standard errors of those means over the seeds (NaN: fewer than two seeds yet).
	WeightChangeSE, KernelDriftSE []float64
	// The powers of M drawn as reference lines through the widest point of each (0 means -1/2).
	WeightExp, KernelExp float64

	// Drawing is true while a visitor drags the training targets: the scene says so, and the
	// f axis stays at FixedF (when FixedF.Max > FixedF.Min) so the points do not slide under
	// the pointer as the range would follow them.
	Drawing bool
	FixedF  plot.Axis
	// Hit, when not nil, receives where the f(θ) panel was drawn, so that a pointer position
	// can be read back as (θ, f). It is the one thing the scene writes.
	Hit *Hit

	Width, Depth                    int // of the network being trained
	WeightChangeNow, KernelDriftNow float64
	Eta, Rho                        float64
	Converged                       bool
	Note                            string // a sentence about the run, "" most of the time
	// Error, when not empty, is drawn in words instead of the scene.
	Error string
}
