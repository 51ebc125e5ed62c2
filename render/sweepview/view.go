// Package sweepview draws the λ sweep of entropic optimal transport: against log λ, the
// transport cost <C,P*>, the entropic objective and the debiased Sinkhorn divergence S_λ with
// their limits (W as λ → 0, the independent coupling's values as λ → ∞) in one panel, and the
// plan divergence KL(P*(p,p) ‖ P*(p,q)) (with the papers' λ-divergences when the simulator has
// them) with its limit KL(p‖q) in a second, log-scaled panel, where its 1/λ growth as λ → 0 is a
// straight line. The scene computes nothing about transport; the simulator fills a View.
package sweepview

// View is a read-only snapshot of a sweep.
type View struct {
	// Lambdas are every λ of the sweep, largest first; the first Done of them are finished,
	// and the per-λ slices below have (at least) Done entries.
	Lambdas []float64
	Done    int

	TransportCost  []float64 // <C,P*>
	Objective      []float64 // <C,P*> − λ H(P*)
	Divergence     []float64 // S_λ
	PlanDivergence []float64 // KL(P*(p,p) ‖ P*(p,q)); +Inf or NaN entries are not drawn
	Iterations     []int     // Sinkhorn iterations of the main problem at each λ

	// Extra divergences (the papers' λ-divergences), each with its legend label, which must
	// say "published" or "derived" as the computing package says.
	Extra []Series

	W               float64 // exact W (λ → 0)
	HasW            bool
	KL              float64 // KL(p‖q): the plan divergence's λ → ∞ limit
	KLNote          string  // why there is no KL asymptote (empty when KL is finite)
	IndependentCost float64 // pᵀCq: <C,P*> as λ → ∞
	KernelLimit     float64 // S_λ as λ → ∞

	MaxCost  float64
	CostName string // "sq" or "abs"
	N, M     int
	Marker   float64 // the λ of the Sinkhorn page (drawn as a vertical line); 0 for none
	// MarkIndex is the index of Marker among Lambdas (−1 when it is outside the sweep); once
	// the sweep is complete, the readout shows that λ's values unless the pointer picks another.
	MarkIndex int
	Tol       float64

	// Hover is the index of the λ under the pointer (−1 for none); Plan is the plan at the λ
	// the inset shows (Hover, else the last finished one), PlanN x PlanM row-major.
	Hover        int
	Plan         []float64
	PlanN, PlanM int
	PlanIndex    int // which λ Plan belongs to (−1: no plan)

	Converged bool // every λ finished and reached the tolerance
	Failed    int  // how many λ stopped at the iteration cap

	// Error, when not empty, is drawn in words instead of the plots.
	Error string
}

// Series is one extra curve of the divergence panel.
type Series struct {
	Label  string // legend
	Short  string // readout name
	Values []float64
}
