package otcloud

import "math"

// transport solves the transportation problem between na supplies of s units each and nb
// demands of d units each (na*s = nb*d) at costs C (na x nb, row-major, >= 0 not required) by
// successive shortest paths: a min-cost flow that sends, one augmenting path at a time, flow
// from the A nodes that still have supply to the nearest B node that still has demand, in the
// residual network with Johnson potentials so that Dijkstra applies (Ahuja, Magnanti and Orlin,
// Network Flows, 1993, ch. 9). With integer supplies and demands every augmentation moves a
// whole number of units, so the optimum is found exactly (up to rounding in the costs).
//
// The network is dense (every A node reaches every B node), so Dijkstra runs in O((na+nb)^2 +
// na*nb) by scanning arrays rather than with a heap.
type transport struct {
	na, nb  int
	c       []float64
	flow    []int // units on arc i -> j
	supply  []int // units still to send from A_i
	demand  []int // units still to receive at B_j
	pa, pb  []float64
	dist    []float64 // na + nb: A nodes first
	prev    []int     // predecessor node in the shortest-path tree (-1 for a root)
	done    []bool
	left    int // units still to route
	stalled bool
}

func newTransport(na, nb int, c []float64) *transport {
	g := gcd(na, nb)
	s, d := nb/g, na/g // na*s = nb*d = na*nb/g
	t := &transport{na: na, nb: nb, c: c, flow: make([]int, na*nb),
		supply: make([]int, na), demand: make([]int, nb),
		pa: make([]float64, na), pb: make([]float64, nb),
		dist: make([]float64, na+nb), prev: make([]int, na+nb), done: make([]bool, na+nb),
		left: na * s}
	for i := range t.supply {
		t.supply[i] = s
	}
	for j := range t.demand {
		t.demand[j] = d
	}
	// Feasible starting potentials: reduced costs c_ij + pa_i - pb_j >= 0 with pa = 0 and
	// pb_j = min_i c_ij.
	for j := 0; j < nb; j++ {
		m := math.Inf(1)
		for i := 0; i < na; i++ {
			m = math.Min(m, c[i*nb+j])
		}
		t.pb[j] = m
	}
	return t
}

func (t *transport) finished() bool { return t.left == 0 || t.stalled }

// units is the total number of units routed when finished (na*nb/gcd).
func (t *transport) units() int {
	total := 0
	for _, f := range t.flow {
		total += f
	}
	return total + t.left
}

// step finds one shortest augmenting path and sends as much as it can along it.
func (t *transport) step() {
	if t.finished() {
		return
	}
	na, nb := t.na, t.nb
	inf := math.Inf(1)
	for v := range t.dist {
		t.dist[v], t.prev[v], t.done[v] = inf, -1, false
	}
	for i := 0; i < na; i++ {
		if t.supply[i] > 0 {
			t.dist[i] = 0
		}
	}
	target := -1
	for {
		// The closest unfinished node.
		u, best := -1, inf
		for v, dv := range t.dist {
			if !t.done[v] && dv < best {
				u, best = v, dv
			}
		}
		if u < 0 {
			break
		}
		t.done[u] = true
		if u >= na && t.demand[u-na] > 0 {
			target = u
			break
		}
		if u < na {
			// Forward arcs A_u -> B_j, reduced cost c + pa - pb.
			row := t.c[u*nb : (u+1)*nb]
			for j, c := range row {
				v := na + j
				if t.done[v] {
					continue
				}
				if nd := best + math.Max(0, c+t.pa[u]-t.pb[j]); nd < t.dist[v] {
					t.dist[v], t.prev[v] = nd, u
				}
			}
		} else {
			// Backward arcs B_j -> A_i where flow is on i -> j, reduced cost -c - pa + pb.
			j := u - na
			for i := 0; i < na; i++ {
				if t.flow[i*nb+j] == 0 || t.done[i] {
					continue
				}
				if nd := best + math.Max(0, -t.c[i*nb+j]-t.pa[i]+t.pb[j]); nd < t.dist[i] {
					t.dist[i], t.prev[i] = nd, u
				}
			}
		}
	}
	if target < 0 {
		t.stalled = true // cannot happen for a balanced complete network; guards a loop
		return
	}
	// Potentials (Johnson): reduced costs are c + h(u) - h(v) with h(A_i) = pa_i and h(B_j) =
	// pb_j; adding the distances, capped at the target's (nodes not reached in full are at least
	// that far), keeps every residual arc's reduced cost >= 0.
	dt := t.dist[target]
	for i := 0; i < na; i++ {
		t.pa[i] += math.Min(t.dist[i], dt)
	}
	for j := 0; j < nb; j++ {
		t.pb[j] += math.Min(t.dist[na+j], dt)
	}
	// Bottleneck: the demand left at the end, the supply left at the root, the flow on every
	// backward arc of the path.
	amount := t.demand[target-na]
	v := target
	for t.prev[v] >= 0 {
		u := t.prev[v]
		if u >= na { // backward arc B_{u-na} -> A_v
			amount = min(amount, t.flow[v*nb+(u-na)])
		}
		v = u
	}
	amount = min(amount, t.supply[v])
	t.supply[v] -= amount
	t.demand[target-na] -= amount
	t.left -= amount
	v = target
	for t.prev[v] >= 0 {
		u := t.prev[v]
		if u < na {
			t.flow[u*nb+(v-na)] += amount
		} else {
			t.flow[v*nb+(u-na)] -= amount
		}
		v = u
	}
}
