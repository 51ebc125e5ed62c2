package sinkhornview

// Projection names the e-projection that produced the current iterate.
type Projection int

const (
	ProjectionNone Projection = iota // the starting kernel, nothing projected yet
	ProjectionRows                   // rows rescaled: the plan now has row sums p
	ProjectionCols                   // columns rescaled: the plan now has column sums q
)

// View is a read-only snapshot of a Sinkhorn run, filled by the simulator from the solver's
// state. The scene draws it and computes nothing about transport itself.
type View struct {
	N, M int       // rows (source points) and columns (target points)
	X, Y []float64 // support points of p (rows) and q (columns), for axis labels
	P, Q []float64 // target marginals, each summing to 1

	Plan    []float64 // current iterate, N*M entries, row-major
	RowSums []float64 // current row sums of Plan (length N)
	ColSums []float64 // current column sums of Plan (length M)

	Last        Projection
	Iter        int  // full iterations (pairs of projections)
	Projections int  // half-steps
	Converged   bool // marginal error below Tol
	Tol         float64

	// ErrorHistory[k] is the L1 marginal error ||P1-p||_1 + ||P^T1-q||_1 after projection
	// (k+1)*HistoryStride. Long runs are thinned by the simulator (the stride doubles each time
	// the history fills), so the x axis must use the stride; 0 means 1.
	ErrorHistory  []float64
	HistoryStride int
	// MarginalError is the L1 marginal error of the iterate on screen (the history may be
	// thinned, so its last entry can be older).
	MarginalError float64

	Lambda         float64
	MaxCost        float64
	CostName       string  // "sq" or "abs"
	TransportCost  float64 // <C,P>
	Objective      float64 // <C,P> - lambda H(P)
	Wasserstein    float64 // exact unregularised W (1-D); valid when HasWasserstein
	HasWasserstein bool
	Divergence     float64 // debiased Sinkhorn divergence S_lambda; valid when HasDivergence
	HasDivergence  bool

	// BarScale is the weight drawn at full bar length; the simulator keeps it fixed while a
	// bar is being dragged so the bar under the pointer does not run away.
	BarScale float64
	// Drag names the bar being dragged (Side != SideNone), to highlight it.
	DragSide  Side
	DragIndex int

	// Error, when not empty, is drawn in words instead of the plot.
	Error string
}

// Side names one of the two marginals' bar charts.
type Side int

const (
	SideNone Side = iota
	SideP         // the bars of p, left of the plan
	SideQ         // the bars of q, above the plan
)
