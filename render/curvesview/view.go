// Package curvesview draws single-task learning curves of kernel regression: the replica
// theory's generalisation error E_g(N) against the number of samples N on log-log axes (with its
// bias and noise parts when there is label noise), simulated points with error bars filling in
// seed by seed, and below it, on the same N axis, the kernel's spectrum: the eigenvalue of every
// mode in the order the modes are learned (a sphere degree's N(D,k) harmonics share one
// eigenvalue, so they draw as a flat step), with the threshold kappa(N)/N above which a mode is
// learned at N. The scene computes nothing about learning; the simulator fills a View.
package curvesview

// View is a read-only snapshot of the curves simulator.
type View struct {
	// Kernel describes the kernel and target in words ("ReLU NTK, L = 3, on S⁹"), for the
	// headline and the readout.
	Kernel       string
	Noise, Ridge float64
	NMin, NMax   float64 // the N axis

	// The theory at the drawn sample sizes (all slices have the length of N): the error, its
	// bias part (the target not learned, with the overfitting factor) and noise part (label
	// noise fitted), and kappa. Sample sizes the theory cannot answer are left out; Skipped
	// counts them and SkipNote says why (the first reason).
	N, Eg, Bias, Variance, Kappa []float64
	Skipped                      int
	SkipNote                     string

	// Sim are the simulated sample sizes, smallest first; Seeds is the number of seeds each
	// gets; Current is the index of the point whose seed is being computed (−1 when none).
	Sim       []Point
	Seeds     int
	Current   int
	Converged bool   // every seed of every point is done
	SimNote   string // why some sample sizes are not simulated, or why none are ("" when all are)
	SimErr    string // a simulation that failed, in words

	// Levels is the spectrum in the order the modes are learned (largest eigenvalue first),
	// eigenvalues > 0 only; ZeroLevels counts the levels with eigenvalue 0, never learned.
	Levels     []Level
	ZeroLevels int
	Sphere     bool // levels are sphere degrees (Degree meaningful) rather than power-law modes
	D          int  // the sphere's D (inputs on S^{D-1}) when Sphere

	// Hover is the index of the simulated point under the pointer (−1 for none); HoverLine, when
	// Hover is −1, the index in N of the theory point under it (−1 for none), so the readout can
	// give the theory where nothing is simulated.
	Hover, HoverLine int

	// Error, when not empty, is drawn in words instead of the plots.
	Error string
}

// Point is one simulated sample size: the mean error over the seeds done and its standard
// error, with the theory at the same N (NaN when the theory has no value there).
type Point struct {
	N            float64
	Mean, StdErr float64
	Seeds        int
	Theory       float64
	Bias, Noise  float64 // the theory's parts at N
	Kappa        float64
}

// Level is one eigenvalue of the spectrum with its multiplicity: the modes From..To (counted
// from 1 in the order of learning) share Eta. For a power law every level is one mode.
type Level struct {
	Degree   int // the sphere's degree k, or the power law's mode index k
	Eta      float64
	Deg      float64 // multiplicity N(D,k) (1 for a power law)
	From, To float64 // mode ranks, From <= To
}
