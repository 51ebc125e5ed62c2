package dln

import (
	"errors"
	"math"
)

// A small dense two-phase simplex for the standard-form linear programme
//
//	minimise c·x  s.t.  A x = b,  x >= 0,
//
// written out so that MinL1 needs no gonum import (gonum's lp brings gonum/mat, about 0.6 MB
// brotli in the wasm binary). Sizes here are m <= ~100 rows and N <= ~2000 columns.
//
// Method: a full tableau T = B^-1 [A | I | b] over the structural columns, m artificial columns
// (phase 1 starts from the artificial basis, after flipping rows so that b >= 0) and the
// right-hand side. The entering column is the most negative reduced cost (Dantzig); the leaving
// row is chosen by the minimum-ratio test with ties broken lexicographically on the rows of
// B^-1 (the artificial columns of T), which is the symbolic form of perturbing b by
// (eps, eps^2, ...) and cannot cycle on degenerate vertices — the minimum-L1 vertex is highly
// degenerate. As a safeguard against rounding, a long run of degenerate pivots switches to
// Bland's rule until the objective moves again. B^-1 is recomputed from the original columns
// every lpReinvert pivots and before optimality is accepted, so the returned x = B^-1 b comes
// from a fresh factorisation rather than from accumulated pivot updates.

var (
	errLPInfeasible = errors.New("the linear programme is infeasible")
	errLPUnbounded  = errors.New("the linear programme is unbounded")
	errLPIterations = errors.New("the simplex did not converge within its iteration limit")
	errLPSingular   = errors.New("the simplex basis became numerically singular")
)

const lpReinvert = 50 // pivots between fresh computations of B^-1

type lpTableau struct {
	m, n, w int       // rows, structural columns, row width n+m+1 (last entry: right-hand side)
	a0      []float64 // the original [A | I | b], rows flipped so that b >= 0
	t       []float64 // the tableau B^-1 a0
	basis   []int     // basic column of each row
	cost    []float64 // costs of the current phase over the n+m columns
	d       []float64 // reduced costs over the n+m columns
	nz      []int     // scratch: non-zero positions of the pivot row
	binv    []float64 // scratch for reinvert

	amax, tolPiv, tolOpt, tolZero float64
	negOK                         bool // reinvert keeps negative right-hand sides (final check)
}

// lpSimplex solves min c·x s.t. A x = b, x >= 0 with A m x n row-major. It returns x and c·x,
// or errLPInfeasible, errLPUnbounded, errLPIterations or errLPSingular.
//
// Even with the lexicographic rule, Dantzig pricing can take many thousands of degenerate pivots
// at a highly degenerate optimum (n = 100, d = 1000 minimum-L1 with a 5-sparse solution). So it
// first solves with b perturbed by a fixed irregular positive vector of relative size 1e-9 (no
// degenerate vertices in practice), then takes the optimal basis and recomputes x_B = B^-1 b for
// the exact b: reduced costs do not depend on b, so the basis stays optimal, and it stays
// feasible because the perturbation only lifted components that are zero for the exact b. If
// that check fails (or the perturbed problem is infeasible, as with redundant rows), it retries
// with a smaller perturbation and finally with none.
func lpSimplex(c, A, b []float64, m, n int) ([]float64, float64, error) {
	if len(c) != n || len(A) != m*n || len(b) != m {
		panic("lpSimplex: dimension mismatch")
	}
	var err error
	for _, eps := range []float64{1e-9, 1e-11, 0} {
		var x []float64
		var obj float64
		x, obj, err = lpSolve(c, A, b, m, n, eps)
		if err == nil {
			return x, obj, nil
		}
		if err == errLPUnbounded {
			return nil, 0, err
		}
	}
	return nil, 0, err
}

var errLPPerturbed = errors.New("the optimal basis of the perturbed problem is infeasible for the exact one")

func lpSolve(c, A, b []float64, m, n int, eps float64) ([]float64, float64, error) {
	w := n + m + 1
	tb := &lpTableau{m: m, n: n, w: w, a0: make([]float64, m*w), basis: make([]int, m),
		cost: make([]float64, n+m), d: make([]float64, n+m), nz: make([]int, 0, w)}
	amax, bmax, cmax := 0.0, 0.0, 0.0
	for i := 0; i < m; i++ {
		s := 1.0
		if b[i] < 0 {
			s = -1
		}
		row := tb.a0[i*w : (i+1)*w]
		for j := 0; j < n; j++ {
			row[j] = s * A[i*n+j]
			amax = math.Max(amax, math.Abs(row[j]))
		}
		row[n+i] = 1
		row[w-1] = s * b[i]
		bmax = math.Max(bmax, row[w-1])
		tb.basis[i] = n + i
	}
	for _, v := range c {
		cmax = math.Max(cmax, math.Abs(v))
	}
	if math.IsNaN(amax+bmax+cmax) || math.IsInf(amax+bmax+cmax, 0) {
		return nil, 0, errors.New("the linear programme has a non-finite coefficient")
	}
	tb.amax = amax
	tb.tolPiv = 1e-9 * math.Max(amax, 1e-300)
	tb.tolZero = 1e-13 * bmax
	exact := make([]float64, m)
	for i := 0; i < m; i++ {
		exact[i] = tb.a0[i*w+w-1]
		// A fixed, irregular, positive perturbation (rows are flipped so b >= 0).
		tb.a0[i*w+w-1] += eps * math.Max(bmax, 1e-300) * (1 + math.Mod(float64(i+1)*0.6180339887498949, 1))
	}
	tb.t = append([]float64(nil), tb.a0...)
	maxIter := 20*(n+m) + 1000

	// Phase 1: minimise the sum of the artificials.
	for j := n; j < n+m; j++ {
		tb.cost[j] = 1
	}
	tb.tolOpt = 1e-10
	if err := tb.reinvert(); err != nil {
		return nil, 0, err
	}
	if err := tb.run(maxIter); err != nil {
		return nil, 0, err
	}
	infeas := 0.0
	for i, j := range tb.basis {
		if j >= n {
			infeas += math.Max(tb.t[i*w+w-1], 0)
		}
	}
	if infeas > 1e-9*math.Max(bmax, 1e-300)*float64(m) {
		return nil, 0, errLPInfeasible
	}
	// Drive the artificials left in the basis (at level zero) out on any usable structural
	// column; a row with none is redundant and keeps its artificial at zero for good.
	for r, j := range tb.basis {
		if j < n {
			continue
		}
		q, big := -1, tb.tolPiv
		for k := 0; k < n; k++ {
			if v := math.Abs(tb.t[r*w+k]); v > big {
				q, big = k, v
			}
		}
		if q >= 0 {
			tb.t[r*w+w-1] = 0
			tb.pivot(r, q)
		}
	}

	// Phase 2: the true costs; artificials never enter (run prices structural columns only).
	copy(tb.cost, c)
	for j := n; j < n+m; j++ {
		tb.cost[j] = 0
	}
	tb.tolOpt = 1e-10 * math.Max(cmax, 1e-300)
	if err := tb.reinvert(); err != nil {
		return nil, 0, err
	}
	if err := tb.run(maxIter); err != nil {
		return nil, 0, err
	}
	if eps != 0 {
		for i := 0; i < m; i++ {
			tb.a0[i*w+w-1] = exact[i]
		}
		tb.negOK = true
		if err := tb.reinvert(); err != nil {
			return nil, 0, err
		}
	}
	x := make([]float64, n)
	obj := 0.0
	for i, j := range tb.basis {
		v := tb.t[i*w+w-1]
		if v < -1e-9*math.Max(bmax, 1e-300) {
			return nil, 0, errLPPerturbed
		}
		if j < n {
			x[j] = math.Max(v, 0)
			obj += c[j] * x[j]
		} else if v > 1e-9*math.Max(bmax, 1e-300) {
			return nil, 0, errLPPerturbed // an artificial left over at a non-zero level
		}
	}
	return x, obj, nil
}

// run pivots until no structural column has a negative reduced cost.
func (tb *lpTableau) run(maxIter int) error {
	m, w := tb.m, tb.w
	since, degenerate, bland := 0, 0, false
	for iter := 0; ; iter++ {
		if iter > maxIter {
			return errLPIterations
		}
		if since >= lpReinvert {
			if err := tb.reinvert(); err != nil {
				return err
			}
			since = 0
		}
		q := tb.price(bland)
		if q < 0 && since > 0 {
			// Confirm optimality on a fresh B^-1 before accepting it.
			if err := tb.reinvert(); err != nil {
				return err
			}
			since = 0
			q = tb.price(bland)
		}
		if q < 0 {
			return nil
		}
		r := tb.ratio(q, bland)
		if r < 0 {
			return errLPUnbounded
		}
		if tb.t[r*w+w-1] == 0 {
			degenerate++
			if degenerate > m+50 {
				bland = true
			}
		} else {
			degenerate, bland = 0, false
		}
		tb.pivot(r, q)
		since++
	}
}

// price returns the entering structural column, or -1 at optimality.
func (tb *lpTableau) price(bland bool) int {
	q, best := -1, -tb.tolOpt
	for j := 0; j < tb.n; j++ {
		if dj := tb.d[j]; dj < best {
			q, best = j, dj
			if bland {
				break
			}
		}
	}
	return q
}

// ratio returns the leaving row for entering column q (-1: unbounded): the minimum ratio
// rhs/t_iq over t_iq > tolPiv, ties broken lexicographically on (B^-1)_i / t_iq, or under
// Bland's rule by the smallest basic column index.
func (tb *lpTableau) ratio(q int, bland bool) int {
	m, n, w := tb.m, tb.n, tb.w
	rmin := math.Inf(1)
	for i := 0; i < m; i++ {
		if a := tb.t[i*w+q]; a > tb.tolPiv {
			if r := tb.t[i*w+w-1] / a; r < rmin {
				rmin = r
			}
		}
	}
	if math.IsInf(rmin, 1) {
		return -1
	}
	lim := rmin + 1e-12*math.Abs(rmin)
	best := -1
	for i := 0; i < m; i++ {
		a := tb.t[i*w+q]
		if !(a > tb.tolPiv) || tb.t[i*w+w-1]/a > lim {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		if bland {
			if tb.basis[i] < tb.basis[best] {
				best = i
			}
			continue
		}
		ab := tb.t[best*w+q]
		ri, rb := tb.t[i*w+n:i*w+n+m], tb.t[best*w+n:best*w+n+m]
		for k := 0; k < m; k++ {
			u, v := ri[k]/a, rb[k]/ab
			if math.Abs(u-v) > 1e-11*(math.Abs(u)+math.Abs(v)) {
				if u < v {
					best = i
				}
				break
			}
		}
	}
	return best
}

// pivot makes column q basic in row r.
func (tb *lpTableau) pivot(r, q int) {
	m, w := tb.m, tb.w
	pr := tb.t[r*w : (r+1)*w]
	inv := 1 / pr[q]
	tb.nz = tb.nz[:0]
	for j, v := range pr {
		if v != 0 {
			pr[j] = v * inv
			tb.nz = append(tb.nz, j)
		}
	}
	pr[q] = 1
	for i := 0; i < m; i++ {
		if i == r {
			continue
		}
		row := tb.t[i*w : (i+1)*w]
		f := row[q]
		if f == 0 {
			continue
		}
		for _, j := range tb.nz {
			row[j] -= f * pr[j]
		}
		row[q] = 0
		tb.clean(row)
	}
	tb.clean(pr)
	if f := tb.d[q]; f != 0 {
		for _, j := range tb.nz {
			if j < len(tb.d) {
				tb.d[j] -= f * pr[j]
			}
		}
	}
	tb.d[q] = 0
	tb.basis[r] = q
}

// clean snaps a right-hand side within rounding of zero to exactly zero, so that degenerate
// rows tie exactly in the ratio test.
func (tb *lpTableau) clean(row []float64) {
	if v := row[tb.w-1]; v != 0 && math.Abs(v) <= tb.tolZero {
		row[tb.w-1] = 0
	}
}

// reinvert recomputes T = B^-1 a0 from the basic columns of a0 (Gauss-Jordan with partial
// pivoting) and the reduced costs d = cost - cost_B B^-1 a0.
func (tb *lpTableau) reinvert() error {
	m, w := tb.m, tb.w
	// M = [B | I], reduced to [I | B^-1].
	M := grow(tb.binv, m*2*m)
	tb.binv = M
	for i := range M {
		M[i] = 0
	}
	for i := 0; i < m; i++ {
		for k, j := range tb.basis {
			M[i*2*m+k] = tb.a0[i*w+j]
		}
		M[i*2*m+m+i] = 1
	}
	for k := 0; k < m; k++ {
		p, big := -1, 0.0
		for i := k; i < m; i++ {
			if v := math.Abs(M[i*2*m+k]); v > big {
				p, big = i, v
			}
		}
		if !(big > 1e-13*tb.amax) {
			return errLPSingular
		}
		if p != k {
			for j := 0; j < 2*m; j++ {
				M[k*2*m+j], M[p*2*m+j] = M[p*2*m+j], M[k*2*m+j]
			}
		}
		rk := M[k*2*m : (k+1)*2*m]
		inv := 1 / rk[k]
		for j := range rk {
			rk[j] *= inv
		}
		for i := 0; i < m; i++ {
			if i == k {
				continue
			}
			ri := M[i*2*m : (i+1)*2*m]
			if f := ri[k]; f != 0 {
				for j := k; j < 2*m; j++ {
					ri[j] -= f * rk[j]
				}
			}
		}
	}
	// T = B^-1 a0; then set the basic columns to exact unit vectors.
	for i := 0; i < m; i++ {
		row := tb.t[i*w : (i+1)*w]
		for j := range row {
			row[j] = 0
		}
		bi := M[i*2*m+m : (i+1)*2*m]
		for k, f := range bi {
			if f == 0 {
				continue
			}
			ak := tb.a0[k*w : (k+1)*w]
			for j, v := range ak {
				row[j] += f * v
			}
		}
		for k, j := range tb.basis {
			row[j] = 0
			if k == i {
				row[j] = 1
			}
		}
		if row[w-1] < 0 && !tb.negOK {
			row[w-1] = 0 // rounding; the basis was feasible
		}
		tb.clean(row)
	}
	copy(tb.d, tb.cost)
	for i, jb := range tb.basis {
		cb := tb.cost[jb]
		if cb == 0 {
			continue
		}
		row := tb.t[i*w : i*w+len(tb.d)]
		for j, v := range row {
			tb.d[j] -= cb * v
		}
	}
	for _, jb := range tb.basis {
		tb.d[jb] = 0
	}
	return nil
}
