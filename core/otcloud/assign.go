package otcloud

import "math"

// Assignment solves the linear assignment problem min_sigma sum_i C[i][sigma(i)] over
// permutations of an n x n cost matrix by the Hungarian method in its shortest-augmenting-path
// form: rows are added one at a time, each by a Dijkstra-like search over reduced costs
// C_ij - u_i - v_j >= 0 (Kuhn 1955; Jonker and Volgenant, Computing 38:325-340, 1987). A row
// costs O(n^2), the whole problem O(n^3). Step adds one row, so a caller with a time budget can
// spread the work over several frames.
type Assignment struct {
	n    int
	c    []float64 // n*n row-major
	u, v []float64 // dual potentials, 1-based with a sentinel at 0
	p    []int     // p[j] = row assigned to column j (1-based, 0 = none)
	way  []int
	minv []float64
	used []bool
	row  int // rows added so far
}

// NewAssignment starts the problem for the n x n row-major cost matrix c (copied). Costs must
// be finite.
func NewAssignment(n int, c []float64) *Assignment {
	return &Assignment{
		n: n, c: append([]float64(nil), c...),
		u: make([]float64, n+1), v: make([]float64, n+1),
		p: make([]int, n+1), way: make([]int, n+1),
		minv: make([]float64, n+1), used: make([]bool, n+1),
	}
}

// Done reports whether every row has been assigned.
func (a *Assignment) Done() bool { return a.row >= a.n }

// Step assigns one more row, re-routing earlier ones along the shortest augmenting path.
func (a *Assignment) Step() {
	if a.Done() {
		return
	}
	a.row++
	n := a.n
	a.p[0] = a.row
	j0 := 0
	for j := range a.minv {
		a.minv[j] = math.Inf(1)
		a.used[j] = false
	}
	for {
		a.used[j0] = true
		i0 := a.p[j0]
		delta, j1 := math.Inf(1), 0
		ci := a.c[(i0-1)*n : i0*n]
		for j := 1; j <= n; j++ {
			if a.used[j] {
				continue
			}
			cur := ci[j-1] - a.u[i0] - a.v[j]
			if cur < a.minv[j] {
				a.minv[j], a.way[j] = cur, j0
			}
			if a.minv[j] < delta {
				delta, j1 = a.minv[j], j
			}
		}
		for j := 0; j <= n; j++ {
			if a.used[j] {
				a.u[a.p[j]] += delta
				a.v[j] -= delta
			} else {
				a.minv[j] -= delta
			}
		}
		j0 = j1
		if a.p[j0] == 0 {
			break
		}
	}
	for j0 != 0 {
		j1 := a.way[j0]
		a.p[j0] = a.p[j1]
		j0 = j1
	}
}

// Solve runs Step to the end.
func (a *Assignment) Solve() {
	for !a.Done() {
		a.Step()
	}
}

// Result is the optimal permutation (row i goes to column perm[i]) and its total cost, once
// Done; before that perm is nil.
func (a *Assignment) Result() (perm []int, total float64) {
	if !a.Done() {
		return nil, math.NaN()
	}
	perm = make([]int, a.n)
	for j := 1; j <= a.n; j++ {
		perm[a.p[j]-1] = j - 1
	}
	for i, j := range perm {
		total += a.c[i*a.n+j]
	}
	return perm, total
}
