// Package ntkview draws the NTK regime: a wide network trained on a 1-D regression problem on
// the circle, its function f_t(θ) beside the linearised model's and the kernel-regression
// limit on the same axes, the training loss of the optimisers against the step, and a width
// sweep in which the relative weight change and the drift of the empirical NTK fall like
// 1/√M. The scene computes nothing about networks; the simulator fills a View.
package ntkview

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

	Width, Depth                    int // of the network being trained
	WeightChangeNow, KernelDriftNow float64
	Eta, Rho                        float64
	Converged                       bool
	Note                            string // a sentence about the run, "" most of the time
	// Error, when not empty, is drawn in words instead of the scene.
	Error string
}
