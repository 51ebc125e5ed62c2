package ntk

import (
	"fmt"
	"math"

	"solvable/core/linalg"
)

// Natural gradient with exact and approximate Fisher matrices, after Karakida & Osawa,
// "Understanding Approximate Fisher Information for Fast Convergence of Natural Gradient Descent
// in Wide Neural Networks", NeurIPS 2020 (arXiv:2010.00879), as summarised in spec §1.4.
//
// With the mean loss of Trainer, grad Loss = J^T r / N (r = f(X) - y) and F = J^T J / N, every
// update is theta <- theta - eta (F_approx + rho I)^{-1} grad Loss with F_approx block-diagonal
// (or, for K-FAC, block-diagonal with Kronecker blocks). A block with Jacobian J_b (N x P_b) is
// solved in whichever form is smaller: by the push-through (Woodbury) identity
//
//	(J_b^T J_b / N + rho I)^{-1} J_b^T r / N = J_b^T (J_b J_b^T + N rho I)^{-1} r,
//
// an N x N system with the block's NTK J_b J_b^T, or directly when P_b < N.
//
//   - NGD: one block, the whole network; J J^T is the empirical NTK. Function-space step
//     -eta Theta (Theta + N rho)^{-1} r ≈ -eta r: alpha = 1.
//   - BlockDiag: one block per layer, J_k J_k^T = Theta_k, the layer NTK. Each layer whose
//     Theta_k is invertible contributes a projection, so the step is ≈ -eta L r: alpha = L.
//   - KFAC: per layer, F_k ≈ B_k ⊗ A_k with A_k = (1/N) sum_i h~_i h~_i^T (h~ = (sigma_w h /
//     sqrt(n_k), sigma_b), the layer input with its scale and the bias input) and B_k = (1/N)
//     sum_i delta_i delta_i^T (delta = df/du), damped as A + sqrt(rho) pi I and B + sqrt(rho)/pi I
//     with pi = sqrt((tr A/dim A)/(tr B/dim B)) (Martens & Grosse 2015, §6.3; the authors'
//     numpy code damps its K-FAC the same way). The
//     preconditioned gradient is (1/N) sum_i r_i (B_k+)^{-1} delta_i ⊗ (A_k+)^{-1} h~_i, and each
//     factor's inverse is applied in the smaller of its two forms, Z (Z^T Z/N + e I)^{-1} =
//     N (Z Z^T + N e I)^{-1} Z. On the training set a layer whose delta and h~ rows are both
//     linearly independent contributes N r (the two factors each give a projection times N);
//     the output layer, whose B factor is the scalar 1, contributes r. So with n_0 + 1 >= N
//     (the input-isotropy condition in its simplest form, spec §1.4) the step is
//     -eta ((L-1) N + 1) r exactly — isotropic, with alpha = (L-1)N + 1 rather than the N L of
//     the paper's count, which scores the output layer like the others (see KFACAlpha; the
//     authors' numpy kfac_mse, too, treats the output layer apart, with an extra 1/N).
//   - UnitWise: one block per unit (its incoming weights and its bias). For ReLU the block's
//     Jacobian rows vanish on the samples where the unit is off, so a unit with independent
//     inputs on its active samples contributes the projection onto them, and the function-space
//     step is -eta c ⊙ r with c_i = 1 + (number of hidden units active at x_i, all layers). Its
//     mean is gamma_phi (L-1) M + 1 with gamma_phi = 1/2 (spec §1.4), and it varies from sample
//     to sample by O(sqrt M): unit-wise NGD is isotropic only as M → ∞.
//
// The damping rho is the paper's (F + rho I); rho → 0 is the regime of the theory, and the
// tests use 1e-12 relative to a kernel of order 1.

// PaperAlpha returns the isotropy constant alpha of spec §1.4 (Karakida & Osawa's count), whose
// inverse is the optimal learning rate: 1 for NGD, L for BlockDiag, N L for KFAC and
// gamma_phi (L-1) M = (L-1) M / 2 for UnitWise (ReLU). For GD it returns NaN.
func PaperAlpha(m Method, depth, n, width int) float64 {
	switch m {
	case NGD:
		return 1
	case BlockDiag:
		return float64(depth)
	case KFAC:
		return float64(n * depth)
	case UnitWise:
		return 0.5 * float64((depth-1)*width)
	}
	return math.NaN()
}

// KFACAlpha returns the isotropy constant of the K-FAC implemented here, (L-1) N + 1, valid when
// the rows of every layer's inputs and backpropagated gradients are linearly independent, which
// needs n_0 + 1 >= N (with bias; n_0 >= N without) and N <= width.
func KFACAlpha(depth, n int) float64 { return float64((depth-1)*n + 1) }

// ngdUpdate adds to delta the update -eta (F_m + rho I)^{-1} J^T r / N for the approximation m.
func (n *Net) ngdUpdate(tp *tape, m Method, r []float64, eta, rho float64, delta []float64) error {
	N := tp.N
	L := n.arch.Depth
	switch m {
	case NGD:
		K := make([]float64, N*N)
		for k := 0; k < L; k++ {
			n.layerNTK(k, tp, tp, K, k == 0)
		}
		c, err := dampedSolve(K, N, float64(N)*rho, r)
		if err != nil {
			return err
		}
		for k := 0; k < L; k++ {
			n.addJT(tp, k, c, -eta, delta)
		}
	case BlockDiag:
		K := make([]float64, N*N)
		for k := 0; k < L; k++ {
			n.layerNTK(k, tp, tp, K, true)
			c, err := dampedSolve(K, N, float64(N)*rho, r)
			if err != nil {
				return fmt.Errorf("layer %d: %w", k+1, err)
			}
			n.addJT(tp, k, c, -eta, delta)
		}
	case KFAC:
		e := math.Sqrt(rho)
		for k := 0; k < L; k++ {
			if err := n.kfacLayer(tp, k, r, eta, e, delta); err != nil {
				return fmt.Errorf("layer %d: %w", k+1, err)
			}
		}
	case UnitWise:
		for k := 0; k < L; k++ {
			if err := n.unitLayer(tp, k, r, eta, rho, delta); err != nil {
				return fmt.Errorf("layer %d: %w", k+1, err)
			}
		}
	default:
		return fmt.Errorf("%s is not a natural-gradient method", m)
	}
	return nil
}

// inputRows returns the N x (n_k + 1) matrix of layer k's scaled inputs h~_i = (sigma_w h_i /
// sqrt(n_k), sigma_b): the Jacobian of u^{k+1}_a with respect to row a of (W, b).
func (n *Net) inputRows(tp *tape, k int) []float64 {
	wi := n.widths[k]
	s := n.sw / math.Sqrt(float64(wi))
	Z := make([]float64, tp.N*(wi+1))
	for i := 0; i < tp.N; i++ {
		row := Z[i*(wi+1) : (i+1)*(wi+1)]
		for b, v := range tp.h[k][i*wi : (i+1)*wi] {
			row[b] = s * v
		}
		row[wi] = n.sb
	}
	return Z
}

// kfacLayer adds layer k's K-FAC update -(eta/N) sum_i r_i Dhat_i ⊗ Hhat_i, with
// Dhat = D (D^T D/N + e I)^{-1} and Hhat = H~ (H~^T H~/N + e I)^{-1}.
func (n *Net) kfacLayer(tp *tape, k int, r []float64, eta, e float64, delta []float64) error {
	N := tp.N
	wi, wo := n.widths[k], n.widths[k+1]
	H := n.inputRows(tp, k)
	// factored Tikhonov damping with Martens & Grosse's pi = sqrt((tr A/dim A)/(tr B/dim B)):
	// A gets e pi and B gets e/pi, as in the authors' numpy code (kfac_mse)
	pi := math.Sqrt((dot(H, H) / float64(wi+1)) / (dot(tp.d[k], tp.d[k]) / float64(wo)))
	if !(pi > 0) || math.IsInf(pi, 0) {
		pi = 1
	}
	Hh, err := precondRows(H, N, wi+1, N, e*pi)
	if err != nil {
		return fmt.Errorf("K-FAC input factor: %w", err)
	}
	Dh, err := precondRows(append([]float64(nil), tp.d[k]...), N, wo, N, e/pi)
	if err != nil {
		return fmt.Errorf("K-FAC gradient factor: %w", err)
	}
	coef := make([]float64, wo*N) // coef[a][i] = -(eta/N) r_i Dhat_ia
	scale := -eta / float64(N)
	for i := 0; i < N; i++ {
		for a := 0; a < wo; a++ {
			coef[a*N+i] = scale * r[i] * Dh[i*wo+a]
		}
	}
	n.addRows(k, coef, Hh, delta)
	return nil
}

// addRows adds coef (n_{k+1} x N) times Z (N x (n_k + 1)) to layer k's weights (the first n_k
// columns) and biases (the last column) in delta.
func (n *Net) addRows(k int, coef, Z []float64, delta []float64) {
	wi, wo := n.widths[k], n.widths[k+1]
	N := len(coef) / wo
	out := make([]float64, wo*(wi+1))
	mulNNAdd(coef, Z, wo, wi+1, N, out)
	for a := 0; a < wo; a++ {
		w := delta[n.offW[k]+a*wi : n.offW[k]+(a+1)*wi]
		o := out[a*(wi+1) : (a+1)*(wi+1)]
		for b := range w {
			w[b] += o[b]
		}
		delta[n.offB[k]+a] += o[wi]
	}
}

// unitLayer adds the unit-wise update of every unit a of layer k: its block's Jacobian has rows
// z_i = delta_ia h~_i, nonzero only on the samples S where delta_ia != 0, and its update is
// -eta (Z^T Z/N + rho I)^{-1} Z^T r / N, solved as -eta Z^T (Z Z^T + N rho I)^{-1} r_S on S
// (where Z Z^T = diag(delta_S) Q_SS diag(delta_S), Q the layer's input kernel) or directly
// when n_k + 1 < |S|.
func (n *Net) unitLayer(tp *tape, k int, r []float64, eta, rho float64, delta []float64) error {
	N := tp.N
	wi, wo := n.widths[k], n.widths[k+1]
	H := n.inputRows(tp, k)
	dim := wi + 1
	var Q []float64 // input kernel h~_i . h~_j, formed only if some unit needs the kernel form
	S := make([]int, 0, N)
	upd := make([]float64, dim)
	coef := make([]float64, wo*N) // kernel-form units: coef[a][i] = -eta c_i delta_ia
	for a := 0; a < wo; a++ {
		S = S[:0]
		for i := 0; i < N; i++ {
			if tp.d[k][i*wo+a] != 0 {
				S = append(S, i)
			}
		}
		if len(S) == 0 {
			continue
		}
		m := len(S)
		clear(upd)
		if dim >= m {
			if Q == nil {
				Q = make([]float64, N*N)
				for i := 0; i < N; i++ {
					for j := 0; j <= i; j++ {
						Q[i*N+j] = dot(H[i*dim:(i+1)*dim], H[j*dim:(j+1)*dim])
						Q[j*N+i] = Q[i*N+j]
					}
				}
			}
			K := make([]float64, m*m)
			rs := make([]float64, m)
			for p, i := range S {
				di := tp.d[k][i*wo+a]
				rs[p] = r[i]
				for q, j := range S {
					K[p*m+q] = di * tp.d[k][j*wo+a] * Q[i*N+j]
				}
			}
			c, err := dampedSolve(K, m, float64(N)*rho, rs)
			if err != nil {
				return fmt.Errorf("unit %d: %w", a+1, err)
			}
			for p, i := range S {
				coef[a*N+i] = -eta * c[p] * tp.d[k][i*wo+a]
			}
			continue
		} else {
			// direct form: (Z^T Z / N + rho I) u = Z^T r / N, a dim x dim system
			G := make([]float64, dim*dim)
			g := make([]float64, dim)
			for _, i := range S {
				di := tp.d[k][i*wo+a]
				hi := H[i*dim : (i+1)*dim]
				for b := 0; b < dim; b++ {
					g[b] += di * r[i] * hi[b] / float64(N)
					for c := 0; c <= b; c++ {
						G[b*dim+c] += di * di * hi[b] * hi[c] / float64(N)
					}
				}
			}
			for b := 0; b < dim; b++ {
				for c := 0; c < b; c++ {
					G[c*dim+b] = G[b*dim+c]
				}
			}
			u, err := dampedSolve(G, dim, rho, g)
			if err != nil {
				return fmt.Errorf("unit %d: %w", a+1, err)
			}
			for b, v := range u {
				upd[b] = -eta * v
			}
		}
		w := delta[n.offW[k]+a*wi : n.offW[k]+(a+1)*wi]
		for b := range w {
			w[b] += upd[b]
		}
		delta[n.offB[k]+a] += upd[wi]
	}
	n.addRows(k, coef, H, delta)
	return nil
}

// dampedSolve returns (K + mu I)^{-1} b for a symmetric positive semi-definite n x n K (row
// major, not modified) and mu > 0.
func dampedSolve(K []float64, n int, mu float64, b []float64) ([]float64, error) {
	A := make([]float64, n*n)
	copy(A, K)
	for i := 0; i < n; i++ {
		A[i*n+i] += mu
	}
	if !linalg.Cholesky(A, n, 0) {
		return nil, fmt.Errorf("the damped Fisher block is numerically singular (damping %g); raise the damping", mu)
	}
	x := append([]float64(nil), b...)
	linalg.CholSolveRows(A, n, x, 1)
	return x, nil
}

// precondRows returns Zhat = Z (Z^T Z / nrm + e I)^{-1} for the rows x dim matrix Z (row major),
// in the direct form (a dim x dim Cholesky) when dim <= rows and otherwise in the kernel form
// nrm (Z Z^T + nrm e I)^{-1} Z (a rows x rows Cholesky). Z may be overwritten.
func precondRows(Z []float64, rows, dim, nrm int, e float64) ([]float64, error) {
	fn := float64(nrm)
	if dim <= rows {
		G := make([]float64, dim*dim)
		for i := 0; i < rows; i++ {
			z := Z[i*dim : (i+1)*dim]
			for b, zb := range z {
				if zb == 0 {
					continue
				}
				g := G[b*dim : b*dim+b+1]
				for c := range g {
					g[c] += zb * z[c]
				}
			}
		}
		for b := 0; b < dim; b++ {
			for c := 0; c <= b; c++ {
				G[b*dim+c] /= fn
				G[c*dim+b] = G[b*dim+c]
			}
			G[b*dim+b] += e
		}
		if !linalg.Cholesky(G, dim, 0) {
			return nil, fmt.Errorf("the damped Kronecker factor is numerically singular (damping %g); raise the damping", e)
		}
		out := make([]float64, rows*dim)
		for i := 0; i < rows; i++ {
			x := out[i*dim : (i+1)*dim]
			copy(x, Z[i*dim:(i+1)*dim])
			linalg.CholSolveRows(G, dim, x, 1)
		}
		return out, nil
	}
	K := make([]float64, rows*rows)
	mulNT(Z, Z, rows, rows, dim, K)
	for i := 0; i < rows; i++ {
		K[i*rows+i] += fn * e
	}
	if !linalg.Cholesky(K, rows, 0) {
		return nil, fmt.Errorf("the damped Kronecker factor is numerically singular (damping %g); raise the damping", e)
	}
	linalg.CholSolveRows(K, rows, Z, dim)
	for i := range Z {
		Z[i] *= fn
	}
	return Z, nil
}
