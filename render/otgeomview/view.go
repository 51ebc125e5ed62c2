package otgeomview

import "solvable/core/otgeom"

// Projection names the e-projection that produced the current iterate.
type Projection int

const (
	ProjectionNone Projection = iota // P_0 = K
	ProjectionRows                   // onto M_p
	ProjectionCols                   // onto M_q
)

// Arc is one projection's path: the e-geodesic from P_k to P_{k+1}, normalised.
type Arc struct {
	Kind   Projection
	Points []otgeom.Vec3
}

// View is a read-only snapshot for the scene. Points are in the drawing space of
// core/otgeom (the tetrahedron with corners otgeom.Vertices).
type View struct {
	P1, Q1, C, Lambda float64
	Camera            otgeom.Camera

	RowPlane, ColPlane [4]otgeom.Vec3 // M_p and M_q clipped to the tetrahedron
	SegLo, SegHi       otgeom.Vec3    // U(p,q)
	MeshRows, MeshCols [][]otgeom.Vec3

	Arcs  []Arc         // the first projections, each as its e-geodesic
	Trail []otgeom.Vec3 // later iterates, thinned, joined by straight lines (may be empty)

	Start, Current, Optimal, LP, Independent otgeom.Vec3
	Plan                                     otgeom.Plan // current iterate P_k (P_0 = K unnormalised)
	PlanMass                                 float64

	Projections int
	Last        Projection
	HasStep     bool    // a projection has been made: the KLs below are for it
	Before      float64 // KL(P*||P_{k-1})
	After       float64 // KL(P*||P_k)
	Move        float64 // KL(P_k||P_{k-1})
	Gap         float64 // |Before - After - Move|
	MaxGap      float64 // largest gap of the run
	KLToOptimum float64 // KL(P*||P_k)

	MarginalError, Tol float64
	Converged          bool
	Stopped            bool // a projection cap was reached before convergence
	// Note, when not empty, says why a run stopped or how far a slow one has to go; it replaces
	// the headline of a stopped run and the second line of a running one.
	Note string

	// Error, when not empty, is drawn in words instead of the scene.
	Error string
}
