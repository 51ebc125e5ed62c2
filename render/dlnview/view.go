package dlnview

// Mode chooses which picture of a diagonal linear network the scene draws.
type Mode int

const (
	ModeLine  Mode = iota // d = 2, n = 1: the line of solutions, L1/L2 balls, the path, the alpha trace
	ModeCoef              // high dimension: beta_i(t), teacher and oracle markers, loss, alpha_eff
	ModeSweep             // ||beta_inf||_1 and test error against log alpha; the shape of q(z)
)

// View is a read-only snapshot of a DLN run and its theory, filled by the simulator from
// core/dln. The scene draws it and computes no dynamics or theory itself.
type View struct {
	Mode  Mode // ModeLine needs D = 2 (other sizes get a sentence pointing to ModeCoef)
	N, D  int
	Alpha float64
	Depth int
	Algo  string // "flow" (or ""), "gd", "sgd" (with GR when Gamma > 0)
	Eta   float64
	Gamma float64
	Batch int // SGD batch size; 0 = full batch

	// The current iterate.
	Time      float64 // flow time t, or number of updates
	TimeLabel string  // "t" or "steps" (steps are shown as a whole number)
	Beta      []float64
	AlphaEff  []float64 // per coordinate
	Loss      float64
	Residual  float64 // max |X beta - y|
	Converged bool
	Stopped   bool // the algorithm gave up (GD diverged); Note says why

	// Theory for the current problem.
	Oracle  []float64 // argmin Q_alpha s.t. X beta = y (nil if it failed)
	MinL2   []float64
	MinL1   []float64 // nil if the LP failed
	Teacher []float64 // nil unless the problem was generated

	// ModeLine: the constraint x1*Row[0] + x2*Row[1] = Y0, the iterate's path from the origin,
	// and the oracle over a grid of alphas (TraceAlpha[k] gives Trace point k; any order along
	// the grid, each decade of alpha crossed gets a tick, e.g. a log grid from 1e2 to 1e-6).
	Row          [2]float64
	Y0           float64
	PathX, PathY []float64
	TraceX       []float64
	TraceY       []float64
	TraceAlpha   []float64

	// ModeCoef: samples of the run. HistTime[s] is the time of sample s (increasing);
	// HistBeta[s] holds the D coefficients at that time; HistLoss[s] the loss. ShownIndex holds
	// 0-based indices of the coordinates drawn in colour (e.g. the teacher's support and the
	// largest oracle entries; at most 12 are used, labelled 1-based: index 0 is β₁); the rest
	// are drawn as faint lines (up to 40 of them) or as the band of their range.
	HistTime   []float64
	HistBeta   [][]float64
	HistLoss   []float64
	ShownIndex []int

	// ModeSweep: theory curves over a log grid of alphas and simulated points (flow limits
	// computed by the simulator for a few alphas; may be fewer while they are computed).
	SweepAlpha  []float64
	SweepL1     []float64 // ||argmin Q_alpha||_1
	SweepTest   []float64 // test error ||beta - teacher||^2 (nil without a teacher)
	SimAlpha    []float64
	SimL1       []float64
	SimTest     []float64
	L1OfMinL2   float64 // kernel-regime asymptote of ||beta||_1 (0 or NaN: unknown, not drawn)
	L1OfMinL1   float64 // rich-regime asymptote (0 or NaN: unknown, not drawn)
	TestOfMinL2 float64 // asymptotes of the test error (NaN without a teacher)
	TestOfMinL1 float64
	CurrentL1   float64 // of the current iterate, to mark where the run is
	CurrentTest float64 // test error of the current iterate (NaN without a teacher)

	// QZ, QVal sample q(z) of spec §1.3 (QVal[k] = q(QZ[k]), z increasing), for the small
	// panel; nil to skip it. A symmetric grid of about z in [-10, 10] shows both regimes:
	// z²/4 near 0 and |z| ln|z| far out.
	QZ, QVal []float64

	// Note is a sentence to show above the picture (e.g. "GD diverged: the step eta = 0.05 is
	// above the stability bound 0.0284"); Error replaces the picture with a sentence.
	Note  string
	Error string
}
