package dln

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// MinL2 is the minimum-L2-norm interpolator X^T (X X^T)^-1 y: the kernel-regime limit
// alpha -> ∞ (spec §1.4).
func MinL2(p *Problem) []float64 {
	G := p.Gram(nil)
	c := append([]float64(nil), p.Y...)
	if _, ok := cholFactor(G, p.N, 0); !ok {
		return nil // NewProblem refuses singular X X^T, so this does not happen for a built Problem
	}
	cholSolve(G, p.N, c)
	return p.MulXT(nil, c)
}

// MinL1 is a minimum-L1-norm interpolator argmin ||beta||_1 s.t. X beta = y (the rich-regime
// limit alpha -> 0 when it is unique, spec §1.4), from the linear programme
//
//	minimise 1·(b+ + b-)  s.t.  X b+ - X b- = y,  b± >= 0,   beta = b+ - b-,
//
// solved by gonum's Simplex, started from a feasible basis: n independent columns of X picked
// greedily, each taken with the sign (b+ or b-) that makes its basic value non-negative.
// Where the minimiser is not unique, one minimising vertex is returned.
func MinL1(p *Problem) ([]float64, error) {
	n, d := p.N, p.D
	// An all-zero column of X makes Simplex refuse; it carries none of y, so drop it (beta_i = 0).
	for i := 0; i < d; i++ {
		zero := true
		for k := 0; k < n; k++ {
			if p.X[k*d+i] != 0 {
				zero = false
				break
			}
		}
		if zero {
			return minL1Without(p, i)
		}
	}
	A := mat.NewDense(n, 2*d, nil)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			A.Set(k, i, p.X[k*d+i])
			A.Set(k, d+i, -p.X[k*d+i])
		}
	}
	c := make([]float64, 2*d)
	for j := range c {
		c[j] = 1
	}
	basis, err := l1StartBasis(p)
	if err != nil {
		return nil, err
	}
	// The minimum-L1 vertex is highly degenerate (most basic values are zero when beta is
	// sparse), and gonum's Simplex then crawls through Bland's rule for minutes. So solve with a
	// generic perturbation of y (no degenerate vertex), read off the optimal basis, and recompute
	// its values for the exact y; its reduced costs do not depend on y, so it stays optimal.
	ymax := math.Max(1, maxAbs(p.Y))
	var lastErr error
	for _, eps := range []float64{1e-7, 1e-10} {
		yp := make([]float64, n)
		for k := range yp {
			// A fixed, irregular perturbation: deterministic, and generic for any X in practice.
			yp[k] = p.Y[k] + eps*ymax*(1+math.Mod(float64(k+1)*0.6180339887498949, 1))
		}
		start, err := feasibleBasis(p, yp, basis)
		if err != nil {
			return nil, err
		}
		_, x, err := lp.Simplex(c, A, yp, 1e-12, start)
		if err != nil {
			if errors.Is(err, lp.ErrInfeasible) {
				return nil, errors.New("the minimum-L1 problem has no solution: X beta = y cannot be met")
			}
			lastErr = fmt.Errorf("the minimum-L1 linear programme failed: %v", err)
			continue
		}
		if beta, ok := exactVertex(p, x); ok {
			return beta, nil
		}
		lastErr = errors.New("the minimum-L1 linear programme did not find a clean vertex")
	}
	return nil, lastErr
}

// feasibleBasis re-signs the start basis (columns chosen by l1StartBasis) for targets y.
func feasibleBasis(p *Problem, y []float64, basis []int) ([]int, error) {
	n, d := p.N, p.D
	B := mat.NewDense(n, n, nil)
	for k := 0; k < n; k++ {
		for j, i := range basis {
			B.Set(k, j, p.X[k*d+i%d])
		}
	}
	var xv mat.VecDense
	if err := xv.SolveVec(B, mat.NewVecDense(n, append([]float64(nil), y...))); err != nil {
		return nil, errors.New("X X^T is singular: the rows of X are linearly dependent")
	}
	out := make([]int, n)
	for j, i := range basis {
		i %= d
		if xv.AtVec(j) >= 0 {
			out[j] = i
		} else {
			out[j] = d + i
		}
	}
	return out, nil
}

// exactVertex takes the n largest entries of the LP solution x = [b+, b-] as the optimal basis
// and solves X_B beta_B = y for the exact y. It reports false if a basic value comes out with
// the wrong sign beyond rounding (the perturbation changed the optimal basis).
func exactVertex(p *Problem, x []float64) ([]float64, bool) {
	n, d := p.N, p.D
	idx := make([]int, 0, n)
	for len(idx) < n {
		best, bv := -1, -1.0
		for j, v := range x {
			if v > bv && !containsInt(idx, j) && !containsInt(idx, (j+d)%(2*d)) {
				best, bv = j, v
			}
		}
		if best < 0 {
			return nil, false
		}
		idx = append(idx, best)
	}
	B := mat.NewDense(n, n, nil)
	for k := 0; k < n; k++ {
		for j, i := range idx {
			B.Set(k, j, p.X[k*d+i%d])
		}
	}
	var v mat.VecDense
	if err := v.SolveVec(B, mat.NewVecDense(n, append([]float64(nil), p.Y...))); err != nil {
		return nil, false
	}
	beta := make([]float64, d)
	tol := 1e-9 * math.Max(1, maxAbs(p.Y))
	for j, i := range idx {
		b := v.AtVec(j)
		if (i < d && b < -tol) || (i >= d && b > tol) {
			return nil, false
		}
		beta[i%d] = b + 0 // + 0 turns -0 into 0
	}
	return beta, p.Residual(beta) <= 1e-9*math.Max(1, maxAbs(p.Y))
}

func containsInt(s []int, v int) bool {
	for _, w := range s {
		if w == v {
			return true
		}
	}
	return false
}

// minL1Without solves MinL1 with the all-zero column i removed (beta_i = 0).
func minL1Without(p *Problem, drop int) ([]float64, error) {
	q := &Problem{N: p.N, D: p.D - 1, X: make([]float64, 0, p.N*(p.D-1)), Y: p.Y}
	for k := 0; k < p.N; k++ {
		for i, v := range p.Row(k) {
			if i != drop {
				q.X = append(q.X, v)
			}
		}
	}
	b, err := MinL1(q)
	if err != nil {
		return nil, err
	}
	beta := make([]float64, 0, p.D)
	beta = append(beta, b[:drop]...)
	beta = append(beta, 0)
	return append(beta, b[drop:]...), nil
}

// l1StartBasis picks n linearly independent columns of X by Gram-Schmidt with column pivoting
// (largest remaining norm first); feasibleBasis signs them into a feasible LP basis.
func l1StartBasis(p *Problem) ([]int, error) {
	n, d := p.N, p.D
	// R holds the columns of X, orthogonalised in turn against the chosen ones.
	R := make([]float64, n*d)
	copy(R, p.X)
	colNorm := func(i int) float64 {
		s := 0.0
		for k := 0; k < n; k++ {
			s += R[k*d+i] * R[k*d+i]
		}
		return s
	}
	chosen := make([]int, 0, n)
	used := make([]bool, d)
	q := make([]float64, n)
	for len(chosen) < n {
		best, bestNorm := -1, 0.0
		for i := 0; i < d; i++ {
			if !used[i] {
				if s := colNorm(i); s > bestNorm {
					best, bestNorm = i, s
				}
			}
		}
		if best < 0 || bestNorm <= 1e-24 {
			return nil, errors.New("X X^T is singular: the rows of X are linearly dependent")
		}
		used[best] = true
		chosen = append(chosen, best)
		nr := math.Sqrt(bestNorm)
		for k := 0; k < n; k++ {
			q[k] = R[k*d+best] / nr
		}
		for i := 0; i < d; i++ {
			if used[i] {
				continue
			}
			dot := 0.0
			for k := 0; k < n; k++ {
				dot += q[k] * R[k*d+i]
			}
			for k := 0; k < n; k++ {
				R[k*d+i] -= dot * q[k]
			}
		}
	}
	return chosen, nil
}
