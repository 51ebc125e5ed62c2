// Package continualview draws the continual-learning simulator: replica-theory learning
// curves of a kernel (an NTK-regime network) that learns task A, then task B from where A
// left it, with the simulated errors of real kernel regression on the sphere as points with
// error bars that fill in seed by seed.
//
// Three pictures: "transfer" (the errors on B and on A after A then B, against the targets'
// similarity rho, with the single-task errors E_B and E_A as references, the gain or loss
// shaded and the critical similarities marked), "self" (the same target twice: the error after
// A then B against N_B, with E_A, B alone and joint training) and "multi" (the error after each
// of n tasks with the same target, with the theory's bias and variance). The scene computes no
// learning curve; the simulator fills a View.
package continualview

import "math"

// Point is one simulated value: the mean over the seeds done so far and its standard error.
// Mean is NaN before the first seed, SE before the second (the point is then drawn without a
// bar).
type Point struct {
	X      float64 // rho, N_B or the task number
	Mean   float64
	SE     float64
	Seeds  int
	Theory float64 // the theory's value at X, for the readout
}

// Transfer is the two-task picture against rho.
type Transfer struct {
	Rho, Forward, Backward []float64 // theory lines on a grid of rho in [0, 1]
	EA, EB                 float64   // single-task errors: the references
	CritF, CritB           float64   // critical similarities (CritB may exceed 1)
	HasF, HasB             bool
	AtRho                  [2]float64 // theory forward and backward at the marked rho
	SimForward             []Point    // E_{A->B}: error on B after A then B
	SimBackward            []Point    // E^back: error on A after A then B (control-variate estimate)
	SimEA                  Point      // task A alone, simulated
}

// Self is the same target twice, against N_B.
type Self struct {
	NB, E2, Single, Joint []float64 // theory on a grid of N_B
	EA                    float64   // the error after A alone: the reference
	Sim                   []Point   // simulated error after A then B (X = N_B)
}

// Split is one sequence of tasks with the same target: the theory's error after each task
// with its bias and variance parts, and the simulated error.
type Split struct {
	Sizes             []float64 // samples of each task
	E, Bias, Variance []float64 // theory after task n = 1..len(Sizes)
	Sim               []Point   // X = task number
	Title, ShortTitle string
	Tag               string // a few characters naming the split in the readout
}

// View is a read-only snapshot of the simulator for one frame.
type View struct {
	Kind   string // "transfer", "self" or "multi"
	Error  string // drawn in words instead of the plots when not empty
	Note   string // a remark drawn under the headline (a simulation that was skipped, say)
	NA, NB int
	Tasks  int
	D, L   int
	Noise  float64
	Sexp   float64
	Rho    float64 // the similarity marked in the transfer view

	Seeds     int  // seeds each simulated point will average
	SeedsDone int  // seeds done at the point with the fewest
	Running   bool // the simulation is still filling in
	Converged bool // every point has all its seeds

	// Pick is the x (rho, N_B or task number) of the simulated point picked with the pointer
	// when Picked: the readout shows its numbers instead of the marked one's.
	Pick   float64
	Picked bool

	Transfer Transfer
	Self     Self
	// Multi has the given split (N_A, then N_B each) first and, when the sizes differ, the
	// equal split (N_B each) second.
	Multi []Split
}

// Hit is where the last drawing put its plots, for the simulator's pointer: the plot areas
// and their x axes.
type Hit struct {
	Plots []PlotArea
}

// PlotArea is one drawn plot.
type PlotArea struct {
	X, Y, W, H float64 // the plot area in canvas pixels
	Min, Max   float64 // the x axis's ends (data)
	Log        bool
}

// Nearest returns the x among xs nearest to the pointer at canvas (px, py) in one of the plots
// (in log distance on a log axis), or false when the pointer is over no plot.
func (h Hit) Nearest(px, py float64, xs []float64) (float64, bool) {
	for _, p := range h.Plots {
		if px < p.X-8 || px > p.X+p.W+8 || py < p.Y || py > p.Y+p.H || p.W <= 0 || len(xs) == 0 {
			continue
		}
		t := (px - p.X) / p.W
		pos := func(x float64) float64 {
			if p.Log {
				if !(x > 0) || !(p.Min > 0) {
					return math.NaN()
				}
				return (math.Log(x) - math.Log(p.Min)) / (math.Log(p.Max) - math.Log(p.Min))
			}
			return (x - p.Min) / (p.Max - p.Min)
		}
		best, bestD := math.NaN(), math.Inf(1)
		for _, x := range xs {
			if d := math.Abs(pos(x) - t); d < bestD {
				best, bestD = x, d
			}
		}
		return best, !math.IsNaN(best)
	}
	return 0, false
}
