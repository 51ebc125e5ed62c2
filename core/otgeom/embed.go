package otgeom

import "math"

// Vec3 is a point of the drawing space.
type Vec3 struct{ X, Y, Z float64 }

// Add, Scale and Lerp are the vector operations the drawing needs.
func (a Vec3) Add(b Vec3) Vec3       { return Vec3{a.X + b.X, a.Y + b.Y, a.Z + b.Z} }
func (a Vec3) Scale(s float64) Vec3  { return Vec3{a.X * s, a.Y * s, a.Z * s} }
func Lerp(a, b Vec3, t float64) Vec3 { return a.Scale(1 - t).Add(b.Scale(t)) }
func (a Vec3) Dist(b Vec3) float64   { return math.Sqrt(sq(a.X-b.X) + sq(a.Y-b.Y) + sq(a.Z-b.Z)) }
func sq(x float64) float64           { return x * x }

// Vertices are the tetrahedron's corners, one per cell (P11, P12, P21, P22): alternate
// corners of the cube [-1,1]^3, so the tetrahedron is regular and
// x = 2(P11+P12) - 1 (row marginal), y = 2(P11+P21) - 1 (column marginal),
// z = 2(P11+P22) - 1 (mass on the diagonal).
var Vertices = [4]Vec3{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}}

// Embed is the barycentric embedding: sum_k P_k V_k. A plan of total mass 1 lands in the
// tetrahedron.
func Embed(P Plan) Vec3 {
	var v Vec3
	for k, w := range P {
		v = v.Add(Vertices[k].Scale(w))
	}
	return v
}

// Edges lists the six edges of the tetrahedron as pairs of cells.
var Edges = [6][2]int{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}

// RowPlane is M_p clipped to the tetrahedron: the plans with row sums (p1, 1-p1). It is the
// parallelogram of plans that send row 1's mass p1 to one column and row 2's mass to one
// column: corners (P11, P22) = (p1, p2), (P11, P21) = (p1, p2), (P12, P21), (P12, P22), in
// order round the edge.
func RowPlane(p1 float64) [4]Vec3 {
	p2 := 1 - p1
	return [4]Vec3{
		Embed(Plan{p1, 0, p2, 0}),
		Embed(Plan{p1, 0, 0, p2}),
		Embed(Plan{0, p1, 0, p2}),
		Embed(Plan{0, p1, p2, 0}),
	}
}

// ColPlane is M_q clipped to the tetrahedron, in the same way with columns.
func ColPlane(q1 float64) [4]Vec3 {
	q2 := 1 - q1
	return [4]Vec3{
		Embed(Plan{q1, q2, 0, 0}),
		Embed(Plan{q1, 0, 0, q2}),
		Embed(Plan{0, 0, q1, q2}),
		Embed(Plan{0, q2, q1, 0}),
	}
}

// Segment is U(p,q): its two ends are the plans with the least and the most mass on the
// diagonal (P11 = max(0, p1+q1-1) and P11 = min(p1, q1)).
func (pr Problem) Segment() (lo, hi Plan) {
	p1, q1 := pr.P1, pr.Q1
	at := func(a float64) Plan { return Plan{a, p1 - a, q1 - a, 1 - p1 - q1 + a} }
	return at(math.Max(0, p1+q1-1)), at(math.Min(p1, q1))
}

// EKPoint is the normalised member of E_K with row marginal (x1, 1-x1) and column marginal
// (y1, 1-y1): the entropic plan of the problem with those marginals.
func (pr Problem) EKPoint(x1, y1 float64) Plan {
	q := pr
	q.P1, q.Q1 = x1, y1
	return q.OptimalPlan()
}

// EKMesh draws the surface E_K (normalised) as lines: rows[i] is the curve of fixed row
// marginal marg[i] (column marginal running over (0, 1)), cols[j] the curve of fixed column
// marginal. Each curve has samples points; the marginals run over the open interval, so the
// curves stop just short of the tetrahedron's edges, which they approach.
func (pr Problem) EKMesh(lines, samples int) (marg []float64, rows, cols [][]Vec3) {
	marg = make([]float64, lines)
	for i := range marg {
		marg[i] = float64(i+1) / float64(lines+1)
	}
	ts := make([]float64, samples)
	for k := range ts {
		// Denser near the ends, where the surface bends into the edges.
		u := float64(k) / float64(samples-1)
		ts[k] = 0.5 - 0.5*math.Cos(math.Pi*u)
		ts[k] = 1e-4 + (1-2e-4)*ts[k]
	}
	rows = make([][]Vec3, lines)
	cols = make([][]Vec3, lines)
	for i, m := range marg {
		rows[i] = make([]Vec3, samples)
		cols[i] = make([]Vec3, samples)
		for k, t := range ts {
			rows[i][k] = Embed(pr.EKPoint(m, t))
			cols[i][k] = Embed(pr.EKPoint(t, m))
		}
	}
	return marg, rows, cols
}

// EGeodesic is the path of an e-projection from ln P_k to ln P_{k+1}: the e-geodesic
// exp((1-t) ln P_k + t ln P_{k+1}), normalised, at samples values of t in [0, 1]. A row
// projection multiplies each row by a factor, so the path is diag(u^t) P_k: it stays on E_K.
func EGeodesic(from, to Plan, samples int) []Vec3 {
	out := make([]Vec3, samples)
	for k := range out {
		t := float64(k) / float64(max(samples-1, 1))
		var L Plan
		for c := range L {
			L[c] = (1-t)*from[c] + t*to[c]
		}
		out[k] = Embed(Normalise(L))
	}
	return out
}

// Camera is an orthographic view: turn by Yaw about the vertical z axis, then tilt by Pitch
// (both in degrees) so the viewer looks down on the scene from above when Pitch > 0.
type Camera struct{ Yaw, Pitch float64 }

// DefaultCamera shows all four vertices apart, M_p and M_q at an angle and U(p,q) upright.
var DefaultCamera = Camera{Yaw: -38, Pitch: 28}

// Project maps a point to screen coordinates (sx right, sy up, in drawing units) and its depth
// (larger is nearer the viewer).
func (c Camera) Project(v Vec3) (sx, sy, depth float64) {
	a, b := c.Yaw*math.Pi/180, c.Pitch*math.Pi/180
	// Yaw about z.
	x := v.X*math.Cos(a) - v.Y*math.Sin(a)
	y := v.X*math.Sin(a) + v.Y*math.Cos(a)
	z := v.Z
	// The viewer looks along +y (into the screen), tilted down by Pitch: forward is
	// (0, cos b, -sin b) and screen-up (0, sin b, cos b).
	sy = y*math.Sin(b) + z*math.Cos(b)
	depth = -y*math.Cos(b) + z*math.Sin(b)
	return x, sy, depth
}
