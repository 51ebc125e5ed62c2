package otgeom

import "solvable/core/sinkhorn"

// Trace keeps what the picture needs of a run's path in bounded memory: the log-plans of the
// first HeadSteps iterates (each projection is then drawn as its e-geodesic) and, after them,
// every stride-th iterate as a point, the stride doubling whenever TrailCap points are held.
type Trace struct {
	Head      []Plan                // ln P_0, ln P_1, ... up to HeadSteps+1 entries
	HeadKinds []sinkhorn.Projection // HeadKinds[k] made Head[k+1]
	Trail     []Vec3                // later iterates, normalised and embedded
	stride    int
	pending   int
}

// Bounds of a Trace: a few hundred arcs is more than the eye can follow, and the trail keeps
// the shape of a run of millions of projections in a thousand points.
const (
	HeadSteps = 200
	TrailCap  = 1024
)

// Reset starts a trace at ln P_0.
func (t *Trace) Reset(start Plan) {
	t.Head = append(t.Head[:0], start)
	t.HeadKinds = t.HeadKinds[:0]
	t.Trail = t.Trail[:0]
	t.stride, t.pending = 1, 0
}

// Add records the iterate ln P_{k+1} made by projection kind.
func (t *Trace) Add(next Plan, kind sinkhorn.Projection) {
	if len(t.HeadKinds) < HeadSteps {
		t.Head = append(t.Head, next)
		t.HeadKinds = append(t.HeadKinds, kind)
		return
	}
	if len(t.Trail) == 0 {
		t.Trail = append(t.Trail, Embed(Normalise(t.Head[len(t.Head)-1])))
	}
	t.pending++
	if t.pending < t.stride {
		return
	}
	t.pending = 0
	t.Trail = append(t.Trail, Embed(Normalise(next)))
	if len(t.Trail) >= TrailCap {
		// Keep the first point and every other one after it.
		k := 1
		for i := 2; i < len(t.Trail); i += 2 {
			t.Trail[k] = t.Trail[i]
			k++
		}
		t.Trail = t.Trail[:k]
		t.stride *= 2
	}
}
