package cloudview

// Point is a point of the plane, in data units.
type Point = [2]float64

// Side names a cloud.
type Side int

const (
	SideNone Side = iota
	SideA         // the source cloud, filled discs
	SideB         // the target cloud, rings
)

// Link is one entry of the exact (unregularised) optimal plan, for the overlay.
type Link struct{ I, J int }

// View is a read-only snapshot of the run, filled by the simulator.
type View struct {
	A, B []Point
	// Plan is the current iterate, len(A) x len(B), row-major (mass moved from a_i to b_j).
	Plan []float64

	// Box is the part of the plane shown: {xmin, xmax, ymin, ymax}. The simulator keeps it fixed
	// while a point is dragged, so the picture does not rescale under the pointer. A zero or
	// unusable box is computed from the points.
	Box [4]float64

	Lambda, MaxCost float64
	Iter            int
	Projections     int
	MarginalError   float64
	Tol             float64
	Converged       bool
	TransportCost   float64 // <C,P>

	// The exact optimum W = min <C,P> (lambda = 0), when known; WNote says why it is not
	// (still computing, or too large), in a few words.
	Wasserstein    float64
	HasWasserstein bool
	WNote          string
	// Exact lists the exact plan's entries; drawn as dashed lines when ShowExact.
	Exact     []Link
	ShowExact bool

	AddTo     Side // the cloud a click on empty space adds to
	DragSide  Side // the point being dragged, if any
	DragIndex int
	MaxPoints int // per cloud; at the limit the scene says so

	// Note is a sentence about the last interaction (a cloud is full), shown under the title.
	Note string
	// Error, when not empty, is drawn in words instead of the scene.
	Error string
}
