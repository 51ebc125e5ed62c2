package ntk

import (
	"errors"
	"fmt"
	"math"

	"solvable/core/linalg"
	"solvable/core/rowmat"
)

// KernelRegression returns the kernel regression predictor K(t,X)(K(X,X) + ridge I)^{-1} y at the
// test points: Kxx is the N x N training kernel, Ktx the T x N kernel between test and training
// points, y the N training targets. ridge = 0 is ridgeless regression (the interpolant of least
// RKHS norm), which needs Kxx positive definite; the error says so in words when the system is
// singular (duplicate training points, for example) or not positive definite.
func KernelRegression(Kxx [][]float64, Ktx [][]float64, y []float64, ridge float64) ([]float64, error) {
	n := len(y)
	if n == 0 {
		return nil, errors.New("kernel regression needs at least one training point")
	}
	if !(ridge >= 0) || math.IsInf(ridge, 0) {
		return nil, fmt.Errorf("the ridge must be a finite number >= 0; it is %g", ridge)
	}
	A, err := flatSquare(Kxx, n, "the training kernel matrix")
	if err != nil {
		return nil, err
	}
	for i := range n {
		A[i*n+i] += ridge
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("target %d is not a finite number", i+1)
		}
	}
	for i, row := range Ktx {
		if len(row) != n {
			return nil, fmt.Errorf("row %d of the test kernel has %d entries, but there are %d training points", i+1, len(row), n)
		}
	}
	if !linalg.Cholesky(A, n, 1e-13) {
		if ridge == 0 {
			return nil, fmt.Errorf("the %d x %d training kernel matrix is singular or not positive definite to working precision (duplicate training points do this); ridgeless regression is not defined, use a ridge > 0", n, n)
		}
		return nil, fmt.Errorf("the training kernel matrix plus ridge %g is singular or not positive definite to working precision; the kernel matrix is not a valid kernel", ridge)
	}
	alpha := append([]float64(nil), y...)
	linalg.CholSolve(A, n, alpha)
	out := make([]float64, len(Ktx))
	for i, row := range Ktx {
		s := 0.0
		for j, v := range row {
			s += v * alpha[j]
		}
		out[i] = s
	}
	return out, nil
}

// Linearized is the closed-form trajectory of the network linearised around its initialisation
// and trained on the sum loss (1/2) sum_i (f(x_i) - y_i)^2 with learning rate eta (spec §1.3).
// With Theta = Theta(X,X) = V diag(lambda) V^T,
//
//	f_t(X) = y + V e^{-eta lambda t} V^T (f_0(X) - y),
//	f_t(x) = f_0(x) + Theta(x,X) V [(1 - e^{-eta lambda t}) / lambda] V^T (y - f_0(X)),
//
// for gradient flow, and the same with (1 - eta lambda)^k in place of e^{-eta lambda t} after k
// steps of gradient descent. Eigenvalues at or below N eps lambda_max count as zero (their
// residual stays and they add nothing to the test predictions), so a singular Theta gives the
// pseudo-inverse predictor as t -> infinity.
type Linearized struct {
	n, nt   int
	eta     float64
	lam     []float64 // eigenvalues of Theta, ascending; zeroed below the cut
	r0      []float64 // V^T (f_0(X) - y)
	vt      []float64 // eigenvectors as rows, n x n
	y       []float64
	f0Train []float64
	f0Test  []float64
	testVec []float64 // Theta(x,X) V, nt x n
}

// NewLinearized prepares the trajectory from the N x N training kernel theta, the T x N kernel
// thetaTest between test and training points (nil or empty for none), the targets y, the outputs
// f0Train, f0Test of the network at initialisation (nil for zero) and the learning rate eta > 0.
// theta must be symmetric and positive semi-definite; the cost is one symmetric
// eigendecomposition, O(N^3), and one T x N x N product. For the mean loss
// (1/2N) sum_i (f(x_i) - y_i)^2 pass eta/N (spec §1.6.4).
func NewLinearized(theta [][]float64, thetaTest [][]float64, y, f0Train, f0Test []float64, eta float64) (*Linearized, error) {
	n := len(y)
	if n == 0 {
		return nil, errors.New("the linearised model needs at least one training point")
	}
	if !(eta > 0) || math.IsInf(eta, 0) {
		return nil, fmt.Errorf("the learning rate eta must be a positive finite number; it is %g", eta)
	}
	A, err := flatSquare(theta, n, "the NTK matrix Theta")
	if err != nil {
		return nil, err
	}
	if err := symmetrise(A, n, "the NTK matrix Theta"); err != nil {
		return nil, err
	}
	nt := len(thetaTest)
	if f0Train == nil {
		f0Train = make([]float64, n)
	}
	if f0Test == nil {
		f0Test = make([]float64, nt)
	}
	if len(f0Train) != n {
		return nil, fmt.Errorf("f0Train has %d values, but there are %d training points", len(f0Train), n)
	}
	if len(f0Test) != nt {
		return nil, fmt.Errorf("f0Test has %d values, but the test kernel has %d rows", len(f0Test), nt)
	}
	for i := range n {
		if !isFinite(y[i]) || !isFinite(f0Train[i]) {
			return nil, fmt.Errorf("the target or initial output at training point %d is not a finite number", i+1)
		}
	}
	for i, row := range thetaTest {
		if len(row) != n {
			return nil, fmt.Errorf("row %d of the test kernel has %d entries, but there are %d training points", i+1, len(row), n)
		}
		if !isFinite(f0Test[i]) {
			return nil, fmt.Errorf("the initial output at test point %d is not a finite number", i+1)
		}
		for j, v := range row {
			if !isFinite(v) {
				return nil, fmt.Errorf("entry (%d, %d) of the test kernel is not a finite number", i+1, j+1)
			}
		}
	}
	lam, vt, err := symEigen(A, n, true)
	if err != nil {
		return nil, err
	}
	lmax := math.Max(math.Abs(lam[0]), math.Abs(lam[n-1]))
	cut := float64(n) * eps * lmax
	if lam[0] < -math.Max(cut, 1e-10*lmax) {
		return nil, fmt.Errorf("the NTK matrix Theta is not positive semi-definite: its smallest eigenvalue is %g (the largest is %g)", lam[0], lam[n-1])
	}
	for k := range lam {
		if lam[k] <= cut {
			lam[k] = 0
		}
	}
	l := &Linearized{n: n, nt: nt, eta: eta, lam: lam, vt: vt, y: append([]float64(nil), y...),
		f0Train: append([]float64(nil), f0Train...), f0Test: append([]float64(nil), f0Test...)}
	res := make([]float64, n)
	for i := range n {
		res[i] = f0Train[i] - y[i]
	}
	l.r0 = make([]float64, n)
	rowmat.MulRows(vt, n, 0, n, res, l.r0) // V^T (f_0 - y)
	tt := make([]float64, 0, nt*n)
	for _, row := range thetaTest {
		tt = append(tt, row...)
	}
	l.testVec = make([]float64, nt*n)
	col := make([]float64, nt)
	for k := range n {
		rowmat.MulRows(tt, n, 0, nt, vt[k*n:(k+1)*n], col) // Theta(x,X) v_k
		for i, v := range col {
			l.testVec[i*n+k] = v
		}
	}
	return l, nil
}

// SetEta changes the learning rate without redoing the eigendecomposition (a slider can move it
// every frame). At depends on eta and t only through eta t; AtStep depends on eta itself.
func (l *Linearized) SetEta(eta float64) error {
	if !(eta > 0) || math.IsInf(eta, 0) {
		return fmt.Errorf("the learning rate eta must be a positive finite number; it is %g", eta)
	}
	l.eta = eta
	return nil
}

// Eigenvalues returns the eigenvalues of Theta in ascending order (those treated as zero are 0).
func (l *Linearized) Eigenvalues() []float64 { return append([]float64(nil), l.lam...) }

// At returns the linearised model's outputs on the training and test points after gradient flow
// for time t >= 0 at rate eta (t may be +Inf: the kernel regression limit). It is exact for any
// t: each eigendirection decays as e^{-eta lambda t}.
func (l *Linearized) At(t float64) (train, test []float64) {
	if t == 0 {
		return l.initial()
	}
	return l.eval(func(lam float64) (float64, float64) {
		if lam == 0 {
			return 1, 0 // no decay; (1 - e^{-eta lam t})/lam = 0 for zero modes by convention
		}
		x := -l.eta * lam * t
		return math.Exp(x), -math.Expm1(x) / lam
	})
}

// AtStep returns the outputs after k >= 0 steps (k <= 0 gives f_0) of full-batch gradient descent
// f <- f - eta Theta (f - y): the residual on the training set is (I - eta Theta)^k (f_0 - y).
// For eta > StableStep the unstable directions grow like |1 - eta lambda|^k.
func (l *Linearized) AtStep(k int) (train, test []float64) {
	if k <= 0 {
		return l.initial()
	}
	kf := float64(k)
	return l.eval(func(lam float64) (float64, float64) {
		if lam == 0 {
			return 1, 0
		}
		z := l.eta * lam
		var p, oneMinus float64 // (1 - z)^k and 1 - (1 - z)^k
		if z < 1 {
			lg := kf * math.Log1p(-z)
			p, oneMinus = math.Exp(lg), -math.Expm1(lg)
		} else {
			p = math.Pow(1-z, kf)
			oneMinus = 1 - p
		}
		return p, oneMinus / lam
	})
}

// initial returns copies of f_0 on the training and test points, exactly.
func (l *Linearized) initial() (train, test []float64) {
	return append([]float64(nil), l.f0Train...), append([]float64(nil), l.f0Test...)
}

// eval applies decay(lambda) = (d, g), with d the factor on the training residual and g the
// factor (1 - d)/lambda that carries the residual to the test points.
func (l *Linearized) eval(decay func(lam float64) (d, g float64)) (train, test []float64) {
	n := l.n
	c := make([]float64, n) // training residual in the eigenbasis at time t
	g := make([]float64, n) // the test points move by -Theta(x,X) V g
	for k, lam := range l.lam {
		d, gk := decay(lam)
		c[k] = d * l.r0[k]
		g[k] = gk * l.r0[k]
	}
	train = append([]float64(nil), l.y...)
	rowmat.AccumulateRows(l.vt, n, 0, n, c, train) // y + V c
	test = make([]float64, l.nt)
	rowmat.MulRows(l.testVec, n, 0, l.nt, g, test)
	for i, f := range l.f0Test {
		test[i] = f - test[i]
	}
	return train, test
}

// StableStep returns 2/lambda_max(theta), the largest learning rate at which gradient descent on
// the linearised model (sum loss) does not diverge (spec §1.3). It returns +Inf when theta has
// no positive eigenvalue and NaN when theta is not a finite symmetric square matrix.
func StableStep(theta [][]float64) float64 {
	n := len(theta)
	if n == 0 {
		return math.Inf(1)
	}
	A, err := flatSquare(theta, n, "Theta")
	if err != nil || symmetrise(A, n, "Theta") != nil {
		return math.NaN()
	}
	lam, _, err := symEigen(A, n, false)
	if err != nil {
		return math.NaN()
	}
	if !(lam[n-1] > 0) {
		return math.Inf(1)
	}
	return 2 / lam[n-1]
}

const eps = 0x1p-52

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// flatSquare copies the n x n matrix M into a row-major slice, checking its shape and entries.
func flatSquare(M [][]float64, n int, name string) ([]float64, error) {
	if len(M) != n {
		return nil, fmt.Errorf("%s has %d rows, but there are %d targets", name, len(M), n)
	}
	A := make([]float64, n*n)
	for i, row := range M {
		if len(row) != n {
			return nil, fmt.Errorf("row %d of %s has %d entries; the matrix must be %d x %d", i+1, name, len(row), n, n)
		}
		for j, v := range row {
			if !isFinite(v) {
				return nil, fmt.Errorf("entry (%d, %d) of %s is not a finite number", i+1, j+1, name)
			}
		}
		copy(A[i*n:], row)
	}
	return A, nil
}

// symmetrise replaces A by (A + A^T)/2 after checking that A is symmetric to 1e-8 of its largest
// entry (an empirical NTK J J^T summed in a different order on each side is symmetric only up to
// rounding).
func symmetrise(A []float64, n int, name string) error {
	amax := 0.0
	for _, v := range A {
		amax = math.Max(amax, math.Abs(v))
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			a, b := A[i*n+j], A[j*n+i]
			if math.Abs(a-b) > 1e-8*amax {
				return fmt.Errorf("%s is not symmetric: entries (%d, %d) and (%d, %d) are %g and %g", name, i+1, j+1, j+1, i+1, a, b)
			}
			m := (a + b) / 2
			A[i*n+j], A[j*n+i] = m, m
		}
	}
	return nil
}

// symEigen returns the eigenvalues of the symmetric row-major n x n matrix A in ascending order
// and, if vectors, the orthonormal eigenvectors as the rows of vt (vt[k*n:(k+1)*n] belongs to
// lam[k]). A is overwritten. The method: Householder reflections reduce A to a tridiagonal T =
// Q^T A Q; implicit QL sweeps with Wilkinson's shift diagonalise T by Givens rotations, which
// are accumulated into Q (Golub & Van Loan, Matrix Computations, 4th ed., §8.3; Wilkinson &
// Reinsch, Handbook for Automatic Computation II, 1971).
func symEigen(A []float64, n int, vectors bool) (lam, vt []float64, err error) {
	d := make([]float64, n) // diagonal of T
	e := make([]float64, n) // e[i] = T[i][i+1]; e[n-1] = 0
	// Rows of zt are the columns of Q, so that a rotation of two columns of Q touches two
	// contiguous rows.
	var zt []float64
	if vectors {
		zt = make([]float64, n*n)
		for i := range n {
			zt[i*n+i] = 1
		}
	}
	v := make([]float64, n)
	p := make([]float64, n)
	for k := 0; k+2 < n; k++ {
		// Reflect x = A[k+1:, k] onto alpha e_1.
		m := n - k - 1
		x := v[:m]
		scale := 0.0
		for i := range m {
			x[i] = A[(k+1+i)*n+k]
			scale = math.Max(scale, math.Abs(x[i]))
		}
		d[k] = A[k*n+k]
		if scale == 0 {
			e[k] = 0
			continue
		}
		norm2 := 0.0
		for i := range m {
			x[i] /= scale
			norm2 += x[i] * x[i]
		}
		alpha := -math.Copysign(math.Sqrt(norm2), x[0])
		e[k] = alpha * scale
		x[0] -= alpha // v = x - alpha e_1, and v.v = 2 (norm2 - alpha x0)
		vv := 2 * (norm2 - alpha*(x[0]+alpha))
		if vv == 0 {
			continue
		}
		beta := 2 / vv
		// S <- H S H on the trailing block S = A[k+1:, k+1:], H = I - beta v v^T:
		// p = beta S v, w = p - (beta v.p / 2) v, S <- S - v w^T - w v^T.
		w := p[:m]
		vp := 0.0
		for i := range m {
			row := A[(k+1+i)*n+k+1 : (k+1+i)*n+n]
			s := 0.0
			for j, a := range row {
				s += a * x[j]
			}
			w[i] = beta * s
			vp += x[i] * w[i]
		}
		h := beta * vp / 2
		for i := range m {
			w[i] -= h * x[i]
		}
		for i := range m {
			row := A[(k+1+i)*n+k+1 : (k+1+i)*n+n]
			xi, wi := x[i], w[i]
			for j := range row {
				row[j] -= xi*w[j] + wi*x[j]
			}
		}
		if vectors {
			// Q <- Q H, i.e. zt <- H zt on rows k+1..n-1.
			acc := make([]float64, n)
			for i := range m {
				xi := x[i]
				for c, z := range zt[(k+1+i)*n : (k+2+i)*n] {
					acc[c] += xi * z
				}
			}
			for i := range m {
				f := beta * x[i]
				row := zt[(k+1+i)*n : (k+2+i)*n]
				for c := range row {
					row[c] -= f * acc[c]
				}
			}
		}
	}
	switch {
	case n >= 2:
		d[n-2] = A[(n-2)*n+n-2]
		e[n-2] = A[(n-1)*n+n-2]
		d[n-1] = A[(n-1)*n+n-1]
	case n == 1:
		d[0] = A[0]
	}

	// Implicit QL on (d, e).
	for l := 0; l < n; l++ {
		for iter := 0; ; iter++ {
			m := l
			for ; m < n-1; m++ {
				if math.Abs(e[m]) <= eps*(math.Abs(d[m])+math.Abs(d[m+1])) {
					break
				}
			}
			if m == l {
				break
			}
			if iter == 60 {
				return nil, nil, fmt.Errorf("the symmetric eigensolver did not converge for eigenvalue %d of %d", l+1, n)
			}
			// Wilkinson shift from the leading 2 x 2 block at l.
			g := (d[l+1] - d[l]) / (2 * e[l])
			r := math.Hypot(g, 1)
			g = d[m] - d[l] + e[l]/(g+math.Copysign(r, g))
			s, c, shift := 1.0, 1.0, 0.0
			early := false
			for i := m - 1; i >= l; i-- {
				f := s * e[i]
				b := c * e[i]
				r = math.Hypot(f, g)
				e[i+1] = r
				if r == 0 {
					// Underflow: the chase ends here; T splits.
					d[i+1] -= shift
					e[m] = 0
					early = true
					break
				}
				s, c = f/r, g/r
				g = d[i+1] - shift
				r = (d[i]-g)*s + 2*c*b
				shift = s * r
				d[i+1] = g + shift
				g = c*r - b
				if vectors {
					ri := zt[i*n : (i+1)*n]
					rj := zt[(i+1)*n : (i+2)*n]
					for k := range ri {
						a, bb := ri[k], rj[k]
						rj[k] = s*a + c*bb
						ri[k] = c*a - s*bb
					}
				}
			}
			if early {
				continue
			}
			d[l] -= shift
			e[l] = g
			e[m] = 0
		}
	}

	// Sort ascending, carrying the vectors along.
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := 1; i < n; i++ { // insertion sort: n <= a few hundred
		for j := i; j > 0 && d[idx[j]] < d[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	lam = make([]float64, n)
	for i, k := range idx {
		lam[i] = d[k]
	}
	if vectors {
		vt = make([]float64, n*n)
		for i, k := range idx {
			copy(vt[i*n:(i+1)*n], zt[k*n:(k+1)*n])
		}
	}
	return lam, vt, nil
}
