package dln

// Stepper advances one algorithm on one problem. Every algorithm (the reduced gradient flow,
// GD, SGD, gradient regularisation) steps the same way; renderers and the simulator only read.
type Stepper interface {
	// Step makes one accepted integrator step (flow) or one parameter update (GD, SGD, GR).
	// After a divergence (Err() != nil) it does nothing.
	Step()
	// Time is the flow time t, or the number of updates made.
	Time() float64
	// Beta writes the current beta into dst (allocated when too short) and returns it.
	Beta(dst []float64) []float64
	// AlphaEff writes alpha_eff,i = sqrt(w_+,i w_-,i) per coordinate (spec §1.7); all equal
	// to alpha for the exact flow.
	AlphaEff(dst []float64) []float64
	// Loss is ||X beta - y||^2 / (2n) at the current beta.
	Loss() float64
	// Converged reports max|X beta - y| < tol with the iterate at rest.
	Converged(tol float64) bool
	// Err is nil unless the algorithm failed (for GD: the step is above the stability bound
	// and the iterates diverged); the message is a sentence a visitor can act on.
	Err() error
}
